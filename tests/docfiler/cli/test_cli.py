"""The command line as scripts use it: names, JSON shapes, exit codes, Chinese errors.

The `cli` fixture (conftest.py) runs each test on an empty SQLite and PostgreSQL database.
"""

import contextlib
import io
import json
import subprocess
import sys

import pytest

from docfiler.cli import main

N = "盖政发〔2016〕9号"


def json_of(cli, *args):
    code, out, err = cli(*args)
    assert code == 0, err
    return json.loads(out)


def walk_to_publication(cli, number="盖政发[2016]09号", published="2016-09-16"):
    assert cli("init")[0] == 0
    assert (
        cli(
            "add",
            "--number",
            number,
            "--title",
            "盖州市城乡居民临时救助实施办法",
            "--drafting-unit",
            "盖州市民政局",
        )[0]
        == 0
    )
    assert cli("opinions", N, "--date", "2016-01-10")[0] == 0
    assert cli("review", N, "--submitted", "2016-01-20")[0] == 0
    assert cli("review", N, "--finished", "2016-02-02", "--outcome", "合法")[0] == 0
    assert (
        cli(
            "decide",
            N,
            "--meeting",
            "市政府第18次常务会议",
            "--date",
            "2016-02-20",
            "--minutes",
            "纪要〔2016〕3号",
        )[0]
        == 0
    )
    return cli("publish", N, "--date", published, "--channel", "盖州市人民政府门户网站")


def test_full_procedure_through_the_cli(cli):
    code, out, _ = walk_to_publication(cli)
    assert code == 0
    assert "2016-10-08" in out and "营口市人民政府" in out
    view = json_of(cli, "show", "盖政发（2016）9", "--json", "--as-of", "2016-10-01")
    assert view["doc_number"] == N
    assert view["authority"] == "盖州市人民政府"
    assert view["status"] == "in_force"
    assert view["published"] == "2016-09-16"
    assert view["effective"] == "2016-09-16"
    assert view["valid_until"] is None  # states no validity period: none (domain.md)
    assert [{k: f[k] for k in ("body", "due", "submitted", "result")} for f in view["filings"]] == [
        {"body": "营口市人民政府", "due": "2016-10-08", "submitted": None, "result": None},
        {"body": "盖州市人大常委会", "due": "2016-10-17", "submitted": None, "result": None},
    ]
    assert (
        cli(
            "file",
            N,
            "--body",
            "营口市人民政府",
            "--submitted",
            "2016-09-30",
            "--receipt",
            "营备〔2016〕12号",
        )[0]
        == 0
    )
    assert (
        cli(
            "filing-result",
            N,
            "--body",
            "营口市人民政府",
            "--result",
            "准予备案",
            "--date",
            "2016-10-20",
        )[0]
        == 0
    )
    view = json_of(cli, "show", N, "--json")
    assert view["filings"][0]["submitted"] == "2016-09-30"
    # The old word is stored in 国务院令第789号's: 予以备案登记.
    assert view["filings"][0]["result"] == "予以备案登记"
    assert view["status"] == "in_force"  # no validity period stated: still in force


def test_list_json_has_the_same_keys_as_show(cli):
    walk_to_publication(cli)
    listed = json_of(cli, "list", "--json")
    shown = json_of(cli, "show", N, "--json")
    assert len(listed) == 1
    assert set(listed[0]) <= set(shown)
    assert {k for k in shown if k != "audit"} == set(listed[0])
    assert (
        json_of(cli, "list", "--status", "in_force", "--json", "--as-of", "2017-01-01")[0][
            "doc_number"
        ]
        == N
    )
    assert (
        json_of(cli, "list", "--status", "draft", "--json", "--as-of", "2016-01-01")[0]["status"]
        == "draft"
    )
    assert json_of(cli, "list", "--year", "2015", "--json") == []


def test_remind_lists_due_items_most_urgent_first_and_exits_3_when_overdue(cli):
    walk_to_publication(cli)
    code, out, _ = cli("remind", "--today", "2016-10-10", "--days", "30", "--json")
    items = json.loads(out)
    assert code == 3
    filings = [i for i in items if i["kind"] == "filing"]
    assert [(i["body"], i["due"], i["days_left"]) for i in filings] == [
        ("营口市人民政府", "2016-10-08", -2),
        ("盖州市人大常委会", "2016-10-17", 7),
    ]
    assert set(items[0]) == {
        "kind",
        "doc_number",
        "title",
        "body",
        "due",
        "days_left",
        "provisional",
        "due_likely",
    }
    assert [i["days_left"] for i in items] == sorted(i["days_left"] for i in items)
    cli("file", N, "--body", "营口市人民政府", "--submitted", "2016-10-08")
    cli("file", N, "--body", "盖州市人大常委会", "--submitted", "2016-10-09")
    code, out, _ = cli("remind", "--today", "2016-10-10", "--json")
    assert [i for i in json.loads(out) if i["kind"] == "filing"] == []
    assert all(i["days_left"] >= 0 for i in json.loads(out))
    assert code == 0


def test_refused_publication_exits_1_with_the_reason(cli):
    cli("init")
    cli("add", "--number", N, "--title", "某办法")
    code, _, err = cli("publish", N, "--date", "2016-03-01")
    assert code == 1
    assert "未听取意见" in err and "Traceback" not in err
    assert json_of(cli, "show", N, "--json")["published"] is None


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["add", "--number", "盖政发〔16〕9号", "--title", "某办法"], 1, "年份"),
        (["add", "--number", "〔2016〕9号", "--title", "某办法"], 1, "机关代字"),
        (["show", "盖政发〔2016〕99号"], 1, "没有文号"),
        (["opinions", N, "--date", "2016-02-30"], 1, "不是有效日期"),
        (["opinions", N, "--date", "去年"], 1, "无法识别"),
        (["review", N, "--finished", "2016-02-02"], 1, "--outcome"),
        (["show"], 2, "缺少参数"),
        (["publish", N, "--bogus"], 2, "没有选项 --bogus"),
        (["list", "--status", "valid"], 1, "无法识别"),
        (["remind", "--days", "x"], 2, "应为整数"),
    ],
)
def test_errors_are_chinese_and_never_a_traceback(cli, args, code, fragment):
    cli("init")
    cli("add", "--number", N, "--title", "某办法")
    got, out, err = cli(*args)
    assert got == code
    assert fragment in err
    assert "Traceback" not in err + out


def test_demo_loads_the_sample_register_and_refuses_to_wipe_without_force(cli):
    code, out, _ = cli("demo", "--quiet")
    assert code == 0 and "载入文件" in out
    documents = json_of(cli, "list", "--json", "--as-of", "2026-11-26")
    statuses = {d["status"] for d in documents}
    assert statuses == {"draft", "published", "in_force", "lapsed", "repealed", "declared_invalid"}
    code, _, err = cli("demo")
    assert code == 1 and "--force" in err
    assert cli("demo", "--force", "--quiet")[0] == 0
    assert len(json_of(cli, "list", "--json")) == len(documents)


def test_config_shows_where_everything_is(cli, tmp_path):
    code, out, _ = cli("config")
    assert code == 0
    assert "配置文件" in out and "规则文件" in out and "rulebook.toml" in out and "数据库" in out


def test_the_installed_command_reports_errors_without_traceback(sqlite_url):
    result = subprocess.run(
        [sys.executable, "-m", "docfiler", "--db", sqlite_url, "show", "盖政发〔2016〕"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "序号" in result.stderr
    assert "Traceback" not in result.stderr


def test_database_url_from_environment(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("DOCFILER_DATABASE_URL", sqlite_url)
    assert main(["init"]) == 0
    assert sqlite_url.removeprefix("sqlite:///") in capsys.readouterr().out


def test_read_a_published_document_from_word(capsys):
    from pathlib import Path

    sample = (
        Path(__file__).resolve().parents[3] / "sample_docs" / "docx" / "gaizhengfa-2016-009.docx"
    )
    assert main(["read", str(sample), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["doc_number"] == "盖政发〔2016〕9号"
    assert data["title"] == "盖州市城乡居民临时救助实施办法"
    assert data["written_on"]
    assert main(["read", str(sample.with_name("没有这个文件.docx"))]) == 1
    assert "找不到文件" in capsys.readouterr().err


def test_list_json_into_a_text_only_stdout(sample_sqlite):
    """A script that embeds the CLI and catches its output in an io.StringIO (a text stream
    with no byte stream) gets the same JSON array, not a TypeError."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["--db", f"sqlite:///{sample_sqlite}", "list", "--json"])
    assert code == 0
    documents = json.loads(out.getvalue())
    assert len(documents) == 44
    assert "盖州市城乡居民临时救助实施办法" in {d["title"] for d in documents}
