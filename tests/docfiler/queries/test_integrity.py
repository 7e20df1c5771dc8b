"""`docfiler check` (issue 14, item 9): a damaged SQLite file is reported, a register whose rules
are broken by direct SQL is reported rule by rule, and the healthy sample register passes — on
SQLite and PostgreSQL (amcheck: reported as not enabled, then run once enabled)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from docfiler.cli import main
from docfiler.office import Office
from docfiler.queries.integrity import RULES, check_register, quick_check

ALL_CLEAR = ["登记簿规则：共检查 12 项。", "检查完毕：未发现问题。"]


def _url(office: Office) -> str:
    return office.engine.url.render_as_string(hide_password=False)


def _run(capsys, url: str, *args: str) -> tuple[int, str]:
    code = main(["--db", url, "check", *args])
    out, err = capsys.readouterr()
    return code, out + err


# ───────────────────────────── the healthy sample register ─────────────────────────────


def test_the_sample_register_passes(sample_office, capsys):
    report = check_register(sample_office)
    assert report.problems == ()
    assert report.rules_checked == len(RULES) == 12
    assert report.ok
    code, out = _run(capsys, _url(sample_office))
    assert code == 0
    lines = out.splitlines()
    if sample_office.engine.dialect.name == "sqlite":
        assert lines == ["数据库检查（SQLite PRAGMA integrity_check）：通过", *ALL_CLEAR]
    else:
        assert lines[0] == "数据库检查（PostgreSQL amcheck（bt_index_check））：未运行"
        assert lines[1].startswith("  未检查索引：")
        assert lines[2:] == ALL_CLEAR
    assert quick_check(sample_office) is None


def test_postgresql_says_when_amcheck_is_not_enabled_and_uses_it_when_it_is(sample_office, capsys):
    if sample_office.engine.dialect.name != "postgresql":
        pytest.skip("amcheck is PostgreSQL's")
    url = _url(sample_office)
    with sample_office.engine.connect() as connection:
        available = connection.execute(
            text("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'")
        ).first()
    code, out = _run(capsys, url, "--json")
    report = json.loads(out)
    assert code == 0
    assert report["storage"]["ran"] is False
    assert report["ok"] is True
    if not available:
        assert "数据库服务器没有安装 PostgreSQL 的 amcheck 扩展" in report["storage"]["note"]
        return
    assert report["storage"]["note"] == (
        "未检查索引：本数据库没有启用 PostgreSQL 的 amcheck 扩展。"
        "如需检查，请数据库管理员在本库中执行 CREATE EXTENSION amcheck; 后再运行 docfiler check。"
    )
    with sample_office.engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
    code, out = _run(capsys, url)
    assert code == 0
    assert out.splitlines() == [
        "数据库检查（PostgreSQL amcheck（bt_index_check））：通过",
        *ALL_CLEAR,
    ]


# ───────────────────────────── a register broken by direct SQL ─────────────────────────────

BREAKAGE = [
    # 盖政发〔2016〕9号 loses its filing with 营口市人民政府 (and that filing's history).
    "DELETE FROM filingsubmission WHERE filing_id IN (SELECT id FROM filing WHERE body = "
    "'营口市人民政府' AND document_id = (SELECT id FROM document WHERE doc_number = :d9))",
    "DELETE FROM filing WHERE body = '营口市人民政府' "
    "AND document_id = (SELECT id FROM document WHERE doc_number = :d9)",
    # Repealed by 盖政发〔2017〕58号, but the date is gone.
    "UPDATE document SET repealed_on = NULL, repeal_reason = NULL WHERE doc_number = :d72",
    # Decided two days before the review that cleared it finished (2016-01-22).
    "UPDATE collectivedecision SET decided_on = '2016-01-20' "
    "WHERE document_id = (SELECT id FROM document WHERE doc_number = :d9)",
    # In force before it was published (2016-02-03).
    "UPDATE document SET effective_on = '2016-02-01' WHERE doc_number = :d9",
    # A draft without its audit trail.
    "DELETE FROM auditentry WHERE document_id = (SELECT id FROM document WHERE doc_number = :draft)",
    # Both recorded campaigns open again.
    "UPDATE cleanupcampaign SET finished_on = NULL",
]


def test_a_register_broken_by_direct_sql_is_reported_rule_by_rule(sample_office, capsys):
    numbers = {
        "d9": "盖政发〔2016〕9号",
        "d72": "盖政发〔2012〕72号",
        "draft": "盖政办〔2016〕125号",
    }
    with sample_office.engine.begin() as connection:
        for statement in BREAKAGE:
            connection.execute(text(statement), numbers)
    report = check_register(sample_office)
    found = {problem.code: problem for problem in report.problems}
    assert sorted(found) == sorted(
        [
            "missing_filing",
            "repeal_not_applied",
            "decision_before_review",
            "effective_before_publication",
            "document_without_audit",
            "open_campaigns",
        ]
    )
    assert found["missing_filing"].examples == (
        "盖政发〔2016〕9号：没有报送营口市人民政府的备案记录",
    )
    assert found["repeal_not_applied"].examples == (
        "盖政发〔2017〕58号 废止 盖政发〔2012〕72号（2017年9月1日），但它没有登记废止日期",
    )
    assert found["decision_before_review"].examples == (
        "盖政发〔2016〕9号：盖州市人民政府第19次常务会议（2016年1月20日）之前没有审核通过",
    )
    assert found["effective_before_publication"].examples == (
        "盖政发〔2016〕9号：公布2016年2月3日，施行2016年2月1日",
    )
    (unaudited,) = found["document_without_audit"].examples
    assert unaudited.startswith("盖政办〔2016〕125号（写入于 ")
    assert found["open_campaigns"].count == 2
    assert found["open_campaigns"].examples == (
        "“2016年盖州市规范性文件清理”（2016年3月31日开始）",
        "“2024年盖州市行政规范性文件全面清理”（2024年3月31日开始）",
    )

    code, out = _run(capsys, _url(sample_office))
    assert code == 1
    assert "检查完毕：发现 6 类问题。" in out
    assert "1. 已公布的文件缺少备案记录（1 处）" in out
    assert "   · 盖政发〔2016〕9号：没有报送营口市人民政府的备案记录" in out
    assert out.count("   含义：") == 6
    assert out.count("   处理：") == 6
    assert "   处理：用 docfiler repeal 文号 --date 日期 --reason 理由 登记废止" in out

    code, out = _run(capsys, _url(sample_office), "--json", "--limit", "1")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    campaigns = next(p for p in data["problems"] if p["code"] == "open_campaigns")
    assert campaigns["count"] == 2
    assert campaigns["examples"] == ["“2016年盖州市规范性文件清理”（2016年3月31日开始）"]
    assert campaigns["title"] == "同时有多个未完成的清理活动"


def test_filings_of_a_draft_and_open_reviews_after_publication_are_reported(sample_office):
    with sample_office.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO filing (document_id, body, due_on, due_provisional, version) "
                "SELECT id, '营口市人民政府', '2016-12-31', false, 1 FROM document "
                "WHERE doc_number = '盖政办〔2016〕125号'"
            )
        )
        connection.execute(
            text(
                "UPDATE legalityreview SET finished_on = NULL, outcome = NULL WHERE document_id = "
                "(SELECT id FROM document WHERE doc_number = '盖政办发〔2016〕14号')"
            )
        )
    found = {problem.code: problem.examples for problem in check_register(sample_office).problems}
    assert found["filing_of_draft"] == (
        "盖政办〔2016〕125号：未公布，却有报送营口市人民政府的备案记录",
    )
    (open_review,) = found["review_open_after_publication"]
    assert open_review.startswith("盖政办发〔2016〕14号：公布")
    assert open_review.endswith("报送后未登记结论")
    assert found["decision_before_review"][0].startswith("盖政办发〔2016〕14号：")


# ───────────────────────────── a damaged SQLite file ─────────────────────────────


def _damaged_copy(office: Office, folder: Path, index: str = "ix_document_title") -> Path:
    """A self-contained copy of the office's SQLite file whose `index` page has its cell pointers
    overwritten (they point past the end of the page)."""
    source = Path(office.engine.url.database)
    path = folder / "damaged.db"
    with sqlite3.connect(source) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        page_size = dst.execute("PRAGMA page_size").fetchone()[0]
        (root,) = dst.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)
        ).fetchone()
    dst.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    assert data[start] == 0x0A  # a leaf page of an index
    data[start + 8 : start + 24] = b"\xff" * 16
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_index_page_is_reported(sqlite_sample_office, tmp_path, capsys):
    damaged = _damaged_copy(sqlite_sample_office, tmp_path)
    url = f"sqlite:///{damaged}"
    # Reads that avoid the index carry on as if nothing were wrong: the reason for the check.
    with sqlite3.connect(damaged) as connection:
        assert connection.execute("SELECT count(*) FROM document").fetchone() == (44,)
    code, out = _run(capsys, url)
    assert code == 1
    lines = out.splitlines()
    assert lines[:3] == [
        "数据库检查（SQLite PRAGMA integrity_check）：未通过",
        "登记簿规则：未检查。数据库本身已损坏，登记簿规则未检查（损坏的数据库查询结果不可信）。"
        "修复后请再检查一次。",
        "检查完毕：发现 1 类问题。",
    ]
    assert lines[4].startswith("1. 数据库文件已损坏（")
    assert lines[6].startswith("   处理：请立即停止使用登记簿")
    assert any("Offset 65535 out of range" in line for line in lines)

    office = Office.open(url, upgrade=False)
    try:
        warning = quick_check(office)
    finally:
        office.close()
    assert warning is not None
    assert warning.startswith("数据库完整性快速检查未通过，数据库文件可能已损坏（")
    assert warning.endswith(
        "请不要继续录入：退出后运行 docfiler check 查看详情，并联系维护人员用最近的备份恢复。"
    )


def test_a_file_that_is_not_a_database_is_reported(tmp_path, capsys):
    path = tmp_path / "docfiler.db"
    path.write_bytes(b"this is not a database " * 200)
    code, out = _run(capsys, f"sqlite:///{path}", "--json")
    assert code == 1
    data = json.loads(out)
    (problem,) = data["problems"]
    assert problem["code"] == "database_damaged"
    assert problem["examples"] == ["file is not a database"]


def test_a_missing_file_is_not_created(tmp_path, capsys):
    path = tmp_path / "nothing.db"
    code, out = _run(capsys, f"sqlite:///{path}")
    assert code == 1
    assert out.strip() == f"错误：找不到数据库文件 {path}，无可检查。请用 --db 指定登记簿的数据库。"
    assert not path.exists()


def test_dangling_rows_are_reported(sqlite_sample_office, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(Path(sqlite_sample_office.engine.url.database), path)
    for suffix in ("-wal", "-shm"):
        extra = Path(str(sqlite_sample_office.engine.url.database) + suffix)
        if extra.exists():
            shutil.copy(extra, str(path) + suffix)
    with sqlite3.connect(path) as connection:  # foreign keys are off in a plain connection
        connection.execute(
            "INSERT INTO opinionrecord (document_id, heard_on) VALUES (99999, '2016-01-01')"
        )
    office = Office.open(f"sqlite:///{path}", upgrade=False)
    try:
        report = check_register(office)
    finally:
        office.close()
    (problem,) = report.problems
    assert problem.code == "dangling_reference"
    assert problem.examples[0].startswith("opinionrecord(")
    assert problem.examples[0].endswith(") → document")
