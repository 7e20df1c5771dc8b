"""Invisible control characters in what a clerk types: refused at input, dropped on output.

A vertical tab (U+000B, Word's manual line break), a form feed or a zero-width space slips in
when a title is copied from Word or a web page. Stored, it is invisible on screen but makes the
Word outputs invalid XML that Word will not open. Input is refused with the character and its
position; outputs drop what XML 1.0 cannot carry, so data stored before this check still gives
a file that opens.
"""

from __future__ import annotations

import re
import unicodedata

from docfiler.errors import ValidationError

_MULTILINE_ALLOWED = frozenset("\n\r\t")

# What XML 1.0 cannot carry (C0 controls other than tab/newline/return, surrogates, U+FFFE/F).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def control_problem(text: str, what: str, *, multiline: bool = False) -> str | None:
    """The Chinese message for the first invisible control character in `text`, or None.

    Refused: control characters (Cc: U+0000–U+001F, U+007F–U+009F; in a multi-line field tab
    and line breaks are allowed), format characters (Cf: zero-width spaces, U+FEFF …), line and
    paragraph separators (U+2028/U+2029), surrogates and non-characters.
    """
    for position, char in enumerate(text, start=1):
        if multiline and char in _MULTILINE_ALLOWED:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp") or char in "\ufffe\uffff":
            code = f"U+{ord(char):04X}"
            if char in "\n\r":
                return (
                    f"{what}第{position}个字符是换行（{code}），{what}只能写成一行；"
                    "请删除换行后重新输入。"
                )
            return (
                f"{what}第{position}个字符是不可见的控制字符（{code}），多见于从 Word 或网页复制；"
                "请删除后重新输入。"
            )
    return None


def check_text(text: str | None, what: str, *, multiline: bool = False) -> None:
    """Refuse `text` if it holds an invisible control character (see :func:`control_problem`)."""
    if not text:
        return
    problem = control_problem(text, what, multiline=multiline)
    if problem is not None:
        raise ValidationError(problem)


def strip_controls(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (tab and line breaks are kept)."""
    return _XML_INVALID.sub("", text)
