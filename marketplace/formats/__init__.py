"""Date formats per language (FORMAT_MODULE_PATH): day before month, month named, 24-hour clock.

English readers take 02/12/2026 for 12 February, and Vietnamese readers never expect month-first
dates, so English dates name the month ("2 Dec 2026, 14:00"). Vietnamese keeps its usual
day/month/year in tables and writes "2 thg 12, 2026" in running text. Keys not set here fall back to
Django's own locale formats.
"""
