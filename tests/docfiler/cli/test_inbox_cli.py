"""`docfiler inbox …` on the sample register's reviewer's year (today 2026-11-26)."""

from tests.docfiler.cli.conftest import Cli


def test_the_sample_inbox_lists_every_stage(sample: Cli):
    assert sample.ok("inbox", "list").lines == [
        "待登记  盖自然资发〔2026〕27号《盖州市国有建设用地供应管理办法》  盖州市自然资源局  收到 2026-11-25",
        "审查中  盖民发〔2026〕45号《盖州市养老服务补贴发放管理办法》  盖州市民政局  收到 2026-11-20",
        "不予备案登记  盖教发〔2026〕45号《盖州市中小学校课后服务工作规程》  盖州市教育局  收到 2026-09-30 逾期14日",
        "已办结  盖财发〔2026〕30号《盖州市财政专项资金绩效评价管理办法》  盖州市财政局  收到 2026-06-15",
        "已办结  盖自然资发〔2026〕5号《盖州市农村宅基地审批管理办法》  盖州市自然资源局  收到 2026-04-14",
        "已办结  盖财发〔2026〕12号《盖州市财政专项资金绩效评价管理办法》  盖州市财政局  收到 2026-03-30 逾期10日",
        "已办结  盖民发〔2026〕8号《盖州市困难群众救助资金管理办法》  盖州市民政局  收到 2026-02-20",
        "未报备  盖教发〔2025〕31号《盖州市校车安全管理实施办法》  盖州市教育局  收到 未报送",
        "未报备  盖教发〔2026〕9号《盖州市中小学校课后服务收费管理办法》  盖州市教育局  收到 未报送",
    ]
    assert [row["doc_number"] for row in sample.json("inbox", "list", "--stage", "未报备")] == [
        "盖教发〔2025〕31号",
        "盖教发〔2026〕9号",
    ]


def test_the_years_figures_of_the_sample(sample: Cli):
    data = sample.json("inbox", "figures", "--year", "2026")
    assert data["figures"] == {
        "received": 7,
        "on_time": 5,
        "late": 2,
        "deferred": 1,
        "rejected": 1,
        "registered": 5,
        "reviewed": 5,
        "problems": 2,
        "corrected": 2,
        "correction_rate": 1.0,
        "unfiled": 1,  # 盖教发〔2026〕9号 (publication unknown: its number's year); 2025's 31号 not
        "suggestions_received": 2,
        "suggestions_answered": 1,
        "suggestions_on_time": 1,
    }
    assert "纠错率：100%" in sample.ok("inbox", "figures", "--year", "2026").lines


def test_not_filed_by_unit(sample: Cli):
    assert sample.ok("inbox", "not-filed", "--from", "2026-01-01", "--to", "2026-12-31").lines == [
        "盖州市教育局：逾期报备 1 件，未报备 1 件",
        "  逾期 14 日  盖教发〔2026〕45号《盖州市中小学校课后服务工作规程》",
        "  未报备  盖教发〔2026〕9号《盖州市中小学校课后服务收费管理办法》",
        "盖州市财政局：逾期报备 1 件，未报备 0 件",
        "  逾期 10 日  盖财发〔2026〕12号《盖州市财政专项资金绩效评价管理办法》",
    ]


def test_the_inbox_reminders_come_after_thirty_days(sample: Cli):
    assert not any("[备案审查]" in line for line in sample("remind").lines)
    lines = sample("remind", "--days", "60").lines
    assert (
        "[备案审查] 剩 32 日  2026-12-28  盖民发〔2026〕45号《盖州市养老服务补贴发放管理办法》"
        "  备案审查自 2026-11-26 起 30 日内完成" in lines
    )


def test_a_filing_from_receipt_to_review(sample_copy: Cli):
    received = sample_copy.ok(
        "inbox",
        "receive",
        "盖民发(2026)50号",
        "--unit",
        "盖州市民政局",
        "--title",
        "盖州市临时救助备用金管理办法",
        "--published",
        "2026-11-02",
        "--received",
        "2026-11-24",
        "--material",
        "备案报告",
        "--material",
        "正式文本",
    )
    # 2026-11-02 + 15 days = 11-17; received 11-24: 7 days late
    assert received.out == (
        "已接收 盖民发〔2026〕50号《盖州市临时救助备用金管理办法》：报送期限 2026-11-17，逾期 7 日。"
        "缺少材料：起草说明、制定依据、合法性审核意见。\n"
    )
    refused = sample_copy(
        "inbox",
        "register",
        "盖民发〔2026〕50号",
        "--outcome",
        "予以备案登记",
        "--date",
        "2026-11-25",
    )
    assert refused.code == 1
    assert "报送材料不全（缺起草说明、制定依据、合法性审核意见），不能予以备案登记" in refused.err
    deferred = sample_copy.json(
        "inbox",
        "register",
        "盖民发〔2026〕50号",
        "--outcome",
        "暂缓办理备案登记",
        "--date",
        "2026-11-25",
        "--reason",
        "缺起草说明等材料",
    )
    assert deferred["supplement_due"] == "2026-12-10"  # 11-25 + 15
    assert "[备案补正] 剩 14 日  2026-12-10" in sample_copy("remind").out


def test_a_review_opinion_takes_the_next_number(sample_copy: Cli):
    result = sample_copy.ok(
        "inbox",
        "review",
        "盖民发〔2026〕45号",
        "--date",
        "2026-11-26",
        "--result",
        "审查意见",
        "--finding",
        "与上位法抵触=第六条降低了补贴标准",
        "--kind",
        "建议自行修改",
        "--reasoning",
        "与省级标准不一致。",
    )
    # the sample's two opinions of 2026 are 1号 and 2号; 11-26 + 30 = 12-26, a Saturday → 12-28
    assert result.out == (
        "盖民发〔2026〕45号：审查意见（盖司备审〔2026〕3号，建议自行修改），2026-12-28 前报告处理情况。\n"
    )
    bad = sample_copy(
        "inbox", "review", "盖民发〔2026〕45号", "--date", "2026-11-26", "--result", "合法"
    )
    assert bad.code == 1 and "审查结论只能是 未发现问题、审查意见" in bad.err


def test_a_suggestion_answered(sample_copy: Cli):
    assert sample_copy.ok("inbox", "suggestions", "--open").lines == [
        "2  2026-11-18  盖州市某物业服务企业  盖财发〔2026〕30号  2027-01-17 前答复"
    ]
    replied = sample_copy.ok("inbox", "reply", "2", "--date", "2026-11-26", "--text", "已答复")
    assert replied.out == "已登记审查建议 2 的答复，在期限内。\n"
    again = sample_copy("inbox", "reply", "2", "--date", "2026-11-26", "--text", "再答复")
    assert again.code == 1 and "已于2026年11月26日答复，不能再次答复" in again.err


def test_an_unknown_unit_is_refused_in_chinese(cli: Cli):
    result = cli(
        "inbox",
        "receive",
        "盖住建发〔2026〕1号",
        "--unit",
        "盖州市住房和城乡建设局",
        "--title",
        "某办法",
        "--published",
        "2026-11-02",
        "--received",
        "2026-11-10",
    )
    assert result.code == 1
    assert "没有名为“盖州市住房和城乡建设局”的制定机关" in result.err
    assert "Traceback" not in result.err
