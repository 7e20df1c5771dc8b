"""`docfiler export` on two cores (issue 15): the workbook's sheets built by two processes.

The export is pure Python for the most part (a row's cells, then its XML), so one process uses
one core. From PARALLEL_FROM documents on, where the machine lets the command use two cores, a
forked helper (`store.forked.aside`) builds the 备案 sheet and the three after it while the
command builds the 文件 sheet:

- both read one state of the database (`store.shared_snapshot`): the workbook is the same
  snapshot it always was;
- the helper reads the filings once, as one process did: each document's 备案情况, made for
  the 备案 sheet, is sent to the command (a thousand at a time, through the helper's pipe) for
  the 文件 sheet's column of that name;
- the helper writes its sheets' XML into a temporary file, uncompressed, and says where each
  one is once it is complete (`outputs.xlsx.Part`); the command copies them into the workbook
  after its own 文件 sheet (compressing them then: 0.1–0.2 s for the 备案 sheet at 100,000
  documents), and writes 制定机关 last;
- the command's failure or Ctrl-C stops the helper (and removes its file); the helper's
  failure reaches the command as its own exception, in Chinese, and nothing is written under
  the workbook's name (`outputs.workbook.write_atomically`).

The workbook is cell for cell the one a single process writes (the tests compare them).
`DOCFILER_WORKERS=1` keeps everything in the command's process; so do a year's list (one
sheet), a caller that follows the progress or may cancel, a process running other threads
(unless DOCFILER_WORKERS asks for two), a system without fork, and a fork that fails.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from docfiler.errors import DocfilerError
from docfiler.office import Office
from docfiler.outputs.xlsx import Part, Prebuilt, write_parts
from docfiler.queries.export_rows import Selection, register_sheets
from docfiler.store import forked

PARALLEL_FROM = 4000
"""Documents from which a helper pays for its fork (like `list --json`)."""
NOTES = 1000
"""备案情况 sent to the command at a time."""
_READY, _NOTES, _NOTES_END, _PART = "ready", "notes", "notes-end", "part"


def in_two(office: Office, selection: Selection) -> bool:
    """Whether to build this export in two processes (see the module's text)."""
    if selection.year is not None or forked.worker_count(2) < 2:
        return False
    if forked.WORKERS_VARIABLE in os.environ:  # asked for two: so be it, however few documents
        return True
    if threading.active_count() > 1:  # a fork copies other threads' locks, not their owners
        return False
    from sqlalchemy import func, select

    from docfiler.store.tables import Document

    with office.reading() as session:
        return session.scalar(select(func.count()).select_from(Document)) >= PARALLEL_FROM


@contextmanager
def split_sheets(office: Office, selection: Selection) -> Iterator[list]:
    """The sheets for `outputs.xlsx.write_workbook`: 文件, the helper's (`Prebuilt`), 制定机关;
    or, when the database state cannot be shared, all six read by this process."""
    from docfiler.store.shared_snapshot import shared_snapshot

    engine, rules = office.engine, office.rulebook
    with (
        shared_snapshot(engine) as (connection, ticket, release),
        tempfile.TemporaryFile(prefix="docfiler-export-") as spare,
    ):

        def helper(send) -> None:  # pragma: no cover - runs in the forked helper
            _help(office, ticket, selection, spare, send)

        running = None
        if ticket is not None:
            # A fork that fails (memory, a limit on processes): this process reads it all.
            with suppress(OSError):
                running = forked.aside(helper, engine=engine)
        if running is None:
            release()
            yield register_sheets(connection, selection, rules)
            return
        with running:
            if running.receive() != _READY:
                raise DocfilerError(forked.WORKER_DIED)
            release()  # SQLite: both read the same state now; writers may go on
            mailbox = _Mailbox(running)
            own = register_sheets(connection, selection, rules, spool=mailbox, side="documents")
            yield [*own[:1], Prebuilt(spare, mailbox.parts()), *own[1:]]


def _help(office: Office, ticket, selection: Selection, spare, send) -> None:  # pragma: no cover
    """The helper: join the command's snapshot, then write the 备案 sheet and those after it
    into `spare`, sending the 备案情况 as they are made and each part once it is written."""
    from docfiler.store.shared_snapshot import joined

    with joined(office.engine, ticket) as connection:
        send(_READY)
        notes = _Notes(send)
        sheets = register_sheets(
            connection, selection, office.rulebook, spool=notes, side="filings"
        )
        for part in write_parts(spare, sheets):
            send((_PART, part))


class _Notes:
    """The helper's side of the 备案情况: (document key, text) pairs, sent in batches."""

    def __init__(self, send) -> None:
        self.send, self.batch = send, []

    def add(self, item: tuple) -> None:
        self.batch.append(item)
        if len(self.batch) >= NOTES:
            self.send((_NOTES, self.batch))
            self.batch = []

    def finish(self) -> None:
        self.send((_NOTES, self.batch))
        self.send((_NOTES_END, None))


class _Mailbox:
    """The command's side: the 备案情况 for the 文件 sheet (iterated, in the documents' order),
    then the parts of the helper's sheets as they are complete."""

    complete = True  # read by export_rows: the 备案情况 are to be read from here

    def __init__(self, helper: forked.Helper) -> None:
        self.helper = helper
        self.waiting: deque[Part] = deque()
        self.notes_ended = False

    def __iter__(self) -> Iterator[tuple]:
        while not self.notes_ended:
            kind, value = self._next()
            if kind == _NOTES:
                yield from value
            elif kind == _NOTES_END:
                self.notes_ended = True
            else:  # a part of a 备案 sheet too long for Excel, written before the notes ended
                self.waiting.append(value)

    def parts(self) -> Iterator[Part]:
        while True:
            while self.waiting:
                yield self.waiting.popleft()
            message = self.helper.receive()
            if message is forked.DONE:
                return
            kind, value = message
            if kind == _PART:
                yield value

    def _next(self) -> tuple[str, Any]:
        message = self.helper.receive()
        if message is forked.DONE:  # it finished without ending the notes
            raise DocfilerError(forked.WORKER_DIED)
        return message
