"""How dates and remaining days are written for clerks."""

from __future__ import annotations

import datetime as dt

import pytest

from docfiler.domain.labels import date_label, days_label


def test_date_label_is_written_without_leading_zeros():
    assert date_label(dt.date(2016, 3, 1)) == "2016年3月1日"
    assert date_label(dt.date(2016, 10, 18)) == "2016年10月18日"


def test_no_date_is_a_dash():
    assert date_label(None) == "—"


@pytest.mark.parametrize(
    ("days_left", "label"),
    [
        (-3, "逾期 3 日"),
        (-1, "逾期 1 日"),
        (0, "今天到期"),
        (1, "剩 1 日"),
        (15, "剩 15 日"),
    ],
)
def test_days_label(days_left, label):
    assert days_label(days_left) == label
