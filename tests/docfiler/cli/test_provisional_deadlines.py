"""Deadlines in a year whose holiday notice is not out yet, as `show`, `remind` and `recount` give them.

Rules (domain.md, "Counting days"): "within 15 days of publication" ends on day 15 (民法典 art.
201), moved to the next working day when it is a rest day (art. 203). Before the State Council
announces a year's holidays only the fixed statutory holidays are certain rest days
(《全国年节及纪念日放假办法》art. 2, 国务院令第798号); a weekend may become a make-up working day
(调休). So the office is told the earliest the last day can be (暂定), the likely date beside it,
and every open due date is counted again once the year's schedule is entered.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from tests.docfiler.cli.conftest import Cli, publish_new_document, set_today

N = "盖政发〔2027〕1号"
CITY = "营口市人民政府"
NPC = "盖州市人大常委会"

# An invented 2027 Spring Festival schedule (the real notice is not out): 02-05..02-11 off,
# Sunday 01-31 and Saturday 02-13 worked.
SCHEDULE_2027 = """
[holidays.2027]
holidays = [2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11]
workdays = [2027-01-31, 2027-02-13]
"""


@pytest.fixture
def in_2027(cli: Cli, monkeypatch) -> Cli:
    set_today(monkeypatch, dt.date(2027, 2, 1))
    cli.ok("init")
    publish_new_document(
        cli,
        N,
        "盖州市某某管理办法",
        heard="2027-01-05",
        reviewed="2027-01-12",
        decided="2027-01-20",
        published="2027-01-29",
    )
    return cli


def filings(cli: Cli) -> dict[str, tuple[str, bool, str]]:
    view = cli.json("show", N)
    return {f["body"]: (f["due"], f["due_provisional"], f["due_likely"]) for f in view["filings"]}


def reminded(cli: Cli) -> dict[str, tuple[str, bool, str]]:
    result = cli("remind", "--json", "--days", "60")
    return {
        r["body"]: (r["due"], r["provisional"], r["due_likely"])
        for r in json.loads(result.out)
        if r["doc_number"] == N
    }


def enter_schedule() -> None:
    config = Path(os.environ["DOCFILER_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "rulebook.toml").write_text(SCHEDULE_2027, encoding="utf-8")


def test_before_the_notice_the_act_by_date_is_the_earliest_possible(in_2027: Cli):
    # 2027-01-29 + 15 = Saturday 02-13: it may be worked (调休), so act by it; Monday 02-15 likely.
    # + 30 = Sunday 02-28: act by it; Monday 03-01 likely.
    expected = {
        CITY: ("2027-02-13", True, "2027-02-15"),
        NPC: ("2027-02-28", True, "2027-03-01"),
    }
    assert filings(in_2027) == expected
    assert reminded(in_2027) == expected
    shown = in_2027.ok("show", N).out
    assert "2027-02-13（暂定；周末不调休则为 2027-02-15）" in shown


def test_publish_says_the_dates_are_provisional(cli: Cli, monkeypatch):
    set_today(monkeypatch, dt.date(2027, 2, 1))
    cli.ok("init")
    out = publish_new_document(
        cli,
        N,
        "盖州市某某管理办法",
        heard="2027-01-05",
        reviewed="2027-01-12",
        decided="2027-01-20",
        published="2027-01-29",
    ).out
    assert "应于 2027-02-13（暂定；周末不调休则为 2027-02-15） 前向 营口市人民政府 报送备案" in out


def test_the_entered_schedule_is_counted_when_the_database_is_next_opened(in_2027: Cli):
    enter_schedule()
    # 02-13 is now a make-up working day: the last day stays 02-13, no longer provisional;
    # 02-28 is a Sunday that is not worked: Monday 03-01.
    expected = {CITY: ("2027-02-13", False, "2027-02-13"), NPC: ("2027-03-01", False, "2027-03-01")}
    assert filings(in_2027) == expected
    assert reminded(in_2027) == expected
    log = in_2027.ok("recount").out
    assert log == "已核对 2 项未报送的备案，期限均无变化。\n"


def test_recount_lists_every_changed_date_and_audits_it_once(in_2027: Cli, monkeypatch):
    from docfiler.office import Office
    from docfiler.store.tables import AuditEntry

    enter_schedule()
    # Opened without the automatic recount, as a program that started before the edit would.
    real_recount = Office.recount_due_dates
    monkeypatch.setattr(Office, "recount_due_dates", lambda self, force=False: None)
    in_2027.ok("show", N)
    monkeypatch.setattr(Office, "recount_due_dates", real_recount)
    assert in_2027.ok("recount").out == (
        "已核对 2 项未报送的备案，2 项期限改变：\n"
        f"  {N} 向营口市人民政府：2027-02-13（暂定） → 2027-02-13\n"
        f"  {N} 向盖州市人大常委会：2027-02-28（暂定） → 2027-03-01\n"
    )
    office = Office.open(in_2027.url)
    with office.reading() as session:
        from sqlmodel import select

        entries = session.exec(select(AuditEntry).where(AuditEntry.action == "recount")).all()
    office.close()
    assert [e.summary for e in entries] == [
        "节假日安排或备案期限有变：重新计算 2 项未报送备案的期限，其中 2 项改变"
    ]


def test_national_day_is_never_a_due_date(cli: Cli, monkeypatch):
    set_today(monkeypatch, dt.date(2027, 9, 20))
    cli.ok("init")
    publish_new_document(
        cli,
        N,
        "盖州市某某管理办法",
        heard="2027-08-02",
        reviewed="2027-08-20",
        decided="2027-09-01",
        published="2027-09-16",
    )
    # Day 15 is 10-01 (国庆, fixed by 放假办法 art. 2: 10/1-10/3): act by Monday 10-04.
    assert filings(cli)[CITY] == ("2027-10-04", True, "2027-10-04")


def test_recount_moves_the_units_due_dates_and_their_days_late(in_2027: Cli, monkeypatch):
    """A unit's document is due with this office 15 days after publication (备案办法 art. 3):
    the holiday notice moves that date too, for a document not filed yet and for one received
    while its date was 暂定 (with its days late)."""
    from docfiler.office import Office

    in_2027.ok("authority", "add", "盖州市教育局", "--code", "盖教发")
    in_2027.ok(
        "inbox", "unfiled", "盖教发〔2027〕1号", "--unit", "盖州市教育局",
        "--title", "盖州市校外培训机构管理办法", "--published", "2027-01-29",
    )  # fmt: skip
    set_today(monkeypatch, dt.date(2027, 2, 12))
    in_2027.ok(
        "inbox", "receive", "盖教发〔2027〕2号", "--unit", "盖州市教育局",
        "--title", "盖州市中小学校食堂管理办法", "--published", "2027-01-25",
        "--received", "2027-02-11",
    )  # fmt: skip
    # Day 15 of the second is Tuesday 02-09, a working day as far as is known: received on 02-11,
    # two days late.
    assert in_2027.json("inbox", "show", "盖教发〔2027〕2号")["late_days"] == 2
    enter_schedule()
    # Opened without the automatic recount, as a program that started before the edit would.
    real_recount = Office.recount_due_dates
    monkeypatch.setattr(Office, "recount_due_dates", lambda self, force=False: None)
    in_2027.ok("show", N)
    monkeypatch.setattr(Office, "recount_due_dates", real_recount)
    assert in_2027.ok("recount").out == (
        "已核对 2 项未报送的备案和 2 件收文的报送期限，4 项期限改变：\n"
        f"  {N} 向营口市人民政府：2027-02-13（暂定） → 2027-02-13\n"
        f"  {N} 向盖州市人大常委会：2027-02-28（暂定） → 2027-03-01\n"
        "  盖教发〔2027〕1号（盖州市教育局报送本机关）：2027-02-13（暂定） → 2027-02-13\n"
        "  盖教发〔2027〕2号（盖州市教育局报送本机关）：2027-02-09（暂定） → 2027-02-12\n"
    )
    # 02-05..02-11 are now the Spring Festival holiday: due Friday 02-12, so received on time.
    shown = in_2027.json("inbox", "show", "盖教发〔2027〕2号")
    assert (shown["due_on"], shown["late_days"]) == ("2027-02-12", 0)
    assert in_2027.json("inbox", "show", "盖教发〔2027〕1号")["due_on"] == "2027-02-13"
