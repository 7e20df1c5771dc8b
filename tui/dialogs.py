"""Modal dialogs: errors, confirmations, help, open-by-number."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.widgets import TextInput


class ErrorDialog(ModalScreen[None]):
    """Shows a Chinese message; Enter or Esc closes it and the app goes on."""

    AUTO_FOCUS = "#ok"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "关闭", id="error.close"),
        Binding("enter", "close", "确定", show=False),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="dialog error-dialog")
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, id="error-message", classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("确定", id="ok", variant="error")

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmationModal(ModalScreen[bool]):
    """Asks a yes/no question given as a parameter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="confirm.cancel"),
        Binding("y", "confirm", "确认", id="confirm.yes"),
        Binding("n", "cancel", "取消", show=False),
    ]

    def __init__(self, message: str, *, confirm_label: str = "确认") -> None:
        super().__init__(classes="dialog")
        self.message = message
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.message, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, id="yes", variant="primary")
                yield Button("取消", id="no")

    @on(Button.Pressed, "#yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(False)


class OpenByNumberDialog(ModalScreen[str | None]):
    """按文号打开文件: the number in any accepted form, checked as typed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "取消", id="open.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("按文号打开文件", classes="dialog-title")
            yield TextInput(placeholder="如 盖政发〔2016〕9号、盖政发[2016]9", id="number")
            yield Static("", id="number-hint", classes="field-hint")

    @on(Input.Changed, "#number")
    def _check(self, event: Input.Changed) -> None:
        from docfiler.domain import docnumber

        hint = self.query_one("#number-hint", Static)
        if not event.value.strip():
            hint.update("")
            return
        try:
            hint.update(f"规范写法：{docnumber.normalize(event.value)}")
            hint.set_class(False, "-invalid")
        except docnumber.DocNumberError as exc:
            hint.update(str(exc))
            hint.set_class(True, "-invalid")

    @on(Input.Submitted, "#number")
    def _submit(self, event: Input.Submitted) -> None:
        from docfiler.domain import docnumber

        number = docnumber.try_parse(event.value)
        if number is None:
            self._check(Input.Changed(event.input, event.value))
            return
        self.dismiss(str(number))

    def action_cancel(self) -> None:
        self.dismiss(None)


HELP_SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "全局",
        [
            ("F2", "工作台：到期与逾期事项"),
            ("F3", "文件登记簿"),
            ("F4", "定期清理"),
            ("a", "登记新文件"),
            ("ctrl+p", "命令面板（可按文号打开文件）"),
            ("? / F1", "本帮助"),
            ("q", "退出"),
        ],
    ),
    (
        "工作台",
        [
            ("↑ ↓ / Tab", "在事项间移动，Tab 切换分组"),
            ("Enter", "打开事项对应的文件（会签事项打开答复表单）"),
            ("g", "刷新"),
            ("c / h", "登记会签请求 / 登记会签答复"),
            ("m", "添加制定机关或机关代字"),
        ],
    ),
    (
        "文件登记簿",
        [
            ("/", "搜索标题或文号（如 救助、盖政发[2016]9）"),
            ("Enter", "打开文件"),
            ("PageDown / PageUp", "翻页（到页尾继续按 ↓ 也会翻到下一页）"),
            ("n / p", "下一页 / 上一页"),
            ("s / r", "切换排序字段 / 升降序"),
            ("x", "清除全部筛选"),
        ],
    ),
    (
        "文件详情",
        [
            ("e", "编辑文件信息"),
            ("o", "登记听取意见"),
            ("r / f / v", "报送合法性审查 / 登记审查结论 / 按意见修改完毕"),
            ("d / s / p", "集体讨论决定 / 签发 / 公布"),
            ("b / t", "报送备案 / 备案审查意见"),
            ("w", "生成备案报告（Word），生成后按 s 登记报送"),
            ("l / x", "登记文件关系 / 废止"),
            ("Esc", "返回"),
        ],
    ),
    (
        "定期清理（F4）",
        [
            ("1 / 2 / 3 / 4", "继续有效 / 修改 / 废止 / 宣布失效（2–4 随后填写理由，Enter 保存）"),
            ("u / d", "只看未决 / 按起草单位筛选"),
            ("PageDown / PageUp", "翻页（每页 100 件）；n / p 下一页 / 上一页"),
            ("f", "完成清理（列出后果，确认后统一生效）"),
            ("r / c", "生成清理材料（完成后）/ 开始新的清理"),
        ],
    ),
    (
        "表单",
        [
            ("Tab / Enter", "下一项"),
            ("ctrl+s", "保存"),
            ("ctrl+o", "登记文件时：从 Word 文档读取文号和标题"),
            ("Esc", "取消（不保存）"),
            ("日期", "按 2016-03-01 或 2016年3月1日 填写"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "关闭", id="help.close"),
        Binding("question_mark", "close", "关闭", show=False, key_display="?"),
        Binding("f1", "close", "关闭", show=False),
    ]

    def compose(self) -> ComposeResult:
        from rich.table import Table

        with Vertical(classes="dialog-box help-box"):
            yield Label("帮助：快捷键", classes="dialog-title")
            with VerticalScroll():
                for section, keys in HELP_SECTIONS:
                    table = Table(
                        title=section,
                        title_justify="left",
                        show_header=False,
                        box=None,
                        expand=True,
                    )
                    table.add_column("键", style="bold", width=18)
                    table.add_column("作用")
                    for key, what in keys:
                        table.add_row(key, what)
                    yield Static(table, classes="help-section")
            yield Static("按 Esc 关闭", classes="field-hint")

    def action_close(self) -> None:
        self.dismiss(None)
