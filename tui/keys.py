"""The app's own keys and the commands that have no key: the one home of both.

The footer, the help screen and the command palette are all built from these Binding objects
(and from each screen's own BINDINGS): description is the short word the footer shows, tooltip
the longer explanation the help and the palette give. No other list of keys exists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType

KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "pageup": "PageUp",
    "pagedown": "PageDown",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
}


def key_label(binding: Binding) -> str:
    """A key as the clerk reads it on the keyboard: F2, Esc, PageDown, ctrl+s, ?."""
    if binding.key_display:
        return binding.key_display
    key = binding.key
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key


def key_for(bindings: Iterable[BindingType], action: str) -> str:
    """The key of `action` among `bindings`, as a label or a status line names it."""
    return next(key_label(b) for b in bindings if isinstance(b, Binding) and b.action == action)


def declared_bindings(cls: type) -> list[Binding]:
    """A class's bindings with those of its bases (a subclass's own last), as Textual merges them."""
    found: list[Binding] = []
    for klass in reversed(cls.__mro__):
        for binding in vars(klass).get("BINDINGS", ()):
            if isinstance(binding, Binding):
                found.append(binding)
    return found


GLOBAL_BINDINGS: list[Binding] = [
    Binding("f2", "show_dashboard", "工作台", id="app.dashboard", tooltip="到期与逾期事项"),
    Binding("f3", "show_register", "登记簿", id="app.register", tooltip="全部文件，可筛选、搜索"),
    Binding(
        "f4",
        "show_campaign",
        "定期清理",
        id="app.campaign",
        tooltip="清理活动：逐件提出清理意见、完成清理、生成清理材料",
    ),
    # The Word outputs: F-keys, free on every screen and never typed into a field or a list.
    # Hidden from the footer (it has no room at 80 columns); the help and the palette list them.
    Binding(
        "f5",
        "catalogue",
        "目录",
        show=False,
        id="app.catalogue",
        tooltip="生成现行有效文件目录（Word），默认截至今天",
    ),
    Binding(
        "f6",
        "repealed_list",
        "废止失效目录",
        show=False,
        id="app.repealed_list",
        tooltip="生成废止和失效文件目录（Word）：已废止、宣布失效、期满失效的文件",
    ),
    Binding(
        "f7",
        "filing_report",
        "备案报告",
        show=False,
        id="app.filing_report",
        tooltip="生成备案报告（Word）：向一个备案机关待报送的文件",
    ),
    Binding(
        "f8",
        "compilation",
        "汇编",
        show=False,
        id="app.compilation",
        tooltip="生成现行有效文件汇编（Word）：封面、目录和全文",
    ),
    Binding(
        "f9",
        "show_inbox",
        "备案审查",
        show=False,
        id="app.inbox",
        tooltip="收文备案审查：部门、乡镇报送的文件，登记、审查、纠错跟踪，审查建议，年度数据",
    ),
    Binding("a", "register_document", "登记文件", id="app.add", tooltip="登记一件新文件（草案）"),
    Binding(
        "slash",
        "search",
        "搜索",
        key_display="/",
        show=False,
        id="app.search",
        tooltip="到登记簿搜索标题或文号（任何画面都可按）",
    ),
    Binding("question_mark", "help", "帮助", key_display="?", id="app.help", tooltip="快捷键一览"),
    Binding("f1", "help", "帮助", show=False, id="app.help_f1", tooltip="快捷键一览"),
    Binding("q", "quit", "退出", id="app.quit", tooltip="退出 docfiler"),
    Binding(
        "ctrl+p",
        "command_palette",
        "命令",
        show=False,
        priority=True,
        id="app.palette",
        tooltip="命令面板：全部操作、按文号打开文件",
    ),
]


def global_bindings_hidden(**actions: str) -> list[Binding]:
    """The global keys, hidden from the footer, for a screen whose own actions fill it.

    They still work there, run on the app; `actions` maps a key to this screen's own action
    instead (the campaign screen's F4 refreshes it).
    """
    hidden = []
    for binding in GLOBAL_BINDINGS:
        if binding.priority:
            continue  # the app sees a priority key first, whatever the screen declares
        action = actions.get(binding.key, f"app.{binding.action}")
        hidden.append(dataclasses.replace(binding, action=action, show=False, id=None))
    return hidden


@dataclass(frozen=True)
class Command:
    """An app action the command palette offers that has no global key of its own."""

    name: str
    help: str
    action: str


KEYLESS_COMMANDS: tuple[Command, ...] = (
    Command("按文号打开文件", "输入文号，如 盖政发[2016]9", "open_by_number"),
    Command("登记会签请求", "上级政府征求意见的会签", "add_countersign"),
    Command("登记会签答复", "答复待办的会签事项", "reply_countersign"),
    Command("添加制定机关", "机关名称、机关代字、备案机关", "add_authority"),
    Command("登记上位法变化", "上位法修改或废止：以它为依据的文件标为需清理", "higher_law"),
    Command(
        "从 Excel 导入登记簿",
        "Excel、WPS 表格或 .csv 中已有的登记簿：先预览，确认后一次导入",
        "import_sheet",
    ),
    Command("备份登记簿", "把整个登记簿备份到数据目录的 backups 文件夹", "backup"),
)
