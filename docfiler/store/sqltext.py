"""Text expressions written once and compiled for each database (SQLite and PostgreSQL).

Dates as clerks write them (`date_label_sql`), so a row can be written by one INSERT … SELECT.
The register searches titles for words. SQLite and PostgreSQL spell the fast substring test
differently (`instr` / `strpos`) and fold letter case differently in LIKE (SQLite folds ASCII
letters, PostgreSQL folds nothing unless asked with ILIKE). Each construct here is one SQL
expression with one meaning, and a compiler per dialect, so a query built in `docfiler.queries`
runs unchanged on both: no query there calls a database's own function by name.
"""

from __future__ import annotations

import json

from sqlalchemy import ARRAY, Boolean, Integer, String, any_, bindparam, cast, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

_ESCAPE = "/"


class has_substring(FunctionElement):
    """`text` contains `word` exactly (letter case kept): true, false, or NULL for NULL text."""

    type = Boolean()
    name = "has_substring"
    inherit_cache = True


@compiles(has_substring)
def _has_substring(element, compiler, **kw) -> str:
    text, word = (compiler.process(c, **kw) for c in element.clauses)
    return f"(position({word} IN {text}) > 0)"


@compiles(has_substring, "sqlite")
def _has_substring_sqlite(element, compiler, **kw) -> str:
    text, word = (compiler.process(c, **kw) for c in element.clauses)
    return f"(instr({text}, {word}) > 0)"


@compiles(has_substring, "postgresql")
def _has_substring_postgresql(element, compiler, **kw) -> str:
    text, word = (compiler.process(c, **kw) for c in element.clauses)
    return f"(strpos({text}, {word}) > 0)"


class _contains_folded(FunctionElement):
    type = Boolean()
    name = "contains_folded"
    inherit_cache = True


@compiles(_contains_folded)
def _contains_folded_default(element, compiler, **kw) -> str:
    text, pattern = (compiler.process(c, **kw) for c in element.clauses)
    return f"({text} LIKE {pattern} ESCAPE '{_ESCAPE}')"


@compiles(_contains_folded, "postgresql")
def _contains_folded_postgresql(element, compiler, **kw) -> str:
    text, pattern = (compiler.process(c, **kw) for c in element.clauses)
    return f"({text} ILIKE {pattern} ESCAPE '{_ESCAPE}')"


def contains_folded(text, word: str):
    """`text` contains `word`, letter case ignored (A matches a; SQLite folds ASCII letters
    only): LIKE on SQLite, ILIKE on PostgreSQL. `%`, `_` and the escape character in `word` stand for themselves."""
    escaped = word.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%")
    escaped = escaped.replace("_", _ESCAPE + "_")
    return _contains_folded(text, literal(f"%{escaped}%"))


class date_label_sql(FunctionElement):
    """A DATE column as `docfiler.domain.labels.date_label` writes it: 2016年3月1日.

    NULL stays NULL (date_label's — is for screens; a NULL date has no label in a row).
    """

    type = String()
    name = "date_label_sql"
    inherit_cache = True


@compiles(date_label_sql)
def _date_label_default(element, compiler, **kw) -> str:
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    parts = [f"CAST(EXTRACT({field} FROM {day}) AS INTEGER)" for field in ("YEAR", "MONTH", "DAY")]
    return _label(parts)


@compiles(date_label_sql, "sqlite")
def _date_label_sqlite(element, compiler, **kw) -> str:
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    # SQLite keeps a date as its ISO text, YYYY-MM-DD.
    parts = [f"CAST(substr({day}, {start}, {size}) AS INTEGER)" for start, size in _ISO_PARTS]
    return _label(parts)


_ISO_PARTS = ((1, 4), (6, 2), (9, 2))


def _label(parts: list[str]) -> str:
    year, month, day = (f"CAST({p} AS TEXT)" for p in parts)
    return f"({year} || '年' || {month} || '月' || {day} || '日')"


class _IdListText(TypeDecorator):
    """A list of ids bound as one JSON text ("[1,2,3]"), for SQLite's json_each."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else json.dumps(list(value))


class _IdArrayText(TypeDecorator):
    """A list of ids bound as one PostgreSQL array literal ("{1,2,3}"), cast to int[] by the
    server: psycopg dumps a Python list element by element (1.5 s of `list --json` at 100k)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else "{" + ",".join(str(int(v)) for v in value) + "}"


def one_of_ids(column, dialect_name: str, name: str = "ids"):
    """`column` is one of the ids bound later as `name` (a list): the whole list is one
    parameter, so the statement is compiled once and cached, however long the list (a
    thousand placeholders rendered per call cost more than the query). PostgreSQL:
    `= ANY(array)`. SQLite: `IN (SELECT value FROM json_each(text))` — json_each is built into
    every SQLite since 3.38 (and into Python's own before that). Anything else: expanding IN."""
    if dialect_name == "postgresql":
        return column == any_(cast(bindparam(name, type_=_IdArrayText()), ARRAY(Integer)))
    if dialect_name == "sqlite":
        ids = func.json_each(bindparam(name, type_=_IdListText())).table_valued("value")
        return column.in_(select(ids.c.value))
    return column.in_(bindparam(name, expanding=True))
