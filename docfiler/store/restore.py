"""Reading a backup back: check every byte first, then load every table in one transaction.

`verify_backup` reads the whole archive once: the manifest, each member's SHA-256 and row
count. Only then does `load_backup` write, in one transaction on the target (SQLite: the file's
write lock; PostgreSQL: one transaction, DDL-free): empty every table, insert every row in
foreign-key order, move PostgreSQL's id sequences past the loaded ids, and let the caller add
its audit entry before the commit. Killed or failing half-way, the target keeps what it had.

A backup written at an older schema revision is first loaded into a scratch SQLite database
at that revision, upgraded there by the program's own Alembic migrations, and copied from it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Table, delete, func, select, text
from sqlalchemy.engine import Connection, Engine

from docfiler.errors import ValidationError
from docfiler.store.backup_format import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    Manifest,
    TableEntry,
    decode_row,
    decoders,
    encode_value,
    parse_manifest,
    reflected_tables,
    table_label,
)

BATCH_ROWS = 1000
Rows = Iterator[dict[str, Any]]
TableRows = Iterator[tuple[str, Rows]]
BeforeCommit = Callable[[Connection], None]


def damaged(path: Path, detail: str) -> ValidationError:
    return ValidationError(
        f"备份文件 {path} 已损坏或不完整（{detail}），不能用于恢复。没有改动任何数据库。"
        "请换用另一份备份。"
    )


def verify_backup(path: Path) -> Manifest:
    """The manifest of the backup at `path`, after checking every member against it."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"找不到备份文件 {path}。")
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _read_manifest(archive, path)
            _check_members(archive, manifest, path)
            for entry in manifest.tables:
                _check_member(archive, entry, path)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise damaged(path, f"压缩数据无法读取：{exc}") from exc
    return manifest


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> Manifest:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise ValidationError(
            f"{path} 不是 docfiler 的备份文件（里面没有 {MANIFEST}），没有改动任何数据库。"
        ) from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise damaged(path, "清单过大")
    return parse_manifest(archive.read(info), str(path))


def _check_members(archive: zipfile.ZipFile, manifest: Manifest, path: Path) -> None:
    listed = {entry.member for entry in manifest.tables} | {MANIFEST}
    present = set(archive.namelist())
    missing = sorted(listed - present)
    if missing:
        raise damaged(path, f"缺少 {'、'.join(missing)}")
    extra = sorted(present - listed)
    if extra:
        raise damaged(path, f"有清单中没有的内容 {'、'.join(extra[:3])}")


def _check_member(archive: zipfile.ZipFile, entry: TableEntry, path: Path) -> None:
    digest = hashlib.sha256()
    lines = size = 0
    with archive.open(entry.member) as member:
        while chunk := member.read(1 << 20):
            digest.update(chunk)
            lines += chunk.count(b"\n")
            size += len(chunk)
    if digest.hexdigest() != entry.sha256 or size != entry.bytes:
        raise damaged(path, f"“{table_label(entry.name)}”的校验值不符")
    if lines != entry.rows:
        raise damaged(path, f"“{table_label(entry.name)}”应有 {entry.rows} 行，实有 {lines} 行")


def archive_rows(path: Path, manifest: Manifest) -> TableRows:
    """Each table of the backup with its rows as JSON objects, read as they are needed; the
    member is hashed again on the way and a difference from the manifest stops the load."""
    with zipfile.ZipFile(path) as archive:
        for entry in manifest.tables:
            yield entry.name, _member_rows(archive, entry, path)


def _member_rows(archive: zipfile.ZipFile, entry: TableEntry, path: Path) -> Rows:
    digest = hashlib.sha256()
    rest = b""
    with archive.open(entry.member) as member:
        while chunk := member.read(1 << 20):
            digest.update(chunk)
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                yield json.loads(line)
    if rest:
        yield json.loads(rest)
    if digest.hexdigest() != entry.sha256:
        raise damaged(path, f"“{table_label(entry.name)}”在恢复过程中读到的内容与清单不符")


def database_rows(engine: Engine) -> TableRows:
    """Each table of a database with its rows encoded as a backup holds them."""
    with engine.connect() as connection:
        for table in reflected_tables(connection):
            query = select(table).order_by(*table.primary_key.columns)
            result = connection.execution_options(yield_per=BATCH_ROWS).execute(query)
            yield (
                table.name,
                ({k: encode_value(v) for k, v in row.items()} for row in result.mappings()),
            )


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per docfiler table of the database (empty for a database without tables)."""
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in reflected_tables(connection)
        }


def load_backup(
    engine: Engine, tables: TableRows, *, before_commit: BeforeCommit | None = None
) -> dict[str, int]:
    """Replace the whole content of `engine`'s database (already at the backup's schema) with
    `tables`, in one transaction. Returns the rows loaded per table."""
    loaded: dict[str, int] = {}
    with engine.begin() as connection:
        targets = {table.name: table for table in reflected_tables(connection)}
        for table in reversed(list(targets.values())):
            connection.execute(delete(table))
        for name, rows in tables:
            table = targets.get(name)
            if table is None:
                raise ValidationError(f"备份中有本程序不认识的表“{name}”，没有恢复。")
            loaded[name] = _insert_rows(connection, table, rows)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, list(targets.values()))
        if before_commit is not None:
            before_commit(connection)
    return loaded


def _insert_rows(connection: Connection, table: Table, rows: Rows) -> int:
    columns = {column.name for column in table.columns}
    decode = decoders(table)
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        unknown = set(row) - columns
        if unknown:
            raise ValidationError(
                f"备份中“{table_label(table.name)}”有本程序不认识的列"
                f"“{'、'.join(sorted(unknown))}”，没有恢复。"
            )
        batch.append(decode_row(row, columns, decode))
        if len(batch) >= BATCH_ROWS:
            connection.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """PostgreSQL: the next id of every serial column follows the largest id loaded."""
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            highest = connection.execute(select(func.max(column))).scalar()
            connection.execute(
                text("SELECT setval(:sequence, :value, :called)"),
                {"sequence": sequence, "value": highest or 1, "called": highest is not None},
            )


@contextmanager
def quiet_upgrades() -> Iterator[None]:
    """Upgrading a scratch copy is no news for the clerk: hold back its announcement."""
    store_log = logging.getLogger("docfiler.store")
    level = store_log.level
    store_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        store_log.setLevel(level)


def upgraded_copy(path: Path, manifest: Manifest, folder: Path) -> Engine:
    """A scratch SQLite database in `folder` holding the backup, upgraded to the newest schema."""
    from docfiler.store.engine import make_engine, migrate

    engine = make_engine(f"sqlite:///{Path(folder) / 'upgrade.db'}", busy_timeout=0)
    with quiet_upgrades():
        migrate(engine, manifest.schema_revision)
        load_backup(engine, archive_rows(path, manifest))
        migrate(engine)
    return engine
