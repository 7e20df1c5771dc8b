"""Where docfiler keeps its files, which database it uses, who the operator is, and the rulebook.

Resolution order for every setting: command-line option, then environment variable
(`DOCFILER_*`), then the user's `config.toml`, then the shipped default.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from docfiler.errors import ConfigError

APP_NAME = "docfiler"
DEFAULT_RULEBOOK = Path(__file__).with_name("rulebook.toml")


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


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 格式有误：{exc}。请按 TOML 格式修改后再试。") from exc
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{exc}") from exc


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class FilingBodyRule:
    name: str
    days: int


@dataclass(frozen=True)
class AuthorityRule:
    name: str
    kind: str
    codes: tuple[str, ...]
    filing_bodies: tuple[str, ...]


@dataclass
class Rulebook:
    """The office's rules: defaults from domain.md, overridden by the office's own file."""

    data: dict[str, Any]
    sources: tuple[Path, ...] = ()

    @classmethod
    def load(cls, override: Path | None = None) -> Rulebook:
        data = _read_toml(DEFAULT_RULEBOOK)
        sources = [DEFAULT_RULEBOOK]
        path = override if override is not None else config_dir() / "rulebook.toml"
        if path.exists():
            data = deep_merge(data, _read_toml(path))
            sources.append(path)
        rulebook = cls(data=data, sources=tuple(sources))
        rulebook.validate()
        return rulebook

    def validate(self) -> None:
        for body in self.filing_bodies.values():
            if body.days <= 0:
                raise ConfigError(f"规则文件中备案机关“{body.name}”的期限必须是正整数天。")
        for authority in self.authorities:
            for body in authority.filing_bodies:
                if body not in self.filing_bodies:
                    raise ConfigError(
                        f"规则文件中制定机关“{authority.name}”的备案机关“{body}”没有规定期限，"
                        f'请在 [filing.bodies."{body}"] 中写明 days。'
                    )
        try:
            self.calendar  # noqa: B018 - parse holiday years early for a clear error
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"规则文件 [holidays] 中的日期有误：{exc}") from exc

    @cached_property
    def filing_bodies(self) -> dict[str, FilingBodyRule]:
        bodies = self.data.get("filing", {}).get("bodies", {})
        return {name: FilingBodyRule(name, int(spec["days"])) for name, spec in bodies.items()}

    @cached_property
    def authorities(self) -> tuple[AuthorityRule, ...]:
        return tuple(
            AuthorityRule(
                name=spec["name"],
                kind=spec.get("kind", "department"),
                codes=tuple(spec.get("codes", [])),
                filing_bodies=tuple(spec.get("filing_bodies", [])),
            )
            for spec in self.data.get("authorities", [])
        )

    @property
    def department_filing_bodies(self) -> tuple[str, ...]:
        return tuple(self.data.get("departments", {}).get("filing_bodies", ["盖州市人民政府"]))

    def filing_days(self, body: str) -> int:
        rule = self.filing_bodies.get(body)
        if rule is None:
            raise ConfigError(
                f'规则文件没有规定向“{body}”备案的期限，请在 [filing.bodies."{body}"] 中写明 days。'
            )
        return rule.days

    @property
    def review_max_working_days(self) -> int:
        return int(self.data.get("review", {}).get("max_working_days", 15))

    @property
    def review_min_working_days(self) -> int:
        return int(self.data.get("review", {}).get("min_working_days", 5))

    @property
    def default_validity_years(self) -> int:
        return int(self.data.get("validity", {}).get("default_years", 5))

    @property
    def interim_validity_years(self) -> int:
        return int(self.data.get("validity", {}).get("interim_years", 2))

    @property
    def evaluate_months_before(self) -> int:
        return int(self.data.get("validity", {}).get("evaluate_months_before", 6))

    @property
    def cleanup_interval_years(self) -> int:
        return int(self.data.get("cleanup", {}).get("interval_years", 2))

    @property
    def countersign_reply_working_days(self) -> int:
        return int(self.data.get("countersign", {}).get("default_reply_working_days", 10))

    @property
    def reminder_horizon_days(self) -> int:
        return int(self.data.get("reminders", {}).get("horizon_days", 30))

    @property
    def office_name(self) -> str:
        return str(self.data.get("office", {}).get("name", "盖州市人民政府"))

    @property
    def city_name(self) -> str:
        return str(self.data.get("office", {}).get("city", "盖州市"))

    @cached_property
    def calendar(self):
        from docfiler.workdays import WorkCalendar

        return WorkCalendar.from_config(self.data.get("holidays", {}))


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
        data = _read_toml(cfg_file)
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
            rulebook=Rulebook.load(),
            template_dir=Path(templates) if templates else None,
        )


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'docfiler.db'}"
