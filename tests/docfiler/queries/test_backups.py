"""The dashboard's 上次备份 line: never, today, N days ago; a warning after a week."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from docfiler.errors import DocfilerError
from docfiler.queries.backups import backup_state
from docfiler.services.backup import make_backup
from docfiler.store.tables import AuditEntry


def backdate_backups(office, days: int) -> None:
    """Move every backup's audit time `days` days before the office's today (noon, local)."""
    noon = dt.datetime.combine(office.today() - dt.timedelta(days=days), dt.time(12))
    with office.transaction() as session:
        for entry in session.exec(select(AuditEntry).where(AuditEntry.action == "backup")):
            entry.at = noon.astimezone(dt.UTC)


def test_a_register_never_backed_up_says_so_and_warns(sample_office):
    state = backup_state(office=sample_office)
    assert (state.label(), state.overdue) == ("尚未备份登记簿", True)


def test_a_backup_today_is_said_and_does_not_warn(sample_office, tmp_path):
    make_backup(office=sample_office, target=tmp_path / "b.zip")
    backdate_backups(sample_office, 0)
    state = backup_state(office=sample_office)
    assert (state.label(), state.days, state.overdue) == ("上次备份：今天", 0, False)


def test_a_week_is_still_in_time_and_eight_days_warn(sample_office, tmp_path):
    make_backup(office=sample_office, target=tmp_path / "b.zip")
    backdate_backups(sample_office, 7)
    state = backup_state(office=sample_office)
    assert (state.label(), state.overdue) == ("上次备份：7 日前", False)
    backdate_backups(sample_office, 8)
    state = backup_state(office=sample_office)
    assert (state.label(), state.overdue) == ("上次备份：8 日前", True)


def test_the_warning_period_comes_from_the_config(sqlite_sample_office, tmp_path):
    from docfiler.config import config_dir

    make_backup(office=sqlite_sample_office, target=tmp_path / "b.zip")
    backdate_backups(sqlite_sample_office, 3)
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "config.toml").write_text("[backup]\nwarn_after_days = 2\n", encoding="utf-8")
    assert backup_state(office=sqlite_sample_office).overdue is True
    (config_dir() / "config.toml").write_text("[backup]\nwarn_after_days = 0\n", encoding="utf-8")
    with pytest.raises(DocfilerError, match="warn_after_days 应为提醒备份的天数"):
        backup_state(office=sqlite_sample_office)
