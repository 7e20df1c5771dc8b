"""The checks on the parts of a written document number that do not depend on today's date:
the agency code and the serial, and the error they raise (:class:`DocNumberError`, re-exported
by :mod:`docfiler.domain.docnumber`). Standard library only."""

from __future__ import annotations

import re

from docfiler.domain.docnumber_forms import CJK, CJK_RANGES, is_parenthesized_agency

__all__ = [
    "CN_NUMERALS",
    "DECREE_EXAMPLE",
    "EXAMPLE",
    "MAX_SERIAL_DIGITS",
    "DocNumberError",
    "all_cjk",
    "check_agency",
    "check_serial",
    "fail",
    "joint_cjk",
]

EXAMPLE = "盖政发〔2016〕9号"
DECREE_EXAMPLE = "营口市人民政府令第35号"

# Chinese numerals, used only to give a better error message.
MAX_SERIAL_DIGITS = 8
"""A serial has at most 8 digits (the longest real ones, decrees like 令第201635号, have 6); a
longer one is a typing error, and a serial must fit the database's integer column."""

CN_NUMERALS = frozenset("零〇一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟")

_DECIMAL_RE = re.compile(r"[0-9]+[.。][0-9]*")
_cjk_run_re: re.Pattern[str] | None = None


class DocNumberError(ValueError):
    """An invalid document number. ``str(err)`` is a Chinese message for the user.

    ``text`` is the offending input and ``reason`` a short machine-readable code such as
    ``"two_digit_year"`` or ``"no_serial"``. ``suggestion`` is the likely canonical number
    when the text can be read only by guessing (``国办发200966号`` → ``国办发〔2009〕66号``).
    """

    def __init__(
        self,
        message: str,
        *,
        text: str | None = None,
        reason: str | None = None,
        suggestion: str | None = None,
    ):
        super().__init__(message)
        self.text = text
        self.reason = reason
        self.suggestion = suggestion


def fail(reason: str, message: str, text: str) -> DocNumberError:
    return DocNumberError(message, text=text, reason=reason)


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in CJK_RANGES)


def all_cjk(text: str) -> bool:
    global _cjk_run_re
    if _cjk_run_re is None:
        _cjk_run_re = re.compile(f"[{CJK}]+")
    return _cjk_run_re.fullmatch(text) is not None


def joint_cjk(text: str) -> bool:
    """A joint decree's or announcement's issuers: runs of CJK joined by 、
    (国家计划委员会、水利部令)."""
    return all(all_cjk(part) for part in text.split("、"))


def check_agency(agency: str, shown: str, *, joint: bool = False) -> None:
    """``joint``: a decree's or an announcement's agency, which may name several issuers
    joined by 、."""
    if not agency:
        raise fail(
            "no_agency",
            f"文号“{shown}”缺少机关代字，请在年份前写上发文机关代字，如“{EXAMPLE}”。",
            shown,
        )
    if any("0" <= c <= "9" for c in agency):
        raise fail(
            "agency_digits",
            f"文号“{shown}”的机关代字“{agency}”中含有数字，机关代字只能由汉字组成，"
            "请检查是否多写或错写了数字。",
            shown,
        )
    if is_parenthesized_agency(agency):
        return
    bad = "".join(dict.fromkeys(c for c in agency if not _is_cjk(c) and not (joint and c == "、")))
    if joint and not bad and not joint_cjk(agency):
        bad = "、"  # a 、 with no issuer on one side
    if bad:
        raise fail(
            "agency_chars",
            f"文号“{shown}”的机关代字“{agency}”中含有非汉字字符“{bad}”，"
            "机关代字只能由汉字组成，请删除这些字符。",
            shown,
        )


def check_serial(rest: str, shown: str) -> int:
    """The serial of ``rest`` (what follows the year or the agency: ``9号``, ``第09号``)."""
    body, _, after = rest.partition("号")
    body = body.removeprefix("第")
    if not body:
        raise fail(
            "no_serial",
            f"文号“{shown}”缺少序号，请在“号”字前写上序号，如“{EXAMPLE}”。",
            shown,
        )
    if body.isascii() and body.isdigit() and len(body.lstrip("0")) > MAX_SERIAL_DIGITS:
        raise fail(
            "serial_too_long",
            f"文号的序号有{len(body)}位数字，序号最多{MAX_SERIAL_DIGITS}位，请核对是否多输入了数字。",
            shown,
        )
    if body.isascii() and body.isdigit():
        serial = int(body)
    elif _DECIMAL_RE.fullmatch(body):
        raise fail(
            "serial_not_integer",
            f"文号“{shown}”的序号“{body}”不是整数，序号只能是正整数，如“9号”。",
            shown,
        )
    elif all(c in CN_NUMERALS for c in body):
        raise fail(
            "serial_not_arabic",
            f"文号“{shown}”的序号“{body}”不是阿拉伯数字，请改用阿拉伯数字书写，如“9号”。",
            shown,
        )
    else:
        raise fail(
            "serial_chars",
            f"文号“{shown}”的序号“{body}”中含有非数字字符，序号只能是阿拉伯数字，如“9号”。",
            shown,
        )
    if serial == 0:
        raise fail(
            "serial_zero",
            f"文号“{shown}”的序号为0，序号应从1开始，请检查序号是否写错。",
            shown,
        )
    if after:
        raise fail(
            "trailing",
            f"文号“{shown}”在“号”字之后还有多余内容“{after}”，请删除。",
            shown,
        )
    return serial
