"""Vietnamese text keys for search that ignores diacritics (DOMAIN.md §15)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def search_key(text: str | None) -> str:
    """Fold to lowercase ASCII: strip tone and vowel marks, map đ to d, squeeze spaces.

    "Thủy Dương", "THUỶ DƯƠNG" (old tone placement) and "thuy duong" all give "thuy duong",
    so the same stored key serves SQLite and PostgreSQL alike.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip().lower()


def nfc(text: str) -> str:
    """Store Vietnamese text in NFC so that equal names compare equal."""
    return unicodedata.normalize("NFC", text).strip()
