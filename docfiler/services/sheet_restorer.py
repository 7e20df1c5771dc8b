"""The state of a restore from docfiler's workbook (services.sheet_restore): the office, its
transaction, the workbook, what went in so far and what could not (`Unrestored`), each write
tried inside a savepoint (`Restorer.attempt`); what the clerk reads of it (`Restored.lines`,
`done_text`: the CLI and the TUI say the same)."""

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
AUTHORITIES = "制定机关"
"""The count of the authorities added (not among COUNTED: 将恢复 … names the register's rows)."""
COUNTED_ALL = (AUTHORITIES, *COUNTED)
NOT_RESTORED = "工作簿中没有正文、会签和收到的备案，不恢复"


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

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED_ALL, 0))
    problems: list[Unrestored] = field(default_factory=list)
    authority_sheet: bool = False
    """Whether the workbook has the 制定机关 sheet (an older export has not)."""
    authorities: list[str] = field(default_factory=list)
    """The authorities the restore adds (the 制定机关 sheet's, which the database lacked)."""
    differing: list[Unrestored] = field(default_factory=list)
    """Authorities the database holds with other data than the sheet: the database's are kept."""

    def described(self) -> str:
        """将恢复 备案 66 条、程序 122 条 … in the clerk's words."""
        return "、".join(f"{name} {self.counts[name]} {UNITS.get(name, '条')}" for name in COUNTED)

    def lines(self) -> list[str]:
        """The preview: `summary_lines`, then `listed_lines`."""
        return self.summary_lines() + self.listed_lines()

    def summary_lines(self) -> list[str]:
        """What the restore brings back and the authorities it adds."""
        lines = [f"docfiler 导出的登记簿：将恢复 {self.described()}。"]
        if self.authorities:
            added = "、".join(self.authorities)
            lines.append(f"将新增制定机关 {len(self.authorities)} 个：{added}。")
        if self.authority_sheet:
            authorities = "登记簿中没有的制定机关按“制定机关”表新增，已有的以登记簿为准"
        else:
            authorities = "此工作簿没有“制定机关”表（较早版本导出），制定机关须已登记"
        lines.append(
            f"（恢复文件的办理程序、备案、关系和清理决定；{authorities}；{NOT_RESTORED}。）"
        )
        return lines

    def listed_lines(self) -> list[str]:
        """The authorities kept as the database has them, then what cannot be restored."""
        lines = []
        if self.differing:
            lines.append(
                f"制定机关与登记簿不一致（{len(self.differing)} 个，保留登记簿中的，不改动）："
            )
            lines += [f"  {item.line()}" for item in self.differing]
        if self.problems:
            lines.append(f"无法恢复（{len(self.problems)} 处）：")
            lines += [f"  {problem.line()}" for problem in self.problems]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "unrestored": [
                {"sheet": p.sheet, "row": p.row, "reason": p.reason} for p in self.problems
            ],
            "authorities_added": list(self.authorities),
            "authorities_kept": [
                {"sheet": p.sheet, "row": p.row, "difference": p.reason} for p in self.differing
            ],
        }


def done_text(counts: dict[str, int], bad_skipped: int) -> str:
    """已恢复：文件 46 件、… after a restore (`counts`: `Restored.counts`)."""
    described = Restored(counts=dict.fromkeys(COUNTED_ALL, 0) | counts).described()
    added = counts.get(AUTHORITIES, 0)
    text = f"已恢复：{described}"
    if added:
        text += f"，新增制定机关 {added} 个"
    if bad_skipped:
        text += f"，跳过无法恢复的 {bad_skipped} 处（已记入操作记录）"
    return text + "。"


class Restorer:
    """The restore's state: the office, its transaction, the workbook, what went in so far."""

    def __init__(self, office: Office, session: Session, book: Workbook) -> None:
        self.office, self.session, self.book = office, session, book
        self.restored = Restored(authority_sheet=AUTHORITIES in book.sheets)
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
