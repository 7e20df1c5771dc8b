"""When a colleague saved the document first (issue 14, item 14).

A form on one document remembers the document as the clerk saw it (`SeenDocument`); its
version guards the save. When the save is refused as a conflict, the form reads the document
again and shows, in a `ConflictPanel`, what the colleague changed — each field's label, their
value, and what this clerk typed — with two choices: 重新载入 (take the saved values into the
form) or 保留我的修改并保存 (save the clerk's values over theirs, knowingly). Until the clerk has
chosen, no save goes through: the form still holds the version the clerk saw.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

if TYPE_CHECKING:
    from docfiler.office import Office

DOCUMENT_LABELS: tuple[tuple[str, str], ...] = (
    ("title", "标题"),
    ("drafting_unit", "起草单位"),
    ("registration_number", "登记号"),
    ("status_label", "状态"),
    ("signed", "签发日期"),
    ("signed_by", "签发人"),
    ("published", "公布日期"),
    ("channel", "公布载体"),
    ("effective", "施行日期"),
    ("valid_until", "有效期截止日"),
    ("repealed", "废止日期"),
    ("repeal_reason", "废止理由"),
    ("declared_invalid", "宣布失效日期"),
    ("invalid_reason", "失效理由"),
    ("concerns_market", "涉及市场主体经济活动"),
    ("note", "备注"),
)
"""What a clerk reads on the document's page, in its order: compared after a conflict."""

RECORD_LABELS: tuple[tuple[str, str], ...] = (
    ("opinions", "听取意见"),
    ("reviews", "合法性审核"),
    ("fair_competition", "公平竞争审查"),
    ("decisions", "集体讨论决定"),
    ("filings", "备案"),
    ("relations", "文件关系"),
)
"""The document's records, compared by what they hold."""

EMPTY = "（空）"


@dataclasses.dataclass(frozen=True)
class FieldSource:
    """A form field filled from the document's view: `kind` text | date | int | market."""

    name: str
    label: str
    key: str | None
    kind: str = "text"

    def raw(self, view: dict[str, Any]) -> str:
        """The field's value as the form's widget holds it."""
        value = view.get(self.key) if self.key else None
        if self.kind == "market":
            return "yes" if value else "no"
        return "" if value is None else str(value)

    def show(self, raw: str) -> str:
        """A widget value as the clerk reads it."""
        if self.kind == "market":
            return "是" if raw == "yes" else "否"
        return raw or EMPTY


@dataclasses.dataclass(frozen=True)
class Difference:
    label: str
    theirs: str
    """As the colleague saved it (shown)."""
    mine: str | None = None
    """What this clerk typed (shown); None when the form has no such field."""
    field: str | None = None
    reload_value: str | None = None
    """The widget value that takes the colleague's value into the form."""
    touched: bool = False
    """The clerk changed this field from what they saw."""


def shown(value: Any) -> str:
    """A value of the document's view as the clerk reads it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


class SeenDocument:
    """The document as the clerk saw it; `value` is the version a save names."""

    def __init__(self, view: dict[str, Any], fields: Sequence[FieldSource] = ()) -> None:
        self.number: str = view["doc_number"]
        self.view = view
        self.fields = tuple(fields)

    @property
    def value(self) -> int:
        return self.view["version"]

    def latest(self, office: Office) -> dict[str, Any]:
        from docfiler.queries import documents as queries

        return queries.show_document(office=office, number=self.number)

    def adopt(self, latest: dict[str, Any]) -> None:
        """The clerk has seen `latest` (and chosen): saves now name its version."""
        self.view = latest

    def original(self) -> dict[str, str]:
        """Each field's value as the clerk last saw it saved."""
        return {source.name: source.raw(self.view) for source in self.fields}

    def differences(self, latest: dict[str, Any], typed: dict[str, str]) -> list[Difference]:
        """What changed between the document the clerk saw and `latest`, beside what they typed."""
        found = []
        for source in self.fields:
            base, theirs = source.raw(self.view), source.raw(latest)
            if base == theirs:
                continue
            mine = typed.get(source.name, base).strip()
            found.append(
                Difference(
                    source.label,
                    source.show(theirs),
                    source.show(mine),
                    source.name,
                    theirs,
                    touched=mine != base,
                )
            )
        in_form = {source.key for source in self.fields}
        for key, label in DOCUMENT_LABELS:
            if key not in in_form and self.view.get(key) != latest.get(key):
                found.append(Difference(label, shown(latest.get(key))))
        for key, label in RECORD_LABELS:
            before, after = self.view.get(key) or [], latest.get(key) or []
            if before != after:
                count = f"{len(after)} 条" + (
                    f"（原 {len(before)} 条）" if len(after) != len(before) else "，内容有改动"
                )
                found.append(Difference(label, count))
        return found

    def who(self, latest: dict[str, Any]) -> list[str]:
        """The colleagues' writes since the clerk's view, from the audit trail."""
        seen = {_entry(entry) for entry in self.view.get("audit") or []}
        return [
            f"{entry['operator']}：{entry['summary']}"
            for entry in latest.get("audit") or []
            if _entry(entry) not in seen
        ]


def _entry(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (entry.get("at"), entry.get("operator"), entry.get("summary"))


def conflict_text(seen: SeenDocument, latest: dict[str, Any], found: list[Difference]) -> str:
    """The panel's text: who saved, what changed (theirs / what this clerk typed), the choice."""
    lines = [
        f"文件 {seen.number} 已被其他人修改（您看到的是第 {seen.value} 版，现为第 "
        f"{latest['version']} 版），本次保存未执行；您填写的内容仍保留在表单中。"
    ]
    lines += [f"  {line}" for line in seen.who(latest)[-3:]]
    if found:
        lines.append("有变化的项目（同事保存的 ／ 您填写的）：")
    else:
        lines.append("他人的修改不涉及本表单和文件页显示的内容。")
    for difference in found:
        line = f"  {difference.label}：{difference.theirs}"
        if difference.mine is not None:
            line += f" ／ 您填写：{difference.mine}" if difference.touched else "（您未改动此项）"
        lines.append(line)
    lines.append(
        "重新载入：这些项改用同事保存的内容（替换您填写的），核对后再保存；"
        "保留我的修改并保存：以您填写的内容覆盖同事的修改。"
    )
    return "\n".join(lines)


class ConflictPanel(Vertical):
    """Inside a form: what the colleague changed, and the clerk's two choices."""

    DEFAULT_CSS: ClassVar[str] = """
    ConflictPanel {
        display: none;
        height: auto;
        margin-top: 1;
        border: round $warning;
        padding: 0 1;
    }
    ConflictPanel.-visible {
        display: block;
    }
    ConflictPanel #conflict-scroll {
        height: auto;
        max-height: 8;
    }
    ConflictPanel #conflict-text {
        height: auto;
    }
    ConflictPanel .conflict-buttons {
        height: auto;
        align-horizontal: right;
    }
    ConflictPanel .conflict-buttons Button {
        margin-left: 2;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="conflict-scroll"):
            yield Static("", id="conflict-text")
        with Horizontal(classes="conflict-buttons"):
            yield Button("重新载入", id="conflict-reload", variant="warning", compact=True)
            yield Button("保留我的修改并保存", id="conflict-merge", variant="primary", compact=True)

    def show(self, text: str) -> None:
        self.query_one("#conflict-text", Static).update(text)
        self.add_class("-visible")
        self.query_one("#conflict-reload", Button).focus()

    def hide(self) -> None:
        self.remove_class("-visible")
