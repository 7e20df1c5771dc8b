"""The clerks' terminal UI: a Textual app over the docfiler services (the composition root).

`import tui.app` stays cheap (Textual only): the database is opened and the heavy docfiler
modules are imported in a thread worker after the first frame is drawn. Every database call runs
in a thread worker that posts a message; one `Worker.StateChanged` handler (`report_worker_state`)
turns a failed worker into an error dialog, and the app keeps running. Screens, forms and dialogs
reach the app only through `tui.protocol.Host`, never by importing this module.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.message import Message
from textual.worker import Worker, WorkerState

from tui import strip_cycles
from tui.app_forms import FormActions
from tui.collector import TICK, Collector
from tui.keys import GLOBAL_BINDINGS
from tui.messages import (
    ChoicesLoaded,
    CountersignsLoaded,
    DashboardLoaded,
    DataChanged,
    OfficeReady,
)

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from docfiler.office import Office

log = logging.getLogger("docfiler.tui")

OFFICE_OPENING = "数据库尚未打开，请稍候。"
OFFICE_FAILED = "数据库未能打开：请按错误提示检查配置，然后重新启动。"
PAINT_WAIT = 0.5
"""Seconds the office's opening waits for the dashboard read before it to be drawn."""

UNEXPECTED_ERROR = (
    "发生了意外错误，本次操作未完成，已输入的数据没有保存。\n"
    "错误详情已记入日志{where}。请重试；若反复出现，请把日志交给系统管理员。"
)


def _dashboard_screen() -> Screen:
    from tui.screens.dashboard import DashboardScreen

    return DashboardScreen()


def _register_screen() -> Screen:
    from tui.screens.register import RegisterScreen

    return RegisterScreen()


def _campaign_screen() -> Screen:
    from tui.screens.campaign import CampaignScreen

    return CampaignScreen()


def _inbox_screen() -> Screen:
    from tui.screens.inbox import InboxScreen

    return InboxScreen()


def _docfiler_commands() -> type[Provider]:
    from tui.dialogs.palette import DocfilerCommands

    return DocfilerCommands


def _system_commands() -> type[Provider]:
    from textual.system_commands import SystemCommandsProvider

    return SystemCommandsProvider


class DocfilerApp(FormActions, App[None]):
    """盖州市规范性文件备案管理."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))  # absolute: subclasses elsewhere work
    TITLE = "盖州市行政规范性文件备案管理"  # until the office's rulebook names the city
    MODES: ClassVar[dict[str, Callable[[], Screen]]] = {
        "dashboard": _dashboard_screen,
        "register": _register_screen,
        "campaign": _campaign_screen,
        "inbox": _inbox_screen,
    }
    DEFAULT_MODE = "dashboard"
    COMMANDS: ClassVar[set[Callable[[], type[Provider]]]] = {_system_commands, _docfiler_commands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = list(GLOBAL_BINDINGS)

    def __init__(
        self,
        office: Office | Callable[[], Office],
        *,
        cursor_blink: bool = True,
        log_path: str | None = None,
        opener: Callable[[Path], str | None] | None = None,
    ) -> None:
        super().__init__()
        from tui.dialogs.opener import open_with_desktop

        self.opener = opener or open_with_desktop
        """打开文件 / 打开文件夹 (tui.dialogs.opener); a test gives one that only records."""
        self._office_source = office
        self.office: Office | None = None
        self.choices: Any = None
        self.ready = False
        self.open_failed = False
        """The office's opening failed (its error shown): nothing can be written this session."""
        self.data_version = 0
        self.cursor_blink = cursor_blink
        self.log_path = log_path
        self.collector = Collector()
        """When Python's cyclic collector may run: never between a keystroke and its frame."""
        strip_cycles.install()  # a frame's lines freed by reference counting, not the collector

    # ------------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        self.sub_title = "正在打开数据库…"
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        """After the first frame: the collector back on (see `tui.entry.open_terminal_ui`),
        what the start loaded kept out of its passes, and the office opened in a worker."""
        from docfiler.queries.bulk import collector_back_on

        # No pass over what the start loaded: that is what the first frame did not wait for.
        # The start's own cyclic garbage (about 14,000 objects, a megabyte or two) is kept.
        collector_back_on()
        self.collector.install()
        self.set_interval(TICK, self.collector.tick, name="collector")
        self.open_office(self._office_source)

    @work(thread=True, exclusive=True, group="office", exit_on_error=False)
    def open_office(self, source: Office | Callable[[], Office]) -> None:
        if hasattr(source, "engine"):
            office = source
        else:
            self._preview_dashboard(source)
            office = source()
        # The heavy modules, imported here so the first frame never waits for them (the write
        # path's, docfiler.services, once the dashboard has its data: DashboardScreen.load).
        import docfiler.queries.documents
        import docfiler.queries.register
        import docfiler.queries.reminders  # noqa: F401
        from docfiler.queries import pickers

        choices = pickers.filter_choices(office=office)
        self.post_message(OfficeReady(office, choices))
        # After the screens have what they need: SQLite's quick check (issue 14, item 9).
        from docfiler.queries.integrity import quick_check

        warning = quick_check(office)
        if warning:
            self.call_from_thread(self.notify, warning, severity="error", timeout=60)

    def _preview_dashboard(self, source: Callable[[], Office]) -> None:
        """The dashboard read without SQLAlchemy (docfiler.opener.OfficeOpener.read_dashboard)
        before the office is opened, when the register needs nothing done on opening: the clerk
        sees the day's work about half a second sooner. Any failure is left to opening the
        office to explain."""
        read = getattr(source, "read_dashboard", None)
        found = read() if read is not None else None
        if found is None:
            return
        # Opening the office next imports SQLAlchemy, which would hold the interpreter while
        # the dashboard draws: wait (briefly) until the clerk sees it.
        painted = threading.Event()
        message = DashboardLoaded(found.today, found.reminders, found.counts, painted.set)
        try:
            told = self.call_from_thread(self._tell_dashboard, message)
        except RuntimeError:  # the app stopped meanwhile (quit at once): nothing to show
            return
        if told:
            painted.wait(PAINT_WAIT)

    def _tell_dashboard(self, message: Message) -> bool:
        """Post to the dashboard if the clerk is on it (else it loads when shown again)."""
        if not self.ready and self.screen_stack and self.screen.id == "dashboard":
            return self.screen.post_message(message)
        return False

    @on(OfficeReady)
    def _office_ready(self, message: OfficeReady) -> None:
        self.office = message.office
        self.choices = message.choices
        self.ready = True
        self.title = f"{self.office.rulebook.city_name}行政规范性文件备案管理"
        self.keep_loaded()
        self.sub_title = ""
        self.notify_data_changed()

    @staticmethod
    def keep_loaded() -> None:
        """Everything loaded so far lives as long as the app (modules, screens, compiled
        statements): keep it out of the cyclic collector's full passes. Each pass walks every
        object not kept so — 50,000 objects left after the write path's modules are loaded took
        30–60 ms a pass, a stalled keystroke every few seconds of typing. Called once the office
        is open and again once the write path is loaded (DashboardScreen.load); the young
        garbage is collected first so that none of it is kept."""
        gc.collect(1)
        gc.freeze()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.collector.touched()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.collector.uninstall()
        gc.unfreeze()

    def notify_data_changed(self) -> None:
        """Something was written: the active screen reloads now, the others when shown."""
        self.data_version += 1
        self._tell_screen(DataChanged())

    def refresh_choices(self) -> None:
        """A new document may bring a new year or authority to the register's filters."""
        self._load_choices(self.office)

    @work(thread=True, exclusive=True, group="choices", exit_on_error=False)
    def _load_choices(self, office: Office) -> None:
        from docfiler.queries import pickers

        self.post_message(ChoicesLoaded(pickers.filter_choices(office=office)))

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        self.choices = message.choices
        self._tell_screen(ChoicesLoaded(message.choices))

    def _tell_screen(self, message: Message) -> None:
        """Post to the active screen, if there still is one (not while shutting down)."""
        if self.screen_stack:
            self.screen.post_message(message)

    # ------------------------------------------------------------------ errors

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_worker_state(event)

    def report_worker_state(self, event: Worker.StateChanged) -> None:
        """The one place where a failed worker becomes an error dialog."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            if event.worker.group == "office":
                self.open_failed = True
                self.sub_title = "数据库未能打开"
                for screen in self.screen_stack:
                    if hasattr(screen, "show_unavailable"):
                        screen.show_unavailable(OFFICE_FAILED)
            self.show_error(event.worker.error)

    def show_error(self, error: BaseException, title: str | None = None) -> None:
        from docfiler.errors import DocfilerError, explain
        from tui.dialogs.error import ErrorDialog

        if not isinstance(error, DocfilerError):
            # A fault of the machine, the disk or the database: said as the CLI says it.
            explained = explain(error)
            if explained is not None:
                log.warning("界面操作未完成：%s", explained.message, exc_info=error)
                error = explained
        if isinstance(error, DocfilerError):
            self.push_screen(ErrorDialog(title or "操作未执行", error.for_surface("tui")))
            return
        log.error("界面操作出错", exc_info=error)
        where = f"（{self.log_path}）" if self.log_path else ""
        message = UNEXPECTED_ERROR.format(where=where)  # the details are in the log, not here
        self.push_screen(ErrorDialog(title or "意外错误", message))

    def require_office(self) -> bool:
        if self.office is None:
            if self.open_failed:
                self.notify(OFFICE_FAILED, severity="error")
            else:
                self.notify(OFFICE_OPENING, severity="warning")
            return False
        return True

    # ------------------------------------------------------------------ navigation

    def action_show_dashboard(self) -> None:
        self.show_mode("dashboard")

    def action_show_register(self) -> None:
        self.show_mode("register")

    def action_search(self) -> None:
        """/ from any screen: the register, its search box focused (its own / does the same)."""

        def search() -> None:
            self.call_after_refresh(lambda: self.screen.run_action("focus_search"))

        self.show_mode("register", then=search)

    def show_mode(self, mode: str, then: Callable[[], None] | None = None) -> None:
        """F2/F3/F4/F9: that screen as it was left (search, page, selection kept), whatever was
        opened on top of it — a document, a form — closed; a form with typed input only after
        the clerk agrees to lose it (else the form stays, as it was)."""
        if self.current_mode != mode:
            self.switch_mode(mode)

        def close_all() -> None:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            if then is not None:
                then()

        self.ask_before_losing_input(self.screen_stack, close_all)

    def ask_before_losing_input(self, screens: Iterable[Screen], then: Callable[[], None]) -> None:
        """Run `then` at once if no form among `screens` holds typed input; else only after the
        clerk answers 放弃 to 放弃已填写的内容？"""
        from tui.dialogs.confirm import ConfirmDialog, discard_dialog
        from tui.forms.base import unsaved_forms

        forms = unsaved_forms(screens)
        if not forms:
            then()
            return
        if isinstance(self.screen, ConfirmDialog):
            return  # asked already

        def answered(discard: bool | None) -> None:
            if discard:
                then()

        self.push_screen(discard_dialog([form.form_title for form in forms]), answered)

    def _all_screens(self) -> list[Screen]:
        """The screens of every mode (a form left open under the dashboard counts too)."""
        return [screen for stack in self._screen_stacks.values() for screen in stack]

    async def action_quit(self) -> None:
        """q, ctrl+q, 退出 in the palette: quit, after asking if a form holds typed input."""
        self.ask_before_losing_input(self._all_screens(), self.exit)

    def action_help(self) -> None:
        from tui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_show_campaign(self) -> None:
        """定期清理: the open campaign, else the last one (where a new one can be started)."""
        if self.require_office():
            self.show_mode("campaign")

    def action_show_inbox(self) -> None:
        """备案审查 (F9): documents filed with the office, 审查建议, the year's figures."""
        if self.require_office():
            self.show_mode("inbox")

    def open_document(self, number: str) -> None:
        from tui.screens.detail import DocumentScreen

        self.push_screen(DocumentScreen(number))

    def action_open_by_number(self) -> None:
        from tui.dialogs.open_number import OpenByNumberDialog

        def opened(number: str | None) -> None:
            if number:
                self.open_document(number)

        self.push_screen(OpenByNumberDialog(), opened)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from tui.dialogs.palette import ChinesePalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                ChinesePalette(
                    id="--command-palette", placeholder="输入操作名称、文号或标题中的词…"
                )
            )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # 退出 and the office's own actions come from DocfilerCommands (built from the bindings).
        yield SystemCommand("切换主题", "更换界面配色", self.action_change_theme)
        yield SystemCommand(
            "截图",
            "把当前屏幕保存为 SVG 图片（存入“下载”文件夹，没有则存入当前文件夹）",
            lambda: self.set_timer(0.1, self.save_screenshot),
        )

    def save_screenshot(self) -> Path | None:
        """The screen as an SVG file, said in Chinese (Textual's own delivery fails in English
        when ~/Downloads is missing)."""
        from platformdirs import user_downloads_path
        from textual.app import generate_datetime_filename

        folder = user_downloads_path()
        if not folder.is_dir():
            folder = Path.cwd()
        path = folder / generate_datetime_filename("docfiler截图", ".svg")
        try:
            path.write_text(self.export_screenshot(), encoding="utf-8")
        except OSError:
            self.notify(
                f"截图未能保存到 {folder}。请检查该文件夹是否存在、是否可写，磁盘是否已满。",
                title="截图",
                severity="error",
            )
            return None
        self.notify(f"截图已保存：{path}", title="截图")
        return path

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in a text box): say in Chinese how to quit."""
        from tui.keys import key_label

        keys = [
            key_label(active.binding)
            for active in self.active_bindings.values()
            if active.binding.action in ("quit", "app.quit")
        ]
        if keys:
            keys.sort(key=len)  # the office's own short key first
            from tui.forms.base import unsaved_forms

            unsaved = (
                "表单中填写的内容还没有保存，退出前会先询问。"
                if unsaved_forms(self._all_screens())
                else ""
            )
            self.notify(f"要退出 docfiler，请按 {' 或 '.join(keys)}。{unsaved}", title="要退出吗？")

    # ------------------------------------------------------------------ countersign replies

    def action_reply_countersign(self, countersign_id: int | None = None) -> None:
        if self.require_office():
            self._load_countersigns(self.office, countersign_id)

    @work(thread=True, exclusive=True, group="countersigns", exit_on_error=False)
    def _load_countersigns(self, office: Office, countersign_id: int | None) -> None:
        from docfiler.queries import pickers

        self.post_message(CountersignsLoaded(pickers.countersigns(office=office), countersign_id))

    @on(CountersignsLoaded)
    def _push_reply_form(self, message: CountersignsLoaded) -> None:
        from tui.forms.countersigns import countersign_reply_form

        if not message.rows:
            self.notify("没有待答复的会签事项。")
            return
        self.push_screen(countersign_reply_form(self, message.rows, message.selected))


def run_app(office: Office | Callable[[], Office]) -> None:
    """Open the TUI on `office` (or on the office a callable opens, after the first frame)."""
    log_path = _log_to_file()
    DocfilerApp(office, log_path=log_path).run()


def _log_to_file() -> str | None:
    """Errors go to a log file: stderr belongs to the terminal UI."""
    try:
        from docfiler.config import MaskingFormatter, data_dir, private_file

        path = private_file(data_dir() / "tui.log")  # 0600 in a 0700 folder
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("docfiler")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return str(path)
