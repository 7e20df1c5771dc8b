"""Text tests written once and compiled for each database (SQLite and PostgreSQL).

The register searches titles for words. SQLite and PostgreSQL spell the fast substring test
differently (`instr` / `strpos`) and fold letter case differently in LIKE (SQLite folds ASCII
letters, PostgreSQL folds nothing unless asked with ILIKE). Each construct here is one SQL
expression with one meaning, and a compiler per dialect, so a query built in `docfiler.queries`
runs unchanged on both: no query there calls a database's own function by name.
"""

from __future__ import annotations

from sqlalchemy import Boolean, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

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
