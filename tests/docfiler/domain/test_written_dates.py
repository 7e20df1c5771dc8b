"""Dates as offices left them in their registers (issue 13, §1): every form read, the rest refused
in Chinese. Expected dates are written out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from docfiler.domain.written_dates import (
    chinese_numeral_date,
    excel_serial_date,
    find_written_date,
    written_date,
)
from docfiler.errors import ValidationError

D = dt.date
FEB_3 = D(2016, 2, 3)


@pytest.mark.parametrize(
    "value",
    [
        "2016-02-03",
        "2016-2-3",
        "2016.2.3",
        "2016.02.03",
        "2016.2.3.",
        "2016/2/3",
        "2016年2月3日",
        "2016 年 2 月 3 日",
        "２０１６年２月３日",
        "20160203",
        "二〇一六年二月三日",
        "二○一六年二月三日",  # ○ (U+25CB), as often typed for 〇
        "二零一六年二月三日",
        "二O一六年二月三日",  # a Latin O
        "2016-02-03 00:00:00",  # CSV exports of date cells
        "2016/2/3 0:00",
        42403,  # Excel serial number: a date cell that lost its format
        42403.0,
        42403.75,  # with a time of day
        "42403",  # the same serial, as a CSV writes it
        D(2016, 2, 3),
        dt.datetime(2016, 2, 3, 9, 30),
    ],
)
def test_every_form_offices_write_3_february_2016(value):
    assert written_date(value, "公布日期") == FEB_3


@pytest.mark.parametrize(
    ("serial", "day"),
    [
        (42370, D(2016, 1, 1)),
        (18172, D(1949, 10, 1)),
        (44316, D(2021, 4, 30)),
        (45658, D(2025, 1, 1)),
        (73050, D(2099, 12, 31)),
    ],
)
def test_excel_serials(serial, day):
    assert excel_serial_date(serial) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("二〇一六年十二月三十一日", D(2016, 12, 31)),
        ("二〇二〇年十月二十日", D(2020, 10, 20)),
        ("一九九九年九月九日", D(1999, 9, 9)),
        ("二〇一六年〇二月〇三日", FEB_3),
    ],
)
def test_chinese_numerals(text, day):
    assert chinese_numeral_date(text) == day


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_an_empty_cell_is_no_date(value):
    assert written_date(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "已发布",
            "公布日期“已发布”无法识别为日期，请写成 2016-03-01、2016.3.1 或 2016年3月1日。",
        ),
        ("2016.2.30", "公布日期“2016.2.30”不是有效日期（2016年没有2月30日）。"),
        (
            "二〇一六年二月三十日",
            "公布日期“二〇一六年二月三十日”不是有效日期（2016年没有2月30日）。",
        ),
        (
            "2016年2月",
            "公布日期“2016年2月”只写了年月，缺少日，请写成 2016-03-01、2016.3.1 或 2016年3月1日。",
        ),
        (
            12,
            "公布日期“12”不像日期（作为 Excel 日期序号，它不在1949年至2099年之间），"
            "请写成 2016-03-01、2016.3.1 或 2016年3月1日。",
        ),
        (
            99999,
            "公布日期“99999”不像日期（作为 Excel 日期序号，它不在1949年至2099年之间），"
            "请写成 2016-03-01、2016.3.1 或 2016年3月1日。",
        ),
        (True, "公布日期“True”无法识别为日期，请写成 2016-03-01、2016.3.1 或 2016年3月1日。"),
        (
            "16.2.3",
            "公布日期“16.2.3”无法识别为日期，请写成 2016-03-01、2016.3.1 或 2016年3月1日。",
        ),
    ],
)
def test_what_is_not_a_date_is_refused_naming_the_column(value, message):
    with pytest.raises(ValidationError) as refused:
        written_date(value, "公布日期")
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("已废止（2019年5月1日）", D(2019, 5, 1)),
        ("2019.5.1废止", D(2019, 5, 1)),
        ("已废止(2019-05-01)", D(2019, 5, 1)),
        ("二〇一九年五月一日宣布失效", D(2019, 5, 1)),
        ("已报市政府备案（2016.3.10）", D(2016, 3, 10)),
        ("被盖政发〔2019〕14号废止，自2019年5月1日起", D(2019, 5, 1)),
        ("已废止", None),
        ("现行有效", None),
    ],
)
def test_a_date_inside_a_longer_text(text, day):
    assert find_written_date(text) == day
