"""Backing up the register and restoring it (issue 13, §3): where backups go, how many are kept,
and the audit entries; the archive itself is docfiler.store.backup / docfiler.store.restore.

A backup is a snapshot read in one transaction; its audit entry is written afterwards, in a
transaction of its own, so the backup does not contain the entry that records it. A restore
writes everything, its audit entry included, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docfiler.config import data_dir
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.queries.backups import BACKUP_ACTION, backup_setting
from docfiler.services.results import _Result
from docfiler.store.backup_format import BACKUP_NAME, PARTIAL_PREFIX, PARTIAL_SUFFIX, Manifest

DEFAULT_KEEP = 10
"""Backups `docfiler backup` keeps in the data directory's backups folder ([backup] keep)."""
STALE_PARTIAL_SECONDS = 24 * 3600
"""A hidden part file this old was left by a backup that was killed: it is removed."""
SETUP_TABLES = frozenset({"authority", "agencycode", "authorityfilingbody", "officestate"})
"""What `docfiler init` writes on its own: a database holding only these is still empty."""
RESTORE_ACTION = "restore"


@dataclass(frozen=True)
class BackupMade(_Result):
    path: str
    schema_revision: str
    created_at: str
    counts: dict[str, int]
    pruned: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Restored(_Result):
    source: str
    database: str
    backup_revision: str
    schema_revision: str
    source_dialect: str
    created_at: str
    counts: dict[str, int]
    replaced: dict[str, int] = field(default_factory=dict)
    """Rows per table the database held before (when --force replaced them)."""


def backup_folder() -> Path:
    """Where `docfiler backup` puts its files by default: the data directory's 备份 folder."""
    return data_dir() / "backups"


def keep_count() -> int:
    """How many backups the backups folder keeps: `[backup] keep` in config.toml, else 10."""
    return backup_setting("keep", DEFAULT_KEEP, "保留备份的份数")


def default_name(now: dt.datetime, folder: Path) -> Path:
    """docfiler-备份-20261130-153000.zip, with -2, -3 … when that second has one already."""
    stem = f"docfiler-备份-{now:%Y%m%d-%H%M%S}"
    path = folder / f"{stem}.zip"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}.zip"
        number += 1
    return path


def make_backup(
    *,
    office: Office,
    target: Path | None = None,
    force: bool = False,
    after_table: Callable[[str], None] | None = None,
) -> BackupMade:
    """Back up the whole register to `target` (a file or a folder; default: the backups folder,
    named by date, the last `keep_count()` kept). Then record it in the audit trail."""
    from docfiler.store.backup import write_backup

    own_folder = target is None
    folder = backup_folder() if target is None else Path(target)
    if own_folder or folder.is_dir():
        keep = keep_count() if own_folder else None
        path = default_name(dt.datetime.now(), folder)
    else:
        keep, path = None, folder
    manifest = write_backup(office.engine, path, replace=force, after_table=after_table)
    _audit_backup(office, path, manifest)
    pruned = prune(path.parent, keep) if keep is not None else []
    return BackupMade(
        path=str(path),
        schema_revision=manifest.schema_revision,
        created_at=manifest.created_at,
        counts=manifest.counts,
        pruned=[str(old) for old in pruned],
    )


def _audit_backup(office: Office, path: Path, manifest: Manifest) -> None:
    from docfiler.store.audit import audit

    counts = manifest.counts
    with office.transaction() as session:
        audit(
            session,
            office,
            action=BACKUP_ACTION,
            entity="database",
            summary=f"备份登记簿到 {path.name}：文件 {counts.get('document', 0)} 件、"
            f"操作记录 {counts.get('auditentry', 0)} 条",
            details={
                "path": str(path),
                "schema_revision": manifest.schema_revision,
                "created_at": manifest.created_at,
                "rows": counts,
            },
        )


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of docfiler's own naming in `folder`, and part
    files left by killed backups; any other file is left alone."""
    named = [(BACKUP_NAME.match(path.name), path) for path in folder.iterdir()]
    ours = [
        path
        for match, path in sorted(
            (pair for pair in named if pair[0]),
            key=lambda pair: (pair[0].group(1), int(pair[0].group(2) or 1)),
        )
    ]
    removed = ours[:-keep] if len(ours) > keep else []
    for path in removed:
        path.unlink(missing_ok=True)
    cutoff = time.time() - STALE_PARTIAL_SECONDS
    for path in folder.glob(f"{PARTIAL_PREFIX}*{PARTIAL_SUFFIX}"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass
    return removed


# ------------------------------------------------------------------------------------ restore


def check_backup(source: Path) -> Manifest:
    """The backup's manifest, after checking every member's checksum and row count and that
    this program knows the backup's schema revision. Reads only; raises in Chinese."""
    from docfiler.store.restore import verify_backup

    manifest = verify_backup(Path(source))
    _refuse_unknown_revision(manifest, Path(source))
    return manifest


def restore_backup(
    *, office: Office, source: Path, force: bool = False, manifest: Manifest | None = None
) -> Restored:
    """Replace the content of the office's database with the backup at `source`, in one
    transaction, after checking the backup completely (`manifest`: already checked by
    `check_backup`). A database holding a register is refused unless `force`."""
    from docfiler.store.engine import HEAD_REVISION, database_label, migrate
    from docfiler.store.restore import archive_rows, database_rows, load_backup, upgraded_copy

    manifest = manifest or check_backup(Path(source))
    held = _refuse_occupied(office, force=force)
    migrate(office.engine)
    audit_row = _restore_audit(office, Path(source), manifest, held)
    if manifest.schema_revision == HEAD_REVISION:
        counts = load_backup(
            office.engine, archive_rows(Path(source), manifest), before_commit=audit_row
        )
    else:
        with tempfile.TemporaryDirectory(prefix="docfiler-restore-") as folder:
            scratch = upgraded_copy(Path(source), manifest, Path(folder))
            try:
                counts = load_backup(office.engine, database_rows(scratch), before_commit=audit_row)
            finally:
                scratch.dispose()
    return Restored(
        source=str(source),
        database=database_label(office.engine),
        backup_revision=manifest.schema_revision,
        schema_revision=HEAD_REVISION,
        source_dialect=manifest.source_dialect,
        created_at=manifest.created_at,
        counts=counts,
        replaced={name: rows for name, rows in held.items() if rows},
    )


def _refuse_unknown_revision(manifest: Manifest, source: Path) -> None:
    from docfiler.store.engine import HEAD_REVISION, known_revisions

    revision = manifest.schema_revision
    if revision in known_revisions():
        return
    if not revision:
        raise ValidationError(f"备份文件 {source} 没有记录数据库结构的版本，不能恢复。")
    raise ValidationError(
        f"备份文件 {source} 的数据库结构是第 {revision} 版，比本程序认识的最新结构"
        f"（第 {HEAD_REVISION} 版）新：它是更新版本的 docfiler 做的备份。本程序不能恢复它，"
        "没有改动任何数据库。请先把 docfiler 升级到最新版本再恢复。"
    )


def _refuse_occupied(office: Office, *, force: bool) -> dict[str, int]:
    """The target's rows per table; a register in it is refused without `force`."""
    from docfiler.errors import newer_schema
    from docfiler.store.engine import current_revision, database_label, known_revisions
    from docfiler.store.restore import row_counts

    where = database_label(office.engine)
    current = current_revision(office.engine)
    if current is not None and current not in known_revisions():
        raise newer_schema(current, database=where)
    counts = row_counts(office.engine)
    if force or not _holds_register(office, counts):
        return counts
    raise ValidationError(
        f"数据库 {where} 中已有登记簿数据（{describe_counts(counts)}），没有改动它。"
        "恢复会用备份替换它的全部内容：确要替换，请先备份它，再加 --force；"
        "或用 --db 指定一个空数据库或新的 SQLite 文件。"
    )


def _holds_register(office: Office, counts: dict[str, int]) -> bool:
    """Anything beyond what `init` writes: documents, countersigns, cleanups, clerks' entries."""
    if any(rows for name, rows in counts.items() if name not in SETUP_TABLES | {"auditentry"}):
        return True
    if not counts.get("auditentry"):
        return False
    from sqlmodel import func, select

    from docfiler.store.tables import AuditEntry

    with office.reading() as session:
        clerks = session.exec(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity != "authority", AuditEntry.action != "sync_authorities")
        ).one()
    return clerks > 0


def describe_counts(counts: dict[str, int], *, limit: int = 4) -> str:
    """规范性文件 12 件、操作记录 80 条…: the largest tables first."""
    from docfiler.store.backup_format import table_label

    shown = sorted(((rows, name) for name, rows in counts.items() if rows), reverse=True)
    parts = [f"{table_label(name)} {rows} 行" for rows, name in shown[:limit]]
    return "、".join(parts) + ("等" if len(shown) > limit else "") if parts else "没有数据"


def _restore_audit(office: Office, source: Path, manifest: Manifest, held: dict[str, int]):
    """The restore's audit entry, written by the loading transaction just before it commits."""
    from docfiler.store.audit import fit_summary
    from docfiler.store.tables import AuditEntry, utcnow

    counts = manifest.counts
    details: dict[str, Any] = {
        "source": str(source),
        "backup_created_at": manifest.created_at,
        "backup_revision": manifest.schema_revision,
        "source_dialect": manifest.source_dialect,
        "rows": counts,
        "replaced_rows": {name: rows for name, rows in held.items() if rows},
    }
    summary = (
        f"从备份 {source.name}（{manifest.created_at}）恢复登记簿：文件 "
        f"{counts.get('document', 0)} 件、操作记录 {counts.get('auditentry', 0)} 条"
    )

    def write(connection) -> None:
        import json

        connection.execute(
            AuditEntry.__table__.insert().values(
                at=utcnow(),
                operator=office.operator,
                action=RESTORE_ACTION,
                entity="database",
                summary=fit_summary(summary),
                details=json.dumps(details, ensure_ascii=False),
            )
        )

    return write
