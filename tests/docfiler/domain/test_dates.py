"""Dates typed by clerks: every common spelling is read, a wrong one is refused in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from docfiler.domain.dates import parse_date, parse_optional_date
from docfiler.errors import ValidationError

D = dt.date


@pytest.mark.parametrize(
    "text",
    [
        "2016-03-01",
        "2016-3-1",
        "2016/3/1",
        "2016/03/01",
        "2016.3.1",
        "2016年3月1日",
        "2016年03月01日",
        "2016年3月1",
        "2016 年 3 月 1 日",
        "  2016-03-01  ",
        "20160301",
        "２０１６年３月１日",  # full-width digits
        "２０１６０３０１",
        "2016-03/01",
    ],
)
def test_clerks_spellings_of_1_march_2016(text):
    assert parse_date(text) == D(2016, 3, 1)


def test_a_date_is_taken_as_it_is():
    assert parse_date(D(2016, 10, 8)) == D(2016, 10, 8)


def test_two_digit_month_and_day():
    assert parse_date("2016年12月31日") == D(2016, 12, 31)
    assert parse_date("20161231") == D(2016, 12, 31)


@pytest.mark.parametrize("text", ["", "   ", "\u3000", None])
def test_an_empty_date_is_refused(text):
    with pytest.raises(ValidationError) as refused:
        parse_date(text)
    assert str(refused.value) == "日期不能为空，请按 2016-03-01 的格式填写。"


def test_the_message_names_the_field():
    with pytest.raises(ValidationError) as refused:
        parse_date("", "公布日期")
    assert str(refused.value) == "公布日期不能为空，请按 2016-03-01 的格式填写。"


@pytest.mark.parametrize(
    "text",
    ["2016年3月", "16-3-1", "2016-3-1-1", "二〇一六年三月一日", "2016031", "201603011", "明天"],
)
def test_an_unreadable_date_is_refused_with_the_text_quoted(text):
    with pytest.raises(ValidationError) as refused:
        parse_date(text, "施行日期")
    assert str(refused.value) == (
        f"施行日期“{text}”无法识别，请按 2016-03-01 或 2016年3月1日 的格式填写。"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2015-02-29", "公布日期“2015-02-29”不是有效日期（2015年没有2月29日）。"),
        ("2016年4月31日", "公布日期“2016年4月31日”不是有效日期（2016年没有4月31日）。"),
        ("20161301", "公布日期“20161301”不是有效日期（2016年没有13月1日）。"),
    ],
)
def test_a_date_that_does_not_exist_is_refused(text, message):
    with pytest.raises(ValidationError) as refused:
        parse_date(text, "公布日期")
    assert str(refused.value) == message


def test_29_february_of_a_leap_year_is_accepted():
    assert parse_date("2016-02-29") == D(2016, 2, 29)


@pytest.mark.parametrize("text", [None, "", "  ", "\u3000"])
def test_an_optional_date_may_be_left_empty(text):
    assert parse_optional_date(text) is None


def test_an_optional_date_is_read_like_any_date():
    assert parse_optional_date("2016年10月8日") == D(2016, 10, 8)
    with pytest.raises(ValidationError) as refused:
        parse_optional_date("2016年10月", "废止日期")
    assert str(refused.value) == (
        "废止日期“2016年10月”无法识别，请按 2016-03-01 或 2016年3月1日 的格式填写。"
    )


def test_an_optional_date_without_a_field_name_says_date():
    with pytest.raises(ValidationError) as refused:
        parse_optional_date("2016年10月")
    assert str(refused.value) == (
        "日期“2016年10月”无法识别，请按 2016-03-01 或 2016年3月1日 的格式填写。"
    )
