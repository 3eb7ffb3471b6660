"""Snippets with <mark> around the words that matched, comparing folded forms (database backend)."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape

from .text import fold, normalise

_TOKEN = re.compile(r"\w+", re.UNICODE)
# the same words recur in every result: folding each once per process halves a page's snippet time
_fold_word = lru_cache(maxsize=50_000)(fold)


# Words too common to be worth a mark on their own (as written and without diacritics).
STOP_WORDS = frozenset(
    [
        "và",
        "của",
        "cho",
        "các",
        "những",
        "là",
        "có",
        "trong",
        "với",
        "tại",
        "được",
        "một",
        "để",
        "từ",
        "về",
        "này",
        "khi",
        "đã",
        "sẽ",
        "thì",
        "mà",
        "hay",
        "hoặc",
        "va",
        "cua",
        "cac",
        "nhung",
        "trong",
        "voi",
        "tai",
        "duoc",
        "mot",
        "tu",
        "ve",
        "nay",
        "khi",
        "thi",
        "hoac",
        "the",
        "and",
        "of",
        "for",
        "in",
        "on",
        "to",
        "a",
        "an",
        "or",
        "with",
        "by",
    ]
)
MIN_LENGTH = 2


def _matcher(query_words: list[str]):
    """Which text words to mark. A query word typed with diacritics marks only that word (any case):
    "tư" marks "Tư" but not "tự"; typed without, it marks every word that folds to it ("hoa don" marks
    "Hóa đơn"). Stop words and one-letter words never get a mark of their own."""
    exact, folded = set(), set()
    for word in query_words:
        lower = normalise(word).lower()
        if not lower or lower in STOP_WORDS or len(fold(lower)) < MIN_LENGTH:
            continue
        (folded if fold(lower) == lower else exact).add(lower)

    def wanted(token: str) -> bool:
        lower = token.lower()
        return lower in exact or (bool(folded) and _fold_word(lower) in folded)

    return wanted


def snippet(texts: list[str], query_words: list[str], *, length: int = 180) -> str:
    """HTML-escaped snippet of the first text containing a query word, matches wrapped in <mark>."""
    wanted = _matcher(query_words)
    texts = [normalise(t) for t in texts if t]
    if not texts:
        return ""
    for text in texts:
        matches = [m for m in _TOKEN.finditer(text) if wanted(m.group())]
        if matches:
            return _window(text, matches, length)
    return _window(texts[0], [], length)


def _window(text: str, matches: list[re.Match], length: int) -> str:
    start = 0
    if matches and matches[0].start() > length // 3:
        start = text.rfind(" ", 0, matches[0].start() - length // 4) + 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    parts, cursor = [], start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        parts.append(escape(text[cursor : m.start()]))
        parts.append(f"<mark>{escape(m.group())}</mark>")
        cursor = m.end()
    parts.append(escape(text[cursor:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(parts) + suffix
