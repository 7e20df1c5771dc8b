"""Typer in Chinese: --help panel titles, the help option, and usage errors.

Every command of the CLI is built with `ChineseTyper`, so its --help reads in Chinese; `main`
turns Typer's usage errors into Chinese with `usage_message`.
"""

from __future__ import annotations

import re

import typer
from typer.core import TyperCommand, TyperGroup

HELP_OPTION = {"help_option_names": ["-h", "--help"]}


def chinese_panels() -> None:
    """--help's panel titles in Chinese. Set when help is drawn, not on import: Typer's rich
    help (with Markdown) costs every command about 0.1 s to import, and only help uses it."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - Typer without rich: plain help
        return
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    _chinese_types()


DATE = "<日期>"
"""The type column of an option that takes a date (written 2026-03-01, 2026年3月1日 …): its value
stays text for the command, which parses it with `parse_date` and names the field if it is
wrong; `metavar=DATE` only tells the reader of --help what to write."""

TYPE_WORDS = {
    "<str>": "<文本>",
    "<int>": "<整数>",
    "<float>": "<数值>",
    "<path>": "<路径>",
    "<list[str]>": "<文本>…",
    "<datetime>": "<日期>",
}
"""--help's type column (Typer writes Python's type names); a flag (<bool>) takes no value and
shows none."""


def _chinese_types() -> None:
    from typer.core import TyperArgument, TyperOption

    for kind in (TyperArgument, TyperOption):
        if getattr(kind.display_type, "chinese", False):
            continue
        english = kind.display_type

        def display_type(self, ctx, english=english):
            label = english(self, ctx)
            if label == "<bool>":
                return None
            return TYPE_WORDS.get(label, label)

        display_type.chinese = True
        kind.display_type = display_type


class _ChineseHelpOption:
    """The built-in --help option, described in Chinese, and help drawn with Chinese titles."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option

    def format_help(self, ctx, formatter):
        chinese_panels()
        return super().format_help(ctx, formatter)

    def format_usage(self, ctx, formatter):
        """用法：docfiler show [选项] {number} (Click writes "Usage:", "[OPTIONS]", "COMMAND")."""
        pieces = [_USAGE_PIECES.get(piece, piece) for piece in self.collect_usage_pieces(ctx)]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")


_USAGE_PIECES = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}


class ChineseGroup(_ChineseHelpOption, TyperGroup):
    pass


class ChineseCommand(_ChineseHelpOption, TyperCommand):
    pass


class ChineseTyper(typer.Typer):
    """A Typer whose groups and commands describe their --help option in Chinese."""

    def __init__(self, **kwargs):
        kwargs.setdefault("cls", ChineseGroup)
        kwargs.setdefault("context_settings", dict(HELP_OPTION))
        super().__init__(**kwargs)

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", ChineseCommand)
        return super().command(*args, **kwargs)


_USAGE_LABELS = {
    "NoSuchOption": "没有这个选项",
    "MissingParameter": "缺少必填参数",
    "BadParameter": "参数值无效",
    "BadOptionUsage": "选项用法有误",
    "BadArgumentUsage": "参数用法有误",
}

# Typer's own wording, whole message to Chinese; the first pattern that matches wins.
_DETAIL_PATTERNS = (
    (
        r"(?:Invalid value: )?Invalid value for '([^']+)'(?: / '[^']+')?: "
        r"Value error, embedded null byte",
        "{0} 的值中有空字符（NUL），请删去后重新输入",
    ),
    (r"Missing argument '([^']+)'\.?", "缺少参数 {0}"),
    (r"Missing option '([^']+)' / '([^']+)'\.?", "缺少选项 {0} / {1}"),
    (r"Missing option '([^']+)'\.?", "缺少选项 {0}"),
    (r"Missing parameter: (\S+)", "缺少参数 {0}"),
    (r"Missing command\.?", "缺少子命令"),
    (r"No such option: (\S+) \(Possible options: (.+)\)", "没有选项 {0}（相近的选项：{1}）"),
    (r"No such option: (\S+)", "没有选项 {0}"),
    (r"No such command '([^']+)'\. Did you mean '([^']+)'.*\?", "没有命令 {0}，是不是要用 {1}？"),
    (r"No such command '([^']+)'\.?", "没有命令 {0}"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", "多余的参数 {0}"),
    (r"Invalid value for '([^']+)': '([^']*)' is not a valid integer\.?", "{0} 的值“{1}”不是整数"),
    (r"Invalid value for '([^']+)': Input should be a valid integer.*", "{0} 的值应为整数"),
    (
        r"Invalid value for '([^']+)': Input should be greater than or equal to (\S+)",
        "{0} 的值应不小于 {1}",
    ),
    (
        r"Invalid value for '([^']+)': Input should be less than or equal to (\S+)",
        "{0} 的值应不大于 {1}",
    ),
    (r"Invalid value for '([^']+)': Input should be greater than (\S+)", "{0} 的值应大于 {1}"),
    (r"Invalid value for '([^']+)': Input should be less than (\S+)", "{0} 的值应小于 {1}"),
    (r"Invalid value for '([^']+)': (.+)", "{0} 的值无效：{1}"),
    (r"Invalid value: (.+)", "参数值无效：{0}"),
    (r"Option '([^']+)' requires an argument\.?", "选项 {0} 后面需要一个值"),
    (r"Option '([^']+)' does not take a value\.?", "选项 {0} 后面不能带值"),
)


def unreadable_argument(args: list[str]) -> str | None:
    """The usage error for an argument the terminal did not send as UTF-8 (Python keeps such
    bytes as lone surrogates, which no database or file can store), or None."""
    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "replace").decode("utf-8")
            return (
                f"错误：第 {position} 个参数“{shown}”中有无法识别的字符（终端送来的不是 UTF-8 编码）。"
                "请把终端的字符编码设为 UTF-8 后重新输入。"
            )
    return None


def translate_detail(text: str) -> str:
    """Typer's English detail in Chinese, or the text unchanged when it is not known."""
    for pattern, template in _DETAIL_PATTERNS:
        match = re.fullmatch(pattern, text.strip())
        if match:
            # "--days 的值…" keeps its space, "会签编号的值…" (an argument's Chinese name) none
            return re.sub(r"(?<=[^\x00-\x7f]) 的", "的", template.format(*match.groups()))
    return text


def usage_message(exc: typer.TyperException) -> str:
    """The whole message for a usage error: what is wrong, and where to read the usage."""
    label = _USAGE_LABELS.get(type(exc).__name__, "用法有误")
    ctx = getattr(exc, "ctx", None)
    hint = f"\n查看用法：{ctx.command_path} --help" if ctx is not None else ""
    detail = exc.format_message()
    translated = translate_detail(detail)
    text = translated if translated != detail else f"{label}：{detail}"
    return f"错误：{text}{hint}"
