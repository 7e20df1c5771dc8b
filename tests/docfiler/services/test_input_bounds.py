"""Issue 14, items 5 and 7: control characters and out-of-bounds input refused at input."""

from __future__ import annotations

import pytest

from docfiler import services
from docfiler.domain import docnumber
from docfiler.errors import GateError, ValidationError
from tests.docfiler.services.helpers import D, N, published, register

NEW = "盖政发〔2018〕2号"
NEW_TITLE = "盖州市城乡居民临时救助办法"


def test_a_control_character_in_a_title_is_refused_with_its_position(office):
    with pytest.raises(ValidationError, match=r"标题第5个字符是不可见的控制字符（U\+000B）"):
        register(office, N, "盖州市城\x0b乡居民临时救助办法")


def test_a_control_character_in_any_free_text_field_is_refused(office):
    with pytest.raises(ValidationError, match=r"起草单位第3个字符是不可见的控制字符（U\+200B）"):
        services.register_document(
            office=office, number=N, title="办法", drafting_unit="民政\u200b局"
        )


def test_a_title_with_a_control_character_can_be_corrected_by_update(office):
    register(office)
    with pytest.raises(ValidationError, match="U\\+000C"):
        services.update_document(office=office, number=N, changes={"title": "甲\x0c乙"})
    services.update_document(office=office, number=N, changes={"title": "盖州市新办法"})


@pytest.mark.parametrize("years", [101, 100000])
def test_valid_years_are_bounded(office, years):
    with pytest.raises(ValidationError, match="最多 100 年"):
        services.register_document(office=office, number=N, title="办法", valid_years=years)


def test_dates_before_1949_and_far_ahead_are_refused(office):
    with pytest.raises(ValidationError, match="早于1949年10月1日"):
        services.register_document(office=office, number=N, title="办法", effective=D(1900, 1, 1))
    register(office)
    with pytest.raises(ValidationError, match="晚于今天起10年"):
        services.update_document(office=office, number=N, changes={"effective_on": D(9999, 12, 31)})


def test_an_unpublished_draft_cannot_repeal_and_a_relation_is_recorded_once(office):
    published(office, on=D(2016, 3, 1))
    register(office, NEW, NEW_TITLE)
    with pytest.raises(GateError, match="尚未公布"):
        services.add_relation(office=office, source=NEW, target=N, kind="repeals", on=D(2018, 1, 1))
    services.add_relation(office=office, source=NEW, target=N, kind="based_on")
    with pytest.raises(ValidationError, match="不能重复登记"):
        services.add_relation(office=office, source=NEW, target=N, kind="based_on")


@pytest.mark.parametrize("digits", [9, 13, 5000])
def test_a_serial_of_many_digits_is_refused_never_raised_by_try_parse(digits):
    text = "盖政发〔2016〕" + "9" * digits + "号"
    assert docnumber.try_parse(text) is None
    with pytest.raises(docnumber.DocNumberError, match="最多8位"):
        docnumber.parse(text)
