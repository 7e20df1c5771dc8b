"""countersign add / reply: requests for opinions from 营口市人民政府 and the replies."""

from tests.docfiler.cli.conftest import Cli

DUE_LINE = (
    "[会签答复] 剩 6 日  2026-12-02  营政办函〔2026〕112号《营口市城市地下管线管理办法（征求意见稿）》"
    "  答复营口市人民政府会签意见"
)


def test_countersign_with_the_default_reply_period(sample_copy: Cli):
    # Received Friday 2026-11-20; 10 working days later is Friday 2026-12-04.
    added = sample_copy.ok(
        "countersign",
        "add",
        "--title",
        "营口市城市供水管理办法（征求意见稿）",
        "--received",
        "2026-11-20",
    )
    assert added.out == "已登记会签（编号 3），2026-12-04 前答复。\n"
    assert (
        "[会签答复] 剩 8 日  2026-12-04  营口市城市供水管理办法（征求意见稿）  答复营口市人民政府会签意见"
        in sample_copy("remind").lines
    )


def test_countersign_with_a_given_reply_date_and_sender(sample_copy: Cli):
    added = sample_copy.ok(
        "countersign",
        "add",
        "--title",
        "营口市养犬管理规定（修订草案）",
        "--received",
        "2026-11-24",
        "--reply-due",
        "2026-11-30",
        "--from",
        "营口市司法局",
        "--reference",
        "营司函〔2026〕5号",
    )
    assert added.out == "已登记会签（编号 3），2026-11-30 前答复。\n"
    assert (
        "[会签答复] 剩 4 日  2026-11-30  营司函〔2026〕5号《营口市养犬管理规定（修订草案）》"
        "  答复营口市司法局会签意见"
    ) in sample_copy("remind").lines


def test_countersign_reply_clears_the_reminder(sample_copy: Cli):
    assert DUE_LINE in sample_copy("remind").lines  # 编号 1 in register.toml
    replied = sample_copy.ok(
        "countersign", "reply", "1", "--date", "2026-11-25", "--summary", "无意见"
    )
    assert replied.out == "已登记会签答复。\n"
    assert DUE_LINE not in sample_copy("remind").lines


def test_countersign_refusals(sample_copy: Cli):
    result = sample_copy("countersign", "reply", "99", "--date", "2026-11-25")
    assert (result.code, result.out, result.err) == (1, "", "错误：没有编号为 99 的会签事项。\n")
    result = sample_copy("countersign", "add", "--title", "某办法", "--received", "2026-12-01")
    assert result.code == 1 and result.err.startswith("错误：收到会签日期")
    assert DUE_LINE in sample_copy("remind").lines


def test_countersign_from_the_superior_government_named_in_the_rulebook(
    sample_copy: Cli, tmp_path, monkeypatch
):
    config = tmp_path / "config"
    config.mkdir()
    (config / "rulebook.toml").write_text(
        '[office]\nsuperior = "鞍山市人民政府"\n', encoding="utf-8"
    )
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(config))
    sample_copy.ok(
        "countersign", "add", "--title", "某办法（征求意见稿）", "--received", "2026-11-20",
        "--reply-due", "2026-11-30",
    )  # fmt: skip
    assert (
        "[会签答复] 剩 4 日  2026-11-30  某办法（征求意见稿）  答复鞍山市人民政府会签意见"
        in sample_copy("remind").lines
    )
