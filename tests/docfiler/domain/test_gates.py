"""The procedure gates: a refused step says, in Chinese, what is missing or which date is wrong."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from docfiler.domain.docnumber import DocNumber
from docfiler.domain.gates import (
    check_register_fields,
    not_before,
    not_before_year,
    not_future,
    parse_number,
    refuse_after_publication,
    review_cleared_on,
    review_problem,
)
from docfiler.errors import GateError, ValidationError

D = dt.date
TODAY = D(2016, 10, 18)


def document(published_on: dt.date | None = None, doc_number: str = "盖政发〔2016〕9号"):
    year = None if "令" in doc_number else 2016
    return SimpleNamespace(doc_number=doc_number, year=year, published_on=published_on)


def review(
    outcome: str | None = None,
    finished_on: dt.date | None = None,
    revised_on: dt.date | None = None,
    submitted_on: dt.date = D(2016, 3, 1),
):
    return SimpleNamespace(
        submitted_on=submitted_on, finished_on=finished_on, outcome=outcome, revised_on=revised_on
    )


# ---------------------------------------------------------------------------- parse_number


def test_parse_number_reads_any_spelling():
    assert parse_number("盖政发[2016]第09号") == DocNumber("盖政发", 2016, 9)
    assert str(parse_number("盖政办发【2016】51号")) == "盖政办发〔2016〕51号"


def test_parse_number_refuses_with_the_parsers_reason():
    with pytest.raises(ValidationError) as refused:
        parse_number("盖政发〔16〕9号")
    assert str(refused.value) == (
        "文号“盖政发〔16〕9号”的年份只有两位，请写完整的四位年份，如〔2016〕。"
    )


# ---------------------------------------------------------------------------- dates


def test_today_is_not_the_future():
    not_future(TODAY, TODAY, "公布日期")


def test_a_future_date_is_refused():
    with pytest.raises(ValidationError) as refused:
        not_future(TODAY + dt.timedelta(days=1), TODAY, "公布日期")
    assert str(refused.value) == (
        "公布日期（2016年10月19日）晚于今天（2016年10月18日），不能登记尚未发生的事项。"
    )


def test_a_date_in_the_numbers_year_is_accepted():
    not_before_year(document(), D(2016, 1, 1), "签发日期")
    not_before_year(document(doc_number="营口市人民政府令第35号"), D(1990, 1, 1), "签发日期")


def test_a_date_before_the_numbers_year_is_refused():
    with pytest.raises(ValidationError) as refused:
        not_before_year(document(), D(2015, 12, 31), "签发日期")
    assert str(refused.value) == (
        "签发日期（2015年12月31日）早于文号“盖政发〔2016〕9号”的年份 2016 年，"
        "文件当时还未编号。请核对日期或文号。"
    )


def test_the_same_day_or_later_is_not_before():
    not_before(D(2016, 3, 1), D(2016, 3, 1), "公布日期", "签发日期")
    not_before(D(2016, 3, 2), D(2016, 3, 1), "公布日期", "签发日期")
    not_before(D(2016, 3, 2), None, "公布日期", "签发日期")


def test_a_date_before_the_earlier_step_is_refused():
    with pytest.raises(ValidationError) as refused:
        not_before(D(2016, 2, 29), D(2016, 3, 1), "公布日期", "签发日期")
    assert str(refused.value) == (
        "公布日期（2016年2月29日）早于签发日期（2016年3月1日），请核对日期。"
    )


def test_nothing_can_be_added_before_publication_once_published():
    refuse_after_publication(document(published_on=None), "听取意见")
    with pytest.raises(GateError) as refused:
        refuse_after_publication(document(published_on=D(2016, 3, 1)), "听取意见")
    assert str(refused.value) == (
        "文件“盖政发〔2016〕9号”已于2016年3月1日公布，不能再登记听取意见。"
        "如需修改内容，请登记一份修改文件。"
    )


# ---------------------------------------------------------------------------- legality review


def test_a_lawful_review_clears_from_its_finish_date():
    assert review_cleared_on(review("合法", finished_on=D(2016, 3, 8))) == D(2016, 3, 8)


def test_a_review_asking_for_changes_clears_once_revised():
    revised = review("应当予以修改", finished_on=D(2016, 3, 8), revised_on=D(2016, 3, 12))
    assert review_cleared_on(revised) == D(2016, 3, 12)
    assert review_cleared_on(review("应当予以修改", finished_on=D(2016, 3, 8))) is None


@pytest.mark.parametrize(
    "unfinished",
    [
        None,
        review(),
        review("合法", finished_on=None),
        review("不合法", finished_on=D(2016, 3, 8)),
        review("不合法", finished_on=D(2016, 3, 8), revised_on=D(2016, 3, 12)),
    ],
)
def test_no_review_or_an_unlawful_one_does_not_clear(unfinished):
    assert review_cleared_on(unfinished) is None


@pytest.mark.parametrize(
    ("the_review", "problem"),
    [
        (None, "未经合法性审核"),
        (review(), "合法性审核尚未完成（2016年3月1日报送）"),
        (
            review("不合法", finished_on=D(2016, 3, 8)),
            "合法性审核结论为“不合法”（2016年3月8日），须修改后重新报送审核",
        ),
        (
            review("应当予以修改", finished_on=D(2016, 3, 8)),
            "合法性审核结论为“应当予以修改”，尚未登记按审核意见修改完毕",
        ),
        (review("应当予以修改", finished_on=D(2016, 3, 8), revised_on=D(2016, 3, 12)), None),
        (review("合法", finished_on=D(2016, 3, 8)), None),
    ],
)
def test_review_problem_names_what_is_missing(the_review, problem):
    assert review_problem(document(), the_review) == problem


# ---------------------------------------------------------------------------- registration


NUMBER = DocNumber("盖政发", 2016, 9)
EFFECTIVE = D(2016, 3, 1)


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("盖州市城乡居民临时救助实施办法", "盖州市城乡居民临时救助实施办法"),
        ("《盖州市城乡居民临时救助实施办法》", "盖州市城乡居民临时救助实施办法"),
        ("  《盖州市城乡居民临时救助实施办法》 ", "盖州市城乡居民临时救助实施办法"),
        ("《X射线影像诊断质量管理办法》", "X射线影像诊断质量管理办法"),  # only 《》 are dropped
    ],
)
def test_register_title_is_cleaned(title, clean):
    assert check_register_fields(NUMBER, title=title) == clean


@pytest.mark.parametrize("title", [None, "", "   ", "《》"])
def test_register_without_a_title_is_refused(title):
    with pytest.raises(ValidationError) as refused:
        check_register_fields(NUMBER, title=title)
    assert str(refused.value) == (
        "标题不能为空，请填写文件全称，如《盖州市城乡居民临时救助实施办法》。"
    )


@pytest.mark.parametrize("years", [0, -1, True, "5", 2.5])
def test_register_validity_years_must_be_a_positive_integer(years):
    with pytest.raises(ValidationError) as refused:
        check_register_fields(NUMBER, title="办法", valid_years=years)
    assert str(refused.value) == f"有效期年数必须是正整数（收到 {years}）。"


def test_register_accepts_a_stated_validity():
    assert check_register_fields(NUMBER, title="办法", effective=EFFECTIVE, valid_years=1) == "办法"
    check_register_fields(NUMBER, title="办法", effective=EFFECTIVE, valid_until=EFFECTIVE)
    check_register_fields(NUMBER, title="办法", valid_until=D(2015, 1, 1))  # no effective date


def test_register_validity_ending_before_effect_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_register_fields(NUMBER, title="办法", effective=EFFECTIVE, valid_until=D(2016, 2, 29))
    assert str(refused.value) == "有效期截止日（2016年2月29日）早于施行日期（2016年3月1日）。"


def test_register_effect_before_the_numbers_year_is_refused():
    check_register_fields(NUMBER, title="办法", effective=D(2016, 1, 1))
    with pytest.raises(ValidationError) as refused:
        check_register_fields(NUMBER, title="办法", effective=D(2015, 12, 31))
    assert str(refused.value) == (
        "施行日期（2015年12月31日）早于文号“盖政发〔2016〕9号”的年份 2016 年，请核对。"
    )


def test_register_a_decree_has_no_year_to_check():
    decree = DocNumber("营口市人民政府令", None, 35)
    assert check_register_fields(decree, title="办法", effective=D(1990, 1, 1)) == "办法"
