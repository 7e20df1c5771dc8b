"""The cleanup sub-app from start to the published Word files, on the sample register."""

import json

import pytest

from tests.docfiler.cli.conftest import Cli, word_paragraphs, word_rows

NAME = "2026年行政规范性文件清理"
# In force on 2026-11-01 (盖政办发〔2026〕81号 only took effect on 2026-11-18), plus
# 盖财发〔2020〕46号, whose validity ran out after the 2024 cleanup: by drafting unit. The seven
# published 2016 documents state no validity period, so they are still in force.
UNITS = {
    "盖州市人民政府法制办公室": [
        "盖政办发〔2016〕51号",
        "盖政办发〔2016〕67号",
        "盖政办发〔2016〕85号",
    ],
    "盖州市机构编制委员会办公室": [
        "盖政办发〔2016〕14号",
        "盖政办发〔2016〕88号",
        "盖政发〔2016〕117号",
    ],
    "盖州市住房和城乡建设局": ["盖政发〔2022〕38号", "盖政发〔2024〕33号", "盖政办发〔2026〕66号"],
    "盖州市发展和改革局": ["盖政办发〔2022〕6号"],
    "盖州市城市管理综合行政执法局": ["盖政办发〔2025〕42号", "盖政办发〔2026〕73号"],
    "盖州市教育局": ["盖教发〔2025〕15号"],
    "盖州市民政局": [
        "盖政发〔2016〕9号",
        "盖政发〔2023〕29号",
        "盖民发〔2024〕3号",
        "盖政发〔2025〕27号",
    ],
    "盖州市自然资源局": ["盖自然资发〔2024〕23号", "盖自然资发〔2026〕19号"],
    "盖州市营商环境建设局": ["盖政发〔2026〕21号"],
    "盖州市财政局": ["盖财发〔2023〕27号", "盖财发〔2020〕46号"],
}
DECISIONS = [
    ("盖政发〔2022〕38号", "废止", "已被新规定替代"),
    ("盖政办发〔2025〕42号", "宣布失效", "试点已经结束"),
    ("盖财发〔2020〕46号", "宣布失效", "有效期已届满"),
]


def start(cli: Cli) -> None:
    result = cli.ok(
        "cleanup", "start", "--name", NAME, "--as-of", "2026-11-01", "--basis", "省政府令第237号"
    )
    assert (
        result.out == f"已开始清理“{NAME}”，编号 3：纳入文件 22 件，其中 1 件已预填需清理的理由。\n"
    )


def decide_all(cli: Cli) -> None:
    for number, decision, reason in DECISIONS:
        assert cli.ok(
            "cleanup", "decide", NAME, number, "--decision", decision, "--reason", reason
        ).out == (f"已登记：{number} {decision}\n")
    amended = cli.ok(
        "cleanup", "decide", "3", "盖政发〔2023〕29号", "--decision", "修改",
        "--reason", "已作修改", "--amended-by", "盖政发〔2025〕27号",
    )  # fmt: skip
    assert amended.out == "已登记：盖政发〔2023〕29号 修改\n"
    decided = {number for number, _, _ in DECISIONS} | {"盖政发〔2023〕29号"}
    for numbers in UNITS.values():
        for number in set(numbers) - decided:
            cli.ok("cleanup", "decide", NAME, number, "--decision", "继续有效")


def test_a_whole_cleanup(sample_copy: Cli, tmp_path):
    cli = sample_copy
    start(cli)
    lines = cli.ok("cleanup", "status", NAME).lines
    assert lines[:2] == [
        f"清理“{NAME}”（编号 3，基准日 2026-11-01，进行中）",
        "进度：0/22  继续有效 0  修改 0  废止 0  宣布失效 0",
    ]
    assert sorted(lines[2:12]) == sorted(f"  {unit}：0/{len(n)}" for unit, n in UNITS.items())
    assert lines[12] == "尚未提出意见："
    assert (
        "  盖政办发〔2026〕73号《盖州市城区临时占道经营管理办法》（盖州市城市管理综合行政执法局）"
        in lines
    )
    assert len(lines) == 13 + 22

    decide_all(cli)
    finished = cli.ok("cleanup", "finish", NAME, "--date", "2026-11-20")
    assert finished.out == (
        f"已完成清理“{NAME}”（2026-11-20）：继续有效 18 件，修改 1 件，废止 1 件，宣布失效 2 件。\n"
    )
    lines = cli.ok("cleanup", "status", "3").lines
    assert lines[:2] == [
        f"清理“{NAME}”（编号 3，基准日 2026-11-01，已于 2026-11-20 完成）",
        "进度：22/22  继续有效 18  修改 1  废止 1  宣布失效 2",
    ]
    assert "尚未提出意见：" not in lines
    assert cli.ok("show", "盖政发〔2022〕38号").lines[1] == "  状态：已废止（2026-11-26）"
    assert cli.ok("show", "盖政办发〔2025〕42号").lines[1] == "  状态：已宣布失效（2026-11-26）"
    assert len(cli.json("list", "--status", "in_force")) == 20

    folder = tmp_path / "清理结果"
    result = cli.ok("cleanup", "report", NAME, "-o", str(folder))
    assert result.lines[:8] == [
        f"已生成清理“{NAME}”的材料：{folder}",
        "  废止的行政规范性文件目录.docx（1 项）",
        "  宣布失效的行政规范性文件目录.docx（2 项）",
        "  修改的行政规范性文件目录.docx（1 项）",
        "  清理结果的决定.docx",
        "  修改决定.docx",
        "  清理情况的报告.docx",
        # 21: with 盖政发〔2026〕96号 and 盖教发〔2026〕41号, published and awaiting effect, and
        # without 盖政发〔2025〕27号, a 修改决定
        "  现行有效行政规范性文件目录.docx（21 项）",
    ]
    assert result.lines[8].startswith("  目录变化情况.docx（")
    repealed = folder / "废止的行政规范性文件目录.docx"
    assert word_paragraphs(repealed)[:3] == [
        "附件3",
        "决定废止的行政规范性文件目录",
        f"（{NAME}，2026年11月20日，共1件）",
    ]
    assert word_rows(repealed)[1] == (
        "1", "《盖州市城市供热管理办法》", "盖政发〔2022〕38号", "2022年5月18日", "2026年11月20日\n废止", "已被新规定替代",
    )  # fmt: skip
    amended = word_rows(folder / "修改的行政规范性文件目录.docx")[1]
    assert amended[2] == "盖政发〔2023〕29号" and amended[4] == "盖政发〔2025〕27号"
    catalogue = folder / "现行有效行政规范性文件目录.docx"
    assert word_paragraphs(catalogue)[2] == "（截至2026年11月20日，共21件）"


def test_a_finished_decision_is_corrected_on_the_record(sample_copy: Cli):
    cli = sample_copy
    start(cli)
    decide_all(cli)
    cli.ok("cleanup", "finish", NAME, "--date", "2026-11-20")
    corrected = cli.ok(
        "cleanup", "correct", NAME, "盖政发〔2022〕38号", "--decision", "继续有效",
        "--reason", "复核后仍需保留", "--date", "2026-11-25",
    )  # fmt: skip
    assert corrected.out == "已更正：盖政发〔2022〕38号 由“废止”改为“继续有效”\n"
    assert cli.json("show", "盖政发〔2022〕38号")["status"] == "in_force"
    status = cli.json("cleanup", "status", NAME)
    assert status["decisions"] == {"继续有效": 19, "修改": 1, "废止": 0, "宣布失效": 2}


def test_cleanup_of_one_authority(sample_copy: Cli):
    # 盖州市民政局 issued only 盖民发〔2024〕3号 among the documents in force.
    result = sample_copy.ok(
        "cleanup",
        "start",
        "--name",
        "民政局清理",
        "--as-of",
        "2026-11-01",
        "--authority",
        "盖州市民政局",
    )
    assert result.out == "已开始清理“民政局清理”，编号 3：纳入文件 1 件。\n"
    status = sample_copy.json("cleanup", "status", "民政局清理")
    assert [item["doc_number"] for item in status["undecided"]] == ["盖民发〔2024〕3号"]


def test_status_of_an_earlier_cleanup_as_json(sample: Cli):
    status = sample.json("cleanup", "status", "1")
    assert {k: status[k] for k in ("id", "name", "as_of", "finished", "total")} == {
        "id": 1,
        "name": "2016年盖州市规范性文件清理",
        "as_of": "2016-03-31",
        "finished": "2016-05-20",
        "total": 0,
    }


def test_an_unknown_campaign_is_named_with_the_ones_there_are(sample: Cli):
    result = sample("cleanup", "status", "2025年清理")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "错误：没有编号或名称为“2025年清理”的清理活动。已有：1（2016年盖州市规范性文件清理）、"
        "2（2024年盖州市行政规范性文件全面清理）。\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["decide", NAME, "盖政发〔2022〕38号", "--decision", "修改"],
            "错误：清理意见为“修改”的，须写明理由。\n",
        ),
        (["finish", NAME, "--date", "2026-11-20"], f"错误：清理活动“{NAME}”还有 22 件文件没有清理意见"),
        (["report", NAME, "-o", "结果"], f"错误：清理活动“{NAME}”尚未完成。完成后（cleanup finish）才能生成公布用的目录。\n"),
        (["start", "--name", "另一次", "--as-of", "2026-11-01"], f"错误：清理活动“{NAME}”尚未完成，请先完成它再开始新的清理。\n"),
        (
            ["correct", NAME, "盖政发〔2022〕38号", "--decision", "废止", "--reason", "x", "--date", "2026-11-25"],
            f"错误：清理活动“{NAME}”尚未完成，直接修改清理意见即可，无需更正。\n",
        ),
    ],
)  # fmt: skip
def test_cleanup_refusals_while_it_is_open(sample_copy: Cli, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    start(sample_copy)
    result = sample_copy("cleanup", *args)
    assert result.code == 1 and result.out == ""
    assert result.err.startswith(message)
    status = json.loads(sample_copy.ok("cleanup", "status", NAME, "--json").out)
    assert (status["decided"], status["finished"]) == (0, None)
    assert not (tmp_path / "结果").exists()
