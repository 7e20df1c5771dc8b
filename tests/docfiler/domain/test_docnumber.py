"""Tests for docfiler.domain.docnumber: parsing and normalising 发文字号."""

from __future__ import annotations

import ast
import dataclasses
import datetime
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docfiler.domain import docnumber
from docfiler.domain.docnumber import (
    DocNumber,
    DocNumberError,
    max_year,
    normalize,
    parse,
    search_variants,
    try_parse,
)

CANON_9 = "盖政发〔2016〕9号"
CANON_51 = "盖政办发〔2016〕51号"
CANON_DECREE = "营口市人民政府令第35号"

# (open, close) bracket pairs clerks use around the year, including full-width, small-form and
# vertical-form variants.
BRACKET_PAIRS = [
    ("〔", "〕"),
    ("[", "]"),
    ("［", "］"),
    ("【", "】"),
    ("(", ")"),
    ("（", "）"),
    ("〈", "〉"),
    ("〈", "〉"),
    ("﹝", "﹞"),
    ("⦅", "⦆"),
    ("｟", "｠"),
    ("〖", "〗"),
    ("「", "」"),
    ("｢", "｣"),
    ("﹙", "﹚"),
    ("︵", "︶"),
    ("︹", "︺"),
    ("﹇", "﹈"),
    ("︻", "︼"),
    ("︗", "︘"),
    ("︿", "﹀"),
    ("《", "》"),
    ("{", "}"),
    ("｛", "｝"),
    ("<", ">"),
    ("＜", "＞"),
    ("⟮", "⟯"),
    ("❲", "❳"),
    ("〘", "〙"),
]

DIGIT_STYLES = [
    "0123456789",
    "０１２３４５６７８９",  # full-width
    "٠١٢٣٤٥٦٧٨٩",  # Arabic-Indic
    "०१२३४५६७८९",  # Devanagari
    "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",  # mathematical bold
]

SPACES = [" ", "\u3000", "\t", "\n", "\xa0", "\u200b", "\ufeff"]

CJK_RE = re.compile(r"[\u4e00-\u9fff]")
CANONICAL_RE = re.compile(
    r"[\u4e00-\u9fff]+(（[\u4e00-\u9fff]+）[\u4e00-\u9fff]*)?"
    r"(〔[0-9]{4}〕[1-9][0-9]*号|(、[\u4e00-\u9fff]+)*(令|公告)([0-9]{4}年)?第[1-9][0-9]*号)"
)


def digits(text: str, style: str) -> str:
    return text.translate(str.maketrans("0123456789", style))


# --------------------------------------------------------------------------------------------
# Accepted variants


@pytest.mark.parametrize(
    "text",
    [
        "盖政发〔2016〕9号",
        "盖政发[2016]9号",
        "盖政发(2016)9号",
        "盖政发（2016）9号",
        "盖政发【2016】9号",
        "盖政发〔2016〕第9号",
        "盖政发〔2016〕09号",
        "盖政发〔2016〕0009号",
        "盖政发〔2016〕第09号",
        "盖政发〔２０１６〕９号",
        "盖政发（２０１６）第０９号",
        "盖政发〔٢٠١٦〕٩号",
        "盖政发〔𝟐𝟎𝟏𝟔〕𝟗号",
        "盖政发 〔2016〕 9号",
        " 盖政发〔2016〕9号 ",
        "盖 政 发 〔 2016 〕 第 9 号",
        "盖政发\u3000〔2016〕\u30009号",
        "盖政发\t[2016]\n9号",
        "盖政发\u200b〔2016〕9号",
        "\ufeff盖政发〔2016〕9号",
        "盖政发〔2016〕9",
        "盖政发[2016]第09",
        "盖政发 ( 2016 ) 9",
        "盖政发[2016)9号",
        "盖政发〔2016〕9號",
    ],
)
def test_variants_of_gai_zheng_fa_9(text: str) -> None:
    n = parse(text)
    assert n == DocNumber("盖政发", 2016, 9)
    assert str(n) == CANON_9
    assert normalize(text) == CANON_9


@pytest.mark.parametrize(
    "text",
    [
        "盖政办发〔2016〕51号",
        "盖政办发【2016】51号",
        "盖政办发[2016]51号",
        "盖政办发（2016）第51号",
        "盖政办发〔2016〕051号",
        "盖政办发（２０１６）０５１号",
        "盖政办发 [ 2016 ] 51",
        "盖政办发﹝2016﹞51号",
        "盖政办发〖2016〗第０51号",
    ],
)
def test_variants_of_gai_zheng_ban_fa_51(text: str) -> None:
    assert normalize(text) == CANON_51


@pytest.mark.parametrize(("open_", "close"), BRACKET_PAIRS)
def test_every_bracket_pair(open_: str, close: str) -> None:
    assert normalize(f"盖政发{open_}2016{close}9号") == CANON_9
    assert normalize(f"盖政办发 {open_} 2016 {close} 第051号") == CANON_51


@pytest.mark.parametrize(
    "text",
    [
        "营口市人民政府令第35号",
        "营口市人民政府令 35号",
        "营口市人民政府令第035号",
        "营口市人民政府令35号",
        "营口市人民政府令第35",
        "营口市人民政府令35",
        "营口市人民政府令 第 ３５ 号",
        "营口市人民政府令\u3000第0035號",
    ],
)
def test_decree_variants(text: str) -> None:
    n = parse(text)
    assert n.agency_code == "营口市人民政府令"
    assert n.year is None
    assert n.serial == 35
    assert n.is_decree
    assert str(n) == CANON_DECREE


def test_agency_containing_ling_but_not_ending_in_it_is_not_a_decree() -> None:
    assert normalize("盖政令发〔2016〕9号") == "盖政令发〔2016〕9号"
    assert not parse("盖政令发〔2016〕9号").is_decree


def test_year_bounds() -> None:
    assert parse("盖政发〔1949〕1号").year == 1949
    assert parse(f"盖政发〔{max_year()}〕1号").year == max_year()
    assert max_year() == datetime.date.today().year + 1


def test_year_upper_bound_is_computed_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    future = datetime.date.today().year + 10

    class FutureDate(datetime.date):
        @classmethod
        def today(cls) -> FutureDate:
            return cls(future, 6, 1)

    with pytest.raises(DocNumberError, match="年份"):
        parse(f"盖政发〔{future + 1}〕1号")
    monkeypatch.setattr(docnumber, "date", FutureDate)
    assert max_year() == future + 1
    assert parse(f"盖政发〔{future + 1}〕1号").year == future + 1
    with pytest.raises(DocNumberError, match="年份"):
        parse(f"盖政发〔{future + 2}〕1号")


def test_large_serial() -> None:
    assert normalize("盖政发〔2016〕0099999号") == "盖政发〔2016〕99999号"


# --------------------------------------------------------------------------------------------
# Errors


ERROR_CASES = [
    # (text, expected reason, keyword that must appear in the message)
    ("", "empty", "为空"),
    ("   ", "empty", "为空"),
    ("\u3000\t", "empty", "为空"),
    ("〔2016〕9号", "no_agency", "机关代字"),
    ("[2016]9号", "no_agency", "机关代字"),
    ("9号", "no_agency", "机关代字"),
    ("盖政1发〔2016〕9号", "agency_digits", "机关代字"),
    ("盖政１发〔2016〕9号", "agency_digits", "机关代字"),
    ("盖政ABC发〔2016〕9号", "agency_chars", "机关代字"),
    ("盖政-发〔2016〕9号", "agency_chars", "机关代字"),
    ("盖政发9号", "no_year", "年份"),
    ("盖政发第9号", "no_year", "年份"),
    ("盖政发", "no_year", "年份"),
    ("盖政令发9号", "no_year", "年份"),
    ("盖政发〔〕9号", "empty_year", "年份"),
    ("盖政发〔16〕9号", "two_digit_year", "年份"),
    ("盖政发（16）9号", "two_digit_year", "四位"),
    ("盖政发〔201〕9号", "year_length", "年份"),
    ("盖政发〔20166〕9号", "year_length", "四位"),
    ("盖政发〔二〇一六〕9号", "year_not_arabic", "年份"),
    ("盖政发〔2016年〕9号", "year_chars", "年份"),
    ("盖政发〔1948〕9号", "year_range", "年份"),
    ("盖政发〔0016〕9号", "year_range", "年份"),
    ("盖政发〔9999〕9号", "year_range", "年份"),
    ("盖政发〔2016 9号", "brackets", "括号"),
    ("盖政发2016〕9号", "brackets", "括号"),
    ("盖政发〕2016〔9号", "brackets", "括号"),
    ("盖政发〔2016〕〔9〕号", "brackets", "括号"),
    ("盖政发〔2016〕号", "no_serial", "序号"),
    ("盖政发〔2016〕", "no_serial", "序号"),
    ("盖政发〔2016〕第号", "no_serial", "序号"),
    ("盖政发〔2016〕0号", "serial_zero", "序号"),
    ("盖政发〔2016〕000号", "serial_zero", "序号"),
    ("盖政发〔2016〕9.5号", "serial_not_integer", "整数"),
    ("盖政发〔2016〕9．5号", "serial_not_integer", "序号"),
    ("盖政发〔2016〕九号", "serial_not_arabic", "序号"),
    ("盖政发〔2016〕第十二号", "serial_not_arabic", "阿拉伯数字"),
    ("盖政发〔2016〕9a号", "serial_chars", "序号"),
    ("盖政发〔2016〕-9号", "serial_chars", "序号"),
    ("盖政发〔2016〕9号文", "trailing", "多余"),
    ("盖政发〔2016〕9号9号", "trailing", "多余"),
    ("营口市人民政府令〔2016〕35号", "decree_year", "政府令"),
    ("营口市人民政府令", "no_serial", "序号"),
    ("营口市人民政府令第号", "no_serial", "序号"),
    ("营口市人民政府令第0号", "serial_zero", "序号"),
    ("营口市人民政府令第三十五号", "serial_not_arabic", "序号"),
    ("营口市人民政府令第35号令", "trailing", "多余"),
    ("营口市1人民政府令第35号", "agency_digits", "机关代字"),
]


@pytest.mark.parametrize(("text", "reason", "keyword"), ERROR_CASES)
def test_errors(text: str, reason: str, keyword: str) -> None:
    with pytest.raises(DocNumberError) as info:
        parse(text)
    err = info.value
    assert isinstance(err, ValueError)
    message = str(err)
    assert CJK_RE.search(message), message
    assert keyword in message, message
    assert message.endswith("。"), message
    assert err.reason == reason
    if text.strip():
        assert f"“{text.strip()}”" in message, message
    assert try_parse(text) is None
    with pytest.raises(ValueError):
        normalize(text)


def test_two_digit_year_message_suggests_full_year() -> None:
    with pytest.raises(DocNumberError) as info:
        parse("盖政发〔16〕9号")
    assert (
        str(info.value) == "文号“盖政发〔16〕9号”的年份只有两位，请写完整的四位年份，如〔2016〕。"
    )


def test_year_out_of_range_message_names_the_range() -> None:
    with pytest.raises(DocNumberError) as info:
        parse(f"盖政发〔{max_year() + 1}〕9号")
    assert "1949" in str(info.value)
    assert str(max_year()) in str(info.value)


def test_each_reason_has_its_own_message() -> None:
    messages: dict[str, set[str]] = {}
    for text, reason, _ in ERROR_CASES:
        with pytest.raises(DocNumberError) as info:
            parse(text)
        # strip the quoted input so that messages of the same kind compare equal
        messages.setdefault(reason, set()).add(re.sub(r"“[^”]*”", "", str(info.value)))
    templates = [m for ms in messages.values() for m in ms]
    for reason, ms in messages.items():
        others = {m for r, oms in messages.items() if r != reason for m in oms}
        assert not ms & others, (reason, ms & others)
    assert len(messages) >= 18, templates


def test_non_string_input() -> None:
    with pytest.raises(TypeError):
        parse(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse(2016)  # type: ignore[arg-type]
    assert try_parse(None) is None
    assert search_variants(None) is None  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# DocNumber


def test_docnumber_basics() -> None:
    n = DocNumber("盖政发", 2016, 9)
    d = DocNumber("营口市人民政府令", None, 35)
    assert str(n) == CANON_9
    assert str(d) == CANON_DECREE
    assert not n.is_decree
    assert d.is_decree
    assert n.sort_key == ("盖政发", 2016, 9)
    assert d.sort_key == ("营口市人民政府令", 0, 35)
    assert n == parse("盖政发[2016]第09号")
    assert hash(n) == hash(parse("盖政发[2016]第09号"))
    assert len({n, parse(CANON_9), d}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        n.serial = 10  # type: ignore[misc]
    assert not hasattr(n, "__dict__")


def test_sort_key_orders_numerically() -> None:
    texts = ["盖政发〔2016〕10号", "盖政发〔2015〕99号", "盖政发〔2016〕9号", "盖政办发〔2016〕1号"]
    ordered = sorted((parse(t) for t in texts), key=lambda n: n.sort_key)
    assert [str(n) for n in ordered] == [
        "盖政办发〔2016〕1号",
        "盖政发〔2015〕99号",
        "盖政发〔2016〕9号",
        "盖政发〔2016〕10号",
    ]


@pytest.mark.parametrize(
    ("agency", "year", "serial"),
    [
        ("", 2016, 9),
        ("盖政1发", 2016, 9),
        ("ABC", 2016, 9),
        ("盖政发", 2016, 0),
        ("盖政发", 2016, -1),
        ("盖政发", 2016, True),
        ("盖政发", 2016, "9"),
        ("盖政发", 16, 9),
        ("盖政发", "2016", 9),
        ("盖政发", None, 9),
        ("、国家税务总局公告", 2016, 23),  # a 、 with no issuer before it
    ],
)
def test_docnumber_rejects_invalid_fields(agency: str, year: object, serial: object) -> None:
    with pytest.raises(DocNumberError):
        DocNumber(agency, year, serial)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# try_parse / normalize


def test_try_parse_and_normalize() -> None:
    assert try_parse("盖政发[2016]9号") == DocNumber("盖政发", 2016, 9)
    assert try_parse("盖政发〔16〕9号") is None
    assert try_parse("") is None
    assert normalize("营口市人民政府令 35号") == CANON_DECREE


# --------------------------------------------------------------------------------------------
# search_variants


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("盖政发[2016]9", "盖政发〔2016〕9"),
        ("盖政发（2016", "盖政发〔2016"),
        ("盖政发（20", "盖政发〔20"),
        ("盖政发(", "盖政发〔"),
        ("盖政发[2016]", "盖政发〔2016〕"),
        ("盖政发[2016]第", "盖政发〔2016〕"),
        ("盖政发 [ ２０１６ ] 第 09", "盖政发〔2016〕9"),
        ("盖政发[2016]9号", "盖政发〔2016〕9号"),
        ("盖政办发【2016】51号", "盖政办发〔2016〕51号"),
        ("盖政发2016", "盖政发〔2016"),
        ("营口市人民政府令 35", "营口市人民政府令第35"),
        ("营口市人民政府令第035号", "营口市人民政府令第35号"),
        ("盖政发", None),
        ("关于印发工作要点的通知", None),
        ("", None),
        ("   ", None),
        ("2016", None),
        ("〔2016〕9号", None),
        ("2016年工作报告", None),
        ("盖政发[2016]9号文件", None),
        # a decree or an announcement numbered within the year: the year as the issuers write it
        ("营口市人民政府令〔2016〕", "营口市人民政府令2016年"),
        ("河北省人民政府令〔2019〕第11", "河北省人民政府令2019年第11"),
        ("河北省人民政府令〔20", "河北省人民政府令20"),
        ("农业部令2015年第04号", "农业部令2015年第4号"),
        ("国家税务总局公告2016", "国家税务总局公告2016"),
        ("国家税务总局公告2016年", "国家税务总局公告2016年"),
        ("国家税务总局公告（2016）第23号", "国家税务总局公告2016年第23号"),
        ("农业农村部公告第104", "农业农村部公告第104"),
    ],
)
def test_search_variants(query: str, expected: str | None) -> None:
    assert search_variants(query) == expected


# --------------------------------------------------------------------------------------------
# Property tests

AGENCY_ALPHABET = "盖政发办营辽财民教人社农"
agencies = st.text(alphabet=AGENCY_ALPHABET, min_size=1, max_size=6)
years = st.integers(1949, 2026)
serials = st.integers(1, 99999)
ordinary_numbers = st.builds(DocNumber, agencies, years, serials)
decree_numbers = st.builds(DocNumber, agencies.map(lambda a: a + "令"), st.none(), serials)
# decrees and announcements numbered within the year (农业部令2015年第4号, 国家税务总局公告2016年
# 第23号), and announcements numbered without one (农业农村部公告第104号)
dated_numbers = st.builds(
    DocNumber, agencies.map(lambda a: a + "令") | agencies.map(lambda a: a + "公告"), years, serials
)
announcement_numbers = st.builds(DocNumber, agencies.map(lambda a: a + "公告"), st.none(), serials)
doc_numbers = st.one_of(ordinary_numbers, decree_numbers, dated_numbers, announcement_numbers)


@st.composite
def renderings(draw: st.DrawFn, n: DocNumber) -> str:
    """A messy but valid way a clerk might write ``n``."""
    serial = "0" * draw(st.integers(0, 3)) + str(n.serial)
    serial = digits(serial, draw(st.sampled_from(DIGIT_STYLES)))
    # a decree numbered within the year, or an announcement without a year, is written with 第
    di = n.kind != "ordinary" and (n.year is not None or n.kind == "announcement")
    tail = (
        ("第" if di or draw(st.booleans()) else "") + serial + ("号" if draw(st.booleans()) else "")
    )
    if n.year is None:
        text = n.agency_code + tail
    elif n.kind != "ordinary" and draw(st.booleans()):
        year = digits(str(n.year), draw(st.sampled_from(DIGIT_STYLES)))
        text = f"{n.agency_code}{year}年{tail}"
    else:
        open_, close = draw(st.sampled_from(BRACKET_PAIRS))
        year = digits(str(n.year), draw(st.sampled_from(DIGIT_STYLES)))
        text = f"{n.agency_code}{open_}{year}{close}{tail}"
    insertions = draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.sampled_from(SPACES)), max_size=6)
    )
    for pos, space in sorted(insertions, reverse=True):
        text = text[:pos] + space + text[pos:]
    return text


@given(doc_numbers)
def test_canonical_form_round_trips(n: DocNumber) -> None:
    canonical = str(n)
    assert CANONICAL_RE.fullmatch(canonical)
    assert parse(canonical) == n
    assert str(parse(canonical)) == canonical
    assert search_variants(canonical) == canonical


@given(st.data(), doc_numbers)
def test_every_rendering_parses_to_the_canonical_form(data: st.DataObject, n: DocNumber) -> None:
    text = data.draw(renderings(n))
    assert parse(text) == n
    assert normalize(text) == str(n)


@given(st.data(), doc_numbers)
def test_search_prefix_of_any_rendering_is_a_canonical_prefix(
    data: st.DataObject, n: DocNumber
) -> None:
    text = data.draw(renderings(n))
    cut = data.draw(st.integers(0, len(text)))
    prefix = text[:cut]
    result = search_variants(prefix)
    # 农业部令2015… cut before 年: digits after 令 are read as a decree's serial (令第2015…)
    ambiguous = n.is_decree and n.year is not None and "年" not in prefix
    if result is not None and not (ambiguous and "〔" not in result and "年" not in result):
        assert str(n).startswith(result), (prefix, result)
    if n.year is not None and any(o in prefix for o, _ in BRACKET_PAIRS):
        # once the opening bracket is typed the query is recognisably a document number
        assert result is not None, prefix


@given(st.text(max_size=30))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        n = parse(text)
    except DocNumberError as err:
        assert CJK_RE.search(str(err))
        assert err.reason
    else:
        assert CANONICAL_RE.fullmatch(str(n))
        assert parse(str(n)) == n
    result = search_variants(text)
    assert result is None or isinstance(result, str)


@given(
    st.text(alphabet=AGENCY_ALPHABET + "令〔〕[]()（）第号0123456789 .a", max_size=20),
)
def test_docnumber_like_text_never_crashes(text: str) -> None:
    n = try_parse(text)
    if n is not None:
        assert parse(str(n)) == n
    search_variants(text)


# --------------------------------------------------------------------------------------------
# Module hygiene


def test_module_uses_only_the_standard_library() -> None:
    """docnumber and the docnumber_* modules it is split into import the standard library only."""
    modules = sorted(Path(docnumber.__file__).parent.glob("docnumber*.py"))
    assert len(modules) >= 4, modules
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0
                if (node.module or "").startswith("docfiler.domain.docnumber_"):
                    continue  # a sibling, checked in its turn
                imported.add((node.module or "").split(".")[0])
        extra = imported - set(sys.stdlib_module_names)
        assert not extra, (module.name, extra)


@pytest.mark.parametrize(
    ("prefix", "years"),
    [
        ("盖民发〔201", (2010, 2019)),
        ("盖政发〔2016", (2016, 2016)),
        ("盖政发〔2016〕9", (2016, 2016)),
        ("盖政发〔2", (2000, 2999)),
        ("盖政发〔", None),
        ("营口市人民政府令第35", None),
        ("国家税务总局公告2016", None),
    ],
)
def test_a_number_prefix_names_the_years_it_can_be(prefix, years):
    from docfiler.domain.docnumber import prefix_years

    assert prefix_years(prefix) == years
