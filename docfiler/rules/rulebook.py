"""The rulebook: every legal and office default, with its source, and the office's overrides.

`rulebook.toml` beside this module holds the defaults (each number cites its source); an office
overrides any of them in `<config dir>/rulebook.toml`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from docfiler.errors import ConfigError

DEFAULT_RULEBOOK = Path(__file__).with_name("rulebook.toml")


def read_toml(path: Path) -> dict[str, Any]:
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
        """The shipped defaults, merged with the office's `override` file when it exists."""
        data = read_toml(DEFAULT_RULEBOOK)
        sources = [DEFAULT_RULEBOOK]
        if override is not None and override.exists():
            data = deep_merge(data, read_toml(override))
            sources.append(override)
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

    @property
    def township_filing_bodies(self) -> tuple[str, ...]:
        """Where 乡镇人民政府 and 街道办事处 file: the county government (备案办法 art. 3)."""
        return tuple(self.data.get("townships", {}).get("filing_bodies", ["盖州市人民政府"]))

    def default_filing_bodies(self, kind: str) -> tuple[str, ...]:
        """Where an authority of `kind` files when it is added without filing bodies."""
        if kind == "township":
            return self.township_filing_bodies
        return self.department_filing_bodies

    @property
    def refiling_days(self) -> int:
        """补正: days after 暂缓办理备案登记 to file again (rulebook [filing] refiling_days)."""
        return int(self.data.get("filing", {}).get("refiling_days", 15))

    @property
    def correction_report_days(self) -> int:
        """纠正: days after 审查意见 to report how it was handled."""
        return int(self.data.get("filing", {}).get("correction_report_days", 30))

    @property
    def inbox_filing_days(self) -> int:
        """Days after publication within which a department or township files its document with
        this office's government (the office's own filing-body period, 备案办法 art. 3)."""
        return self.filing_days(self.office_name)

    @property
    def inbox_materials(self) -> tuple[str, ...]:
        """The materials a filing unit sends ([inbox] materials)."""
        default = ["备案报告", "正式文本", "起草说明", "制定依据", "合法性审核意见"]
        return tuple(str(m) for m in self.data.get("inbox", {}).get("materials", default))

    @property
    def inbox_review_days(self) -> int:
        """备案审查: days after 予以备案登记 to finish the review ([inbox] review_days)."""
        return _positive(self.data.get("inbox", {}), "review_days", 30)

    @property
    def suggestion_reply_days(self) -> int:
        """审查建议: days after receipt to handle it and reply in writing."""
        return _positive(self.data.get("inbox", {}), "suggestion_reply_days", 60)

    @property
    def opinion_number_pattern(self) -> str:
        """审查意见书 numbers: {year} and {serial} filled in (盖司备审〔{year}〕{serial}号)."""
        pattern = str(
            self.data.get("inbox", {}).get("opinion_number", "盖司备审〔{year}〕{serial}号")
        )
        if "{serial}" not in pattern:
            raise ConfigError(
                f"规则文件 [inbox] opinion_number“{pattern}”缺少 {{serial}}（当年顺序号），"
                "请写成如“盖司备审〔{year}〕{serial}号”。"
            )
        return pattern

    @property
    def inbox_reviewer(self) -> str:
        """The organ that signs the reviewer's letters (审查意见书、通报、答复书): [inbox] reviewer,
        else the office's government."""
        chosen = str(self.data.get("inbox", {}).get("reviewer", "")).strip()
        return chosen or self.office_name

    @property
    def publication_working_days(self) -> int:
        """公开: working days after signing to publish (政府信息公开条例 art. 26)."""
        return int(self.data.get("publication", {}).get("working_days", 20))

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
    def default_validity_years(self) -> int | None:
        """Validity of a document that states none; None (the shipped default): no validity."""
        return _optional_years(self.data.get("validity", {}), "default_years")

    @property
    def interim_validity_years(self) -> int | None:
        """The same for 暂行 / 试行 documents; None: as `default_validity_years`."""
        return _optional_years(self.data.get("validity", {}), "interim_years")

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
    def superior_government(self) -> str:
        """The government one level up: where countersign requests usually come from."""
        return str(self.data.get("office", {}).get("superior", "营口市人民政府"))

    @property
    def city_name(self) -> str:
        return str(self.data.get("office", {}).get("city", "盖州市"))

    @cached_property
    def calendar(self):
        from docfiler.domain.calendar import WorkCalendar

        return WorkCalendar.from_config(self.data.get("holidays", {}))

    @cached_property
    def deadline_basis(self) -> str:
        """A fingerprint of everything stored due dates are counted from: the holiday data (the
        packaged calendar's and lunar library's versions, the rulebook's [holidays]) and the
        filing periods. When it changes, stored open due dates are counted again."""
        import hashlib
        import json
        from importlib.metadata import PackageNotFoundError, version

        def installed(name: str) -> str:
            try:
                return version(name)
            except PackageNotFoundError:
                return "-"

        basis = {
            "calendar": installed("chinesecalendar"),
            "lunar": installed("lunar_python"),
            "fixed_holidays": "国务院令第798号",
            "holidays": self.data.get("holidays", {}),
            "filing_days": {name: rule.days for name, rule in sorted(self.filing_bodies.items())},
        }
        text = json.dumps(basis, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @cached_property
    def number_aliases(self) -> dict[str, str]:
        """Abbreviated issuers in document numbers → the full agency code (省政府令 →
        辽宁省人民政府令): a decree's alias names a decree issuer, an ordinary code's an ordinary one."""
        aliases = {
            str(short).strip(): str(full).strip()
            for short, full in self.data.get("number_aliases", {}).items()
        }
        for short, full in aliases.items():
            if not short or not full or short.endswith("令") != full.endswith("令"):
                raise ConfigError(
                    f"规则文件 [number_aliases] 中“{short}” = “{full}”有误：简称和全称都要填写，"
                    "且政府令（以“令”结尾）只能对应政府令。"
                )
        return aliases

    @cached_property
    def other_governments(self) -> dict[str, str]:
        """Agency codes of other bodies (营政发 → 营口市人民政府): a document number with one
        is refused with whose code it is, not as an unknown code."""
        return {
            str(code).strip(): str(name).strip()
            for code, name in self.data.get("other_governments", {}).items()
        }


def _optional_years(section: dict[str, Any], key: str) -> int | None:
    value = section.get(key)
    if value in (None, 0, False):
        return None
    if not isinstance(value, int) or value < 0:
        raise ConfigError(
            f"规则文件 [validity] 中 {key} 应为正整数（年），或删去此项表示不设默认有效期。"
        )
    return value


def _positive(section: dict[str, Any], key: str, default: int) -> int:
    value = section.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ConfigError(f"规则文件 [inbox] 中 {key} 应为正整数（天）。")
    return value
