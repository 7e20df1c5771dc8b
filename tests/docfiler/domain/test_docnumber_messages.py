"""文号: the exact Chinese reason a malformed number is refused with, and edge cases of parsing.

test_docnumber.py checks that every bad spelling is refused with the right reason code; here the
whole message a clerk reads is pinned, together with the input it quotes (``err.text``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from docfiler.domain import docnumber, docnumber_checks, docnumber_forms
from docfiler.domain.docnumber import (
    DocNumber,
    DocNumberError,
    normalize_basis_number,
    parse,
    search_variants,
)

EXAMPLE = "如“盖政发〔2016〕9号”"
NEXT_YEAR = dt.date.today().year + 1

REFUSALS = [
    # (input, reason, the whole message)
    ("", "empty", f"文号为空，请填写文号，{EXAMPLE}。"),
    (
        "〔2016〕9号",
        "no_agency",
        f"文号“〔2016〕9号”缺少机关代字，请在年份前写上发文机关代字，{EXAMPLE}。",
    ),
    (
        "第9号",
        "no_agency",
        f"文号“第9号”缺少机关代字，请在年份前写上发文机关代字，{EXAMPLE}。",
    ),
    (
        "盖政0发〔2016〕9号",
        "agency_digits",
        "文号“盖政0发〔2016〕9号”的机关代字“盖政0发”中含有数字，机关代字只能由汉字组成，"
        "请检查是否多写或错写了数字。",
    ),
    (
        "盖政9发〔2016〕9号",
        "agency_digits",
        "文号“盖政9发〔2016〕9号”的机关代字“盖政9发”中含有数字，机关代字只能由汉字组成，"
        "请检查是否多写或错写了数字。",
    ),
    (
        "盖政ABC发〔2016〕9号",
        "agency_chars",
        "文号“盖政ABC发〔2016〕9号”的机关代字“盖政ABC发”中含有非汉字字符“ABC”，"
        "机关代字只能由汉字组成，请删除这些字符。",
    ),
    (
        "盖政A-A发〔2016〕9号",
        "agency_chars",
        "文号“盖政A-A发〔2016〕9号”的机关代字“盖政A-A发”中含有非汉字字符“A-”，"
        "机关代字只能由汉字组成，请删除这些字符。",
    ),
    (
        # No year: the agency named is the text before 第, not including it.
        "盖政-发第9号",
        "agency_chars",
        "文号“盖政-发第9号”的机关代字“盖政-发”中含有非汉字字符“-”，"
        "机关代字只能由汉字组成，请删除这些字符。",
    ),
    (
        "盖政发9号",
        "no_year",
        f"文号“盖政发9号”缺少年份，请在机关代字后用六角括号写上四位年份，{EXAMPLE}；"
        "如果是政府令，机关代字应以“令”结尾，如“营口市人民政府令第35号”。",
    ),
    (
        "盖政发〔〕9号",
        "empty_year",
        "文号“盖政发〔〕9号”的年份为空，请在括号内写上四位年份，如〔2016〕。",
    ),
    (
        "盖政发〔二〇一六〕9号",
        "year_not_arabic",
        "文号“盖政发〔二〇一六〕9号”的年份“二〇一六”不是阿拉伯数字，"
        "请改用四位阿拉伯数字书写，如〔2016〕。",
    ),
    (
        "盖政发〔20l6〕9号",  # a letter l typed for the digit 1
        "year_chars",
        "文号“盖政发〔20l6〕9号”的年份“20l6”中含有非数字字符，括号内只能写四位年份，如〔2016〕。",
    ),
    (
        "盖政发〔16〕9号",
        "two_digit_year",
        "文号“盖政发〔16〕9号”的年份只有两位，请写完整的四位年份，如〔2016〕。",
    ),
    (
        "盖政发〔201〕9号",
        "year_length",
        "文号“盖政发〔201〕9号”的年份“201”不是四位数，请写完整的四位年份，如〔2016〕。",
    ),
    (
        "盖政发〔1948〕9号",
        "year_range",
        f"文号“盖政发〔1948〕9号”的年份1948不在有效范围（1949—{NEXT_YEAR}年）内，"
        "请检查年份是否写错。",
    ),
    (
        "盖政发〔〔2016〕9号",
        "brackets",
        f"文号“盖政发〔〔2016〕9号”中的括号过多，文号里只应有一对括住年份的括号，{EXAMPLE}。",
    ),
    (
        "盖政发〔2016〕〕9号",
        "brackets",
        f"文号“盖政发〔2016〕〕9号”中的括号过多，文号里只应有一对括住年份的括号，{EXAMPLE}。",
    ),
    (
        "盖政发〔2016 9号",
        "brackets",
        f"文号“盖政发〔2016 9号”的年份缺少右括号，请补上“〕”，{EXAMPLE}。",
    ),
    (
        "盖政发2016〕9号",
        "brackets",
        f"文号“盖政发2016〕9号”的年份缺少左括号，请补上“〔”，{EXAMPLE}。",
    ),
    ("〕9号", "brackets", f"文号“〕9号”的年份缺少左括号，请补上“〔”，{EXAMPLE}。"),
    (
        "盖政发〔2016〕号",
        "no_serial",
        f"文号“盖政发〔2016〕号”缺少序号，请在“号”字前写上序号，{EXAMPLE}。",
    ),
    (
        "营口市人民政府令",
        "no_serial",
        f"文号“营口市人民政府令”缺少序号，请在“号”字前写上序号，{EXAMPLE}。",
    ),
    (
        "盖政发〔2016〕9.5号",
        "serial_not_integer",
        "文号“盖政发〔2016〕9.5号”的序号“9.5”不是整数，序号只能是正整数，如“9号”。",
    ),
    (
        "盖政发〔2016〕九号",
        "serial_not_arabic",
        "文号“盖政发〔2016〕九号”的序号“九”不是阿拉伯数字，请改用阿拉伯数字书写，如“9号”。",
    ),
    (
        "盖政发〔2016〕9a号",
        "serial_chars",
        "文号“盖政发〔2016〕9a号”的序号“9a”中含有非数字字符，序号只能是阿拉伯数字，如“9号”。",
    ),
    (
        "盖政发〔2016〕0号",
        "serial_zero",
        "文号“盖政发〔2016〕0号”的序号为0，序号应从1开始，请检查序号是否写错。",
    ),
    (
        "盖政发〔2016〕9号文",
        "trailing",
        "文号“盖政发〔2016〕9号文”在“号”字之后还有多余内容“文”，请删除。",
    ),
    (
        "营口市人民政府令〔2016〕35号",
        "decree_year",
        "文号“营口市人民政府令〔2016〕35号”是政府令，政府令的文号一般不带年份，请去掉年份，"
        "写成如“营口市人民政府令第35号”的形式；制定机关的政府令确是按年编号的，"
        "序号前要写“第”，如“河北省人民政府令〔2019〕第11号”。",
    ),
    # Issue 11, item 10: only the 〔〕 are missing — not "缺少年份"
    (
        "盖政发2016-9号",
        "year_serial_joined",
        "文号“盖政发2016-9号”的年份没有用六角括号括住，可能是“盖政发〔2016〕9号”。"
        "请核对原件后按这样的格式填写。",
    ),
    (
        "盖政发2016，9号",
        "year_serial_joined",
        "文号“盖政发2016，9号”的年份没有用六角括号括住，可能是“盖政发〔2016〕9号”。"
        "请核对原件后按这样的格式填写。",
    ),
]


@pytest.mark.parametrize(("text", "reason", "message"), REFUSALS)
def test_refusal_message(text, reason, message):
    with pytest.raises(DocNumberError) as refused:
        parse(text)
    assert str(refused.value) == message
    assert refused.value.reason == reason
    assert refused.value.text == text.strip()


def test_refusal_quotes_the_input_without_surrounding_spaces():
    with pytest.raises(DocNumberError) as refused:
        parse("  盖政发〔2016〕0号\u3000")
    assert refused.value.text == "盖政发〔2016〕0号"
    assert str(refused.value).startswith("文号“盖政发〔2016〕0号”的序号为0")


def test_a_number_that_is_not_text_is_a_programming_error():
    with pytest.raises(TypeError) as refused:
        parse(2016)  # type: ignore[arg-type]
    assert str(refused.value) == "文号必须是字符串，而不是 int。"


# ---------------------------------------------------------------------------- accepted edges


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # 一 (U+4E00) and U+9FFF are the first and last ideographs of the basic CJK block.
        ("盖一发[2016]1号", "盖一发〔2016〕1号"),
        ("盖\u9fff发[2016]1号", "盖\u9fff发〔2016〕1号"),
        ("盖政发[1949]1号", "盖政发〔1949〕1号"),
        (f"盖政发[{NEXT_YEAR}]1号", f"盖政发〔{NEXT_YEAR}〕1号"),
        (f"盖政发〔{NEXT_YEAR}〕1号", f"盖政发〔{NEXT_YEAR}〕1号"),
    ],
)
def test_accepted_edges(text, canonical):
    assert str(parse(text)) == canonical


def test_a_serial_that_looks_like_a_year_stays_the_serial():
    assert parse("盖政发〔2016〕2000号") == DocNumber("盖政发", 2016, 2000)
    assert parse("盖政发〔2016〕2016号") == DocNumber("盖政发", 2016, 2016)


def test_the_first_number_parsed_in_a_fresh_process(monkeypatch):
    """The patterns are compiled on first use; the first parse of a session must work too."""
    monkeypatch.setattr(docnumber, "_canonical_re", None)
    monkeypatch.setattr(docnumber_checks, "_cjk_run_re", None)
    monkeypatch.setattr(docnumber_forms, "_YEAR_NUMBERED", None)
    assert parse("盖政发〔2016〕9号") == DocNumber("盖政发", 2016, 9)
    monkeypatch.setattr(docnumber, "_canonical_re", None)
    monkeypatch.setattr(docnumber_checks, "_cjk_run_re", None)
    assert str(DocNumber("盖政办发", 2016, 51)) == "盖政办发〔2016〕51号"
    assert parse("农业部令2015年第4号") == DocNumber("农业部令", 2015, 4)


# ---------------------------------------------------------------------------- DocNumber fields


@pytest.mark.parametrize(
    ("fields", "reason", "message", "shown"),
    [
        (("", 2016, 9), "no_agency", "机关代字不能为空。", "''/2016/9"),
        (("盖政1发", 2016, 9), "agency_chars", "机关代字“盖政1发”只能由汉字组成。", None),
        (("盖政发", 2016, 0), "bad_serial", "序号“0”无效，序号应为从1开始的整数。", None),
        (("盖政发", None, 9), "no_year", "机关代字“盖政发”不是政府令或公告，必须有年份。", None),
        (("盖政发", "2016", 9), "bad_year", "年份“2016”无效，应为四位整数。", "'盖政发'/'2016'/9"),
        (("盖政发", 999, 9), "year_length", "年份“999”不是四位数。", "'盖政发'/999/9"),
        (("盖政发", 10000, 9), "year_length", "年份“10000”不是四位数。", None),
        (
            ("、国家税务总局公告", 2016, 23),
            "agency_chars",
            "机关代字“、国家税务总局公告”只能由汉字组成。",
            None,
        ),
    ],
)
def test_docnumber_refuses_bad_fields(fields, reason, message, shown):
    with pytest.raises(DocNumberError) as refused:
        DocNumber(*fields)
    assert str(refused.value) == message
    assert refused.value.reason == reason
    agency, year, serial = fields
    assert refused.value.text == (shown or f"{agency!r}/{year!r}/{serial!r}")


@pytest.mark.parametrize("year", [1000, 9999])
def test_docnumber_accepts_any_four_digit_year(year):
    assert DocNumber("盖政发", year, 1).year == year


# ---------------------------------------------------------------------------- search box


@pytest.mark.parametrize(
    ("query", "prefix"),
    [
        # 号 is kept only after a serial: a lone 号 must not hide every number of the year.
        ("盖政发[2016]号", "盖政发〔2016〕"),
        ("盖政发[2016]0号", "盖政发〔2016〕"),
        ("营口市人民政府令第0号", "营口市人民政府令第"),
        ("营口市人民政府令第00", "营口市人民政府令第"),
    ],
)
def test_search_prefix_drops_a_hao_without_a_serial(query, prefix):
    assert search_variants(query) == prefix


# ---------------------------------------------------------------------------- legal bases


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("国办发[2018]115号", "国办发〔2018〕115号"),
        (" 辽宁省人民政府令 第338号 ", "辽宁省人民政府令第338号"),
        ("  中华人民共和国民法典 ", "中华人民共和国民法典"),  # not a 文号: kept as written
        ("国办发〔18〕115号", "国办发〔18〕115号"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_a_legal_basis_number_is_shown_canonical_when_it_parses(text, shown):
    assert normalize_basis_number(text) == shown
