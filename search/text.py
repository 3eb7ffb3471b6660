"""Vietnamese text normalisation shared by every backend.

Users type Vietnamese in NFC, NFD or without diacritics at all. Matching compares folded forms:
lower case, no combining marks, and `đ` → `d`. `đ` is a letter of its own (U+0111 has no Unicode
decomposition), so neither NFD stripping nor SQLite's `remove_diacritics` removes its bar.
"""

from __future__ import annotations

import re
import unicodedata

_D_BAR = str.maketrans({"đ": "d", "Đ": "D"})
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str | None) -> str:
    """NFC, single spaces: what we store and show."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def fold_d(text: str) -> str:
    """Only the `đ` → `d` step: the part SQLite's unicode61 tokenizer cannot do itself."""
    return normalise(text).translate(_D_BAR)


def fold(text: str | None) -> str:
    """Lower case, without diacritics, `đ` → `d`: `Hóa đơn Đồng Nai` → `hoa don dong nai`."""
    decomposed = unicodedata.normalize("NFD", fold_d(text or "").lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def words(text: str | None) -> list[str]:
    """Word tokens of the text as written (NFC, lower case), punctuation dropped."""
    return [w.lower() for w in _WORD.findall(normalise(text)) if w.strip("_")]


def folded_words(text: str | None) -> list[str]:
    return [fold(w) for w in words(text)]
