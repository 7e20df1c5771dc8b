"""Where docfiler keeps its files, which database it uses, who the operator is, and the rulebook.

Resolution order for every setting: command-line option, then environment variable
(`DOCFILER_*`), then the user's `config.toml`, then the shipped default.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from docfiler.errors import ConfigError
from docfiler.rules.rulebook import Rulebook, read_toml

APP_NAME = "docfiler"


def config_dir() -> Path:
    override = os.environ.get("DOCFILER_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    override = os.environ.get("DOCFILER_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Settings:
    """Per-installation settings: database, operator, template folder."""

    database_url: str
    operator: str
    config_file: Path
    rulebook: Rulebook = field(repr=False)
    template_dir: Path | None = None
    busy_timeout: float = 10.0
    """Seconds a SQLite writer waits for another writer's lock before giving up."""

    @classmethod
    def load(cls, database_url: str | None = None, operator: str | None = None) -> Settings:
        cfg_file = config_dir() / "config.toml"
        data = read_toml(cfg_file)
        url = (
            database_url
            or os.environ.get("DOCFILER_DATABASE_URL")
            or data.get("database", {}).get("url")
            or default_database_url()
        )
        who = (
            operator or os.environ.get("DOCFILER_OPERATOR") or data.get("operator", {}).get("name")
        )
        if not who:
            try:
                who = getpass.getuser()
            except (KeyError, OSError):
                who = "未知用户"
        templates = os.environ.get("DOCFILER_TEMPLATE_DIR") or data.get("templates", {}).get("dir")
        return cls(
            database_url=url,
            operator=who,
            config_file=cfg_file,
            rulebook=Rulebook.load(config_dir() / "rulebook.toml"),
            template_dir=Path(templates) if templates else None,
            busy_timeout=busy_timeout(data, cfg_file),
        )


DEFAULT_BUSY_TIMEOUT = 10.0
"""Seconds a SQLite writer waits for the write lock another writer holds (SQLite's
busy_timeout) before the command gives up with a Chinese message. An ordinary write holds the
lock for milliseconds, a bulk import for about one second per 15,000 documents with
2,000-character texts (store/bulk_insert.py); PostgreSQL writers wait for each other as long
as it takes."""

MAX_BUSY_TIMEOUT = 3600.0


def busy_timeout(data: dict | None = None, cfg_file: Path | None = None) -> float:
    """The SQLite busy timeout in seconds: DOCFILER_BUSY_TIMEOUT, else `[database]
    busy_timeout` in config.toml, else DEFAULT_BUSY_TIMEOUT. A value that is not a number of
    seconds between 0 and an hour is refused in Chinese, naming where it was written."""
    raw: object = os.environ.get("DOCFILER_BUSY_TIMEOUT")
    where = "环境变量 DOCFILER_BUSY_TIMEOUT"
    if raw in (None, ""):
        cfg_file = cfg_file or config_dir() / "config.toml"
        data = read_toml(cfg_file) if data is None else data
        raw = (data.get("database") or {}).get("busy_timeout")
        where = f"配置文件 {cfg_file} 中 [database] 的 busy_timeout"
    if raw in (None, ""):
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = -1.0
    if isinstance(raw, bool) or not 0 <= seconds <= MAX_BUSY_TIMEOUT:
        raise ConfigError(
            f"{where} 应为等待的秒数（0 到 {MAX_BUSY_TIMEOUT:g} 之间，如 10），现在是“{raw}”。"
            "请改正后再试。"
        )
    return seconds


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'docfiler.db'}"


# ---------------------------------------------------------------------------- secrets and files

_PASSWORD_IN_URL = re.compile(r"(?P<head>(?:^|[\s'\"“/])[^\s:/@'\"“”]*:)(?!/)[^\s'\"“”]*(?=@)")
_PASSWORD_OPTION = re.compile(r"(?P<head>\bpassword\s*=\s*)('[^']*'|\S+)", re.I)


def mask_secrets(text: str) -> str:
    """`text` with every password hidden: in database addresses (postgresql://用户:***@主机/库)
    and in `password=…` options. Used wherever an address or an error is printed or logged."""
    text = _PASSWORD_IN_URL.sub(r"\g<head>***", text)
    return _PASSWORD_OPTION.sub(r"\g<head>***", text)


PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents readable by their owner only (0700); folders that
    exist already are left as they are."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create the empty file `path` (and its folder) readable by its owner only (0600), unless
    it exists; the database, the logs and the backups are created this way."""
    private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    return path


class MaskingFormatter(logging.Formatter):
    """A log formatter that hides passwords (tracebacks included)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


def demo_database_url() -> str:
    """Where `demo` puts the sample register when no --db is given: never the office's own."""
    return f"sqlite:///{data_dir() / 'demo.db'}"


def exposed_secret(path: Path) -> bool:
    """True when `path` (config.toml) holds a password and others may read it."""
    try:
        if not path.stat().st_mode & 0o077:
            return False
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return mask_secrets(text) != text
