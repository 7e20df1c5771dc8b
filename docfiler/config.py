"""Where docfiler keeps its files, which database it uses, who the operator is, and the rulebook.

Resolution order for every setting: command-line option, then environment variable
(`DOCFILER_*`), then the user's `config.toml`, then the shipped default.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path

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
        )


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'docfiler.db'}"
