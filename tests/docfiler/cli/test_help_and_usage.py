"""--help and usage errors read in Chinese; usage errors exit 2 and say where to read the usage."""

import re

import pytest

from docfiler.cli import main

TOP_LEVEL = [
    ("init", "初始化数据库（建表、升级到最新结构），并按规则文件登记制定机关。"),
    ("demo", "建立一个演示数据库，载入 sample_docs/ 中的示例登记簿。"),
    ("config", "显示配置文件、规则文件、数据目录和数据库的位置。"),
    ("check", "检查登记簿是否完好：先做数据库自身的完整性检查"),
    ("backup", "备份整个登记簿（全部表，含正文和操作记录）到一个 .zip"),
    ("restore", "从备份文件恢复登记簿：先核对备份的校验值和结构版本"),
    ("import", "从 Excel（.xlsx、.xls）、WPS 表格（.et）、.ods 或 .csv"),
    ("export", "把登记簿导出为 Excel 工作簿（.xlsx）：文件、备案、程序、关系、清理决定各一张表"),
    ("add", "登记一件行政规范性文件（草案）。"),
    (
        "update",
        "修改文件的描述信息（标题、起草单位、施行日期、有效期、备注等）；听取意见、审核、公布等",
    ),
    ("opinions", "登记听取意见。"),
    ("review", "一次给出几项时作为一次操作保存，其中一项被拒绝则都不保存。"),
    ("fair-competition", "登记公平竞争审查结论"),
    ("decide", "登记集体讨论决定（常务会议或全体会议）。"),
    ("sign", "登记签发。"),
    ("publish", "公布文件，并按规则生成各备案机关的备案期限。"),
    ("file", "登记报送备案。"),
    ("filing-result", "法规规章备案审查条例（国务院令第789号）的用语。"),
    ("repeal", "废止文件。"),
    (
        "relate",
        "登记文件之间的关系：amends（修改）、repeals（废止）、replaces（替代）、based_on（依据）。",
    ),
    ("show", "显示一件文件的全部信息。"),
    ("list", "列出登记簿中的文件。"),
    ("remind", "列出到期和逾期事项；有逾期时退出码为 3，便于定时任务报警。"),
    ("recount", "重新计算未报送备案的期限（录入新一年节假日安排、更新日历包或修改备案期限后）。"),
    ("catalogue", "生成现行有效行政规范性文件目录（Word）。"),
    ("repealed-list", "生成废止和失效行政规范性文件目录（Word）。"),
    ("compilation", "生成现行有效行政规范性文件汇编（Word）：封面、带页码的目录、每件文件的全文。"),
    ("filing-report", "生成向一个备案机关报送的备案报告（Word）。"),
    ("annual-report", "生成年度规范性文件备案审查工作报告（Word）"),
    ("read", "从已公布的行政规范性文件 Word 文档中读出文号、标题、成文日期和正文。"),
    ("evaluate", "登记有效期届满前的评估结论：republish（重新制发）或 lapse（到期失效）。"),
    (
        "number",
        "识别文号：对每个文号给出规范写法、种类（普通文件、政府令或公告）、机关代字、年份和序号，",
    ),
]
GROUPS = {
    "cleanup": ["start", "decide", "status", "finish", "correct", "report"],
    "basis": ["add", "mark"],
    "authority": ["list", "add"],
    "countersign": ["add", "reply"],
    "inbox": [
        *("receive", "unfiled", "register", "supplement", "review", "report", "close"),
        *("suggest", "suggestion-review", "reply", "list", "show", "suggestions", "not-filed"),
        *("figures", "opinion-letter", "notice", "reply-letter"),
    ],
    "resident": ["start", "status", "stop"],
}


def help_of(capsys, *args: str) -> str:
    assert main([*args, "--help"]) == 0
    out = capsys.readouterr().out
    return re.sub(r"[\s│]+", "", out)  # Rich wraps long lines in a box; compare without them


def listed_commands(capsys, *args: str) -> list[str]:
    assert main([*args, "-h"]) == 0
    out = capsys.readouterr().out
    panel = out.split("─ 命令 ─", 1)[1]
    return re.findall(r"^│ (\S+)\s", panel, flags=re.MULTILINE)


def test_the_main_help_lists_every_command_in_the_clerks_order(capsys):
    assert listed_commands(capsys) == [name for name, _ in TOP_LEVEL] + list(GROUPS)
    text = help_of(capsys)
    assert "行政规范性文件备案与清理管理（盖州市）。不带子命令时打开终端界面。" in text
    assert "─选项─" in text and "─命令─" in text and "显示本帮助并退出。" in text
    assert "数据库地址，如sqlite:///docfiler.db或postgresql://用户@主机/库名。" in text
    assert text.startswith("用法：docfiler[选项]命令[参数]...")


def test_the_usage_line_is_chinese(capsys):
    assert main(["show", "--help"]) == 0
    out = capsys.readouterr().out
    assert "用法：docfiler show [选项] {文号}" in out
    assert "Usage" not in out and "OPTIONS" not in out


def every_command() -> list[list[str]]:
    return [[name] for name, _ in TOP_LEVEL] + [
        [group, command] for group, commands in GROUPS.items() for command in commands
    ]


def test_arguments_and_value_types_are_named_in_chinese(capsys):
    """An argument is named for what the clerk writes (文号, 清理活动 …), not by its Python
    parameter; the type column says 文本/整数/路径, and a flag, which takes no value, none."""
    for args in every_command():
        assert main([*args, "--help"]) == 0
        out = capsys.readouterr().out
        english = re.findall(r"<(?:str|int|bool|float|path|list\[str\]|datetime)>", out)
        assert not english, (args, english)
        if "─ 参数 ─" in out:
            panel = out.split("─ 参数 ─", 1)[1].split("╰", 1)[0]
            names = re.findall(r"^│ \*?\s*(\S+)", panel, flags=re.MULTILINE)
            assert names and not any(n.isascii() for n in names), (args, names)
    text = help_of(capsys, "cleanup", "decide")
    assert "用法：docfilercleanupdecide[选项]{清理活动}{文号}" in text
    assert "*清理活动<文本>清理活动的编号或名称。[必填]" in text
    assert "--json以JSON输出。" in help_of(capsys, "show")  # a flag: no type shown


@pytest.mark.parametrize(("name", "description"), TOP_LEVEL)
def test_each_command_explains_itself_in_chinese(capsys, name, description):
    text = help_of(capsys, name)
    assert description.replace(" ", "") in text
    assert "显示本帮助并退出。" in text


def test_required_options_and_arguments_are_marked_in_chinese(capsys):
    text = help_of(capsys, "cleanup", "decide")
    assert "─参数─" in text and "清理活动的编号或名称。[必填]" in text
    assert "继续有效、修改、废止或宣布失效。[必填]" in text
    assert "[默认：" not in help_of(capsys, "remind")  # the default is the rulebook's
    assert "[默认：department]" in help_of(capsys, "authority", "add")


@pytest.mark.parametrize(("group", "commands"), GROUPS.items())
def test_each_group_lists_its_commands(capsys, group, commands):
    assert listed_commands(capsys, group) == commands
    for command in commands:
        assert "显示本帮助并退出。" in help_of(capsys, group, command)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show"], "错误：缺少参数 文号\n查看用法：docfiler show --help"),
        (["catalogue"], "错误：缺少选项 -o / --output\n查看用法：docfiler catalogue --help"),
        (["add", "--title", "某办法"], "错误：缺少选项 --number\n查看用法：docfiler add --help"),
        (["publish", "盖政发〔2016〕9号", "--bogus"], "错误：没有选项 --bogus"),
        (
            ["show", "--jsn", "盖政发〔2016〕9号"],
            "错误：没有选项 --jsn（相近的选项：--json）\n查看用法：docfiler show --help",
        ),
        (["sho", "x"], "错误：没有命令 sho，是不是要用 show？\n查看用法：docfiler --help"),
        (["bogus"], "错误：没有命令 bogus\n查看用法：docfiler --help"),
        (["cleanup"], "错误：缺少子命令\n查看用法：docfiler cleanup --help"),
        (["cleanup", "bogus"], "错误：没有命令 bogus\n查看用法：docfiler cleanup --help"),
        (["show", "a", "b"], "错误：多余的参数 b\n查看用法：docfiler show --help"),
        (["remind", "--days", "x"], "错误：--days 的值应为整数\n查看用法：docfiler remind --help"),
        (["remind", "--days"], "错误：选项 --days 后面需要一个值"),
        (
            ["check", "--limit", "0"],
            "错误：--limit 的值应不小于 1\n查看用法：docfiler check --help",
        ),
        (
            ["check", "--limit", "5000"],
            "错误：--limit 的值应不大于 1000\n查看用法：docfiler check --help",
        ),
        (
            ["resident", "start", "--idle", "-3"],
            "错误：--idle 的值应不小于 0\n查看用法：docfiler resident start --help",
        ),
        (["list", "--json=1"], "错误：选项 --json 后面不能带值"),
        (["--db"], "错误：选项 --db 后面需要一个值"),
        (
            ["countersign", "reply", "一", "--date", "2026-11-26"],
            "错误：会签编号的值应为整数\n查看用法：docfiler countersign reply --help",
        ),
    ],
)
def test_usage_errors_are_chinese_and_exit_2(sqlite_url, capsys, args, message):
    assert main(["--db", sqlite_url, *args]) == 2
    out, err = capsys.readouterr()
    assert err.strip() == message or err.startswith(message)
    assert out == ""
    assert "Traceback" not in err and "Usage" not in err


def test_an_unknown_typer_message_keeps_its_text_behind_a_chinese_label():
    import typer

    from docfiler.cli.zh import translate_detail, usage_message

    assert translate_detail("Something new.") == "Something new."
    assert usage_message(typer.TyperException("Something new.")) == "错误：用法有误：Something new."
    assert usage_message(typer.BadParameter("不是日期")) == "错误：参数值无效：不是日期"


def test_a_command_built_without_a_help_option_still_works():
    import typer

    from docfiler.cli.zh import ChineseCommand

    command = ChineseCommand(name="x", add_help_option=False)
    assert command.get_help_option(typer.Context(command)) is None


DATE_WORDS = re.compile(r"日期|期限|基准日|截止日|以该日期")


def every_option():
    import typer.main
    from typer.core import TyperGroup, TyperOption

    from docfiler.cli.root import app

    def walk(command, path):
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])
        else:
            for param in command.params:
                if isinstance(param, TyperOption) and not param.is_flag:
                    yield path, param

    yield from walk(typer.main.get_command(app), [])


def test_an_option_that_takes_a_date_says_so():
    """Every option for a date (公布日期, 补正期限, 清理基准日 …) shows <日期> in --help, so the
    clerk knows to write 2026-03-01; a file or an agency given with --from does not."""
    dates, others = [], []
    for path, option in every_option():
        what = re.split(r"[，（。；]", option.help or "")[0]  # what the value is, not notes on it
        says_date = bool(DATE_WORDS.search(what))
        (dates if says_date else others).append((" ".join(path), option.opts[0]))
        assert (option.metavar == "<日期>") == says_date, (path, option.opts, option.help)
    assert len(dates) >= 40, dates
    assert ("cleanup start", "--as-of") in dates and ("inbox not-filed", "--from") in dates
    assert ("demo", "--from") in others and ("countersign add", "--from") in others


def test_the_help_shows_the_date_type(capsys):
    text = help_of(capsys, "cleanup", "start")
    assert "*--as-of<日期>清理基准日。[必填]" in text
    assert "--basis<文本>清理依据" in text
    assert "*--from<日期>期间开始日期" in help_of(capsys, "inbox", "not-filed")
    assert "--valid-until<日期>文件规定的有效期截止日" in help_of(capsys, "add")
