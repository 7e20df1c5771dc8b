"""init, demo, config and remind: setting up an installation and the daily reminder."""

import json
from pathlib import Path

from docfiler.cli import main
from tests.docfiler.cli.conftest import Cli

RULEBOOK = Path(__file__).resolve().parents[3] / "docfiler" / "rules" / "rulebook.toml"


def test_init_creates_the_database_and_the_two_built_in_authorities(cli):
    assert cli.ok("init").out == f"数据库已就绪：{cli.url}；新增制定机关 2 个。\n"
    assert cli.ok("init").out == f"数据库已就绪：{cli.url}；新增制定机关 0 个。\n"
    assert cli.ok("authority", "list").lines == [
        "盖州市人民政府  代字：盖政、盖政发  备案机关：营口市人民政府、盖州市人大常委会",
        "盖州市人民政府办公室  代字：盖政办、盖政办发  备案机关：营口市人民政府、盖州市人大常委会",
    ]


def test_demo_loads_the_sample_register_and_tells_how_to_open_it(cli):
    # 44 [[document]], 2 [[countersign]] and 2 [[cleanup]] entries in register.toml.
    assert cli.ok("demo").lines == [
        f"演示数据库已就绪：{cli.url}。载入文件 44 件、会签 2 件、清理记录 2 次。",
        f"打开界面：docfiler --db {cli.url}",
    ]
    refused = cli("demo", "--quiet")
    assert refused.code == 1 and refused.out == ""
    assert refused.err == (
        f"错误：数据库 {cli.url} 中已有文件。demo 会清空它；确认请加 --force，"
        "或用 --db 指定另一个数据库。\n"
    )


def test_demo_from_another_register_file_replaces_the_database_with_force(cli, tmp_path):
    register = tmp_path / "register.toml"
    register.write_text(
        '[[document]]\nnumber = "盖政发〔2026〕200号"\ntitle = "盖州市测试办法"\n'
        'drafting_unit = "盖州市司法局"\n',
        encoding="utf-8",
    )
    cli.ok("demo", "--quiet")
    result = cli.ok("demo", "--force", "--from", str(register), "-q")
    assert result.lines == [
        f"演示数据库已就绪：{cli.url}。载入文件 1 件、会签 0 件、清理记录 0 次。"
    ]
    listed = cli.json("list")
    assert [(d["doc_number"], d["title"], d["status"]) for d in listed] == [
        ("盖政发〔2026〕200号", "盖州市测试办法", "draft")
    ]


def test_config_shows_where_everything_is(sqlite_url, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DOCFILER_DATA_DIR", str(tmp_path / "data"))
    assert main(["--db", sqlite_url, "config"]) == 0
    config = tmp_path / "config"
    assert capsys.readouterr().out.splitlines() == [
        f"配置目录：{config}",
        f"配置文件：{config / 'config.toml'}（不存在，使用默认值）",
        f"规则文件：{RULEBOOK}",
        f"办公室规则文件：{config / 'rulebook.toml'}（放在这里的同名文件会覆盖默认规则）",
        f"数据目录：{tmp_path / 'data'}",
        f"数据库：{sqlite_url}",
        "操作人：测试员",
    ]


def test_config_reads_the_offices_config_file_and_the_operator_option(
    capsys, monkeypatch, tmp_path
):
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(
        '[database]\nurl = "sqlite:///办公室.db"\n', encoding="utf-8"
    )
    (config / "rulebook.toml").write_text("[reminders]\nhorizon_days = 20\n", encoding="utf-8")
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(config))
    assert main(["--operator", "张三", "config"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == f"配置文件：{config / 'config.toml'}"
    assert lines[2] == f"规则文件：{RULEBOOK}；{config / 'rulebook.toml'}"
    assert lines[5:] == ["数据库：sqlite:///办公室.db", "操作人：张三"]


# Due or overdue on 2026-11-26 in the sample register (see the comments in register.toml):
OVERDUE = [
    # The evaluation was due six months before validity ended (2025-12-31 → 2025-06-30).
    "[有效期] 逾期 514 日  2025-06-30  盖财发〔2020〕46号《盖州市农业产业化发展专项资金管理办法》"
    "  有效期已于2025年12月31日届满，文件已失效，请在目录中调整或重新制发",
    "[定期清理] 逾期 151 日  2026-06-28  行政规范性文件定期清理  上次清理完成于 2024-06-28，每 2 年清理一次",
    # Valid until 2027-02-28 (有效期5年): to be evaluated by 2026-08-31.
    "[有效期] 逾期 87 日  2026-08-31  盖政办发〔2022〕6号《盖州市政府投资项目管理办法》"
    "  有效期至2027年2月28日，届满前须评估：重新制发或任其失效",
    "[备案] 逾期 27 日  2026-10-30  盖政办发〔2026〕73号《盖州市城区临时占道经营管理办法》"
    "  向营口市人民政府报送备案",
    "[合法性审核] 逾期 16 日  2026-11-10  盖政发〔2026〕101号《盖州市城乡供水管理办法》"
    "  合法性审核最长 15 个工作日（2026-10-20 报送）",
    "[备案] 逾期 10 日  2026-11-16  盖政办发〔2026〕73号《盖州市城区临时占道经营管理办法》"
    "  向盖州市人大常委会报送备案",
]


def test_remind_lists_what_is_overdue_first_and_exits_3(sample: Cli):
    result = sample("remind")
    assert result.code == 3
    assert result.lines[:6] == OVERDUE
    upcoming = result.lines[6:]
    assert (
        "[会签答复] 剩 6 日  2026-12-02  营政办函〔2026〕112号《营口市城市地下管线管理办法（征求意见稿）》"
        "  答复营口市人民政府会签意见"
    ) in upcoming
    assert (
        "[备案] 剩 7 日  2026-12-03  盖政办发〔2026〕81号《盖州市城区餐饮服务业油烟污染防治管理办法》"
        "  向营口市人民政府报送备案"
    ) in upcoming
    assert (
        "[备案] 剩 11 日  2026-12-07  盖教发〔2026〕41号《盖州市校外培训机构监督管理办法》"
        "  向盖州市人民政府报送备案"
    ) in upcoming
    assert all("逾期" not in line for line in upcoming)


def test_remind_json_keeps_the_fields_scripts_read(sample: Cli):
    result = sample("remind", "--json", "--days", "10")
    assert result.code == 3
    items = json.loads(result.out)
    assert items[3] == {
        "kind": "filing",
        "doc_number": "盖政办发〔2026〕73号",
        "title": "盖州市城区临时占道经营管理办法",
        "body": "营口市人民政府",
        "due": "2026-10-30",
        "days_left": -27,
        "provisional": False,
        "due_likely": "2026-10-30",
    }
    assert [i["days_left"] for i in items] == sorted(i["days_left"] for i in items)
    assert [i["days_left"] for i in items if i["days_left"] < 0] == [-514, -151, -87, -27, -16, -10]


def test_remind_on_another_day(sample: Cli):
    # On 2026-01-05 only the financial fund rules (valid until 2025-12-31, so to be evaluated
    # by 2025-06-30) are overdue.
    result = sample("remind", "--today", "2026-01-05", "--days", "3")
    assert result.code == 3
    assert result.lines == [
        "[有效期] 逾期 189 日  2025-06-30  盖财发〔2020〕46号《盖州市农业产业化发展专项资金管理办法》"
        "  有效期已于2025年12月31日届满，文件已失效，请在目录中调整或重新制发"
    ]


def test_remind_on_a_new_database_asks_for_a_first_cleanup_today_and_exits_0(cli):
    cli.ok("init")
    assert cli.ok("remind").lines == [
        "[定期清理] 今天到期  2026-11-26  尚无定期清理记录  请开展行政规范性文件定期清理"
    ]


def test_remind_with_nothing_due_exits_0(cli, tmp_path):
    register = tmp_path / "register.toml"
    register.write_text(
        '[[cleanup]]\nname = "2026年清理"\nas_of = 2026-03-31\nfinished = 2026-06-01\n',
        encoding="utf-8",
    )
    cli.ok("demo", "--from", str(register), "-q")
    assert cli.ok("remind").out == "2026-11-26：30 日内没有到期事项。\n"
    assert cli.ok("remind", "--json").out == "[]\n"


def test_remind_refuses_a_negative_number_of_days(sample: Cli):
    result = sample("remind", "--days", "-1")
    assert (result.code, result.out, result.err) == (1, "", "错误：--days 不能为负数。\n")


def test_remind_looks_as_far_ahead_as_the_offices_rulebook_says(sample: Cli, tmp_path, monkeypatch):
    config = tmp_path / "config"
    config.mkdir()
    (config / "rulebook.toml").write_text("[reminders]\nhorizon_days = 5\n", encoding="utf-8")
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(config))
    result = sample("remind")
    assert result.code == 3
    assert result.lines == sample("remind", "--days", "5").lines
    assert result.lines[:6] == OVERDUE
    # Due in 4 days: still listed; due in 6 and 7 days: not yet.
    assert any(
        line.startswith("[备案] 剩 4 日  2026-11-30  盖政办发〔2026〕66号") for line in result.lines
    )
    assert not any("剩 6 日" in line or "剩 7 日" in line for line in result.lines)


def test_remind_says_how_far_it_looked(cli, tmp_path, monkeypatch):
    register = tmp_path / "register.toml"
    register.write_text(
        '[[cleanup]]\nname = "2026年清理"\nas_of = 2026-03-31\nfinished = 2026-06-01\n',
        encoding="utf-8",
    )
    cli.ok("demo", "--from", str(register), "-q")
    assert cli.ok("remind", "--days", "7").out == "2026-11-26：7 日内没有到期事项。\n"
    config = tmp_path / "config"
    config.mkdir()
    (config / "rulebook.toml").write_text("[reminders]\nhorizon_days = 20\n", encoding="utf-8")
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(config))
    assert cli.ok("remind").out == "2026-11-26：20 日内没有到期事项。\n"


def _audit_rows(url: str) -> list[tuple]:
    from sqlalchemy import text

    from docfiler.store.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    text("SELECT action, operator, summary, details FROM auditentry ORDER BY id")
                )
            )
    finally:
        engine.dispose()


def test_demo_force_leaves_an_audit_entry_saying_what_it_replaced(cli):
    cli.ok("demo", "--quiet")
    dropped = len(_audit_rows(cli.url))
    cli.ok("demo", "--force", "--quiet")
    first = _audit_rows(cli.url)[0]
    assert first.action == "database_replaced" and first.operator == "测试员"
    assert (
        f"demo 清空了原数据库（演示数据）：删除文件 44 件、操作记录 {dropped} 条" in first.summary
    )
    details = json.loads(first.details)
    assert (details["documents"], details["audit_entries"]) == (44, dropped)
    # The emptied database still counts as demo data: a third run needs --force, no more.
    assert "--replace-real-data" not in cli("demo", "--quiet").err
