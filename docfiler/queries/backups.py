"""When the register was last backed up, for the dashboard's warning (issue 13, §3).

A backup (`docfiler backup`, or the TUI's 备份) leaves an audit entry with action "backup"; the
newest one says when. The dashboard warns when none was made in `[backup] warn_after_days`
(config.toml, default 7) days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import select

from docfiler.config import config_dir
from docfiler.domain.dates import local_day
from docfiler.errors import ConfigError
from docfiler.office import Office
from docfiler.rules.rulebook import read_toml
from docfiler.store.tables import AuditEntry

BACKUP_ACTION = "backup"
"""The audit action of a backup (services.backup writes it)."""
DEFAULT_WARN_DAYS = 7


@dataclass(frozen=True)
class BackupState:
    last: dt.datetime | None
    """When the newest backup was made (UTC), None if never."""
    days: int | None
    """Whole days since then, on the office's calendar."""
    warn_after: int

    @property
    def overdue(self) -> bool:
        return self.days is None or self.days > self.warn_after

    def label(self) -> str:
        """What the dashboard says: 上次备份 3 日前 / 今天 / 尚未备份."""
        if self.last is None or self.days is None:
            return "尚未备份登记簿"
        when = "今天" if self.days == 0 else "昨天" if self.days == 1 else f"{self.days} 日前"
        return f"上次备份：{when}"


def backup_state(*, office: Office) -> BackupState:
    """The newest backup's time: read backwards along the audit's time index, so it stops at
    the first backup found."""
    with office.reading() as session:
        last = session.exec(
            select(AuditEntry.at)
            .where(AuditEntry.action == BACKUP_ACTION)
            .order_by(AuditEntry.at.desc())
            .limit(1)
        ).first()
    day = local_day(last)
    days = None if day is None else max((office.today() - day).days, 0)
    return BackupState(last=last, days=days, warn_after=warn_after_days())


def warn_after_days() -> int:
    """`[backup] warn_after_days` in config.toml, else 7."""
    return backup_setting("warn_after_days", DEFAULT_WARN_DAYS, "提醒备份的天数")


def backup_setting(name: str, default: int, meaning: str) -> int:
    """A whole number ≥ 1 from config.toml's [backup] section (`meaning` says what it counts),
    else `default`; anything else is refused in Chinese."""
    path = config_dir() / "config.toml"
    raw = (read_toml(path).get("backup") or {}).get(name)
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise ConfigError(
            f"配置文件 {path} 中 [backup] 的 {name} 应为{meaning}（不小于 1 的整数，"
            f"如 {default}），现在是“{raw}”。请改正后再试。"
        )
    return raw
