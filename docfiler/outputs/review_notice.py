"""The 通报 draft of a year (issue 12, item 5): the units whose documents fell due for filing in
the year and came late or not at all (queries.inbox.not_filed), one table per unit (文号, 文件名称,
应报送日期, 实际报送日期 or 未报送, 逾期天数), the totals in the opening paragraph and the 要求
after the tables. Same layout as the other letters (review_letters.write_letter)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.outputs import review_texts as texts
from docfiler.outputs.review_letters import default_sender, letter_number, write_letter
from docfiler.outputs.word import Group, WordOutput
from docfiler.queries.inbox import not_filed

UNFILED = "未报送"


@dataclass(frozen=True)
class Notice:
    """The text of one 通报 and the documents its tables list."""

    title: str
    title_lines: tuple[str, ...]
    intro: str
    groups: tuple[Group, ...]
    demands: str
    sender: str
    date: dt.date
    documents: tuple[str, ...]


def _row(index: int, item: dict[str, Any], on: dt.date) -> dict[str, str]:
    due = dt.date.fromisoformat(item["due_on"]) if item["due_on"] else None
    received = dt.date.fromisoformat(item["received_on"]) if item["received_on"] else None
    if received is not None:
        late = item["late_days"]
    else:
        late = (on - due).days if due is not None else None
    return {
        "no": str(index),
        "number": item["doc_number"],
        "title": texts.book(item["title"]),
        "due": texts.table_date(due),
        "received": texts.table_date(received) if received is not None else UNFILED,
        "late": str(late) if late is not None else "—",
    }


def notice_data(
    *, office: Office, year: int, on: dt.date | None = None, sender: str | None = None
) -> Notice:
    """The 通报 of `year` as of `on` (default today): documents not received by `on` count as
    未报送, and those not yet due by then are left out. Refused when there is nothing to report."""
    if not 1949 < year < 10000:
        raise ValidationError(f"年份“{year}”不对，请写四位年份，如 2026。")
    on = on or office.today()
    if on < dt.date(year, 1, 1):
        raise ValidationError(f"通报日期 {on} 早于{year}年，请核对年份或 --date。")
    units = not_filed(office=office, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), today=on)
    if not units:
        raise ValidationError(
            f"{year}年没有逾期报送或者未报送备案的文件（截至{on}），没有需要通报的内容。"
        )
    rules = office.rulebook
    records = [texts.UnitRecord(u["unit"], len(u["late"]), len(u["unfiled"])) for u in units]
    groups, documents = [], []
    for index, (unit, record) in enumerate(zip(units, records, strict=True), start=1):
        items = [*unit["late"], *unit["unfiled"]]
        rows = [_row(n, item, on) for n, item in enumerate(items, start=1)]
        groups.append(Group(heading=texts.unit_heading(index, record), rows=rows))
        documents += [item["doc_number"] for item in items]
    sender = default_sender(office, sender)
    days = rules.inbox_filing_days
    return Notice(
        title=texts.notice_title(sender, year),
        title_lines=tuple(texts.notice_title_lines(sender, year)),
        intro=texts.notice_intro(
            year=year, days=days, filing_body=rules.office_name, units=records, on=on
        ),
        groups=tuple(groups),
        demands=texts.notice_demands(
            days=days,
            materials=rules.inbox_materials,
            unfiled=any(record.unfiled for record in records),
        ),
        sender=sender,
        date=on,
        documents=tuple(documents),
    )


def make_notice(
    *,
    office: Office,
    output: Path,
    year: int,
    on: dt.date | None = None,
    number: str | None = None,
    sender: str | None = None,
    contact: str | None = None,
    template_dir: Path | None = None,
) -> WordOutput:
    """Write the 通报 draft of `year`; `number` its 发文字号 (left blank for a draft)."""
    notice = notice_data(office=office, year=year, on=on, sender=sender)
    output = Path(output)
    written = write_letter(
        output,
        title=notice.title,
        number=letter_number(number),
        addressee=texts.NOTICE_ADDRESSEE,
        lines=[notice.intro],
        sender=notice.sender,
        date=notice.date,
        template_dir=template_dir,
        contact=contact,
        groups=notice.groups,
        closing=notice.demands,
        broken_title=notice.title_lines,
    )
    return WordOutput(path=output, title=notice.title, rows=written, documents=notice.documents)
