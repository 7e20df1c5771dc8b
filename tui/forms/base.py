"""FormScreen: the one modal form every write goes through, and the helpers to build its fields.

A form parses what the clerk typed (dates as 2016-03-01, numbers as any accepted form), runs the
service in a thread worker, and closes only when the service succeeded. A refusal (DocfilerError)
is shown inside the form with the service's own Chinese message, and everything typed stays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.scalar import Scalar
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from tui.forms.conflict import ConflictPanel, SeenDocument, conflict_text
from tui.messages import Saved
from tui.protocol import Host, host
from tui.widgets.footer import Footer
from tui.widgets.inputs import TextInput

if TYPE_CHECKING:
    from docfiler.office import Office

Values = dict[str, Any]
SHORT = 32  # a screen lower than this: the form's box and buttons drawn without padding
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


class FormPart(Vertical):
    """The form's head (title, note) or foot (error, conflict, buttons): the fields get the
    screen's height that these leave, again whenever one of them changes its height."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, FormScreen):
            screen.fit()


class FormScreen(ModalScreen[Any]):
    HELP_TITLE: ClassVar[str] = "表单"
    SAVE_LABEL: ClassVar[str] = "保存"
    """What the save button does (an output dialog: 生成)."""
    ENTER_SAVES: ClassVar[bool] = False
    """Enter in a text field saves once every required field is filled (an output dialog, whose
    fields all have defaults) instead of moving on to the next field."""
    HELP_NOTES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Tab / Enter", "下一项"),
        ("日期", "按 2016-03-01 或 2016年3月1日 填写"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "保存", priority=True, id="form.save"),
        Binding("escape", "cancel", "取消", id="form.cancel", tooltip="关闭表单，不保存"),
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
        seen: SeenDocument | None = None,
    ) -> None:
        super().__init__(id=form_id, classes="form-screen")
        self.form_title = title
        self.fields = fields
        self.save_function = save
        self.success = success
        self.note = note
        self.seen = seen
        """The document as the clerk saw it: its version guards the save (see forms/conflict)."""
        self.conflict: dict[str, Any] | None = None
        """The document as a colleague saved it, shown to the clerk, until the clerk chooses."""
        self._differences: list = []
        self.saving = False
        self.error_text = ""
        self.opened_with: dict[str, str] | None = None
        """The fields as the form opened (or as last saved): Esc asks only if they changed."""

    def compose(self) -> ComposeResult:
        # The box: its head and foot always shown, the fields between them scroll (see `fit`).
        with Vertical(classes="form-box"):
            with FormPart(classes="form-head"):
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
            with FormPart(classes="form-foot"):
                yield Static("", id="form-error", markup=False)
                if self.seen is not None:
                    yield ConflictPanel(id="conflict")
                with Horizontal(classes="dialog-buttons", id="form-buttons"):
                    yield Button(f"{self.SAVE_LABEL}（ctrl+s）", id="save", variant="primary")
                    yield Button("取消（Esc）", id="cancel")
        yield Footer(compact=True)

    def fit(self) -> None:
        """Give the fields what the screen leaves beside the head, the foot and the footer: the
        buttons and the error stay on screen at 80×24 and the fields scroll. (CSS alone cannot:
        a box of `height: auto` lays its children out as if it had no height.)"""
        if not self.is_mounted:
            return
        box = self.query_one(".form-box")
        used = box.styles.gutter.height + self.query_one(Footer).outer_size.height
        used += sum(part.outer_size.height for part in self.query(FormPart) if part.display)
        room = max(self.size.height - used, 3)
        fields = self.query_one(".form-fields")
        if fields.styles.max_height != Scalar.from_number(room):
            fields.styles.max_height = room

    def on_resize(self) -> None:
        short = self.size.height < SHORT
        self.set_class(short, "-short")  # app.tcss: less padding round the box
        for button in self.query("#form-buttons Button").results(Button):
            button.compact = short
        self.fit()

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
        self.opened_with = self.typed()

    def has_unsaved_input(self) -> bool:
        """Whether closing now would lose what the clerk typed."""
        return self.is_mounted and self.opened_with is not None and self.typed() != self.opened_with

    def keep_input(self) -> None:
        """What the fields hold now is safe (saved or generated): closing loses nothing."""
        self.opened_with = self.typed()

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
        if self.ENTER_SAVES:
            empty = self._first_empty_required()
            if empty is None:
                self.action_save()
            else:
                empty.focus()
            return
        inputs = list(self.query(".form-input"))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save()

    def _first_empty_required(self) -> Input | Select | None:
        typed = self.typed()
        for field in self.fields:
            if field.required and not typed[field.name].strip():
                return self.query_one(f"#f-{field.name}")
        return None

    # ------------------------------------------------------------------ saving

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
                self.show_error(exc.for_surface("tui"))
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
        if self.conflict is not None:  # the clerk has not chosen yet: never save blindly
            self.app.notify(
                "他人已修改这份文件：请先在表单下方选择“重新载入”或“保留我的修改并保存”。",
                severity="warning",
            )
            self.query_one("#conflict-reload", Button).focus()
            return
        values = self.collect()
        if values is None:
            return
        office = host(self.app).office
        if office is None:
            self.show_error("数据库尚未打开，请稍候再保存。")
            return
        self.before_save(values, lambda: self._begin_save(office, values))

    def before_save(self, values: Values, go: Callable[[], None]) -> None:
        """A last question before saving (an output asks before it replaces a file): call `go`
        to save, or do not."""
        go()

    def _begin_save(self, office: Office, values: Values) -> None:
        self.saving = True
        self.show_error("")
        self.query_one("#save", Button).disabled = True
        self.run_save(office, values)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def run_save(self, office: Office, values: Values) -> None:
        self.post_message(Saved(self.save_function(office, values)))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        text = self.success(message.result) if callable(self.success) else self.success
        self.dismiss(message.result)
        self.app.notify(text, title="已保存")
        host(self.app).notify_data_changed()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "form-latest":
            if event.state == WorkerState.SUCCESS and event.worker.result is not None:
                self._show_conflict(event.worker.result)
            elif event.state == WorkerState.ERROR:
                host(self.app).report_worker_state(event)
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
            self.show_error(error.for_surface("tui") + "\n您填写的内容仍保留在表单中，没有丢失。")
            if self.seen is not None:
                self._fetch_latest(host(self.app).office, self.seen)
        elif isinstance(error, DocfilerError):
            self.show_error(error.for_surface("tui"))
        else:
            self.show_error(
                "保存失败：发生了意外错误（详见错误对话框）。您填写的内容仍保留在表单中。"
            )
            host(self.app).report_worker_state(event)

    # ------------------------------------------------------------------ conflicts

    @work(thread=True, exclusive=True, group="form-latest", exit_on_error=False)
    def _fetch_latest(self, office: Office, seen: SeenDocument) -> dict[str, Any]:
        return seen.latest(office)

    def typed(self) -> dict[str, str]:
        """Every field as the clerk has typed it (a select's value; blank as "")."""
        values = {}
        for field in self.fields:
            raw = self.query_one(f"#f-{field.name}").value
            values[field.name] = "" if raw is Select.NULL or raw is None else str(raw)
        return values

    def _show_conflict(self, latest: dict[str, Any]) -> None:
        """Show what the colleague changed beside what this clerk typed; wait for a choice."""
        assert self.seen is not None
        self.conflict = latest
        found = self.seen.differences(latest, self.typed())
        self.show_error("")
        for part in self.query(".form-note, #form-buttons"):
            part.display = False
        self.query_one(ConflictPanel).show(conflict_text(self.seen, latest, found))
        self._differences = found

    def _close_conflict(self) -> None:
        assert self.seen is not None and self.conflict is not None
        self.seen.adopt(self.conflict)
        self.conflict = None
        self.query_one(ConflictPanel).hide()
        for part in self.query(".form-note, #form-buttons"):
            part.display = True

    def _put(self, name: str, raw: str | None) -> None:
        widget = self.query_one(f"#f-{name}")
        widget.value = Select.NULL if isinstance(widget, Select) and not raw else (raw or "")

    @on(Button.Pressed, "#conflict-reload")
    def reload_saved(self) -> None:
        """重新载入: the colleague's values into the form's fields; the clerk saves again."""
        if self.conflict is None:
            return
        version = self.conflict["version"]
        for difference in self._differences:
            if difference.field is not None:
                self._put(difference.field, difference.reload_value)
        self._close_conflict()
        self.query(".form-input").first().focus()
        self.app.notify(
            f"已载入他人保存的内容（第 {version} 版）。请核对后按 ctrl+s 保存，按 Esc 放弃。",
            title="已重新载入",
        )

    @on(Button.Pressed, "#conflict-merge")
    def keep_mine(self) -> None:
        """保留我的修改并保存: the clerk's values over the colleague's, knowingly. A field the
        clerk left as it was keeps the colleague's change."""
        if self.conflict is None:
            return
        for difference in self._differences:
            if difference.field is not None and not difference.touched:
                self._put(difference.field, difference.reload_value)
        self._close_conflict()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.leave()

    def leave(self) -> None:
        """Close the form; if the clerk typed something, ask first (放弃 / 继续填写)."""
        if not self.has_unsaved_input():
            self.dismiss(None)
            return
        from tui.dialogs.confirm import discard_dialog

        def answered(discard: bool | None) -> None:
            if discard and self.is_current:
                self.dismiss(None)

        self.app.push_screen(discard_dialog([self.form_title]), answered)


def unsaved_forms(screens: Iterable[object]) -> list[FormScreen]:
    """The forms among `screens` whose typed input closing them would lose."""
    return [s for s in screens if isinstance(s, FormScreen) and s.has_unsaved_input()]


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
        from docfiler.domain.labels import date_label
        from docfiler.errors import ValidationError

        try:
            day = parse_date(text, label)
        except ValidationError as exc:
            return False, exc.for_surface("tui")
        return True, date_label(day)

    return check


def date_field(name: str, label: str, *, required: bool = False, value: Any = None) -> FormField:
    return FormField(name, label, "date", required=required, value=value, check=check_date(label))


def today_iso(app: Host) -> str:
    return app.office.today().isoformat()


def split_names(text: str | None) -> list[str]:
    """盖民发、盖民办 / 盖民发,盖民办 / 盖民发 盖民办 → a list."""
    if not text:
        return []
    for separator in "、，,;；":
        text = text.replace(separator, " ")
    return [name for name in text.split() if name]
