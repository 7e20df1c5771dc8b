"""Status derived from dated events: the Python rules, and the SQL form agreeing with them."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from docfiler.domain.status import document_status, parse_status, status_of
from docfiler.domain.vocabulary import STATUS_LABELS
from docfiler.errors import ValidationError
from docfiler.store.status_sql import status_case, status_clause
from docfiler.store.tables import Authority, Document
from tests.conftest import make_office

D = dt.date
DAY = dt.timedelta(days=1)
AS_OF = D(2020, 6, 15)
FIRST = D(2015, 1, 1)
LAST = D(2030, 12, 31)
DATE_FIELDS = ("published_on", "effective_on", "valid_until", "repealed_on", "declared_invalid_on")


def status(as_of: dt.date = AS_OF, **events: dt.date | None) -> str:
    """document_status with every event absent unless given."""
    return document_status(**{name: events.get(name) for name in DATE_FIELDS}, as_of=as_of)


# An ordinary document in force on AS_OF: published and in force well before it.
IN_FORCE = {
    "published_on": D(2019, 3, 1),
    "effective_on": D(2019, 4, 1),
    "valid_until": D(2024, 3, 31),
}


def in_force_with(**changes: dt.date | None) -> str:
    return status(**{**IN_FORCE, **changes})


# ---------------------------------------------------------------------------- document_status


def test_no_publication_is_a_draft():
    assert status() == "draft"
    assert status(effective_on=D(2019, 1, 1), valid_until=D(2021, 1, 1)) == "draft"


def test_publication_after_as_of_is_still_a_draft():
    assert in_force_with(published_on=AS_OF + DAY, effective_on=AS_OF + 2 * DAY) == "draft"


def test_publication_on_as_of_counts():
    assert in_force_with(published_on=AS_OF, effective_on=None) == "in_force"


def test_published_but_effective_later_is_published():
    assert in_force_with(published_on=AS_OF - DAY, effective_on=AS_OF + DAY) == "published"
    assert in_force_with(published_on=AS_OF, effective_on=AS_OF + DAY) == "published"


def test_in_force_from_its_effective_day():
    assert in_force_with(published_on=AS_OF - DAY, effective_on=AS_OF) == "in_force"


def test_without_an_effective_date_publication_puts_it_in_force():
    assert in_force_with(effective_on=None) == "in_force"


def test_in_force_without_any_end_date():
    assert in_force_with(valid_until=None) == "in_force"


def test_still_in_force_on_valid_until_and_lapsed_the_day_after():
    assert in_force_with(valid_until=AS_OF) == "in_force"
    assert in_force_with(valid_until=AS_OF - DAY) == "lapsed"
    assert in_force_with(valid_until=AS_OF + DAY) == "in_force"


def test_repealed_on_the_repeal_day_itself():
    assert in_force_with(repealed_on=AS_OF) == "repealed"
    assert in_force_with(repealed_on=AS_OF + DAY) == "in_force"
    assert in_force_with(repealed_on=AS_OF - 30 * DAY) == "repealed"


def test_declared_invalid_on_the_declaration_day_itself():
    assert in_force_with(declared_invalid_on=AS_OF) == "declared_invalid"
    assert in_force_with(declared_invalid_on=AS_OF + DAY) == "in_force"
    assert in_force_with(declared_invalid_on=AS_OF - 30 * DAY) == "declared_invalid"


def test_end_events_before_effectiveness_do_not_hide_draft_or_published():
    ended = {"repealed_on": D(2019, 1, 1), "declared_invalid_on": D(2019, 1, 1)}
    assert status(**ended, valid_until=D(2019, 1, 1)) == "draft"
    assert (
        in_force_with(**ended, published_on=D(2019, 1, 1), effective_on=AS_OF + DAY) == "published"
    )


def test_the_earliest_end_event_wins():
    early, late = AS_OF - 20 * DAY, AS_OF - 10 * DAY
    assert in_force_with(repealed_on=early, declared_invalid_on=late) == "repealed"
    assert in_force_with(repealed_on=late, declared_invalid_on=early) == "declared_invalid"
    assert in_force_with(valid_until=early, repealed_on=late) == "lapsed"
    assert in_force_with(valid_until=early, declared_invalid_on=late) == "lapsed"
    assert in_force_with(valid_until=late, repealed_on=early) == "repealed"
    # An end event still in the future does not count yet.
    assert in_force_with(valid_until=early, repealed_on=AS_OF + DAY) == "lapsed"


def test_an_act_on_valid_until_beats_lapsing():
    last_day = AS_OF - 10 * DAY
    assert in_force_with(valid_until=last_day, repealed_on=last_day) == "repealed"
    assert in_force_with(valid_until=last_day, declared_invalid_on=last_day) == "declared_invalid"


def test_a_repeal_the_day_after_valid_until_is_too_late():
    last_day = AS_OF - 10 * DAY
    assert in_force_with(valid_until=last_day, repealed_on=last_day + DAY) == "lapsed"
    assert in_force_with(valid_until=last_day, declared_invalid_on=last_day + DAY) == "lapsed"


def test_declared_invalid_beats_repealed_on_the_same_day():
    day = AS_OF - 10 * DAY
    assert in_force_with(repealed_on=day, declared_invalid_on=day) == "declared_invalid"
    assert (
        in_force_with(valid_until=day, repealed_on=day, declared_invalid_on=day)
        == "declared_invalid"
    )


def test_status_of_reads_the_events_off_a_document():
    document = SimpleNamespace(**{name: None for name in DATE_FIELDS})
    assert status_of(document, AS_OF) == "draft"
    document.published_on = D(2020, 1, 1)
    document.valid_until = D(2020, 6, 14)
    assert status_of(document, AS_OF) == "lapsed"
    assert status_of(document, D(2020, 6, 14)) == "in_force"


# ---------------------------------------------------------------------------- parse_status


@pytest.mark.parametrize("code", list(STATUS_LABELS))
def test_parse_status_accepts_codes_and_labels(code):
    assert parse_status(code) == code
    assert parse_status(STATUS_LABELS[code]) == code
    assert parse_status(f"  {STATUS_LABELS[code]} ") == code


def test_parse_status_labels():
    assert parse_status("现行有效") == "in_force"
    assert parse_status("已宣布失效") == "declared_invalid"
    assert parse_status("已失效") == "lapsed"


@pytest.mark.parametrize("text", ["有效", "in force", "IN_FORCE", "", "废止"])
def test_parse_status_refuses_unknown_text_in_chinese(text):
    with pytest.raises(ValidationError) as refused:
        parse_status(text)
    message = str(refused.value)
    assert f"状态“{text}”无法识别" in message
    assert "可选" in message
    for code, label in STATUS_LABELS.items():
        assert f"{code}（{label}）" in message


def test_status_clause_refuses_an_unknown_code():
    with pytest.raises(ValueError):
        status_clause(Document, "valid", AS_OF)


# ---------------------------------------------------------------------------- SQL = Python


def document_row(index: int, events: dict[str, dt.date | None]) -> dict:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return {
        "id": index,
        "doc_number": f"盖政发〔2016〕{index}号",
        "agency_code": "盖政发",
        "year": 2016,
        "serial": index,
        "title": f"测试文件{index}",
        "authority_id": None,  # filled in by owned_by_the_government() before inserting
        "kind": "regular",
        "is_sample": False,
        "created_at": now,
        "updated_at": now,
        "version": 1,
        **{name: events[name] for name in DATE_FIELDS},
    }


def check_sql_agrees(connection, rows: list[dict], as_of: dt.date) -> None:
    """Every status_clause selects exactly the Python status's rows; status_case says the same."""
    expected = {row["id"]: status_of(SimpleNamespace(**row), as_of) for row in rows}
    for code in STATUS_LABELS:
        found = set(
            connection.execute(
                select(Document.id).where(status_clause(Document, code, as_of))
            ).scalars()
        )
        wanted = {ident for ident, value in expected.items() if value == code}
        assert found == wanted, (code, as_of, [r for r in rows if r["id"] in found ^ wanted])
    cased = dict(connection.execute(select(Document.id, status_case(Document, as_of))).all())
    assert cased == expected


@pytest.fixture(scope="module")
def status_db(tmp_path_factory) -> Iterator:
    """One SQLite office for the whole property test, kept away from the real config."""
    home = tmp_path_factory.mktemp("status_home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCFILER_CONFIG_DIR", str(home / "config"))
        patch.setenv("DOCFILER_DATA_DIR", str(home / "data"))
        patch.delenv("DOCFILER_DATABASE_URL", raising=False)
        office = make_office(f"sqlite:///{home / 'status.db'}")
    yield office
    office.close()


def owned_by_the_government(connection, rows: list[dict]) -> list[dict]:
    """The rows, issued by 盖州市人民政府 as the database numbers it (no id is assumed)."""
    authority = connection.execute(
        select(Authority.id).where(Authority.name == "盖州市人民政府")
    ).scalar_one()
    return [{**row, "authority_id": authority} for row in rows]


@st.composite
def scenarios(draw) -> tuple[list[dict], list[dt.date]]:
    """Random documents and as_of days; dates often fall near each other so ties happen."""
    anchor = draw(st.dates(FIRST + 20 * DAY, LAST - 20 * DAY))
    near = st.integers(-6, 6).map(lambda offset: anchor + offset * DAY)
    any_day = st.one_of(near, st.dates(FIRST, LAST))
    maybe = st.one_of(st.none(), any_day)
    count = draw(st.integers(1, 25))
    rows = []
    for index in range(1, count + 1):
        published = draw(maybe)
        if published is not None and draw(st.booleans()):
            effective = draw(
                st.one_of(
                    st.integers(0, 5).map(lambda offset, p=published: p + offset * DAY),
                    st.dates(published, LAST),
                )
            )
        elif published is None:
            effective = draw(maybe)
        else:
            effective = None
        events = {
            "published_on": published,
            "effective_on": effective,
            "valid_until": draw(maybe),
            "repealed_on": draw(maybe),
            "declared_invalid_on": draw(maybe),
        }
        rows.append(document_row(index, events))
    as_ofs = draw(st.lists(any_day, min_size=1, max_size=4))
    return rows, as_ofs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios())
def test_sql_status_agrees_with_python_on_random_documents(status_db, scenario):
    rows, as_ofs = scenario
    with status_db.engine.connect() as connection:
        transaction = connection.begin()
        try:
            connection.execute(delete(Document))
            connection.execute(
                Document.__table__.insert(), owned_by_the_government(connection, rows)
            )
            for as_of in as_ofs:
                check_sql_agrees(connection, rows, as_of)
        finally:
            transaction.rollback()


def fixed_rows(seed: int, count: int) -> tuple[list[dict], list[dt.date]]:
    """Reproducible random documents crowded around a few days, plus every tie by hand."""
    rng = random.Random(seed)
    pivots = [D(2016, 2, 29), D(2020, 6, 15), D(2024, 12, 31)]

    def day() -> dt.date | None:
        roll = rng.random()
        if roll < 0.25:
            return None
        if roll < 0.8:
            return rng.choice(pivots) + rng.randint(-3, 3) * DAY
        return FIRST + rng.randint(0, (LAST - FIRST).days) * DAY

    rows = []
    for _ in range(count):
        published = day()
        effective = day()
        if published is not None and effective is not None and effective < published:
            effective = published + rng.randint(0, 3) * DAY
        events = {
            "published_on": published,
            "effective_on": effective,
            "valid_until": day(),
            "repealed_on": day(),
            "declared_invalid_on": day(),
        }
        rows.append(events)
    # Hand-made ties around one last valid day V, seen from V - 1 … V + 2.
    v = D(2020, 6, 15)
    base = {"published_on": D(2018, 1, 1), "effective_on": D(2018, 2, 1), "valid_until": v}
    for repealed in (None, v - DAY, v, v + DAY):
        for invalid in (None, v - DAY, v, v + DAY):
            rows.append({**base, "repealed_on": repealed, "declared_invalid_on": invalid})
    as_ofs = [p + offset * DAY for p in pivots for offset in (-2, -1, 0, 1, 2)]
    return [document_row(i, events) for i, events in enumerate(rows, start=1)], as_ofs


def test_sql_status_agrees_with_python_on_both_back_ends(office):
    rows, as_ofs = fixed_rows(seed=20161001, count=300)
    with office.engine.begin() as connection:
        connection.execute(Document.__table__.insert(), owned_by_the_government(connection, rows))
    with office.engine.connect() as connection:
        for as_of in as_ofs:
            check_sql_agrees(connection, rows, as_of)
    # Sanity: the fixed rows really exercise every status on at least one of the days.
    seen = {status_of(SimpleNamespace(**row), as_of) for row in rows for as_of in as_ofs}
    assert seen == set(STATUS_LABELS)
