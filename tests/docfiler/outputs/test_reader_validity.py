"""The validity a document states in its own words (domain.md: none unless stated)."""

from __future__ import annotations

import datetime as dt

import pytest

from docfiler.outputs.reader_validity import stated_validity

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第七条 本办法自2016年3月1日起施行，有效期5年。", (5, None)),
        ("本规定自印发之日起施行，有效期为五年。", (5, None)),
        ("本办法自发布之日起施行，有效期两年。", (2, None)),
        ("本通知自印发之日起施行，有效期至2027年12月31日。", (None, D(2027, 12, 31))),
        ("本意见有效期截至2025年6月30日。", (None, D(2025, 6, 30))),
        ("有效期自2020年1月1日起至2022年12月31日止。", (None, D(2022, 12, 31))),
        ("有效期至二〇二六年十二月三十一日。", (None, D(2026, 12, 31))),
        ("有效期 3 年", (3, None)),
        # No clause, or one that names no period: no validity.
        ("本办法自发布之日起施行。", (None, None)),
        ("有效期另行规定。", (None, None)),
        ("有效期至2026年2月30日。", (None, None)),  # not a date: nothing is guessed
    ],
)
def test_the_stated_period_is_read_as_written(text, expected):
    assert stated_validity(text) == expected
