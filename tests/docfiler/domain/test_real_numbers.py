"""Real document numbers, collected from published lists and documents (tests/data/real_numbers.toml,
each with where it was read): how many the parser reads, and what the tricky ones become.

Issue 9 §4 measured 81 % of 279 real numbers read by the old parser. A number counts as handled
when it parses, or when it is one of the forms the parser must refuse and does refuse with the
likely reading as a suggestion (year and serial run together: 国办发200966号 → 国办发〔2009〕66号).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from docfiler.domain.docnumber import DocNumberError, apply_aliases, parse
from docfiler.rules.rulebook import Rulebook

DATA = Path(__file__).resolve().parents[2] / "data" / "real_numbers.toml"
NUMBERS = tomllib.loads(DATA.read_text(encoding="utf-8"))["number"]


def _outcome(text: str) -> tuple[str, str | None]:
    """("parsed", canonical) | ("suggested", suggestion) | ("refused", reason)."""
    try:
        return "parsed", str(parse(text))
    except DocNumberError as exc:
        if exc.suggestion is not None:
            return "suggested", exc.suggestion
        return "refused", exc.reason


def test_the_collection_is_large_and_every_number_says_where_it_was_read():
    assert len(NUMBERS) >= 135
    for entry in NUMBERS:
        assert entry["text"].strip(), entry
        assert entry["source"].startswith(("http://", "https://", "../shared/")), entry


def test_at_least_97_percent_of_the_real_numbers_are_handled():
    outcomes = [_outcome(entry["text"]) for entry in NUMBERS]
    parsed = sum(kind == "parsed" for kind, _ in outcomes)
    handled = sum(kind in ("parsed", "suggested") for kind, _ in outcomes)
    refused = sorted(
        e["text"] for e, (k, _) in zip(NUMBERS, outcomes, strict=True) if k == "refused"
    )
    assert handled / len(NUMBERS) >= 0.97, refused
    # parsed outright: 130 of 139 when collected; the rest are run-together numbers (refused
    # with a suggestion) and the forms listed in test_forms_not_read_yet.
    assert parsed / len(NUMBERS) >= 0.93, refused


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # traditional characters (m.003gm.com, per-better.com, htgfsre.cn, jk9a.cn, xyexam.com)
        ("盤政辦發〔2017〕77號", "盘政办发〔2017〕77号"),
        ("寧政辦發〔2018〕47號", "宁政办发〔2018〕47号"),
        ("滬府發〔2017〕92號", "沪府发〔2017〕92号"),
        ("國發〔2008〕17號", "国发〔2008〕17号"),
        ("遼政辦明電〔2018〕20號", "辽政办明电〔2018〕20号"),
        ("財社〔2015〕257號", "财社〔2015〕257号"),
        ("皖政辦〔2016〕29號", "皖政办〔2016〕29号"),
        # brackets and spaces as published
        ("营政发 〔2000〕5号", "营政发〔2000〕5号"),  # 营口市人民政府令第35号, 废止目录
        ("许政 [2020] 20号", "许政〔2020〕20号"),
        ("苏政办发(2015)50号", "苏政办发〔2015〕50号"),
        ("财科教【2017】6号", "财科教〔2017〕6号"),
        ("国办发„2009‟3号", "国办发〔2009〕3号"),  # 〔〕 lost in a Word-to-text conversion
        ("盖政办【2016】125号", "盖政办〔2016〕125号"),  # the seed report
        ("民委(政)字〔1990〕217号", "民委（政）字〔1990〕217号"),
        # decrees
        ("公安部第120号令", "公安部令第120号"),
        ("政府令第 35 号", "政府令第35号"),  # 营口市人民政府令第35号 as printed
        ("济南市人民政府令19号", "济南市人民政府令第19号"),
        ("中华人民共和国国务院令第227号", "中华人民共和国国务院令第227号"),
        ("市政府令第20号", "市政府令第20号"),
    ],
)
def test_tricky_real_numbers_have_pinned_canonical_forms(text, canonical):
    assert any(entry["text"] == text for entry in NUMBERS), text
    assert str(parse(text)) == canonical


def test_traditional_characters_are_kept_for_display():
    number = parse("盤政辦發〔2017〕77號")
    assert number == parse("盘政办发〔2017〕77号")
    assert number.display == "盤政辦發〔2017〕77号"
    assert parse("盘政办发〔2017〕77号").display == "盘政办发〔2017〕77号"


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("国办发200966号", "国办发〔2009〕66号"),  # 35331.cn
        ("甘区政办发201756号", "甘区政办发〔2017〕56号"),
        ("国资通法规202249号", "国资通法规〔2022〕49号"),
        ("辽财行2019年275号", "辽财行〔2019〕275号"),
        ("国卫食品发2021第36号", "国卫食品发〔2021〕36号"),
    ],
)
def test_a_year_run_into_the_serial_is_refused_with_the_likely_reading(text, suggestion):
    assert any(entry["text"] == text for entry in NUMBERS), text
    with pytest.raises(DocNumberError) as caught:
        parse(text)
    assert caught.value.reason == "year_serial_joined"
    assert caught.value.suggestion == suggestion
    assert f"可能是“{suggestion}”" in str(caught.value)
    assert str(parse(suggestion)) == suggestion


@pytest.mark.parametrize(
    ("text", "full"),
    [
        ("省政府令第237号", "辽宁省人民政府令第237号"),  # 营口市人民政府令第35号; 辽宁省财政厅
        ("市政府令第20号", "营口市人民政府令第20号"),  # 营口市人民政府令第35号, 废止目录
        ("营口市政府令第35号", "营口市人民政府令第35号"),  # domain.md
        ("辽宁省政府令第338号", "辽宁省人民政府令第338号"),  # domain.md
        ("国务院令第789号", "国务院令第789号"),  # no alias: unchanged
    ],
)
def test_abbreviated_issuers_resolve_through_the_shipped_aliases(text, full):
    aliases = Rulebook.load().number_aliases
    assert str(apply_aliases(parse(text), aliases)) == full


@pytest.mark.parametrize(
    "text",
    [
        "政府令〔2010〕第15号",  # 河北: decrees numbered within the year
        "国家税务总局公告2016年第23号",  # announcements numbered within the year
        "贵州省国家税务局公告2016年第6号",
        "中华人民共和国农业部令2015年第4号",  # ministry decrees numbered within the year
    ],
)
def test_forms_not_read_yet(text):
    """Numbered within the year (令〔2010〕第15号, 公告2016年第23号, 令2015年第4号): a decree or an
    announcement with a year is not modelled yet; these are refused, not misread."""
    assert any(entry["text"] == text for entry in NUMBERS), text
    with pytest.raises(DocNumberError):
        parse(text)
