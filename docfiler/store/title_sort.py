"""Titles in pinyin order: the sort key stored beside each title (document.title_sort).

A clerk sorting by 标题 expects 拼音 order (安 … 盖 … 周), not the order of Unicode code points.
The database cannot sort Chinese by pinyin on its own (SQLite has no such collation; PostgreSQL's
depends on how the server was built), and the register pages from SQL, so each title carries a
key that sorts the same way on both: every Chinese character as its pinyin with the tone as a
digit (盖州市 → gai4zhou1shi4; the digit ends each syllable, so xi1an1 sorts before xian1), other
characters as they are, letters in lower case.

The readings come from pypinyin's single-character dictionary (pinyin_dict.json, 41,923
characters), read directly: importing pypinyin itself costs 0.4 s and its phrase segmentation
0.4 ms a title (40 s for 100,000 titles). A character with several readings takes its most
common one (pypinyin lists it first): 长 as zhang3 in 长期 too — an order a clerk will hardly see,
since the titles differ long before such a character decides.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from functools import cache
from pathlib import Path

TONE_MARKS = {
    "\u0304": "1",  # ā
    "\u0301": "2",  # á
    "\u030c": "3",  # ǎ
    "\u0300": "4",  # à
}


@cache
def _dictionary() -> dict[str, str]:
    """Code point (as text) → its readings, as pypinyin ships them (中: zhōng,zhòng)."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # titles then sort by their characters: still a stable order


@cache
def _reading(char: str) -> str:
    """A character's first reading with the tone as a digit (中 → zhong1); else the character
    itself, letters in lower case."""
    readings = _dictionary().get(str(ord(char)))
    return _numbered(readings.split(",")[0]) if readings else char.lower()


def _numbered(reading: str) -> str:
    """zhōng → zhong1, lǜ → lv4, a neutral tone → 5."""
    tone = "5"
    letters = []
    for char in unicodedata.normalize("NFD", reading):
        if char in TONE_MARKS:
            tone = TONE_MARKS[char]
        elif char == "\u0308":  # ü
            letters[-1] = "v"
        else:
            letters.append(char)
    return "".join(letters) + tone


def title_sort_key(title: str | None) -> str:
    """The stored key that puts `title` in pinyin order."""
    if not title:
        return ""
    return "".join(map(_reading, title))
