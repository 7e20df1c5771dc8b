"""Reminders: everything due or overdue on a day, on SQLite and PostgreSQL."""

import datetime as dt

from docfiler import services
from docfiler.queries.reminders import reminders
from docfiler.services import cleanup
from tests.docfiler.test_services import prepare, register

D = dt.date


def kinds(items):
    return [(r.kind, r.doc_number, r.party, r.due, r.days_left) for r in items]


def published(office, number="盖政发〔2016〕9号", on=D(2016, 9, 16)):
    register(office, number=number)
    prepare(office, number)
    services.publish(office=office, number=number, on=on)


def test_pending_filings_are_due_and_leave_once_submitted(office):
    published(office)
    items = [
        r for r in reminders(office=office, today=D(2016, 10, 10), days=30) if r.kind == "filing"
    ]
    assert kinds(items) == [
        ("filing", "盖政发〔2016〕9号", "营口市人民政府", D(2016, 10, 8), -2),
        ("filing", "盖政发〔2016〕9号", "盖州市人大常委会", D(2016, 10, 17), 7),
    ]
    assert items[0].overdue and not items[1].overdue
    services.submit_filing(
        office=office, number="盖政发〔2016〕9号", body="营口市人民政府", submitted=D(2016, 10, 9)
    )
    items = [r for r in reminders(office=office, today=D(2016, 10, 10)) if r.kind == "filing"]
    assert [r.party for r in items] == ["盖州市人大常委会"]


def test_horizon_limits_what_is_shown(office):
    published(office)
    items = [
        r for r in reminders(office=office, today=D(2016, 9, 20), days=7) if r.kind == "filing"
    ]
    assert items == []
    items = [
        r for r in reminders(office=office, today=D(2016, 9, 20), days=20) if r.kind == "filing"
    ]
    assert [r.party for r in items] == ["营口市人民政府"]


def test_filing_sent_back_for_supplement_is_due_again(office):
    published(office)
    number = "盖政发〔2016〕9号"
    services.submit_filing(
        office=office, number=number, body="营口市人民政府", submitted=D(2016, 9, 30)
    )
    services.record_filing_result(
        office=office, number=number, body="营口市人民政府", result="要求补正", on=D(2016, 11, 1)
    )
    items = [
        r
        for r in reminders(office=office, today=D(2016, 11, 2))
        if r.kind == "filing" and r.party == "营口市人民政府"
    ]
    # 要求补正 is stored as 暂缓办理备案登记 (国务院令第789号); 补正 within 15 days → 11-16
    assert (
        len(items) == 1
        and items[0].due == D(2016, 11, 16)
        and "暂缓办理备案登记" in items[0].detail
    )


def test_legality_review_past_fifteen_working_days(office):
    register(office)
    number = "盖政发〔2016〕9号"
    services.record_opinions(office=office, number=number, on=D(2016, 1, 10))
    services.submit_review(office=office, number=number, submitted=D(2026, 2, 10))
    items = [r for r in reminders(office=office, today=D(2026, 3, 10)) if r.kind == "review"]
    # 15 working days from 2026-02-10 across Spring Festival (make-up days counted).
    assert [(r.due, r.days_left) for r in items] == [(D(2026, 3, 9), -1)]
    services.finish_review(office=office, number=number, finished=D(2026, 3, 10), outcome="合法")
    assert [r for r in reminders(office=office, today=D(2026, 3, 10)) if r.kind == "review"] == []


def test_validity_ending_within_six_months_and_ended(office):
    # The document states 有效期5年; effective 2016-03-01 (the publication day here), so valid
    # until 2021-02-28, to be evaluated by 2020-08-31 (six months before, month-end to month-end).
    register(office, number="盖政发〔2016〕9号", valid_years=5)
    prepare(office, "盖政发〔2016〕9号")
    services.publish(office=office, number="盖政发〔2016〕9号", on=D(2016, 3, 1))
    services.record_finished_cleanup(
        office=office, name="2020年清理", as_of=D(2020, 3, 31), finished=D(2020, 6, 1)
    )
    early = [r for r in reminders(office=office, today=D(2020, 7, 1)) if r.kind == "validity"]
    assert early == []  # the evaluation is due 2020-08-31, beyond the 30-day horizon
    soon = [r for r in reminders(office=office, today=D(2020, 8, 10)) if r.kind == "validity"]
    assert [(r.due, r.days_left) for r in soon] == [(D(2020, 8, 31), 21)]
    assert "届满前须评估" in soon[0].detail and "2021年2月28日" in soon[0].detail
    ended = [r for r in reminders(office=office, today=D(2021, 3, 2)) if r.kind == "validity"]
    assert ended[0].overdue and "已失效" in ended[0].detail


def test_countersign_reply_and_cleanup_interval(office):
    services.add_countersign(
        office=office,
        title="营口市某某办法（征求意见稿）",
        received=D(2024, 5, 6),
        reply_due=D(2024, 5, 20),
    )
    services.record_finished_cleanup(
        office=office, name="2022年清理", as_of=D(2022, 3, 31), finished=D(2022, 6, 1)
    )
    items = reminders(office=office, today=D(2024, 5, 15), days=10)
    assert [(r.kind, r.days_left) for r in items] == [("countersign", 5)]
    items = reminders(office=office, today=D(2024, 5, 25))
    assert [(r.kind, r.days_left) for r in items] == [("countersign", -5), ("cleanup", 7)]


def test_unknown_year_schedule_marks_the_due_date_provisional(office):
    # Publication in a year with no holiday schedule is computed from weekends alone.
    office.today = lambda: D(2027, 9, 20)
    published(office, number="盖政发〔2027〕3号", on=D(2027, 9, 16))
    items = [r for r in reminders(office=office, today=D(2027, 9, 20)) if r.kind == "filing"]
    assert items and all(r.provisional for r in items)
    assert "2027" in items[0].hint


def test_an_ended_document_is_filed_no_more(office):
    """Issue 11, bug 3: a repealed document keeps no filing reminder (nor a 补正 one)."""
    published(office)
    number = "盖政发〔2016〕9号"
    services.submit_filing(
        office=office, number=number, body="营口市人民政府", submitted=D(2016, 9, 30)
    )
    services.record_filing_result(
        office=office, number=number, body="营口市人民政府", result="要求补正", on=D(2016, 10, 10)
    )
    before = reminders(office=office, today=D(2016, 10, 12))
    assert [(r.kind, r.party, r.due) for r in before] == [
        ("cleanup", None, D(2016, 10, 12)),  # no cleanup on record: due now
        ("filing", "盖州市人大常委会", D(2016, 10, 17)),
        ("filing", "营口市人民政府", D(2016, 10, 25)),  # 补正 within 15 days of 10-10
    ]
    services.repeal_document(office=office, number=number, on=D(2016, 10, 11), reason="已被替代")
    after = reminders(office=office, today=D(2016, 10, 12))
    assert [(r.kind, r.party) for r in after] == [("cleanup", None)]
    # the day before it was repealed the filings were still owed
    assert len(reminders(office=office, today=D(2016, 10, 10))) == 3


def test_no_cleanup_overdue_while_a_campaign_runs(office):
    """Issue 11, item 10: 定期清理 is not 逾期 while the clerk is doing it."""
    services.record_finished_cleanup(
        office=office, name="2022年清理", as_of=D(2022, 3, 31), finished=D(2022, 6, 1)
    )
    assert [(r.kind, r.days_left) for r in reminders(office=office, today=D(2024, 7, 1))] == [
        ("cleanup", -30)  # due 2024-06-01, two years after it finished
    ]
    cleanup.start_campaign(office=office, name="2024年清理", as_of=D(2024, 6, 30))
    assert reminders(office=office, today=D(2024, 7, 1)) == []
