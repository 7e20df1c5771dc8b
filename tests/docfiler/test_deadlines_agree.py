"""Every screen shows the same due date, also after a year's holiday schedule is entered.

A filing due in a year whose 国务院 holiday notice is not yet out is stored as provisional. When
the office adds `[holidays.2027]` to its rulebook, the dashboard, the document's detail (and
`show`) and the register must all give the recounted date: one deadlines module, no stale copy.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from docfiler import services
from docfiler.queries import register as browse
from docfiler.queries.documents import show_document
from docfiler.queries.reminders import reminders
from tests.conftest import make_office

D = dt.date
N = "盖政发〔2027〕3号"
PUBLISHED = D(2027, 9, 16)
TODAY = D(2027, 10, 12)

# An invented 2027 National Day schedule (the real one is not published yet): 10-01..10-07 off,
# Sunday 9-26 and Saturday 10-09 worked.
HOLIDAYS_2027 = """
[holidays.2027]
holidays = [2027-10-01, 2027-10-02, 2027-10-03, 2027-10-04, 2027-10-05, 2027-10-06, 2027-10-07]
workdays = [2027-09-26, 2027-10-09]
"""


def publish_in_2027(office) -> None:
    services.register_document(office=office, number=N, title="盖州市某某管理办法")
    services.record_opinions(office=office, number=N, on=D(2027, 8, 2))
    services.submit_review(office=office, number=N, submitted=D(2027, 8, 10))
    services.finish_review(office=office, number=N, finished=D(2027, 8, 20), outcome="合法")
    services.record_decision(
        office=office, number=N, meeting="市政府第9次常务会议", on=D(2027, 9, 1)
    )
    services.publish(office=office, number=N, on=PUBLISHED)


def due_everywhere(office) -> dict[str, object]:
    view = show_document(office=office, number=N)
    items = [r for r in reminders(office=office, days=30) if r.doc_number == N]
    page = browse.register_page(office=office, filters=browse.RegisterFilter(search=N))
    return {
        "detail": [(f["body"], f["due"], f["due_provisional"]) for f in view["filings"]],
        "dashboard": [(r.party, r.due.isoformat(), r.provisional) for r in items],
        "register": page.rows[0].filing.text,
    }


def test_a_holiday_year_added_later_moves_every_screen_together(db_url):
    office = make_office(db_url, today=TODAY)
    publish_in_2027(office)
    before = due_everywhere(office)
    # 2027 not yet announced: day 15 is Friday 10-01, a fixed holiday (国庆 10/1-10/3, 放假办法
    # art. 2), so the act-by date is Monday 10-04; day 30 is Saturday 10-16, which may become a
    # make-up working day, so it stays (Monday 10-18 is only likely).
    assert before["detail"] == [
        ("营口市人民政府", "2027-10-04", True),
        ("盖州市人大常委会", "2027-10-16", True),
    ]
    assert before["dashboard"] == [
        ("营口市人民政府", "2027-10-04", True),
        ("盖州市人大常委会", "2027-10-16", True),
    ]
    assert before["register"] == "逾期 8 日"
    office.close()

    Path(os.environ["DOCFILER_CONFIG_DIR"]).mkdir(parents=True, exist_ok=True)
    (Path(os.environ["DOCFILER_CONFIG_DIR"]) / "rulebook.toml").write_text(
        HOLIDAYS_2027, encoding="utf-8"
    )
    office = make_office(db_url, today=TODAY)
    after = due_everywhere(office)
    # 10-01..10-07 are holidays: the last day moves to Friday 10-08, no longer provisional.
    assert after["detail"] == [
        ("营口市人民政府", "2027-10-08", False),
        ("盖州市人大常委会", "2027-10-18", False),
    ]
    assert after["dashboard"] == [
        ("营口市人民政府", "2027-10-08", False),
        ("盖州市人大常委会", "2027-10-18", False),
    ]
    assert after["register"] == "逾期 4 日"
    office.close()
