"""Restoring a register from docfiler's own workbook (`docfiler export` → `docfiler import`).

The authorities of its 制定机关 sheet that the database lacks are added first, through the
service of `docfiler authority add`; those it holds are kept as they are, a difference listed
(services.sheet_authorities). Then every document is replayed through the services a clerk
uses — 登记, 制定依据, 听取意见, 合法性审核, 公平竞争审查, 集体讨论决定, 签发, 公布, 报送备案 and
the filing bodies' answers, the relations and ends of force in the order of their dates — so
each passes the same gates and gets the same audit entries as when it was first recorded (no
second copy of the rules). A document published without its procedure on record (one imported
as 历史导入 before) goes through the register import (services.imports) and is marked 历史导入
again. Cleanup campaigns and their decisions are restored as recorded (services.sheet_cleanup).

All of it is one transaction, with one audit entry for the import. What cannot be restored — a
document whose authority is neither registered nor added from the sheet, a step a gate
refuses — is listed with its sheet, row and reason (`Unrestored`); each is tried inside a
savepoint, so the rest still goes in when the clerk chooses to skip what cannot be restored,
and nothing at all when not. The preview is the same restore, rolled back.
"""

from __future__ import annotations

from sqlmodel import Session

from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.services.sheet_authorities import restore_authorities
from docfiler.services.sheet_restore_documents import restore_documents
from docfiler.services.sheet_restore_events import restore_events
from docfiler.services.sheet_restorer import Restored, Restorer, Unrestored
from docfiler.services.sheet_workbook import Workbook
from docfiler.store.audit import audit
from docfiler.store.write_locks import hold_named_lock

MAX_LISTED = 20
MAX_AUDITED = 1000
__all__ = ["Restored", "Unrestored", "restore_workbook"]


class _Rollback(Exception):
    def __init__(self, restored: Restored) -> None:
        self.restored = restored


def restore_workbook(
    *,
    office: Office,
    book: Workbook,
    source: str,
    skip_bad: bool = False,
    dry_run: bool = False,
) -> Restored:
    """Restore `book` into the register in one transaction. What cannot be restored refuses
    the whole import unless `skip_bad` (then it is listed in the audit entry). `dry_run`: the
    same restore, rolled back (the preview)."""
    try:
        with office.transaction() as session:
            # The first write, before any savepoint: on SQLite it opens the transaction that
            # the savepoints nest in (a savepoint opened first would commit on its release),
            # and two restores take turns.
            hold_named_lock(session, "restore")
            restorer = Restorer(office, session, book)
            restore_authorities(restorer)
            restore_documents(restorer)
            restore_events(restorer)
            if dry_run:
                raise _Rollback(restorer.restored)
            if restorer.restored.problems and not skip_bad:
                raise _refusal(restorer.restored.problems)
            _audit_restore(session, office, source, restorer.restored)
            return restorer.restored
    except _Rollback as rolled_back:
        return rolled_back.restored


def _refusal(problems: list[Unrestored]) -> ValidationError:
    shown = [problem.line() for problem in problems[:MAX_LISTED]]
    more = f"\n……另有 {len(problems) - len(shown)} 处" if len(problems) > len(shown) else ""
    return ValidationError(
        f"导入未执行：工作簿中有 {len(problems)} 处无法恢复（未写入任何数据）。"
        "请改正后重新导入，或加 --skip-bad 跳过这些内容。\n" + "\n".join(shown) + more
    )


def _audit_restore(session: Session, office: Office, source: str, restored: Restored) -> None:
    summary = f"据{source}恢复登记簿（docfiler 导出的工作簿）：{restored.described()}"
    if restored.authorities:
        summary += f"；新增制定机关 {len(restored.authorities)} 个"
    if restored.problems:
        summary += f"；跳过无法恢复的 {len(restored.problems)} 处"
    details = restored.as_json()
    details["unrestored"] = details["unrestored"][:MAX_AUDITED]
    audit(
        session,
        office,
        action="workbook_import",
        entity="register",
        summary=summary,
        details=details,
    )
