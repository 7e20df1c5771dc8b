"""登记文件 and 编辑文件信息: the register form (which can read a .docx) and the edit form."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.dialogs.docx import OpenDocxDialog
from tui.forms.base import FormField, FormScreen, Values, check_number, date_field
from tui.forms.conflict import FieldSource, SeenDocument

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host


class DocxPrefillForm(FormScreen):
    """A FormScreen with ctrl+o = 从 Word 读取 (the register form uses it). What was read beyond
    the form's fields (the 正文, the 成文日期) goes to the save function with the fields, as
    `body_text` and `written_on`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+o",
            "open_docx",
            "从 Word 读取",
            priority=True,
            id="form.open_docx",
            tooltip="登记文件时：从已公布文件的 Word 文档读取文号、标题和正文",
        ),
    ]

    prefill: dict[str, Any] | None = None
    """What the last document read gave (prefill_from_docx's fields)."""

    def action_open_docx(self) -> None:
        self.app.push_screen(OpenDocxDialog(), self._read)

    def _read(self, fields: dict[str, Any] | None) -> None:
        if fields:
            self.prefill = fields
        apply_prefill(self, fields)

    def collect(self) -> Values | None:
        values = super().collect()
        if values is not None:
            read = self.prefill or {}
            values["body_text"] = read.get("body") or None
            written = read.get("written_on")
            values["written_on"] = dt.date.fromisoformat(written) if written else None
        return values


def apply_prefill(form: FormScreen, fields: dict[str, Any] | None) -> None:
    """Put what was read into the form's 文号 and 标题 (checked as if typed) and say what else."""
    if not fields:
        return
    for name in ("number", "title", "valid_years"):
        found = form.query(f"#f-{name}")
        if found and fields.get(name):
            found.first(Input).value = str(fields[name])
    extra = [f"成文日期 {fields['written_on']}"] if fields.get("written_on") else []
    if fields.get("valid_years"):
        extra.append(f"有效期 {fields['valid_years']} 年")
    elif fields.get("valid_until"):
        extra.append(f"有效期至 {fields['valid_until']}（请登记后在“修改”中填写有效期截止日）")
    if fields.get("body"):
        extra.append(f"正文 {len(fields['body'])} 字，保存时一并登记")
    text = f"已从 Word 读取：{fields['number']}" + (f"（{'，'.join(extra)}）" if extra else "")
    warnings = "；".join(fields.get("warnings") or [])
    form.app.notify(
        text + (f"。请核对：{warnings}" if warnings else "。请核对后保存。"),
        severity="warning" if warnings else "information",
    )


def register_form(app: Host) -> FormScreen:
    authorities = app.choices.authorities if app.choices else []
    rulebook = app.office.rulebook

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        with office.transaction():  # registered and marked, or neither
            done = services.register_document(
                office=office,
                number=values["number"],
                title=values["title"],
                authority=values["authority"],
                drafting_unit=values["drafting_unit"],
                registration_number=values["registration_number"],
                effective=values["effective"],
                valid_years=values["valid_years"],
                body_text=values.get("body_text"),
                note=values["note"],
                written_on=values.get("written_on"),
            )
            if values["concerns_market"] == "yes":
                services.mark_market_activity(office=office, number=done.doc_number, concerns=True)
        return done

    validity = validity_hint(rulebook)
    return DocxPrefillForm(
        form_id="register-form",
        title="登记文件（草案）",
        note="已有 Word 文本的，按 ctrl+o 从文档读取文号、标题和正文。",
        fields=[
            FormField(
                "number",
                "文号",
                required=True,
                placeholder="如 盖政发〔2016〕9号，也可写 盖政发[2016]9号",
                check=check_number,
            ),
            FormField("title", "标题", required=True, placeholder="文件全称"),
            FormField(
                "authority",
                "制定机关",
                "select",
                options=[(name, name) for name in authorities],
                placeholder="按机关代字自动确定",
            ),
            FormField("drafting_unit", "起草单位"),
            FormField("registration_number", "登记号", placeholder="如 GZGS-2016-001"),
            date_field("effective", "施行日期"),
            FormField("valid_years", "有效期（年）", "int", placeholder=validity),
            _market_field(None),
            FormField("note", "备注"),
        ],
        save=save,
        success=lambda r: f"已登记 {r.doc_number}《{r.title}》",
    )


EDIT_FIELDS = (
    # (field, label, kind, key of the document view holding its current value)
    ("title", "标题", "text", "title"),
    ("drafting_unit", "起草单位", "text", "drafting_unit"),
    ("registration_number", "登记号", "text", "registration_number"),
    ("effective_on", "施行日期", "date", "effective"),
    ("valid_years", "有效期（年）", "int", None),
    ("valid_until", "有效期截止日", "date", "valid_until"),
    ("written_on", "成文日期", "date", "written"),
    ("signed_by", "签发人", "text", "signed_by"),
    ("publication_channel", "公布载体", "text", "channel"),
    ("concerns_market", "涉及市场主体经济活动", "market", "concerns_market"),
    ("note", "备注", "text", "note"),
)

MARKET_OPTIONS = [("否", "no"), ("是：集体讨论决定前须登记公平竞争审查结论", "yes")]


def _market_field(value: bool | None) -> FormField:
    """涉及市场主体经济活动 (优化营商环境条例 art. 63: 公平竞争审查 before the decision)."""
    return FormField(
        "concerns_market",
        "涉及市场主体经济活动",
        "select",
        options=MARKET_OPTIONS,
        value="yes" if value else "no",
    )


def _edit_fields(view: dict[str, Any]) -> list[FormField]:
    """The edit form's fields, filled from the view."""
    fields = []
    for name, label, kind, key in EDIT_FIELDS:
        value = view.get(key) if key else None
        if kind == "market":
            fields.append(_market_field(value))
        elif kind == "date":
            fields.append(date_field(name, label, required=name == "title", value=value))
        else:
            fields.append(FormField(name, label, kind, required=name == "title", value=value))
    return fields


def _sources() -> list[FieldSource]:
    """Where each edit field's value comes from in the document's view."""
    return [FieldSource(name, label, key, kind) for name, label, kind, key in EDIT_FIELDS]


def _changes(values: Values, original: dict[str, str]) -> dict[str, Any]:
    """Only what the clerk changed from the document as last seen (widget values compared)."""
    changes = {}
    for name, _label, kind, _key in EDIT_FIELDS:
        value = values[name]
        if kind == "market":
            if value != original[name]:
                changes[name] = value == "yes"
            continue
        value_text = value.isoformat() if kind == "date" and value is not None else value
        if (None if value_text is None else str(value_text)) != (original[name] or None):
            changes[name] = value
    return changes


def edit_form(app: Host, view: dict[str, Any]) -> FormScreen:
    number = view["doc_number"]
    seen = SeenDocument(view, _sources())

    def save(office: Office, values: Values) -> Any:
        from docfiler import services
        from docfiler.errors import ValidationError

        changes = _changes(values, seen.original())
        if not changes:
            raise ValidationError("没有修改任何内容。")
        return services.update_document(
            office=office, number=number, changes=changes, expected_version=seen.value
        )

    return FormScreen(
        form_id="edit-form",
        title=f"编辑 {number}",
        note=f"您看到的是第 {view['version']} 版。程序事项（听取意见、审查、公布等）请用各自的操作登记。",
        fields=_edit_fields(view),
        save=save,
        success=lambda r: f"已保存 {r.doc_number}（第 {r.version} 版）",
        seen=seen,
    )


def validity_hint(rulebook: Any) -> str:
    """What an empty validity field means under the office's rules."""
    years = rulebook.default_validity_years
    if years is None:
        return "文件规定了有效期才填；不填即不设有效期（废止、失效前一直有效）"
    interim = rulebook.interim_validity_years or years
    return f"不填按规则：{years} 年，暂行/试行 {interim} 年"
