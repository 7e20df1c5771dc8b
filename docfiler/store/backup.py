"""Writing a backup: one consistent snapshot of every table into a zip, written atomically.

Consistency: every table is read inside one read transaction. SQLite: an explicit BEGIN (WAL
gives the reader a snapshot while clerks keep writing); PostgreSQL: REPEATABLE READ, READ ONLY.
Rows stream from the database into the archive (server-side cursor, a thousand rows at a
time), so memory does not grow with the register.

Atomicity: the archive is written to a hidden `.docfiler-备份-….part` file in the target folder,
fsynced, then renamed to its name (and the folder fsynced). A process killed on the way leaves
at most the hidden part file, never a file under the final name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection, Engine

from docfiler.config import private_dir
from docfiler.errors import ValidationError
from docfiler.store.backup_format import (
    MANIFEST,
    PARTIAL_PREFIX,
    PARTIAL_SUFFIX,
    Manifest,
    TableEntry,
    encode_row,
    reflected_tables,
)

CHUNK_ROWS = 1000
BUFFER_BYTES = 1 << 20

TableHook = Callable[[str], None]
"""Called with each table's name after it is copied (tests use it to write meanwhile)."""


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection reading one consistent state of the whole database; nothing it may write."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            with connection.begin():
                yield connection
            return
        connection.exec_driver_sql("BEGIN")  # deferred: the snapshot starts at the first read
        try:
            yield connection
        finally:
            connection.rollback()


def write_backup(
    engine: Engine, target: Path, *, replace: bool = False, after_table: TableHook | None = None
) -> Manifest:
    """Write the backup of `engine`'s database to `target` and return its manifest.

    An existing `target` is refused unless `replace`; nothing is written then."""
    target = Path(target)
    if target.exists() and not replace:
        raise ValidationError(f"“{target}”已存在，没有覆盖。要覆盖请加 --force，或换一个文件名。")
    private_dir(target.parent)
    handle, partial = tempfile.mkstemp(
        prefix=PARTIAL_PREFIX, suffix=PARTIAL_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as raw:
            manifest = _write_archive(engine, raw, after_table)
            raw.flush()
            os.fsync(raw.fileno())
        _publish(Path(partial), target, replace=replace)
    except BaseException:
        with suppress(OSError):
            os.unlink(partial)
        raise
    return manifest


def _publish(partial: Path, target: Path, *, replace: bool) -> None:
    """Give the complete archive its name in one step, then make the rename durable."""
    if replace:
        os.replace(partial, target)
    else:
        try:
            os.link(partial, target)  # fails, rather than replaces, if the name appeared meanwhile
        except FileExistsError:
            raise ValidationError(
                f"“{target}”已存在，没有覆盖。要覆盖请加 --force，或换一个文件名。"
            ) from None
        except OSError:  # a file system without hard links: checked above, then renamed
            os.replace(partial, target)
        else:
            os.unlink(partial)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _write_archive(engine: Engine, raw, after_table: TableHook | None) -> Manifest:
    entries: list[TableEntry] = []
    with (
        zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        snapshot(engine) as connection,
    ):
        revision = _revision(connection)
        created = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        for table in reflected_tables(connection):
            entries.append(_write_table(connection, table, archive))
            if after_table is not None:
                after_table(table.name)
        manifest = Manifest(
            schema_revision=revision or "",
            created_at=created,
            source_dialect=engine.dialect.name,
            tables=entries,
        )
        archive.writestr(MANIFEST, manifest.to_json())
    return manifest


def _revision(connection: Connection) -> str | None:
    if not connection.dialect.has_table(connection, "alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _write_table(connection: Connection, table: Table, archive: zipfile.ZipFile) -> TableEntry:
    """Stream one table's rows (in primary-key order) into its member; count and hash them."""
    member = f"tables/{table.name}.jsonl"
    digest = hashlib.sha256()
    rows = size = 0
    query = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=CHUNK_ROWS).execute(query)
    with archive.open(member, "w", force_zip64=True) as out:
        buffer = bytearray()
        for row in result.mappings():
            line = encode_row(dict(row))
            buffer += line
            rows += 1
            if len(buffer) >= BUFFER_BYTES:
                size += _flush(out, buffer, digest)
        size += _flush(out, buffer, digest)
    return TableEntry(
        name=table.name,
        member=member,
        columns=[column.name for column in table.columns],
        rows=rows,
        sha256=digest.hexdigest(),
        bytes=size,
    )


def _flush(out, buffer: bytearray, digest) -> int:
    size = len(buffer)
    if size:
        out.write(buffer)
        digest.update(buffer)
        buffer.clear()
    return size
