"""Certificate codes people can read out, print, type and check: ``DN-2026-00042-K``.

A code is a prefix (letters), the year of issue, a number within that year (at least five digits)
and one check letter. The check letter is a weighted sum modulo the prime 23 over every significant
character, written with the 23 letters left once I, O and Q (easily read as 1 and 0) are removed:

* every character's value is below 23 (digits 0–9, prefix letters 0–22 by their place in the
  alphabet) and every weight (its position, 1, 2, 3 …, fewer than 23 of them) is non-zero modulo 23,
  so changing one character changes the sum by ``weight × difference``, never a multiple of 23;
* neighbouring weights differ by 1, so swapping two different neighbours changes the sum by
  ``(difference of values) × 1`` — also never a multiple of 23;
* a substitution across kinds usually breaks the shape (letters, 4 digits, digits, letter) and is
  refused before the sum. The exception is the edge of the prefix: the letters A–K share their
  values 0–9 with the digits, so ``AB-2026-…`` read as ``A1-2026-…`` (or a year's first digit read
  as its twin letter, with six-digit numbers) keeps the sum and the shape and moves the prefix's
  end. No single check character over 33 symbols modulo 23 can see that; the prefix can: a code is
  accepted only with a prefix the department issues (``issuing_prefixes``: certificates, attendance
  certificates with a T, vouchers with a V), and a moved edge changes the prefix.

Spaces, dashes and letter case carry no meaning: ``dn 2026 00042 k`` is the same code. Codes issued
before this scheme (22 random URL-safe characters) stay valid; they are looked up exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MODULUS = 23
CHECK_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"  # 23 letters: no I, O or Q
assert len(CHECK_ALPHABET) == MODULUS
NUMBER_WIDTH = 5
MAX_SIGNIFICANT = MODULUS - 1  # positions 1..22 keep every weight non-zero modulo 23

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./]+")
_COMPACT = re.compile(rf"^([A-Z]{{1,4}})(\d{{4}})(\d{{{NUMBER_WIDTH},10}})([A-Z])$")


class InvalidCode(ValueError):
    """The text is not a well-formed code, or its check letter does not match."""


@dataclass(frozen=True)
class CertificateCode:
    prefix: str
    year: int
    number: int

    def __str__(self) -> str:
        return format_code(self.prefix, self.year, self.number)


def _value(char: str) -> int:
    if char.isdigit():
        return int(char)
    return CHECK_ALPHABET.index(char)


def check_letter(body: str) -> str:
    """The check letter for the significant characters ``body`` (prefix, year and number, no separators)."""
    if not body or len(body) > MAX_SIGNIFICANT:
        raise InvalidCode(f"between 1 and {MAX_SIGNIFICANT} significant characters")
    if any(not (c.isdigit() and c.isascii()) and c not in CHECK_ALPHABET for c in body):
        raise InvalidCode("digits and letters other than I, O and Q only")
    total = sum(position * _value(char) for position, char in enumerate(body, start=1))
    return CHECK_ALPHABET[total % MODULUS]


def format_code(prefix: str, year: int, number: int) -> str:
    """``DN-2026-00042-K`` for prefix DN, year 2026, number 42."""
    prefix = prefix.upper()
    if not re.fullmatch(r"[A-Z]{1,4}", prefix) or any(c not in CHECK_ALPHABET for c in prefix):
        raise InvalidCode("the prefix is 1 to 4 letters other than I, O and Q")
    if not 1000 <= year <= 9999 or number < 1:
        raise InvalidCode("a four-digit year and a positive number")
    digits = f"{number:0{NUMBER_WIDTH}d}"
    return f"{prefix}-{year}-{digits}-{check_letter(prefix + str(year) + digits)}"


def compact(text: str) -> str:
    """Upper case, separators removed: what the check letter is computed over."""
    return _SEPARATORS.sub("", (text or "").strip()).upper()


def issuing_prefixes() -> frozenset[str]:
    """The prefixes the department issues codes with: consultant certificates (``DN``), attendance
    certificates (``DNT``) and vouchers (``DNV``), from the CERTIFICATE_CODE_PREFIX setting."""
    from django.conf import settings

    base = settings.CERTIFICATE_CODE_PREFIX.upper()
    return frozenset({base, f"{base[:3]}T", f"{base[:3]}V"})


def parse(text: str, prefixes: Iterable[str] | None = None) -> CertificateCode:
    """Read a code as a person typed it; raise InvalidCode when the shape, the prefix (one of
    `prefixes`, by default the department's) or the check letter is wrong."""
    match = _COMPACT.match(compact(text))
    if match is None:
        raise InvalidCode("not shaped like PREFIX-YEAR-NUMBER-CHECK")
    prefix, year, digits, check = match.groups()
    known = issuing_prefixes() if prefixes is None else {p.upper() for p in prefixes}
    if prefix not in known:
        raise InvalidCode("not a prefix the department issues")
    if len(prefix) + len(year) + len(digits) > MAX_SIGNIFICANT:
        raise InvalidCode("too long")
    if check_letter(prefix + year + digits) != check:
        raise InvalidCode("the check letter does not match")
    return CertificateCode(prefix=prefix, year=int(year), number=int(digits))


def looks_like_code(text: str) -> bool:
    """Shaped like a new code (whatever its check letter): a typo in it deserves its own message."""
    return _COMPACT.match(compact(text)) is not None


def canonical(text: str, prefixes: Iterable[str] | None = None) -> str:
    """The stored form of a typed code (``DN-2026-00042-K``); raises InvalidCode."""
    return str(parse(text, prefixes))


def certificate_code_allocate(*, issued_at) -> str:
    """The next code of the issuing year, allocated inside the caller's transaction.

    One counter row per year, advanced with a single ``UPDATE … SET last_number = last_number + 1``:
    the row lock (PostgreSQL) or the write lock (SQLite) makes concurrent issuers wait for each other,
    and a rolled-back issue gives its number back, so numbers are gap-free within a year.
    """
    from django.conf import settings
    from django.db import IntegrityError, transaction
    from django.db.models import F
    from django.utils import timezone

    from consultants.models import CertificateCounter

    year = timezone.localtime(issued_at).year
    counters = CertificateCounter.objects.filter(year=year)
    if not counters.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                CertificateCounter.objects.create(year=year, last_number=1)
        except IntegrityError:
            # Another transaction created this year's row first: take the next number after it.
            counters.update(last_number=F("last_number") + 1)
    number = counters.values_list("last_number", flat=True).get()
    return format_code(settings.CERTIFICATE_CODE_PREFIX, year, number)
