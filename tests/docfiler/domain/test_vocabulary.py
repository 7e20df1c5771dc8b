"""Small rules of the office's vocabulary: returned filings, document kinds, filing order."""

from __future__ import annotations

import datetime as dt

import pytest

from docfiler.domain.vocabulary import (
    can_submit_filing,
    detect_kind,
    filing_body_order,
    filing_result,
    is_returned,
)

SUBMITTED = dt.date(2016, 3, 10)


@pytest.mark.parametrize(
    ("result", "returned"),
    [
        ("暂缓办理备案登记", True),  # 补正 (法规规章备案审查条例, 国务院令第789号)
        ("审查意见", True),  # 纠正
        ("予以备案登记", False),
        ("未发现问题", False),
        ("不予备案登记", False),  # 退回: nothing to file again
        (None, False),
        ("", False),
    ],
)
def test_a_filing_is_returned_when_it_must_be_corrected(result, returned):
    assert is_returned(result) is returned


@pytest.mark.parametrize(
    ("submitted_on", "result", "allowed"),
    [
        (None, None, True),  # never submitted
        (SUBMITTED, None, False),  # waiting for the filing body's answer
        (SUBMITTED, "予以备案登记", False),  # registered: nothing to submit again
        (SUBMITTED, "暂缓办理备案登记", True),  # sent back for 补正: re-submit
        (SUBMITTED, "审查意见", True),
    ],
)
def test_when_a_filing_may_be_submitted(submitted_on, result, allowed):
    assert can_submit_filing(submitted_on, result) is allowed


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("盖州市城市供热管理暂行办法", "interim"),
        ("盖州市农村土地承包经营权流转管理办法（试行）", "trial"),
        ("盖州市行政规范性文件管理暂行办法（试行）", "interim"),  # 暂行 wins
        ("盖州市人民政府关于进一步加强安全生产工作的通知", "regular"),
    ],
)
def test_detect_kind_from_the_title(title, kind):
    assert detect_kind(title) == kind


def test_filing_bodies_governments_first_then_by_name():
    bodies = ["盖州市人大常委会", "营口市人民政府", "盖州市人民政府", "鲅鱼圈区人大常委会"]
    assert sorted(bodies, key=filing_body_order) == [
        "盖州市人民政府",
        "营口市人民政府",
        "盖州市人大常委会",
        "鲅鱼圈区人大常委会",
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # the words of 法规规章备案审查条例 (国务院令第789号, 2024) are stored as they are
        ("予以备案登记", "予以备案登记"),
        ("暂缓办理备案登记", "暂缓办理备案登记"),
        ("不予备案登记", "不予备案登记"),
        ("未发现问题", "未发现问题"),
        ("审查意见", "审查意见"),
        # the old words (2001 法规规章备案条例 era data and scripts) are aliases
        ("准予备案", "予以备案登记"),
        ("要求补正", "暂缓办理备案登记"),
        ("要求纠正", "审查意见"),
        (" 准予备案 ", "予以备案登记"),
        ("同意", None),
        (None, None),
    ],
)
def test_filing_answers_are_stored_in_the_words_of_the_2024_regulation(typed, stored):
    assert filing_result(typed) == stored
