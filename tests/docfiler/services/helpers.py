"""Shared steps for the rule tests: a document taken through the procedure by hand.

Every expectation in these tests is written out by hand (dates, Chinese message fragments).
Nothing here reads a service function's return value: the tests look at the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from docfiler import services
from docfiler.rules.rulebook import Rulebook
from docfiler.store.tables import AuditEntry, Document, Filing

D = dt.date
N = "盖政发〔2016〕9号"
TITLE = "盖州市城乡居民临时救助实施办法"
CITY = "营口市人民政府"
CONGRESS = "盖州市人大常委会"
MEETING = "盖州市人民政府第18次常务会议"

# The dates of the ordinary history used throughout: opinions, review, decision, publication.
OPINIONS = D(2016, 1, 10)
SUBMITTED = D(2016, 1, 20)
CLEARED = D(2016, 2, 2)
DECIDED = D(2016, 2, 20)
PUBLISHED = D(2016, 3, 1)


def with_validity_defaults(office, folder, years: int = 5, interim: int = 2) -> None:
    """Turn on a default validity period in the office's rulebook, as a province with one does
    (上海市政府令第26号: 5 years, 暂行/试行 2 years). domain.md: none unless stated or configured."""
    path = folder / "rulebook.toml"
    path.write_text(
        f"[validity]\ndefault_years = {years}\ninterim_years = {interim}\n", encoding="utf-8"
    )
    office.rulebook = Rulebook.load(path)


def register(office, number: str = N, title: str = TITLE, **kwargs: Any) -> None:
    services.register_document(office=office, number=number, title=title, **kwargs)


def hear_and_review(office, number: str = N, outcome: str = "合法") -> None:
    """Opinions heard 2016-01-10, review submitted 2016-01-20 and finished 2016-02-02."""
    services.record_opinions(office=office, number=number, on=OPINIONS)
    services.submit_review(office=office, number=number, submitted=SUBMITTED)
    services.finish_review(office=office, number=number, finished=CLEARED, outcome=outcome)


def ready(office, number: str = N, title: str = TITLE, **kwargs: Any) -> None:
    """Registered, heard, reviewed 合法 and decided 2016-02-20: ready to be published."""
    register(office, number, title, **kwargs)
    hear_and_review(office, number)
    services.record_decision(office=office, number=number, meeting=MEETING, on=DECIDED)


def published(office, number: str = N, on: dt.date = PUBLISHED, **kwargs: Any) -> None:
    """Ready and published on `on` (2016-03-01 unless told)."""
    ready(office, number, **kwargs)
    services.publish(office=office, number=number, on=on)


def document(office, number: str = N) -> Document:
    with office.reading() as session:
        return session.execute(select(Document).where(Document.doc_number == number)).scalar_one()


def version(office, number: str = N) -> int:
    return document(office, number).version


def filings(office, number: str = N) -> dict[str, Filing]:
    with office.reading() as session:
        rows = session.execute(
            select(Filing)
            .join(Document, Document.id == Filing.document_id)
            .where(Document.doc_number == number)
        ).scalars()
        return {row.body: row for row in rows}


def audit_actions(office) -> list[str]:
    with office.reading() as session:
        return list(session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars())


def snapshot(office) -> dict[str, list[tuple]]:
    """Every row of every table, for 'a refused write changed nothing'."""
    with office.engine.connect() as connection:
        names = [
            name for name in inspect(connection).get_table_names() if name != "alembic_version"
        ]
        return {
            name: sorted(
                (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))),
                key=repr,
            )
            for name in names
        }


def refused(office, error: type[Exception], fragment: str, write, **kwargs: Any) -> str:
    """`write(office=office, **kwargs)` is refused with `error` naming `fragment`; nothing changes."""
    before = snapshot(office)
    with pytest.raises(error) as caught:
        write(office=office, **kwargs)
    message = str(caught.value)
    assert fragment in message
    assert snapshot(office) == before, "a refused write must leave the database untouched"
    return message
