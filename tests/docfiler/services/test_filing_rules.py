"""备案: due dates made at publication for each filing body, submission and the body's answer.

Due dates are pinned by hand from the rulebook's periods (营口市人民政府 15 days, 盖州市人大常委会
30 days, a department's documents to 盖州市人民政府 in 15 days) and 民法典 arts. 201, 203.
"""

from __future__ import annotations

import pytest

from docfiler import services
from docfiler.errors import ConflictError, GateError, NotFoundError, ValidationError
from tests.docfiler.services.helpers import (
    CITY,
    CONGRESS,
    MEETING,
    D,
    N,
    filings,
    published,
    ready,
    refused,
    register,
)

GOVERNMENT = "盖州市人民政府"


def due_dates(office, number: str = N) -> dict[str, tuple]:
    return {
        body: (row.due_on, row.due_provisional, row.submitted_on, row.result)
        for body, row in filings(office, number).items()
    }


# ---------------------------------------------------------------------------- due dates


def test_publication_makes_one_filing_per_body_with_its_due_date(office):
    published(office, on=D(2016, 3, 1))
    assert due_dates(office) == {
        CITY: (D(2016, 3, 16), False, None, None),
        CONGRESS: (D(2016, 3, 31), False, None, None),
    }


def test_a_due_date_on_a_holiday_moves_to_the_next_working_day(office):
    # 2016-09-16 + 15 days = 10-01 (National Day) → 10-08, a make-up working Saturday;
    # + 30 days = Sunday 10-16 → Monday 10-17.
    published(office, on=D(2016, 9, 16))
    assert due_dates(office) == {
        CITY: (D(2016, 10, 8), False, None, None),
        CONGRESS: (D(2016, 10, 17), False, None, None),
    }


def test_the_general_offices_documents_file_with_both_bodies(office):
    published(office, number="盖政办发〔2016〕51号", on=D(2016, 3, 1))
    assert due_dates(office, "盖政办发〔2016〕51号") == {
        CITY: (D(2016, 3, 16), False, None, None),
        CONGRESS: (D(2016, 3, 31), False, None, None),
    }


def test_a_departments_documents_file_with_the_city_government_only(office):
    services.add_authority(office=office, name="盖州市民政局", codes=["盖民发"])
    number = "盖民发〔2020〕3号"
    register(office, number, "盖州市最低生活保障审核确认办法")
    services.record_opinions(office=office, number=number, on=D(2020, 1, 10))
    services.submit_review(office=office, number=number, submitted=D(2020, 1, 20))
    services.finish_review(office=office, number=number, finished=D(2020, 2, 2), outcome="合法")
    services.record_decision(office=office, number=number, meeting=MEETING, on=D(2020, 2, 20))
    services.publish(office=office, number=number, on=D(2020, 3, 2))
    assert due_dates(office, number) == {GOVERNMENT: (D(2020, 3, 17), False, None, None)}


def _published_in_2027(office, number: str, on) -> None:
    office.today = lambda: D(2027, 11, 1)
    register(office, number, "盖州市某某管理办法")
    services.record_opinions(office=office, number=number, on=D(2027, 1, 5))
    services.submit_review(office=office, number=number, submitted=D(2027, 1, 6))
    services.finish_review(office=office, number=number, finished=D(2027, 1, 13), outcome="合法")
    services.record_decision(office=office, number=number, meeting=MEETING, on=D(2027, 1, 20))
    services.publish(office=office, number=number, on=on)


def test_a_due_date_in_a_year_without_a_holiday_schedule_is_provisional(office):
    # Published Monday 2027-03-01: Tuesday 03-16 and Wednesday 03-31, no holiday near either;
    # no State Council schedule for 2027 is known yet, so both are provisional.
    _published_in_2027(office, "盖政发〔2027〕3号", D(2027, 3, 1))
    assert due_dates(office, "盖政发〔2027〕3号") == {
        CITY: (D(2027, 3, 16), True, None, None),
        CONGRESS: (D(2027, 3, 31), True, None, None),
    }


# domain.md: where a year's schedule is unknown, the act-by date is the earliest the legal last
# day could be: moved off the fixed statutory holidays (全国年节及纪念日放假办法 art. 2), never off
# a weekend (民法典 arts. 201, 203).


def test_an_unknown_years_act_by_date_is_not_moved_off_a_weekend(office):
    # 2027-03-05 + 15 days = Saturday 2027-03-20, which may become a make-up working day;
    # Monday 03-22 is only the likely date.
    _published_in_2027(office, "盖政发〔2027〕1号", D(2027, 3, 5))
    assert filings(office, "盖政发〔2027〕1号")[CITY].due_on == D(2027, 3, 20)


def test_an_unknown_years_act_by_date_moves_off_national_day(office):
    # 2027-09-16 + 15 days = 2027-10-01, 国庆 (10/1-3 are holidays by statute): 2027-10-04.
    _published_in_2027(office, "盖政发〔2027〕2号", D(2027, 9, 16))
    assert filings(office, "盖政发〔2027〕2号")[CITY].due_on == D(2027, 10, 4)


# ---------------------------------------------------------------------------- submission


def test_filing_needs_publication(office):
    ready(office)
    refused(
        office,
        GateError,
        f"文件“{N}”尚未公布，没有备案事项。备案须在公布之后",
        services.submit_filing,
        number=N,
        body=CITY,
        submitted=D(2016, 3, 5),
    )


def test_a_body_the_document_is_not_filed_with_is_named(office):
    published(office)
    message = refused(
        office,
        NotFoundError,
        "没有向“辽宁省人民政府”备案的事项。应备案的机关：",
        services.submit_filing,
        number=N,
        body="辽宁省人民政府",
        submitted=D(2016, 3, 5),
    )
    assert CITY in message and CONGRESS in message


def test_submission_is_not_dated_before_publication_or_after_today(office):
    published(office)  # 2016-03-01
    refused(
        office,
        ValidationError,
        "报送备案日期（2016年2月29日）早于公布日期（2016年3月1日）",
        services.submit_filing,
        number=N,
        body=CITY,
        submitted=D(2016, 2, 29),
    )
    refused(
        office,
        ValidationError,
        "报送备案日期（2026年11月27日）晚于今天",
        services.submit_filing,
        number=N,
        body=CITY,
        submitted=D(2026, 11, 27),
    )
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 1))
    assert filings(office)[CITY].submitted_on == D(2016, 3, 1)


def test_submission_records_date_and_receipt_for_that_body_only(office):
    published(office)
    services.submit_filing(
        office=office, number=N, body=CITY, submitted=D(2016, 3, 20), receipt="营备〔2016〕12号"
    )
    rows = filings(office)
    assert (rows[CITY].submitted_on, rows[CITY].receipt_number) == (
        D(2016, 3, 20),
        "营备〔2016〕12号",
    )
    assert (rows[CONGRESS].submitted_on, rows[CONGRESS].receipt_number) == (None, None)


@pytest.mark.parametrize("answer", [None, "予以备案登记"])
def test_a_filing_is_submitted_once_unless_sent_back(office, answer):
    published(office)
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 10))
    if answer:
        services.record_filing_result(
            office=office, number=N, body=CITY, result=answer, on=D(2016, 3, 20)
        )
    refused(
        office,
        GateError,
        f"文件“{N}”已于2016年3月10日向“营口市人民政府”报送备案",
        services.submit_filing,
        number=N,
        body=CITY,
        submitted=D(2016, 3, 25),
    )
    assert filings(office)[CITY].submitted_on == D(2016, 3, 10)


@pytest.mark.parametrize("answer", ["暂缓办理备案登记", "审查意见", "要求补正", "要求纠正"])
def test_a_filing_sent_back_is_submitted_again(office, answer):
    """暂缓办理备案登记 (补正) or 审查意见 (纠正), 法规规章备案审查条例 (国务院令第789号); the old
    words 要求补正 / 要求纠正 are accepted for them."""
    published(office)
    services.submit_filing(
        office=office, number=N, body=CITY, submitted=D(2016, 3, 10), receipt="营备〔2016〕12号"
    )
    services.record_filing_result(
        office=office, number=N, body=CITY, result=answer, on=D(2016, 3, 20)
    )
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 28))
    row = filings(office)[CITY]
    assert (row.submitted_on, row.result, row.result_on) == (D(2016, 3, 28), None, None)
    assert row.receipt_number is None  # the first receipt stays with the first submission
    assert row.due_on == D(2016, 3, 16)


# ---------------------------------------------------------------------------- the body's answer


def test_an_answer_needs_a_submission(office):
    published(office)
    refused(
        office,
        GateError,
        f"文件“{N}”尚未向“营口市人民政府”报送备案，不能登记备案意见",
        services.record_filing_result,
        number=N,
        body=CITY,
        result="予以备案登记",
        on=D(2016, 3, 20),
    )


def test_an_answer_is_one_of_the_three(office):
    published(office)
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 10))
    refused(
        office,
        ValidationError,
        "备案意见“同意备案”无效，只能是：予以备案登记、暂缓办理备案登记、不予备案登记、未发现问题、审查意见；"
        "旧用语准予备案（即予以备案登记）",
        services.record_filing_result,
        number=N,
        body=CITY,
        result="同意备案",
        on=D(2016, 3, 20),
    )


def test_an_answer_is_not_dated_before_the_submission_or_after_today(office):
    published(office)
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 10))
    refused(
        office,
        ValidationError,
        "备案意见日期（2016年3月9日）早于报送备案日期（2016年3月10日）",
        services.record_filing_result,
        number=N,
        body=CITY,
        result="予以备案登记",
        on=D(2016, 3, 9),
    )
    refused(
        office,
        ValidationError,
        "备案意见日期（2026年11月27日）晚于今天",
        services.record_filing_result,
        number=N,
        body=CITY,
        result="予以备案登记",
        on=D(2026, 11, 27),
    )
    services.record_filing_result(
        office=office, number=N, body=CITY, result="予以备案登记", on=D(2016, 3, 10)
    )
    row = filings(office)[CITY]
    assert (row.result, row.result_on) == ("予以备案登记", D(2016, 3, 10))


# ---------------------------------------------------------------------------- optimistic locking


def test_a_stale_filing_version_is_refused(office):
    published(office)
    seen = filings(office)[CITY].version
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 10))
    refused(
        office,
        ConflictError,
        "向“营口市人民政府”的备案记录已被其他人修改",
        services.record_filing_result,
        number=N,
        body=CITY,
        result="暂缓办理备案登记",
        on=D(2016, 3, 20),
        expected_version=seen,
    )
    services.record_filing_result(
        office=office,
        number=N,
        body=CITY,
        result="暂缓办理备案登记",
        on=D(2016, 3, 20),
        expected_version=seen + 1,
    )
    refused(
        office,
        ConflictError,
        "向“营口市人民政府”的备案记录已被其他人修改",
        services.submit_filing,
        number=N,
        body=CITY,
        submitted=D(2016, 3, 25),
        expected_version=seen + 1,
    )
    assert filings(office)[CITY].result == "暂缓办理备案登记"
