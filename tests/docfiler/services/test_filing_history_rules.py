"""Issue 9 §3: the words of 法规规章备案审查条例 (国务院令第789号, in force 2024-11-01), the filing
history with its 补正 period, 公平竞争审查 before the decision, 乡镇/街道 as their own authority
kind, the publication reminder (政府信息公开条例 art. 26) and one transaction per review command.

Every date is pinned by hand: published 2016-03-01, due with 营口市人民政府 on 03-16 (15 days,
辽宁省政府令第149号 art. 3). 2016 清明: rest 04-02..04-04.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docfiler import services
from docfiler.errors import GateError, ValidationError
from docfiler.queries.documents import show_document
from docfiler.queries.reminders import reminders
from docfiler.store.tables import FilingSubmission
from tests.docfiler.services.helpers import (
    CITY,
    CONGRESS,
    MEETING,
    D,
    N,
    filings,
    hear_and_review,
    published,
    refused,
    register,
    snapshot,
)


def history(office, body: str = CITY) -> list[tuple]:
    with office.reading() as session:
        rows = session.exec(
            select(FilingSubmission)
            .where(FilingSubmission.filing_id == filings(office)[body].id)
            .order_by(FilingSubmission.submitted_on)
        ).scalars()
        return [
            (r.submitted_on, r.receipt_number, r.due_on, r.result, r.result_on, r.review_result)
            for r in rows
        ]


def sent_back(office) -> None:
    """Submitted 2016-03-10 (receipt 营备〔2016〕12号); 暂缓办理备案登记 on 2016-03-20."""
    published(office)
    services.submit_filing(
        office=office, number=N, body=CITY, submitted=D(2016, 3, 10), receipt="营备〔2016〕12号"
    )
    services.record_filing_result(
        office=office, number=N, body=CITY, result="暂缓办理备案登记", on=D(2016, 3, 20)
    )


def test_a_refiling_after_zanhuan_is_due_15_days_after_the_answer_and_keeps_the_history(office):
    """法规规章备案审查条例 (国务院令第789号): 暂缓办理备案登记 → 补正 within the rulebook's 15 days:
    2016-03-20 + 15 = 04-04, a 清明 rest day → 04-05. Re-filed on 04-08: 3 days late, not 23."""
    sent_back(office)
    view = show_document(office=office, number=N)["filings"][0]
    assert (view["due"], view["days_left"] is not None) == ("2016-04-05", True)
    done = services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 4, 8))
    assert (done.due, done.late_days) == (D(2016, 4, 5), 3)
    services.record_filing_result(
        office=office, number=N, body=CITY, result="予以备案登记", on=D(2016, 4, 20)
    )
    services.record_filing_result(
        office=office, number=N, body=CITY, result="未发现问题", on=D(2016, 5, 10)
    )
    assert history(office) == [
        (
            D(2016, 3, 10),
            "营备〔2016〕12号",
            D(2016, 3, 16),
            "暂缓办理备案登记",
            D(2016, 3, 20),
            None,
        ),
        (D(2016, 4, 8), None, D(2016, 4, 5), "予以备案登记", D(2016, 4, 20), "未发现问题"),
    ]
    shown = show_document(office=office, number=N)["filings"][0]
    assert (shown["due"], shown["result"], shown["days_left"]) == ("2016-04-05", "未发现问题", None)
    assert [(h["submitted"], h["due"], h["late_days"]) for h in shown["history"]] == [
        ("2016-03-10", "2016-03-16", 0),
        ("2016-04-08", "2016-04-05", 3),
    ]


def test_a_review_opinion_asks_for_a_report_within_30_days(office):
    """审查意见 (纠正) on 2016-03-20: report within 30 days → 04-19 (a Tuesday)."""
    published(office)
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 10))
    services.record_filing_result(
        office=office, number=N, body=CITY, result="审查意见", on=D(2016, 3, 20)
    )
    assert show_document(office=office, number=N)["filings"][0]["due"] == "2016-04-19"
    assert history(office) == [(D(2016, 3, 10), None, D(2016, 3, 16), None, None, "审查意见")]


@pytest.mark.parametrize(
    ("old", "new"),
    [("准予备案", "予以备案登记"), ("要求补正", "暂缓办理备案登记"), ("要求纠正", "审查意见")],
)
def test_the_old_words_are_accepted_and_stored_in_the_new_ones(office, old, new):
    published(office)
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 10))
    services.record_filing_result(office=office, number=N, body=CITY, result=old, on=D(2016, 3, 20))
    assert filings(office)[CITY].result == new


def test_a_filing_not_registered_is_not_submitted_again(office):
    """不予备案登记 (退回) ends the filing: nothing to 补正."""
    published(office)
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 10))
    services.record_filing_result(
        office=office, number=N, body=CITY, result="不予备案登记", on=D(2016, 3, 20)
    )
    refused(
        office,
        GateError,
        "已于2016年3月10日向“营口市人民政府”报送备案",
        services.submit_filing,
        number=N,
        body=CITY,
        submitted=D(2016, 3, 25),
    )


def test_a_refiling_is_not_dated_before_the_answer(office):
    sent_back(office)
    refused(
        office,
        ValidationError,
        "重新报送备案日期（2016年3月19日）早于“暂缓办理备案登记”意见日期（2016年3月20日）",
        services.submit_filing,
        number=N,
        body=CITY,
        submitted=D(2016, 3, 19),
    )


def test_the_returned_filing_reminder_uses_the_refiling_period(office):
    sent_back(office)
    found = [r for r in reminders(office=office, today=D(2016, 3, 25)) if r.party == CITY]
    assert [(r.kind, r.due, r.detail) for r in found] == [
        (
            "filing",
            D(2016, 4, 5),
            "营口市人民政府暂缓办理备案登记（2016-03-20），须补正后重新报送备案",
        )
    ]


# ---------------------------------------------------------------------------- 公平竞争审查


def test_a_market_document_is_not_decided_without_a_fair_competition_conclusion(office):
    """优化营商环境条例 art. 63: 公平竞争审查 before the 集体讨论决定."""
    register(office)
    services.mark_market_activity(office=office, number=N, concerns=True)
    hear_and_review(office)
    refused(
        office,
        GateError,
        "不能提交集体讨论：文件涉及市场主体经济活动，未登记公平竞争审查结论。（优化营商环境条例第六十三条",
        services.record_decision,
        number=N,
        meeting=MEETING,
        on=D(2016, 2, 20),
    )
    services.record_fair_competition(
        office=office, number=N, on=D(2016, 2, 10), conclusion="未发现排除、限制竞争的内容"
    )
    services.record_decision(office=office, number=N, meeting=MEETING, on=D(2016, 2, 20))
    view = show_document(office=office, number=N)
    assert view["concerns_market"] is True
    assert view["fair_competition"] == [
        {"date": "2016-02-10", "conclusion": "未发现排除、限制竞争的内容", "reviewer": None}
    ]


def test_a_fair_competition_conclusion_after_the_meeting_does_not_count(office):
    register(office)
    services.mark_market_activity(office=office, number=N, concerns=True)
    hear_and_review(office)
    services.record_fair_competition(
        office=office, number=N, on=D(2016, 2, 25), conclusion="未发现排除、限制竞争的内容"
    )
    refused(
        office,
        ValidationError,
        "会议日期（2016年2月20日）早于公平竞争审查日期（2016年2月25日）",
        services.record_decision,
        number=N,
        meeting=MEETING,
        on=D(2016, 2, 20),
    )


def test_the_market_flag_is_set_later_and_then_gates_the_decision(office):
    register(office)
    hear_and_review(office)
    services.mark_market_activity(office=office, number=N, concerns=True)
    refused(
        office,
        GateError,
        "未登记公平竞争审查结论",
        services.record_decision,
        number=N,
        meeting=MEETING,
        on=D(2016, 2, 20),
    )


# ---------------------------------------------------------------------------- 乡镇 / 街道


def test_a_township_files_with_the_county_government_in_15_days(office):
    """辽宁省规章规范性文件备案办法 art. 3: 乡镇人民政府, 街道办事处 → 盖州市人民政府, 15 days."""
    added = services.add_authority(
        office=office, name="盖州市西城街道办事处", codes=["西城街发"], kind="township"
    )
    assert added.filing_bodies == ("盖州市人民政府",)
    published(office, number="西城街发〔2016〕3号")
    assert {b: f.due_on for b, f in filings(office, "西城街发〔2016〕3号").items()} == {
        "盖州市人民政府": D(2016, 3, 16)
    }


def test_an_unknown_authority_kind_is_refused_with_the_kinds(office):
    with pytest.raises(ValidationError) as caught:
        services.add_authority(office=office, name="某镇人民政府", kind="town")
    assert "township（乡镇人民政府、街道办事处）" in str(caught.value)


# ---------------------------------------------------------------------------- 公开


def test_a_signed_document_is_to_be_published_within_20_working_days(office):
    """政府信息公开条例 art. 26: signed Tue 2016-03-01 → publish by 03-29 (no holiday in March)."""
    register(office)
    hear_and_review(office)
    services.record_decision(office=office, number=N, meeting=MEETING, on=D(2016, 2, 20))
    services.record_signing(office=office, number=N, on=D(2016, 3, 1))
    found = [r for r in reminders(office=office, today=D(2016, 3, 20)) if r.kind == "publication"]
    assert [(r.doc_number, r.due, r.days_left) for r in found] == [(N, D(2016, 3, 29), 9)]
    services.publish(office=office, number=N, on=D(2016, 3, 21))
    assert not [
        r for r in reminders(office=office, today=D(2016, 3, 22)) if r.kind == "publication"
    ]


# ---------------------------------------------------------------------------- one transaction


def test_a_review_submitted_and_finished_at_once_is_one_transaction(office):
    register(office)
    services.record_review(
        office=office, number=N, submitted=D(2016, 1, 20), finished=D(2016, 2, 2), outcome="合法"
    )
    reviews = show_document(office=office, number=N)["reviews"]
    assert [(r["submitted"], r["finished"], r["outcome"]) for r in reviews] == [
        ("2016-01-20", "2016-02-02", "合法")
    ]


def test_finishing_an_open_review_with_its_submission_date_repeated(office):
    register(office)
    services.submit_review(office=office, number=N, submitted=D(2016, 1, 20))
    services.record_review(
        office=office, number=N, submitted=D(2016, 1, 20), finished=D(2016, 2, 2), outcome="合法"
    )
    reviews = show_document(office=office, number=N)["reviews"]
    assert [(r["submitted"], r["outcome"]) for r in reviews] == [("2016-01-20", "合法")]


def test_a_refused_second_step_leaves_nothing_written(office):
    """The submission is valid, the finish is dated before it: neither is written."""
    register(office)
    before = snapshot(office)
    with pytest.raises(ValidationError) as caught:
        services.record_review(
            office=office,
            number=N,
            submitted=D(2016, 1, 20),
            finished=D(2016, 1, 10),
            outcome="合法",
        )
    assert "审核完成日期（2016年1月10日）早于报送审核日期（2016年1月20日）" in str(caught.value)
    assert snapshot(office) == before


def test_other_filing_bodies_are_untouched_by_a_refiling(office):
    sent_back(office)
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 25))
    assert history(office, CONGRESS) == []
