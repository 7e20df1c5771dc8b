"""Issue 12: the office as filing body, one year of it, on SQLite and PostgreSQL.

A department's document arrives late without its 起草说明 → 暂缓办理备案登记 → 补正 → registered
→ reviewed → 审查意见 → the 处理情况 is overdue (reminder) → the corrected document is received
and linked → closed. A township's document is never filed. A citizen's 审查建议 starts a review
and is answered on time. The year's figures count every one of these (pinned by hand).
"""

import datetime as dt

from docfiler import services
from docfiler.queries.inbox import not_filed, show_incoming, year_figures
from docfiler.queries.reminders import reminders

D = dt.date
DEPT = "盖州市住房和城乡建设局"
TOWN = "九寨镇人民政府"
OLD = "盖住建发〔2026〕12号"
NEW = "盖住建发〔2026〕20号"
UNFILED = "九寨政发〔2026〕3号"


def inbox_reminders(office, today):
    return [
        (r.kind, r.doc_number, r.party, r.due, r.days_left)
        for r in reminders(office=office, today=today)
        if r.kind in ("incoming_supplement", "incoming_review", "followup", "suggestion")
    ]


def units(office):
    services.add_authority(office=office, name=DEPT, codes=["盖住建发"], kind="department")
    services.add_authority(office=office, name=TOWN, codes=["九寨政发"], kind="township")


def receive_late_and_incomplete(office):
    got = services.receive_filing(
        office=office,
        unit=DEPT,
        number="盖住建发[2026]12号",  # any written form
        title="盖州市物业服务收费管理办法",
        published=D(2026, 3, 2),
        received=D(2026, 3, 25),
        materials=["备案报告", "正式文本", "制定依据", "合法性审核意见"],
    )
    # published 03-02, 15 days → 03-17 (a Tuesday); received 03-25: 8 days late
    assert (got.doc_number, got.due, got.late_days) == (OLD, D(2026, 3, 17), 8)
    assert got.missing == ("起草说明",)
    deferred = services.register_incoming(
        office=office,
        number=OLD,
        outcome="暂缓办理备案登记",
        on=D(2026, 3, 27),
        reason="缺起草说明",
    )
    # 03-27 + 15 = 04-11, a Saturday → Monday 04-13
    assert deferred.supplement_due == D(2026, 4, 13)
    assert inbox_reminders(office, D(2026, 4, 1)) == [
        ("incoming_supplement", OLD, DEPT, D(2026, 4, 13), 12)
    ]
    services.record_supplement(office=office, number=OLD, on=D(2026, 4, 8), materials=["起草说明"])
    registered = services.register_incoming(
        office=office, number=OLD, outcome="予以备案登记", on=D(2026, 4, 10)
    )
    # 04-10 + 30 = 05-10, a Sunday (no make-up day) → 05-11
    assert registered.review_due == D(2026, 5, 11)
    assert inbox_reminders(office, D(2026, 5, 1)) == [
        ("incoming_review", OLD, DEPT, D(2026, 5, 11), 10)
    ]


def review_with_opinion_and_follow_up(office):
    reviewed = services.finish_incoming_review(
        office=office,
        number=OLD,
        on=D(2026, 4, 28),
        result="审查意见",
        findings={"与上位法抵触": "第八条另设物业服务收费项目，无上位法依据"},
        reasoning="《物业管理条例》未授权县级部门设定收费项目。",
        opinion_kind="建议自行修改",
    )
    assert (reviewed.opinion_number, reviewed.followup_due) == (
        "盖司备审〔2026〕1号",
        D(2026, 5, 28),
    )
    # 处理情况 due 05-28: four days overdue on 06-01
    assert inbox_reminders(office, D(2026, 6, 1)) == [("followup", OLD, DEPT, D(2026, 5, 28), -4)]
    corrected = services.receive_filing(
        office=office,
        unit=DEPT,
        number=NEW,
        title="盖州市物业服务收费管理办法",
        published=D(2026, 6, 3),
        received=D(2026, 6, 10),
        materials=["备案报告", "正式文本", "起草说明", "制定依据", "合法性审核意见"],
    )
    assert (corrected.due, corrected.late_days, corrected.missing) == (D(2026, 6, 18), 0, ())
    services.record_followup_report(
        office=office, number=OLD, on=D(2026, 6, 10), report="已删除第八条，重新制发"
    )
    closed = services.close_followup(
        office=office, number=OLD, on=D(2026, 6, 12), outcome="已纠正", corrected_by=NEW
    )
    assert (closed.outcome, closed.corrected_by) == ("已纠正", NEW)
    services.register_incoming(office=office, number=NEW, outcome="予以备案登记", on=D(2026, 6, 12))
    services.finish_incoming_review(
        office=office, number=NEW, on=D(2026, 6, 30), result="未发现问题"
    )
    assert inbox_reminders(office, D(2026, 6, 30)) == []


def citizen_suggestion(office):
    got = services.receive_suggestion(
        office=office,
        proposer="张某",
        contact="138xxxx0000",
        received=D(2026, 7, 1),
        number=NEW,
        request="认为第五条的收费标准公示期过短",
    )
    assert (got.reply_due, got.linked) == (D(2026, 8, 31), True)  # 60 days: 08-30 is a Sunday
    started = services.review_from_suggestion(office=office, suggestion_id=got.id, on=D(2026, 7, 2))
    assert started.due == D(2026, 8, 3)  # 08-01 is a Saturday
    # on 07-10 the review (due 08-03) is within 30 days, the reply (due 08-31) not yet
    assert inbox_reminders(office, D(2026, 7, 10)) == [
        ("incoming_review", NEW, DEPT, D(2026, 8, 3), 24)
    ]
    assert [k for k, *_ in inbox_reminders(office, D(2026, 8, 1))] == [
        "incoming_review",
        "suggestion",
    ]
    services.finish_incoming_review(
        office=office, number=NEW, on=D(2026, 7, 15), result="未发现问题"
    )
    replied = services.reply_suggestion(
        office=office, suggestion_id=got.id, on=D(2026, 7, 20), reply="经审查未发现问题，已书面答复"
    )
    assert replied.late_days == 0


def test_a_reviewers_year(office):
    units(office)
    receive_late_and_incomplete(office)
    review_with_opinion_and_follow_up(office)
    services.record_unfiled(
        office=office,
        unit=TOWN,
        number=UNFILED,
        title="九寨镇农村人居环境整治管理办法",
        published=D(2026, 5, 6),
    )
    citizen_suggestion(office)

    assert not_filed(office=office, start=D(2026, 1, 1), end=D(2026, 12, 31)) == [
        {
            "unit": TOWN,
            "kind": "township",
            "late": [],
            "unfiled": [
                {
                    "doc_number": UNFILED,
                    "title": "九寨镇农村人居环境整治管理办法",
                    "published_on": "2026-05-06",
                    "due_on": "2026-05-21",
                    "received_on": None,
                    "late_days": None,
                    "found_in": None,
                }
            ],
        },
        {
            "unit": DEPT,
            "kind": "department",
            "late": [
                {
                    "doc_number": OLD,
                    "title": "盖州市物业服务收费管理办法",
                    "published_on": "2026-03-02",
                    "due_on": "2026-03-17",
                    "received_on": "2026-03-25",
                    "late_days": 8,
                    "found_in": None,
                }
            ],
            "unfiled": [],
        },
    ]
    view = show_incoming(office=office, number=OLD)
    assert view["stage_label"] == "已办结"
    assert view["reviews"][0]["followup"]["corrected_by"] == NEW
    assert show_incoming(office=office, number=NEW)["reviews"][1]["origin"] == "suggestion"

    assert year_figures(office=office, year=2026)["figures"] == {
        "received": 2,
        "on_time": 1,
        "late": 1,
        "deferred": 1,
        "rejected": 0,
        "registered": 2,
        "reviewed": 3,
        "problems": 1,
        "corrected": 1,
        "correction_rate": 1.0,
        "unfiled": 1,
        "suggestions_received": 1,
        "suggestions_answered": 1,
        "suggestions_on_time": 1,
    }
    assert set(year_figures(office=office, year=2025)["figures"].values()) == {0, None}


def test_the_years_report_counts_every_event_of_the_scenario(office):
    """The yearly account (`annual-report`) over the same year: every event above counted once,
    the rate exact; the year is still running on 'today' (2026-11-26), so it is counted to then."""
    from fractions import Fraction

    from docfiler.outputs.annual_report_text import rule_of_law_paragraph
    from docfiler.queries.annual_report import annual_report

    test_a_reviewers_year(office)
    report = annual_report(office=office, year=2026)
    assert (report.as_of, report.complete) == (D(2026, 11, 26), False)
    assert report.inbox == {
        "received": 2,  # OLD (late) and NEW (on time)
        "on_time": 1,
        "late": 1,
        "deferred": 1,  # OLD, for its 起草说明
        "rejected": 0,
        "registered": 2,
        "reviewed": 3,  # OLD (审查意见), NEW after registration, NEW after the suggestion
        "problems": 1,
        "corrected": 1,  # OLD, corrected by NEW
        "unfiled": 1,  # the township's
        "suggestions_received": 1,
        "suggestions_answered": 1,
        "suggestions_on_time": 1,
    }
    assert report.correction_rate.value == Fraction(1, 1)
    assert report.correction_rate.label() == "100%"
    # the government made nothing in the scenario, and no cleanup finished
    assert report.documents == ()
    assert [(b.body, b.due, b.filed) for b in report.bodies] == [
        ("营口市人民政府", 0, 0),
        ("盖州市人大常委会", 0, 0),
    ]
    assert report.bodies[0].filing_rate.value is None
    assert report.campaigns == ()
    paragraph = rule_of_law_paragraph(report)
    assert "全年接收报送备案的规范性文件2件，其中按期报送1件、逾期报送1件" in paragraph
    assert "审查3件次，发现问题并提出审查意见1件次，已纠正1件，纠错率100%" in paragraph
    assert "办理公民、法人和其他组织提出的审查建议1件，均已在期限内书面答复。" in paragraph


def test_the_notice_names_the_township_that_never_filed_and_the_late_department(office, tmp_path):
    """The 通报 of the scenario's year (Word, as the office sends it): the department that filed
    late and the township whose document never came, each in its own table."""
    from docx import Document as open_docx

    from docfiler.outputs.review_notice import make_notice

    test_a_reviewers_year(office)
    written = make_notice(
        office=office, output=tmp_path / "通报.docx", year=2026, on=D(2026, 11, 26)
    )
    document = open_docx(str(written.path))
    text = "\n".join(p.text for p in document.paragraphs)
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert TOWN in text and DEPT in text
    late = next(r for r in rows if r[1] == OLD)
    assert late[3:] == ["2026.3.17", "2026.3.25", "8"]  # due, received, days late
    never = next(r for r in rows if r[1] == UNFILED)
    assert never[2] == "《九寨镇农村人居环境整治管理办法》"
    assert never[3:] == ["2026.5.21", "未报送", "189"]  # 05-21 to the notice's 11-26
