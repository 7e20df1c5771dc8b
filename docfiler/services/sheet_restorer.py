"""The state of a restore from docfiler's workbook (services.sheet_restore): the office, its
transaction, the workbook, what went in so far and what could not (`Unrestored`), each write
tried inside a savepoint (`Restorer.attempt`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from docfiler.domain.docnumber import DocNumberError
from docfiler.errors import DocfilerError
from docfiler.office import Office
from docfiler.services.sheet_workbook import Row, Workbook

COUNTED = ("文件", "备案", "程序", "关系", "制定依据", "清理活动", "清理决定")
UNITS = {"文件": "件", "清理活动": "个"}


@dataclass(frozen=True)
class Unrestored:
    """Something in the workbook that cannot be restored, and why."""

    sheet: str
    row: int
    reason: str

    def line(self) -> str:
        return f"“{self.sheet}”表第 {self.row} 行：{self.reason}"


@dataclass
class Restored:
    """What a restore brought back (rows of each kind) and what it could not."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    problems: list[Unrestored] = field(default_factory=list)

    def described(self) -> str:
        """将恢复 备案 66 条、程序 122 条 … in the clerk's words."""
        return "、".join(f"{name} {self.counts[name]} {UNITS.get(name, '条')}" for name in COUNTED)

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "unrestored": [
                {"sheet": p.sheet, "row": p.row, "reason": p.reason} for p in self.problems
            ],
        }


class Restorer:
    """The restore's state: the office, its transaction, the workbook, what went in so far."""

    def __init__(self, office: Office, session: Session, book: Workbook) -> None:
        self.office, self.session, self.book = office, session, book
        self.restored = Restored()
        self.failed: dict[str, Row] = {}
        """文号 → the 文件 row of a document that could not be restored."""
        self.steps: dict[str, list[Row]] = defaultdict(list)
        for row in book.rows("程序"):
            self.steps[str(row["文号"])].append(row)
        self.laws_marked: set[tuple[str, str | None]] = set()
        self.bases: dict[str, list[Row]] = defaultdict(list)
        for row in book.rows("关系"):
            if row["关系"] == "制定依据":
                self.bases[str(row["文号"])].append(row)

    def attempt(self, row: Row, write: Callable[[], Any], *, counted: str | None = None) -> bool:
        """`write` inside a savepoint: done, or undone and listed with the row and the reason."""
        try:
            with self.session.begin_nested():
                write()
        except (DocfilerError, DocNumberError) as exc:
            self.fail(
                getattr(exc, "row", row),
                exc.message if isinstance(exc, DocfilerError) else str(exc),
            )
            return False
        if counted:
            self.restored.counts[counted] += 1
        return True

    def fail(self, row: Row, reason: str) -> None:
        self.restored.problems.append(Unrestored(row.sheet, row.number, reason))

    def missing(self, row: Row, number: str) -> bool:
        """Whether the document a row names could not be restored (and the row is listed)."""
        if number in self.failed:
            self.fail(row, f"文件 {number} 未能恢复（见{self.failed[number].where()}）")
            return True
        return False

    def missing_quiet(self, number: str) -> bool:
        """Whether a document could not be restored (already listed with its 文件 row)."""
        return number in self.failed
