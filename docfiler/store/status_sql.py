"""The SQL twin of docfiler.domain.status: the same status rules as SQL conditions.

A property test (tests/docfiler/test_status.py) proves the two agree on every combination of dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, or_

from docfiler.domain.vocabulary import STATUS_LABELS


def in_force_clause(table: Any, as_of: dt.date):
    """SQL condition: the document is in force on `as_of`."""
    return and_(
        table.published_on.is_not(None),
        table.published_on <= as_of,
        or_(table.effective_on.is_(None), table.effective_on <= as_of),
        or_(table.valid_until.is_(None), table.valid_until >= as_of),
        or_(table.repealed_on.is_(None), table.repealed_on > as_of),
        or_(table.declared_invalid_on.is_(None), table.declared_invalid_on > as_of),
    )


def not_ended_clause(table: Any, as_of: dt.date):
    """SQL condition: by `as_of` the document was neither repealed nor declared invalid, nor
    past its validity (a draft or a document published or in force)."""
    return and_(
        or_(table.repealed_on.is_(None), table.repealed_on > as_of),
        or_(table.declared_invalid_on.is_(None), table.declared_invalid_on > as_of),
        or_(table.valid_until.is_(None), table.valid_until >= as_of),
    )


def status_clause(table: Any, status: str, as_of: dt.date):
    """SQL condition selecting documents whose derived status on `as_of` is `status`."""
    published = and_(table.published_on.is_not(None), table.published_on <= as_of)
    effective = or_(table.effective_on.is_(None), table.effective_on <= as_of)
    invalid_by = and_(table.declared_invalid_on.is_not(None), table.declared_invalid_on <= as_of)
    repealed_by = and_(table.repealed_on.is_not(None), table.repealed_on <= as_of)
    lapsed_by = and_(table.valid_until.is_not(None), table.valid_until < as_of)
    # Ties follow document_status(): an act on valid_until beats lapsing, which comes after.
    lapse_day = table.valid_until
    if status == "draft":
        return or_(table.published_on.is_(None), table.published_on > as_of)
    if status == "published":
        return and_(published, table.effective_on.is_not(None), table.effective_on > as_of)
    if status == "in_force":
        return in_force_clause(table, as_of)
    base = and_(published, effective)
    if status == "declared_invalid":
        return and_(
            base,
            invalid_by,
            or_(~repealed_by, table.declared_invalid_on <= table.repealed_on),
            or_(~lapsed_by, table.declared_invalid_on <= lapse_day),
        )
    if status == "repealed":
        return and_(
            base,
            repealed_by,
            or_(~invalid_by, table.repealed_on < table.declared_invalid_on),
            or_(~lapsed_by, table.repealed_on <= lapse_day),
        )
    if status == "lapsed":
        return and_(
            base,
            lapsed_by,
            or_(~invalid_by, lapse_day < table.declared_invalid_on),
            or_(~repealed_by, lapse_day < table.repealed_on),
        )
    raise ValueError(status)


def status_case(table: Any, as_of: dt.date):
    """SQL expression giving the status code, for sorting and display."""
    return case(
        *[(status_clause(table, code, as_of), code) for code in STATUS_LABELS],
        else_="draft",
    )
