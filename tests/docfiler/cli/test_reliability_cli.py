"""Issue 14 through the CLI: demo never wipes what it should not (item 4), outputs never
overwrite unasked (item 10), passwords never printed and files private (item 12)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from docfiler.cli import main
from tests.docfiler.cli.conftest import Cli

NUMBER = "盖政发〔2026〕200号"


def _count(cli: Cli) -> int:
    return len(cli.json("list"))


# ---------------------------------------------------------------------------- item 4: demo


def test_a_broken_register_file_is_refused_before_anything_is_wiped(cli, tmp_path):
    cli.ok("demo", "-q")
    before = _count(cli)
    broken = tmp_path / "broken.toml"
    broken.write_text('[[document]]\nnumber = "盖政发〔2026〕1号"\ntitle = \n', encoding="utf-8")
    result = cli("demo", "--force", "--from", str(broken), "-q")
    assert result.code == 1 and "格式有误" in result.err, result.err
    assert _count(cli) == before
    # Well-formed TOML that the rules refuse (the 12th entry has no title): also before the wipe.
    faulty = tmp_path / "faulty.toml"
    entries = "".join(
        f'[[document]]\nnumber = "盖政发〔2026〕{n}号"\ntitle = "盖州市第{n}号办法"\n'
        for n in range(1, 12)
    )
    faulty.write_text(entries + '[[document]]\nnumber = "盖政发〔2026〕12号"\n', encoding="utf-8")
    result = cli("demo", "--force", "--from", str(faulty), "-q")
    assert result.code == 1 and f"登记簿文件 {faulty}" in result.err, result.err
    assert "Traceback" not in result.err
    assert _count(cli) == before


def test_a_register_with_real_work_needs_a_differently_named_option(cli):
    cli.ok("init")
    cli.ok("add", "--number", NUMBER, "--title", "盖州市测试办法")
    for args in (("demo", "-q"), ("demo", "--force", "-q")):
        refused = cli(*args)
        assert refused.code == 1 and refused.out == ""
        assert refused.err == (
            f"错误：数据库 {cli.url} 中有不是演示数据的内容（文件 1 件、非演示的操作记录 1 条），"
            "可能是办公室正在使用的登记簿，demo 没有改动它。请用 --db 指定另一个数据库；"
            "确要清空它换成演示数据，请先备份，再加 --replace-real-data。\n"
        )
    assert [d["doc_number"] for d in cli.json("list")] == [NUMBER]
    cli.ok("demo", "--replace-real-data", "-q")
    assert NUMBER not in {d["doc_number"] for d in cli.json("list")}


def test_work_done_in_a_demo_database_makes_it_real(cli):
    cli.ok("demo", "-q")
    cli.ok("demo", "--force", "-q")  # only demo data: --force is enough
    cli.ok("add", "--number", NUMBER, "--title", "盖州市测试办法")
    refused = cli("demo", "--force", "-q")
    assert refused.code == 1 and "--replace-real-data" in refused.err
    assert NUMBER in {d["doc_number"] for d in cli.json("list")}


def test_demo_without_db_never_touches_the_offices_database(tmp_path, monkeypatch, capsys):
    office_db = tmp_path / "office.db"
    monkeypatch.setenv("DOCFILER_DATABASE_URL", f"sqlite:///{office_db}")
    assert main(["init"]) == 0
    assert main(["add", "--number", NUMBER, "--title", "盖州市测试办法"]) == 0
    before = office_db.read_bytes()
    capsys.readouterr()
    assert main(["demo", "-q"]) == 0
    out = capsys.readouterr().out
    demo_db = Path(os.environ["DOCFILER_DATA_DIR"]) / "demo.db"
    assert out.splitlines()[0] == (
        "未用 --db 指定数据库：演示数据放在单独的演示数据库中，办公室的登记簿不受影响。"
    )
    assert f"演示数据库已就绪：sqlite:///{demo_db}。" in out
    assert office_db.read_bytes() == before


# ---------------------------------------------------------------------------- item 10: outputs


@pytest.mark.parametrize(
    "args",
    [
        ("catalogue",),
        ("repealed-list",),
        (
            "filing-report",
            "--body",
            "营口市人民政府",
            "--number",
            "盖政〔2026〕1号",
            "--signer",
            "王某某",
        ),
    ],
)
def test_an_output_never_replaces_a_file_unless_forced(sample: Cli, tmp_path, args):
    path = tmp_path / "已有.docx"
    path.write_bytes(b"the clerk's own file")
    refused = sample(*args, "-o", str(path))
    assert (refused.code, refused.out) == (1, "")
    assert refused.err == (
        f"错误：“{path}”已存在，没有覆盖，也没有生成任何文件。"
        "要覆盖它请加 --force，或用 -o 换一个文件名。\n"
    )
    assert path.read_bytes() == b"the clerk's own file"
    sample.ok(*args, "-o", str(path), "--force")
    assert path.read_bytes()[:2] == b"PK"


def test_cleanup_report_never_replaces_same_named_files_unless_forced(sample: Cli, tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "目录变化情况.docx").write_bytes(b"mine")
    (folder / "废止的行政规范性文件目录.docx").write_bytes(b"mine too")
    campaign = "2024年盖州市行政规范性文件全面清理"
    refused = sample("cleanup", "report", campaign, "-o", str(folder))
    assert refused.code == 1
    assert refused.err == (
        f"错误：“{folder / '废止的行政规范性文件目录.docx'}”、“{folder / '目录变化情况.docx'}”"
        "已存在，没有覆盖，也没有生成任何文件。要覆盖请加 --force，或用 -o 换一个文件夹。\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        "废止的行政规范性文件目录.docx",
        "目录变化情况.docx",
    ]
    sample.ok("cleanup", "report", campaign, "-o", str(folder), "--force")
    assert (folder / "目录变化情况.docx").read_bytes()[:2] == b"PK"


# ---------------------------------------------------------------------------- item 12: secrets


SECRET_URL = "postgresql://clerk:Sup3r-Secret@127.0.0.1:1/docfiler"


def test_config_masks_the_password_and_warns_about_a_readable_config(monkeypatch, capsys):
    config = Path(os.environ["DOCFILER_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "config.toml").write_text(f'[database]\nurl = "{SECRET_URL}"\n', encoding="utf-8")
    (config / "config.toml").chmod(0o644)
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "Sup3r-Secret" not in out
    assert "数据库：postgresql://clerk:***@127.0.0.1:1/docfiler" in out
    assert f"请运行 chmod 600 {config / 'config.toml'}" in out
    (config / "config.toml").chmod(0o600)
    assert main(["config"]) == 0
    assert "chmod" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://clerk:Sup3r-Secret@127.0.0.1:notaport/docfiler",
        "postgresql//clerk:Sup3r-Secret@127.0.0.1/docfiler",
        "postgres:/clerk:Sup3r-Secret@127.0.0.1/docfiler",
        "postgresql://clerk:Sup3r-Secret@127.0.0.1:1/docfiler",  # nobody listening
    ],
)
def test_a_mistyped_or_unreachable_url_never_prints_the_password(url, capsys):
    assert main(["--db", url, "list"]) != 0
    out, err = capsys.readouterr()
    assert "Sup3r-Secret" not in out + err
    assert err.startswith("错误：") and "Traceback" not in err
    log = Path(os.environ["DOCFILER_DATA_DIR"]) / "docfiler.log"
    assert not log.exists() or "Sup3r-Secret" not in log.read_text(encoding="utf-8")


def test_database_log_and_folders_are_private(tmp_path, capsys, monkeypatch):
    data = tmp_path / "new" / "data"
    monkeypatch.setenv("DOCFILER_DATA_DIR", str(data))
    assert main(["init"]) == 0
    assert stat.S_IMODE((data / "docfiler.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(data.parent.stat().st_mode) == 0o700

    import docfiler.cli.root as root

    root._log_unexpected(RuntimeError(f"could not use {SECRET_URL}"))
    log = data / "docfiler.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert "Sup3r-Secret" not in text and "clerk:***@" in text
