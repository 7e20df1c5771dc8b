"""The register's search box as SQL: title words and any piece of a document number.

One meaning on every surface (the TUI register, `docfiler list --search`, the palette): each
word of the search must match, and a word matches a document when

- the search as a whole reads as the start of a number (`盖政发[2016]9`, `盖政发2016`): a range
  on the canonical number, an index seek (`docnumber.search_variants`);
- it is a piece of a number with a bracket or 号 (`〔2016〕9`, `2019〕21`, `9号`, `第46号`): the
  canonical number contains it, and a year it pins (`〔2016`) or the years it starts
  (`〔201`: 2010–2019) are tested on the year column too, so an index can seek them;
- it has digits but no bracket (`2016`, `117`): the title or the number contains it;
- a search read as the start of a number that starts none (`财发〔2020`: no agency code 财发)
  is read as a piece of one (`reads_as_fragment`);
- it has no digits (`救助`, `盖政发`, `政办发`): the title contains it, or — when some registered
  agency code contains the word — the number does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, exists, or_, select, true

from docfiler.domain import docnumber
from docfiler.domain.docnumber_text import clean
from docfiler.store.sqltext import contains_folded, has_substring
from docfiler.store.tables import AgencyCode, Document

TitleTest = Callable[[object, str], object]


def search_clause(text: str, *, title_test: TitleTest | None = None, fragments: bool = False):
    """The condition for a search box's text (see the module's docstring).

    `title_test(column, word)` tests a title word; by default `contains_folded` (letter case
    ignored), which the register replaces by the faster exact test for words without case.
    `fragments`: read each word as a piece of a number even when the search reads as the start
    of one (see `reads_as_fragment`).
    """
    text = text.strip()
    prefix = None if fragments else docnumber.search_variants(text)
    if prefix:
        return number_range(prefix)
    words = [w for w in text.split() if w]
    if not words:
        return true()
    test = title_test or contains_folded
    return and_(*[word_clause(word, test) for word in words])


def number_range(prefix: str):
    """Numbers that start with the canonical `prefix`: a range the doc_number index serves."""
    return and_(Document.doc_number >= prefix, Document.doc_number < prefix + "\U0010ffff")


def reads_as_fragment(session, text: str) -> bool:
    """Whether a search that reads as the start of a number (`财发〔2020`: 财发 taken for an
    agency code) starts no registered number, and is a piece of one: it is then searched for
    as a piece (`search_clause(…, fragments=True)`). One indexed probe: ordered by doc_number,
    or PostgreSQL, expecting a broad range to match early, scans the table for it (300k: up to
    50 ms where the index answers in 0.1 ms)."""
    prefix = docnumber.search_variants(text.strip())
    if prefix is None or docnumber.number_fragment(text.strip()) is None:
        return False
    probe = select(Document.id).where(number_range(prefix)).order_by(Document.doc_number).limit(1)
    return session.execute(probe).first() is None


def _in_number(fragment):
    in_number = has_substring(Document.doc_number, fragment.text)
    if fragment.year is not None:
        return and_(Document.year == fragment.year, in_number)
    years = docnumber.prefix_years(fragment.text)
    if years is not None:  # `〔201`: a year from 2010 to 2019, which an index can seek
        in_number = and_(Document.year.between(*years), in_number)
    return in_number


def word_clause(word: str, title_test: TitleTest):
    """One word of a search: a title word, a piece of a number, or both."""
    fragment = docnumber.number_fragment(word)
    if fragment is None:
        in_codes = exists(select(AgencyCode.code).where(has_substring(AgencyCode.code, word)))
        in_number = and_(in_codes, has_substring(Document.doc_number, word))
        return or_(title_test(Document.title, word), in_number)
    in_number = _in_number(fragment)
    if fragment.number_only:
        return in_number
    return or_(title_test(Document.title, word), in_number)


Span = tuple[int, int]


def match_spans(search: str, number: str, title: str) -> tuple[list[Span], list[Span]]:
    """Where the search matched a document: (start, end) character spans in its canonical
    `number` and in its `title`, for a list or a palette to highlight. The same reading of the
    search as `search_clause` (a number prefix, pieces of numbers, title words)."""
    return marker(search).spans(number, title)


@dataclass(frozen=True)
class Marker:
    """A search read once (`marker`), to mark many rows: a page of the register is 50."""

    prefix: str | None
    in_number: tuple[str, ...]  # pieces looked for in the canonical number
    in_title: tuple[str, ...]  # words looked for in the title, letter case ignored

    def spans(self, number: str, title: str) -> tuple[list[Span], list[Span]]:
        if self.prefix and number.startswith(self.prefix):
            return [(0, len(self.prefix))], []
        in_number = [span for piece in self.in_number for span in _spans(number, piece)]
        in_title = [span for word in self.in_title for span in _spans(title, word, fold=True)]
        return _merged(in_number), _merged(in_title)


def marker(search: str | None) -> Marker:
    """The search as `match_spans` reads it."""
    text = (search or "").strip()
    if not text:
        return Marker(None, (), ())
    in_number: list[str] = []
    in_title: list[str] = []
    for word in text.split():
        fragment = docnumber.number_fragment(word)
        in_number.append(fragment.text if fragment else clean(word))
        if fragment is None or not fragment.number_only:
            in_title.append(word)
    return Marker(docnumber.search_variants(text), tuple(in_number), tuple(in_title))


def _spans(text: str, word: str, *, fold: bool = False) -> list[Span]:
    if not word:
        return []
    haystack, needle = (text.casefold(), word.casefold()) if fold else (text, word)
    if len(haystack) != len(text):  # casefold changed the length (ß → ss): exact only
        haystack, needle = text, word
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return found


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
