"""`docfiler inbox opinion-letter | notice | reply-letter` on the sample register's reviewer's
year (today 2026-11-26): what the clerk is told, the file written, and the refusals that write
nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.docfiler.cli.conftest import Cli, word_paragraphs, word_rows


def _lines(path: Path) -> list[str]:
    """Every line of the paragraphs, 全角 indents stripped, empty lines left out."""
    return [
        line.strip("\u3000")
        for paragraph in word_paragraphs(path)
        for line in paragraph.split("\n")
        if line.strip()
    ]


def test_opinion_letter(sample: Cli, tmp_path):
    path = tmp_path / "审查意见书.docx"
    result = sample.ok("inbox", "opinion-letter", "盖司备审〔2026〕1号", "-o", str(path))
    assert result.out == (
        f"已生成《关于《盖州市财政专项资金绩效评价管理办法》的审查意见书》：{path}\n"
    )
    lines = _lines(path)
    assert lines[:2] == ["盖州市司法局", "盖司备审〔2026〕1号"]
    assert "盖州市财政局：" in lines
    assert lines[-2:] == ["盖州市司法局", "2026年5月6日"]


def test_opinion_letter_by_the_documents_number_with_another_sender_and_the_contact(
    sample: Cli, tmp_path
):
    config = Path(os.environ["DOCFILER_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[report]\ncontact = "李某"\nphone = "0417-7123456"\n', encoding="utf-8")
    path = tmp_path / "意见书.docx"
    sample.ok(
        "inbox", "opinion-letter", "盖自然资发〔2026〕5号", "--sender", "盖州市司法局",
        "-o", str(path),
    )  # fmt: skip
    lines = _lines(path)
    assert lines[:2] == ["盖州市司法局", "盖司备审〔2026〕2号"]
    assert lines[-3:] == ["盖州市司法局", "2026年5月12日", "（联系人：李某，电话：0417-7123456）"]


def test_notice(sample: Cli, tmp_path):
    path = tmp_path / "通报.docx"
    result = sample.ok(
        "inbox", "notice", "--year", "2026", "--number", "盖司〔2026〕8号",
        "--date", "2026-11-20", "-o", str(path),
    )  # fmt: skip
    assert result.out == (
        f"已生成《盖州市司法局关于2026年度行政规范性文件报送备案情况的通报》：{path}（3 件）\n"
    )
    lines = _lines(path)
    assert lines[:2] == ["盖州市司法局", "盖司〔2026〕8号"]
    assert lines[-2:] == ["盖州市司法局", "2026年11月20日"]
    assert [row[1] for row in word_rows(path)] == [
        "文号",
        "盖教发〔2026〕45号",
        "盖教发〔2026〕9号",
        "文号",
        "盖财发〔2026〕12号",
    ]


def test_reply_letter(sample: Cli, tmp_path):
    path = tmp_path / "答复书.docx"
    result = sample.ok("inbox", "reply-letter", "1", "-o", str(path))
    assert result.out == (
        f"已生成《关于《盖州市困难群众救助资金管理办法》审查建议的答复》：{path}\n"
    )
    lines = _lines(path)
    assert lines[3] == "李某："
    assert lines[-2:] == ["盖州市司法局", "2026年11月5日"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("opinion-letter", "盖司备审〔2026〕7号"),
            "错误：没有编号为“盖司备审〔2026〕7号”的审查意见书，收文登记中也没有这个文号的文件。"
            "请用 `docfiler inbox show 文号` 查看审查意见书的编号。\n",
        ),
        (
            ("opinion-letter", "盖民发〔2026〕8号"),
            "错误：盖民发〔2026〕8号《盖州市困难群众救助资金管理办法》的审查结论是“未发现问题”，"
            "没有审查意见，不出具审查意见书。只有提出审查意见的审查才有审查意见书。\n",
        ),
        (
            ("reply-letter", "2"),
            "错误：审查建议 2（盖州市某物业服务企业）尚未答复，还不能生成答复书。"
            "请先用 `docfiler inbox reply 2 --date 日期 --text 答复内容` 登记答复。\n",
        ),
        (
            ("reply-letter", "9"),
            "错误：没有编号为 9 的审查建议。请用 `docfiler inbox suggestions` 查看审查建议的编号。\n",
        ),
        (
            ("notice", "--year", "2024"),
            "错误：2024年没有逾期报送或者未报送备案的文件（截至2026-11-26），没有需要通报的内容。\n",
        ),
        (
            ("notice", "--year", "2026", "--number", "盖司 2026 8"),
            "错误：发文字号“盖司 2026 8”有误：",
        ),
    ],
)
def test_refusals_write_nothing(sample: Cli, tmp_path, args, message):
    path = tmp_path / "文书.docx"
    refused = sample("inbox", *args, "-o", str(path))
    assert (refused.code, refused.out) == (1, "")
    assert refused.err.startswith(message)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("opinion-letter", "盖司备审〔2026〕1号"),
        ("notice", "--year", "2026"),
        ("reply-letter", "1"),
    ],
)
def test_an_existing_file_is_replaced_only_with_force(sample: Cli, tmp_path, args):
    path = tmp_path / "已有.docx"
    path.write_bytes(b"the clerk's own file")
    refused = sample("inbox", *args, "-o", str(path))
    assert (refused.code, refused.out) == (1, "")
    assert refused.err == (
        f"错误：“{path}”已存在，没有覆盖，也没有生成任何文件。"
        "要覆盖它请加 --force，或用 -o 换一个文件名。\n"
    )
    assert path.read_bytes() == b"the clerk's own file"
    sample.ok("inbox", *args, "-o", str(path), "--force")
    assert path.read_bytes()[:2] == b"PK"


def test_a_refusal_leaves_an_existing_file_alone_even_with_force(sample: Cli, tmp_path):
    path = tmp_path / "已有.docx"
    path.write_bytes(b"the clerk's own file")
    refused = sample("inbox", "reply-letter", "2", "-o", str(path), "--force")
    assert refused.code == 1
    assert path.read_bytes() == b"the clerk's own file"


def test_the_output_must_be_a_docx(sample: Cli, tmp_path):
    refused = sample("inbox", "notice", "--year", "2026", "-o", str(tmp_path / "通报.pdf"))
    assert refused.code == 1
    assert refused.err == f"错误：输出文件“{tmp_path / '通报.pdf'}”应以 .docx 结尾。\n"
    assert list(tmp_path.iterdir()) == []
