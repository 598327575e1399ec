"""The diacritics-free search key (core.text.search_key, DOMAIN.md §15)."""

from __future__ import annotations

import random
import unicodedata

import pytest

from core.text import search_key


def reference_key(text: str | None) -> str:
    """The key by its definition: NFD, every nonspacing mark (category Mn) dropped, đ as d,
    whitespace squeezed, lowercase."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split()).lower()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Thủy Dương", "thuy duong"),
        ("THUỶ DƯƠNG", "thuy duong"),  # the old tone placement
        ("  Đề nghị\u00a0sửa\tchữa\n đường ", "de nghi sua chua duong"),
        ("Hội đồng nhân dân", "hoi dong nhan dan"),
        ("a\u0483b", "ab"),  # a mark of another script goes too
        ("中文 ﬁ €", "中文 ﬁ €"),  # other letters stay
        ("", ""),
        (None, ""),
    ],
)
def test_key_of_known_texts(text, key):
    assert search_key(text) == key


def test_key_matches_its_definition_on_random_text():
    """The fast path (Vietnamese marks by one regex) gives the definition's key for any text."""
    rng = random.Random(2026)  # noqa: S311 - test data
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    pool = [chr(c) for c in range(0x20, 0x3100)] + spaces * 20 + list("aăâđĐeêioôơuưy ") * 50
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        assert search_key(text) == reference_key(text), repr(text)
