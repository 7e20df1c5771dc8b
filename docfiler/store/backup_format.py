"""The backup file: a portable, logical copy of every table, readable by SQLite and PostgreSQL.

A backup is a zip archive (ZIP64, deflated) holding

- `manifest.json`: what the archive is and what it holds (see `Manifest`), written last;
- one member per table, `tables/<table>.jsonl`, in foreign-key order: one JSON object per row,
  keys = column names; dates as ISO text (2016-03-01), date-times as ISO text in UTC
  (2026-11-20T01:30:00+00:00), booleans as true/false, NULL as null.

The manifest names, for every table, its member, its columns, its row count and the SHA-256 of
the member's bytes; a restore checks all of them before it writes anything. Alembic's own table
is not copied: its one value is the manifest's `schema_revision`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, MetaData, Table
from sqlalchemy.engine import Connection

from docfiler.errors import ValidationError
from docfiler.store.statement_checked import with_references

FORMAT_NAME = "docfiler-backup"
FORMAT_VERSION = 1
"""Raised when the archive's layout changes; a restore refuses a format it does not know."""
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 1_000_000
SKIPPED_TABLES = frozenset({"alembic_version"})
BACKUP_NAME = re.compile(r"^docfiler-备份-(\d{8}-\d{6})(?:-(\d+))?\.zip$")
"""The names `docfiler backup` gives its own files; only these are ever pruned."""
PARTIAL_PREFIX = ".docfiler-备份-"
PARTIAL_SUFFIX = ".part"
"""A backup being written: hidden, never under a backup's name; renamed when complete."""

TABLE_LABELS = {
    "authority": "制定机关",
    "agencycode": "发文机关代字",
    "authorityfilingbody": "备案机关设置",
    "document": "规范性文件",
    "documentbody": "正文",
    "higherlaw": "上位法和上级文件",
    "legalbasis": "制定依据",
    "opinionrecord": "听取意见",
    "legalityreview": "合法性审核",
    "collectivedecision": "集体讨论决定",
    "filing": "备案",
    "filingsubmission": "备案报送记录",
    "faircompetitionreview": "公平竞争审查",
    "documentrelation": "文件关系",
    "countersign": "会签",
    "cleanupcampaign": "清理活动",
    "cleanupitem": "清理清单",
    "cleanupcorrection": "清理更正",
    "validityevaluation": "有效期评估",
    "auditentry": "操作记录",
    "officestate": "程序状态",
}
"""How the clerk reads each table's name when a backup or restore reports its rows."""


def table_label(name: str) -> str:
    return TABLE_LABELS.get(name, name)


@dataclass(frozen=True)
class TableEntry:
    name: str
    member: str
    columns: list[str]
    rows: int
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Manifest:
    schema_revision: str
    created_at: str
    source_dialect: str
    tables: list[TableEntry] = field(default_factory=list)
    format: str = FORMAT_NAME
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1).encode("utf-8")

    @property
    def counts(self) -> dict[str, int]:
        return {entry.name: entry.rows for entry in self.tables}


def parse_manifest(raw: bytes, where: str) -> Manifest:
    """The manifest read back, or a Chinese refusal naming what is wrong with it."""
    broken = ValidationError(f"{where} 不是 docfiler 的备份文件，或者已经损坏（清单无法读取）。")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise broken from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise broken
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ValidationError(
            f"{where} 是更新版本的 docfiler 写的备份（文件格式第 {version} 版，本程序只认识到"
            f"第 {FORMAT_VERSION} 版），本程序不能恢复它，没有做任何改动。请先把 docfiler 升级到最新版本。"
        )
    try:
        tables = [TableEntry(**entry) for entry in data["tables"]]
        return Manifest(
            schema_revision=str(data["schema_revision"]),
            created_at=str(data["created_at"]),
            source_dialect=str(data["source_dialect"]),
            tables=tables,
            format_version=version,
        )
    except (KeyError, TypeError):
        raise broken from None


def reflected_tables(connection: Connection) -> list[Table]:
    """The database's own tables (as they are, at whatever revision), parents before children."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    tables = with_references(metadata).sorted_tables  # PostgreSQL: see statement_checked
    return [table for table in tables if table.name not in SKIPPED_TABLES]


# ---------------------------------------------------------------------------------- values


def encode_value(value: Any) -> Any:
    """A column value as JSON: dates and date-times as ISO text (date-times in UTC)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # docfiler writes UTC; SQLite keeps it without the zone
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def encode_row(row: dict[str, Any]) -> bytes:
    text = json.dumps({k: encode_value(v) for k, v in row.items()}, ensure_ascii=False)
    return text.encode("utf-8") + b"\n"


def decoders(table: Table) -> dict[str, Any]:
    """For each date, date-time or boolean column of `table`, how to turn JSON back into it."""
    found: dict[str, Any] = {}
    for column in table.columns:
        kind = column.type
        if isinstance(kind, DateTime):
            found[column.name] = dt.datetime.fromisoformat
        elif isinstance(kind, Date):
            found[column.name] = dt.date.fromisoformat
        elif isinstance(kind, Boolean):
            found[column.name] = bool
    return found


def decode_row(row: dict[str, Any], columns: set[str], decode: dict[str, Any]) -> dict[str, Any]:
    """A JSON row for inserting into a table with `columns` (others are dropped)."""
    out = {}
    for key, value in row.items():
        if key not in columns:
            continue
        out[key] = decode[key](value) if value is not None and key in decode else value
    return out
