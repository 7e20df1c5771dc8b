"""Forms (ModalScreen) for every write the CLI can make. Each calls one docfiler service.

A form parses what the clerk typed (dates as 2016-03-01, numbers as any accepted form), runs the
service in a thread worker, and closes only when the service succeeded. A refusal (DocfilerError)
is shown inside the form with the service's own Chinese message, and everything typed stays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from tui.messages import Saved
from tui.widgets import TextInput

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.app import DocfilerApp

Values = dict[str, Any]
SaveFunction = Callable[["Office", Values], Any]


@dataclasses.dataclass
class FormField:
    name: str
    label: str
    kind: str = "text"  # text | date | int | select
    required: bool = False
    value: Any = None
    options: Sequence[tuple[str, Any]] = ()
    placeholder: str = ""
    hint: str = ""
    check: Callable[[str], tuple[bool, str]] | None = None  # live check as the clerk types


class FormScreen(ModalScreen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "保存", priority=True, id="form.save"),
        Binding("escape", "cancel", "取消", id="form.cancel"),
    ]

    def __init__(
        self,
        *,
        form_id: str,
        title: str,
        fields: list[FormField],
        save: SaveFunction,
        success: str | Callable[[Any], str],
        note: str = "",
        refresh_version: Callable[[Office], int] | None = None,
    ) -> None:
        super().__init__(id=form_id, classes="form-screen")
        self.form_title = title
        self.fields = fields
        self.save_function = save
        self.success = success
        self.note = note
        self.refresh_version = refresh_version
        self.saving = False
        self.error_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(self.form_title, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="form-note")
            with VerticalScroll(classes="form-fields"):
                for field in self.fields:
                    with Horizontal(classes="form-row"):
                        label = field.label + ("＊" if field.required else "")
                        yield Label(label, classes="form-label")
                        yield self._widget(field)
                    yield Static(
                        field.hint,
                        id=f"hint-{field.name}",
                        classes="field-hint" + ("" if field.hint else " -empty"),
                    )
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("保存（ctrl+s）", id="save", variant="primary")
                yield Button("取消（Esc）", id="cancel")
        yield Footer(compact=True)

    def _widget(self, field: FormField) -> Input | Select:
        if field.kind == "select":
            value = field.value if any(v == field.value for _l, v in field.options) else Select.NULL
            return Select(
                list(field.options),
                prompt=field.placeholder or "请选择",
                value=value,
                allow_blank=not field.required or value is Select.NULL,
                id=f"f-{field.name}",
                classes="form-input",
                compact=True,
            )
        placeholder = field.placeholder or ("如 2016-03-01" if field.kind == "date" else "")
        return TextInput(
            value="" if field.value is None else str(field.value),
            placeholder=placeholder,
            id=f"f-{field.name}",
            classes="form-input",
            type="integer" if field.kind == "int" else "text",
            compact=True,
        )

    def on_mount(self) -> None:
        first = self.query(".form-input").first()
        first.focus()

    # ------------------------------------------------------------------ live checks

    @on(Input.Changed, ".form-input")
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "")[2:]
        field = next((f for f in self.fields if f.name == name), None)
        if field is None or field.check is None:
            return
        if not event.value.strip():
            self.set_hint(name, field.hint, invalid=False)
            return
        ok, message = field.check(event.value)
        self.set_hint(name, message, invalid=not ok)

    def set_hint(self, name: str, text: str, *, invalid: bool) -> None:
        hint = self.query_one(f"#hint-{name}", Static)
        hint.update(text)
        hint.set_class(invalid, "-invalid")
        hint.set_class(not text, "-empty")

    @on(Input.Submitted, ".form-input")
    def _next_field(self, event: Input.Submitted) -> None:
        inputs = list(self.query(".form-input"))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save()

    # ------------------------------------------------------------------ saving

    def raw_values(self) -> dict[str, Any]:
        """What the clerk typed, as is (kept on every refusal)."""
        values = {}
        for field in self.fields:
            widget = self.query_one(f"#f-{field.name}")
            values[field.name] = widget.value
        return values

    def collect(self) -> Values | None:
        from docfiler.domain.dates import parse_date
        from docfiler.errors import ValidationError

        values: Values = {}
        for field in self.fields:
            widget = self.query_one(f"#f-{field.name}")
            raw = widget.value
            if field.kind == "select":
                value = None if raw is Select.NULL else raw
            else:
                raw = (raw or "").strip()
                value = raw or None
            try:
                if value is None:
                    if field.required:
                        raise ValidationError(f"请填写“{field.label}”。")
                elif field.kind == "date":
                    value = parse_date(value, field.label)
                elif field.kind == "int":
                    try:
                        value = int(value)
                    except ValueError:
                        raise ValidationError(f"“{field.label}”应为整数。") from None
            except ValidationError as exc:
                self.show_error(exc.message)
                widget.focus()
                return None
            values[field.name] = value
        return values

    def show_error(self, message: str) -> None:
        self.error_text = message
        error = self.query_one("#form-error", Static)
        error.update(message)
        error.set_class(bool(message), "-visible")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.saving:
            return
        values = self.collect()
        if values is None:
            return
        app: DocfilerApp = self.app  # type: ignore[assignment]
        if app.office is None:
            self.show_error("数据库尚未打开，请稍候再保存。")
            return
        self.saving = True
        self.show_error("")
        self.query_one("#save", Button).disabled = True
        self.run_save(app.office, values)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def run_save(self, office: Office, values: Values) -> None:
        self.post_message(Saved(self.save_function(office, values)))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        app: DocfilerApp = self.app  # type: ignore[assignment]
        text = self.success(message.result) if callable(self.success) else self.success
        self.dismiss(message.result)
        app.notify(text, title="已保存")
        app.notify_data_changed()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "form-version":
            if event.state == WorkerState.SUCCESS and event.worker.result is not None:
                self._version_refreshed(event.worker.result)
            return
        if event.worker.group != "form-save" or event.state not in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
            WorkerState.SUCCESS,
        ):
            return
        self.saving = False
        self.query_one("#save", Button).disabled = False
        if event.state != WorkerState.ERROR:
            return
        from docfiler.errors import ConflictError, DocfilerError

        error = event.worker.error
        if isinstance(error, ConflictError):
            self.show_error(error.message + "\n您填写的内容仍保留在表单中，没有丢失。")
            if self.refresh_version is not None:
                self._fetch_version(self.app.office)  # type: ignore[attr-defined]
        elif isinstance(error, DocfilerError):
            self.show_error(error.message)
        else:
            self.show_error(
                "保存失败：发生了意外错误（详见错误对话框）。您填写的内容仍保留在表单中。"
            )
            self.app.report_worker_state(event)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="form-version", exit_on_error=False)
    def _fetch_version(self, office: Office) -> int:
        return self.refresh_version(office)

    def _version_refreshed(self, version: int) -> None:
        self.show_error(
            self.error_text
            + f"\n已读取最新版本（第 {version} 版）。请核对后再按 ctrl+s，将以您填写的内容保存；按 Esc 放弃。"
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------------------- field helpers


def check_number(text: str) -> tuple[bool, str]:
    from docfiler.domain import docnumber

    try:
        return True, f"规范写法：{docnumber.normalize(text)}"
    except docnumber.DocNumberError as exc:
        return False, str(exc)


def check_date(label: str) -> Callable[[str], tuple[bool, str]]:
    def check(text: str) -> tuple[bool, str]:
        from docfiler.domain.dates import parse_date
        from docfiler.errors import ValidationError

        try:
            day = parse_date(text, label)
        except ValidationError as exc:
            return False, exc.message
        return True, f"{day.year}年{day.month}月{day.day}日"

    return check


def date_field(name: str, label: str, *, required: bool = False, value: Any = None) -> FormField:
    return FormField(name, label, "date", required=required, value=value, check=check_date(label))


def today_iso(app: DocfilerApp) -> str:
    return app.office.today().isoformat()


# ---------------------------------------------------------------------------- documents


def register_form(app: DocfilerApp) -> FormScreen:
    from tui.outputs import DocxPrefillForm

    authorities = app.choices.authorities if app.choices else []

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.register_document(
            office=office,
            number=values["number"],
            title=values["title"],
            authority=values["authority"],
            drafting_unit=values["drafting_unit"],
            registration_number=values["registration_number"],
            effective=values["effective"],
            valid_years=values["valid_years"],
            note=values["note"],
        )

    return DocxPrefillForm(
        form_id="register-form",
        title="登记文件（草案）",
        note="已有 Word 文本的，按 ctrl+o 从文档读取文号和标题。",
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
            FormField(
                "valid_years", "有效期（年）", "int", placeholder="不填按规则：5 年，暂行/试行 2 年"
            ),
            FormField("note", "备注"),
        ],
        save=save,
        success=lambda r: f"已登记 {r.doc_number}《{r.title}》",
    )


def _version_of(number: str) -> Callable[[Office], int]:
    def fetch(office: Office) -> int:
        from docfiler.queries import documents as queries

        return queries.show_document(office=office, number=number)["version"]

    return fetch


class _Version:
    """The version the clerk saw; a conflict may move it to the latest on purpose."""

    def __init__(self, version: int) -> None:
        self.value = version


def _versioned(number: str, version: int) -> tuple[_Version, Callable[[Office], int]]:
    seen = _Version(version)
    fetch = _version_of(number)

    def refresh(office: Office) -> int:
        seen.value = fetch(office)
        return seen.value

    return seen, refresh


EDIT_FIELDS = (
    ("title", "标题", "text", "title"),
    ("drafting_unit", "起草单位", "text", "drafting_unit"),
    ("registration_number", "登记号", "text", "registration_number"),
    ("effective_on", "施行日期", "date", "effective"),
    ("valid_years", "有效期（年）", "int", None),
    ("valid_until", "有效期截止日", "date", "valid_until"),
    ("signed_by", "签发人", "text", "signed_by"),
    ("publication_channel", "公布载体", "text", "channel"),
    ("note", "备注", "text", "note"),
)


def edit_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    number = view["doc_number"]
    seen, refresh = _versioned(number, view["version"])
    original: dict[str, Any] = {}
    fields = []
    for name, label, kind, key in EDIT_FIELDS:
        value = view.get(key) if key else None
        original[name] = value
        if kind == "date":
            fields.append(date_field(name, label, required=name == "title", value=value))
        else:
            fields.append(FormField(name, label, kind, required=name == "title", value=value))

    def save(office: Office, values: Values) -> Any:
        from docfiler import services
        from docfiler.errors import ValidationError

        changes = {}
        for name, _label, kind, _key in EDIT_FIELDS:
            value = values[name]
            before = original[name]
            value_text = value.isoformat() if kind == "date" and value is not None else value
            if (value_text or None) != (before or None):
                changes[name] = value
        if not changes:
            raise ValidationError("没有修改任何内容。")
        return services.update_document(
            office=office, number=number, changes=changes, expected_version=seen.value
        )

    return FormScreen(
        form_id="edit-form",
        title=f"编辑 {number}",
        note=f"您看到的是第 {view['version']} 版。程序事项（听取意见、审查、公布等）请用各自的操作登记。",
        fields=fields,
        save=save,
        success=lambda r: f"已保存 {r.doc_number}（第 {r.version} 版）",
        refresh_version=refresh,
    )


def _doc_form(
    view: dict[str, Any],
    *,
    form_id: str,
    title: str,
    fields: list[FormField],
    call: Callable[[Office, str, Values, int], Any],
    success: str,
    note: str = "",
) -> FormScreen:
    """A procedure step on one document, guarded by the version the clerk saw."""
    number = view["doc_number"]
    seen, refresh = _versioned(number, view["version"])

    def save(office: Office, values: Values) -> Any:
        return call(office, number, values, seen.value)

    return FormScreen(
        form_id=form_id,
        title=f"{title}：{number}",
        note=note,
        fields=fields,
        save=save,
        success=f"{number}：{success}",
        refresh_version=refresh,
    )


def opinions_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.record_opinions(
            office=office,
            number=number,
            on=v["on"],
            method=v["method"],
            summary=v["summary"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="opinions-form",
        title="登记听取意见",
        fields=[
            date_field("on", "听取意见日期", required=True, value=today_iso(app)),
            FormField("method", "方式", placeholder="如 政府网站公开征求意见、座谈会"),
            FormField("summary", "意见摘要"),
        ],
        call=call,
        success="已登记听取意见",
    )


def submit_review_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.submit_review(
            office=office,
            number=number,
            submitted=v["submitted"],
            reviewer=v["reviewer"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="submit-review-form",
        title="报送合法性审查",
        fields=[
            date_field("submitted", "报送日期", required=True, value=today_iso(app)),
            FormField("reviewer", "审查机构", value="盖州市司法局"),
        ],
        call=call,
        success="已报送合法性审查",
    )


def finish_review_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    from docfiler.domain.vocabulary import REVIEW_OUTCOMES

    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.finish_review(
            office=office,
            number=number,
            finished=v["finished"],
            outcome=v["outcome"],
            reviewer=v["reviewer"],
            opinion=v["opinion"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="finish-review-form",
        title="登记合法性审查结论",
        fields=[
            date_field("finished", "审查完成日期", required=True, value=today_iso(app)),
            FormField(
                "outcome",
                "审查结论",
                "select",
                required=True,
                options=[(o, o) for o in REVIEW_OUTCOMES],
            ),
            FormField("reviewer", "审查机构"),
            FormField("opinion", "审查意见"),
        ],
        call=call,
        success="已登记审查结论",
        note="不合法或未经审查的文件不得提交集体讨论（国办发〔2018〕115号）。",
    )


def revision_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.record_revision(
            office=office, number=number, on=v["on"], expected_version=version
        )

    return _doc_form(
        view,
        form_id="revision-form",
        title="登记按审查意见修改完毕",
        fields=[date_field("on", "修改完成日期", required=True, value=today_iso(app))],
        call=call,
        success="已登记按审查意见修改完毕",
    )


def decision_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.record_decision(
            office=office,
            number=number,
            meeting=v["meeting"],
            on=v["on"],
            minutes=v["minutes"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="decision-form",
        title="登记集体讨论决定",
        fields=[
            FormField(
                "meeting", "会议名称", required=True, placeholder="如 盖州市人民政府第25次常务会议"
            ),
            date_field("on", "会议日期", required=True, value=today_iso(app)),
            FormField("minutes", "纪要号"),
        ],
        call=call,
        success="已登记集体讨论决定",
    )


def signing_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.record_signing(
            office=office,
            number=number,
            on=v["on"],
            signed_by=v["signed_by"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="signing-form",
        title="登记签发",
        fields=[
            date_field("on", "签发日期", required=True, value=today_iso(app)),
            FormField("signed_by", "签发人", value=view.get("signed_by")),
        ],
        call=call,
        success="已登记签发",
    )


def publish_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.publish(
            office=office,
            number=number,
            on=v["on"],
            channel=v["channel"],
            effective=v["effective"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="publish-form",
        title="公布",
        fields=[
            date_field("on", "公布日期", required=True, value=today_iso(app)),
            FormField("channel", "公布载体", value=view.get("channel") or "盖州市人民政府门户网站"),
            date_field("effective", "施行日期", value=view.get("effective")),
        ],
        call=call,
        success="已公布，并生成备案期限",
        note="未经听取意见、合法性审查、集体讨论决定的，不得发布施行。公布后按规则生成各备案机关的备案期限。",
    )


def _filing_options(view: dict[str, Any], *, submitted: bool) -> list[tuple[str, str]]:
    options = []
    for filing in view["filings"]:
        returned = filing["result"] in ("要求补正", "要求纠正")
        if submitted and filing["submitted"]:
            options.append((f"{filing['body']}（{filing['submitted']} 报送）", filing["body"]))
        elif not submitted and (filing["submitted"] is None or returned):
            options.append((f"{filing['body']}（期限 {filing['due']}）", filing["body"]))
    return options


def _filing_version(view: dict[str, Any], body: str) -> int | None:
    return next((f["version"] for f in view["filings"] if f["body"] == body), None)


def submit_filing_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen | None:
    options = _filing_options(view, submitted=False)
    if not options:
        app.notify(
            "没有待报送的备案事项。" if view["filings"] else "文件尚未公布，没有备案事项。",
            severity="warning",
        )
        return None

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.submit_filing(
            office=office,
            number=view["doc_number"],
            body=values["body"],
            submitted=values["submitted"],
            receipt=values["receipt"],
            expected_version=_filing_version(view, values["body"]),
        )

    return FormScreen(
        form_id="submit-filing-form",
        title=f"报送备案：{view['doc_number']}",
        fields=[
            FormField(
                "body", "备案机关", "select", required=True, options=options, value=options[0][1]
            ),
            date_field("submitted", "报送日期", required=True, value=today_iso(app)),
            FormField("receipt", "回执号"),
        ],
        save=save,
        success=lambda r: (
            f"{r.doc_number} 已向{r.body}报送备案"
            + (f"（超期 {r.late_days} 日）" if r.late_days else "")
        ),
    )


def filing_result_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen | None:
    from docfiler.domain.vocabulary import FILING_RESULTS

    options = _filing_options(view, submitted=True)
    if not options:
        app.notify("还没有已报送的备案，不能登记审查意见。", severity="warning")
        return None

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.record_filing_result(
            office=office,
            number=view["doc_number"],
            body=values["body"],
            result=values["result"],
            on=values["on"],
            expected_version=_filing_version(view, values["body"]),
        )

    return FormScreen(
        form_id="filing-result-form",
        title=f"登记备案审查意见：{view['doc_number']}",
        fields=[
            FormField(
                "body", "备案机关", "select", required=True, options=options, value=options[0][1]
            ),
            FormField(
                "result",
                "审查意见",
                "select",
                required=True,
                options=[(r, r) for r in FILING_RESULTS],
            ),
            date_field("on", "意见日期", required=True, value=today_iso(app)),
        ],
        save=save,
        success=lambda r: f"{r.doc_number} {r.body}备案审查意见：{r.result}",
    )


RELATION_OPTIONS = (
    ("修改（本文件修改对方）", "amends"),
    ("废止（本文件废止对方）", "repeals"),
    ("替代（本文件替代对方）", "replaces"),
    ("依据（本文件依据对方）", "based_on"),
)


def relation_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.add_relation(
            office=office,
            source=view["doc_number"],
            target=values["target"],
            kind=values["kind"],
            on=values["on"],
            note=values["note"],
        )

    return FormScreen(
        form_id="relation-form",
        title=f"登记文件关系：{view['doc_number']}",
        fields=[
            FormField("kind", "关系", "select", required=True, options=RELATION_OPTIONS),
            FormField("target", "对方文号", required=True, check=check_number),
            date_field("on", "日期", value=None),
            FormField("note", "说明"),
        ],
        save=save,
        success=lambda r: f"已登记：{r.source} → {r.target}",
        note="日期不填时取本文件的施行日期。废止、替代会使对方文件自该日起不再有效。",
    )


def repeal_form(app: DocfilerApp, view: dict[str, Any]) -> FormScreen:
    number = view["doc_number"]
    seen, refresh = _versioned(number, view["version"])

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.repeal_document(
            office=office,
            number=number,
            on=values["on"],
            reason=values["reason"],
            by=values["by"],
            expected_version=seen.value,
        )

    return FormScreen(
        form_id="repeal-form",
        title=f"废止：{number}",
        fields=[
            date_field("on", "废止日期", required=True, value=today_iso(app)),
            FormField("reason", "理由", required=True),
            FormField("by", "废止文件文号", placeholder="由另一文件废止时填写", check=check_number),
        ],
        save=save,
        success=f"{number} 已废止",
        refresh_version=refresh,
    )


# ---------------------------------------------------------------------------- countersign


def countersign_form(app: DocfilerApp) -> FormScreen:
    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.add_countersign(
            office=office,
            title=values["title"],
            received=values["received"],
            reply_due=values["reply_due"],
            from_body=values["from_body"] or "营口市人民政府",
            reference=values["reference"],
        )

    return FormScreen(
        form_id="countersign-form",
        title="登记会签请求",
        fields=[
            FormField(
                "title", "文件标题", required=True, placeholder="如 营口市××管理办法（征求意见稿）"
            ),
            FormField("from_body", "来文机关", value="营口市人民政府"),
            FormField("reference", "来文文号"),
            date_field("received", "收到日期", required=True, value=today_iso(app)),
            date_field("reply_due", "答复期限"),
        ],
        save=save,
        success=lambda r: f"已登记会签《{r.title}》，{r.reply_due} 前答复",
        note="答复期限不填时按规则计算（工作日）。会签不能代替合法性审查。",
    )


def countersign_reply_form(
    app: DocfilerApp, rows: list[Any], selected: int | None = None
) -> FormScreen:
    options = [(f"{row.title}（{row.reply_due_on.isoformat()} 前答复）", row.id) for row in rows]
    versions = {row.id: row.version for row in rows}

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.reply_countersign(
            office=office,
            countersign_id=values["countersign"],
            replied=values["replied"],
            summary=values["summary"],
            expected_version=versions.get(values["countersign"]),
        )

    return FormScreen(
        form_id="countersign-reply-form",
        title="登记会签答复",
        fields=[
            FormField(
                "countersign",
                "会签事项",
                "select",
                required=True,
                options=options,
                value=selected if selected in versions else options[0][1],
            ),
            date_field("replied", "答复日期", required=True, value=today_iso(app)),
            FormField("summary", "答复意见"),
        ],
        save=save,
        success="已登记会签答复",
    )


# ---------------------------------------------------------------------------- authorities

AUTHORITY_KINDS = (
    ("政府部门", "department"),
    ("本级政府", "government"),
    ("政府办公室", "general_office"),
)


def _names(text: str | None) -> list[str]:
    """盖民发、盖民办 / 盖民发,盖民办 / 盖民发 盖民办 → a list."""
    if not text:
        return []
    for separator in "、，,;；":
        text = text.replace(separator, " ")
    return [name for name in text.split() if name]


def authority_form(app: DocfilerApp) -> FormScreen:
    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.add_authority(
            office=office,
            name=values["name"],
            codes=_names(values["codes"]),
            kind=values["kind"] or "department",
            filing_bodies=_names(values["filing_bodies"]) or None,
        )

    return FormScreen(
        form_id="authority-form",
        title="添加制定机关（或为已有机关添加代字）",
        fields=[
            FormField("name", "机关名称", required=True, placeholder="如 盖州市住房和城乡建设局"),
            FormField("codes", "机关代字", placeholder="如 盖住建发；多个用顿号分隔"),
            FormField("kind", "类别", "select", options=AUTHORITY_KINDS, value="department"),
            FormField("filing_bodies", "备案机关", placeholder="不填：部门向盖州市人民政府备案"),
        ],
        save=save,
        success=lambda r: f"已保存制定机关“{r.name}”",
    )
