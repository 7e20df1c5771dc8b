"""文号 as really written (issue 9 §4): joint decrees, the serial before 令, decrees without 令,
traditional characters, aliases, and the parts of docnumber_forms on their own. The examples are
those quoted in issue 9 §4 from published lists."""

from __future__ import annotations

import pytest

from docfiler.domain.docnumber import (
    DocNumber,
    DocNumberError,
    apply_aliases,
    normalize_basis_number,
    parse,
    search_variants,
)
from docfiler.domain.docnumber_forms import (
    joined_year_serial,
    kind_of,
    reorder_decree,
    resolve_alias,
    year_numbered,
)
from docfiler.domain.docnumber_hanzi import to_simplified
from docfiler.errors import ConfigError
from docfiler.rules.rulebook import Rulebook


@pytest.mark.parametrize(
    ("text", "canonical", "agency"),
    [
        (
            "国家计划委员会、水利部令第1号",
            "国家计划委员会、水利部令第1号",
            "国家计划委员会、水利部令",
        ),
        ("洛阳市人民政府第4号令", "洛阳市人民政府令第4号", "洛阳市人民政府令"),
        ("市政府第26号令", "市政府令第26号", "市政府令"),
        ("海关总署第61号", "海关总署令第61号", "海关总署令"),
        ("国务院第 649 号", "国务院令第649号", "国务院令"),
        ("国家发展和改革委员会、水利部第4号令", "国家发展和改革委员会、水利部令第4号", None),
    ],
)
def test_decrees_as_really_written(text, canonical, agency):
    number = parse(text)
    assert str(number) == canonical
    assert number.is_decree and number.year is None
    if agency:
        assert number.agency_code == agency
    assert parse(canonical) == number


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("、水利部令第1号", "agency_chars"),
        ("国家计划委员会、、水利部令第1号", "agency_chars"),
        ("国家计划委员会、水利部〔2016〕1号", "agency_chars"),  # 、 only joins a decree's issuers
        ("盖政发第9号", "no_year"),  # 发 names no issuer of decrees
        ("营口市人民政府令第35号令", "trailing"),
    ],
)
def test_what_is_still_refused(text, reason):
    with pytest.raises(DocNumberError) as caught:
        parse(text)
    assert caught.value.reason == reason


def test_joint_decree_needs_issuers_on_both_sides_of_the_comma():
    with pytest.raises(DocNumberError):
        DocNumber("、水利部令", None, 1)
    with pytest.raises(DocNumberError):
        DocNumber("国家计划委员会、水利部", 2016, 1)  # not a decree: no 、
    assert str(DocNumber("国家计划委员会、水利部令", None, 1)) == "国家计划委员会、水利部令第1号"


def test_traditional_characters_fold_for_duplicates_and_search():
    assert str(parse("盤政辦發〔2017〕77號")) == "盘政办发〔2017〕77号"
    assert search_variants("盤政辦發〔2017") == "盘政办发〔2017"
    assert search_variants("盤政辦發[2017]77") == "盘政办发〔2017〕77"
    assert to_simplified("盤政辦發") == "盘政办发"
    # characters simplified text also uses are never rewritten
    assert to_simplified("乾安县於") == "乾安县於"
    assert DocNumber("盘政办发", 2017, 77, written_agency="盤政辦發") == DocNumber(
        "盘政办发", 2017, 77
    )


def test_the_run_together_check_leaves_other_numbers_alone():
    assert joined_year_serial("国办发200966号", 1949, 2030) == ("国办发", 2009, 66)
    assert joined_year_serial("国办发66号", 1949, 2030) is None
    assert joined_year_serial("国办发299966号", 1949, 2030) is None  # no such year
    assert joined_year_serial("国办发20090号", 1949, 2030) is None  # serial 0
    assert joined_year_serial("国家税务总局公告2016年第23号", 1949, 2030) is None
    assert joined_year_serial("国家税务总局公告201623号", 1949, 2030) == (
        "国家税务总局公告",
        2016,
        23,
    )
    assert joined_year_serial("营口市人民政府令201635号", 1949, 2030) is None  # a long serial
    assert reorder_decree("盖政发第9号") is None
    assert reorder_decree("营口市人民政府令第35号") is None


def test_aliases():
    aliases = {"省政府令": "辽宁省人民政府令"}
    assert resolve_alias("省政府令", aliases) == "辽宁省人民政府令"
    assert resolve_alias("国务院令", aliases) == "国务院令"
    assert resolve_alias("省政府令", None) == "省政府令"
    number = parse("省政府第237号令")
    assert str(apply_aliases(number, aliases)) == "辽宁省人民政府令第237号"
    assert apply_aliases(parse("国发〔2015〕68号"), aliases) == parse("国发〔2015〕68号")
    assert normalize_basis_number(" 省政府令 第237号 ", aliases) == "辽宁省人民政府令第237号"
    assert normalize_basis_number("省政府令第237号") == "省政府令第237号"
    assert normalize_basis_number("《中华人民共和国民法典》", aliases) == "《中华人民共和国民法典》"


def test_the_rulebook_refuses_an_alias_that_turns_a_decree_into_an_ordinary_code(tmp_path):
    override = tmp_path / "rulebook.toml"
    override.write_text('[number_aliases]\n"省政府令" = "辽宁省人民政府"\n', encoding="utf-8")
    rulebook = Rulebook.load(override)
    with pytest.raises(ConfigError, match="number_aliases"):
        rulebook.number_aliases  # noqa: B018


def test_the_rulebook_names_other_governments_codes():
    others = Rulebook.load().other_governments
    assert others["营政发"] == "营口市人民政府"
    assert others["辽政办发"] == "辽宁省人民政府办公厅"
    assert others["国办发"] == "国务院办公厅"
    assert "盖政发" not in others


@pytest.mark.parametrize(
    ("agency", "kind"),
    [
        ("盖政发", "ordinary"),
        ("盖政令发", "ordinary"),  # 令 inside the code, not at its end
        ("营口市人民政府令", "decree"),
        ("国家计划委员会、水利部令", "decree"),
        ("国家税务总局公告", "announcement"),
        ("财政部税务总局海关总署公告", "announcement"),
    ],
)
def test_the_kind_is_told_by_how_the_agency_code_ends(agency, kind):
    assert kind_of(agency) == kind


def test_numbers_written_with_the_year_and_nian():
    assert year_numbered("农业部令2015年第4号") == ("农业部令", "2015", "第4号")
    assert year_numbered("国家税务总局公告2016年第23号") == ("国家税务总局公告", "2016", "第23号")
    assert year_numbered("辽财行2019年275号") is None  # an ordinary code: run together
    assert year_numbered("营口市人民政府令第35号") is None


def test_a_run_together_announcement_is_refused_with_the_way_announcements_are_numbered():
    with pytest.raises(DocNumberError) as refused:
        parse("国家税务总局公告201623号")
    assert refused.value.reason == "year_serial_joined"
    assert refused.value.suggestion == "国家税务总局公告2016年第23号"
    assert str(refused.value) == (
        "文号“国家税务总局公告201623号”的年份和序号连在一起，可能是“国家税务总局公告2016年第23号”。"
        "请核对原件后按这样的格式填写。"
    )


def test_a_decree_with_a_bracketed_year_needs_di():
    """河北省人民政府令〔2019〕第11号 is read; 营口市人民政府令〔2016〕35号 (the ordinary layout given
    to a decree) is refused: 营口 numbers its decrees without a year."""
    assert str(parse("河北省人民政府令〔2019〕第11号")) == "河北省人民政府令2019年第11号"
    with pytest.raises(DocNumberError) as refused:
        parse("营口市人民政府令〔2016〕35号")
    assert refused.value.reason == "decree_year"


def test_an_announcement_without_a_year_and_with_a_short_serial():
    assert str(parse("国家税务总局公告23号")) == "国家税务总局公告第23号"
    assert parse("国家税务总局公告23号").year is None
    assert (
        str(parse("中国证券监督管理委员会公告〔2008〕27号"))
        == "中国证券监督管理委员会公告2008年第27号"
    )
