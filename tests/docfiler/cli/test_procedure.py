"""opinions, review, decide, sign, publish: each step confirmed, refused steps change nothing."""

import datetime as dt

import pytest

from tests.conftest import TODAY
from tests.docfiler.cli.conftest import Cli, publish_new_document

N = "盖政发〔2016〕9号"
TITLE = "盖州市城乡居民临时救助实施办法"


@pytest.fixture
def drafted(cli: Cli) -> Cli:
    cli.ok("init")
    cli.ok("add", "--number", N, "--title", TITLE, "--drafting-unit", "盖州市民政局")
    return cli


def test_every_step_is_confirmed_and_shown(drafted: Cli):
    cli = drafted
    assert cli.ok(
        "opinions", "盖政发[2016]9号", "--date", "2016-01-10", "--method", "座谈会"
    ).out == (f"已登记听取意见：{N}\n")
    assert cli.ok("review", N, "--submitted", "2016-01-20", "--reviewer", "法制办").out == (
        f"已报送合法性审核：{N}\n"
    )
    assert cli.ok("review", N, "--finished", "2016-02-02", "--outcome", "应当予以修改").out == (
        "已登记审核结论：应当予以修改\n"
    )
    assert cli.ok("review", N, "--revised", "2016-02-05").out == "已登记按审核意见修改完毕。\n"
    decided = cli.ok(
        "decide",
        N,
        "--meeting",
        "市政府第18次常务会议",
        "--date",
        "2016-02-20",
        "--minutes",
        "纪要3号",
    )
    assert decided.out == f"已登记集体讨论决定：{N}\n"
    assert cli.ok("sign", N, "--date", "2016-02-25", "--by", "市长").out == f"已登记签发：{N}\n"
    # 15 days from 2016-09-17 end on National Day; the first working day after the holiday is
    # Saturday 2016-10-08 (a make-up working day). 30 days end on Sunday 2016-10-16.
    published = cli.ok(
        "publish", N, "--date", "2016-09-16", "--channel", "门户网站", "--effective", "2016-10-01"
    )
    assert published.lines == [
        f"已公布：{N}",
        "  应于 2016-10-08 前向 营口市人民政府 报送备案",
        "  应于 2016-10-17 前向 盖州市人大常委会 报送备案",
    ]
    assert cli.ok("show", N).lines[4:17] == [
        "  公布：2016-09-16    施行：2016-10-01    有效期至：—",
        "  下一步：向营口市人民政府报送备案（期限 2016-10-08，逾期 3701 日）",
        f"    docfiler file {N} --body 营口市人民政府 --submitted 日期",
        "  程序：",
        "    2016-01-10 听取意见 座谈会",
        "    2016-01-20 报送合法性审核",
        "    2016-02-02 审核结论：应当予以修改",
        "    2016-02-05 按审核意见修改完毕",
        "    2016-02-20 市政府第18次常务会议集体讨论决定",
        "    2016-02-25 签发",
        "    2016-09-16 公布（门户网站）",
        "  备案：",
        "    营口市人民政府：期限 2016-10-08，逾期 3701 日",
    ]
    view = cli.json("show", N)
    assert (view["signed_by"], view["decisions"][0]["minutes"]) == ("市长", "纪要3号")
    assert view["reviews"][0]["reviewer"] == "法制办"


def test_a_review_submitted_and_finished_in_one_call(drafted: Cli):
    drafted.ok("opinions", N, "--date", "2016-01-10")
    result = drafted.ok(
        "review", N, "--submitted", "2016-01-20", "--finished", "2016-02-02", "--outcome", " 合法 "
    )
    assert result.lines == [f"已报送合法性审核：{N}", "已登记审核结论： 合法 "]
    assert drafted.json("show", N)["reviews"][0]["outcome"] == "合法"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "错误：请给出 --submitted（报送日期），或 --finished 与 --outcome（审核结论）。\n"),
        (
            ["--finished", "2016-02-02"],
            "错误：登记审核结论须同时给出 --finished（完成日期）和 --outcome（结论）。\n",
        ),
        (
            ["--submitted", "2016-01-20", "--outcome", "合法"],
            "错误：登记审核结论须同时给出 --finished（完成日期）和 --outcome（结论）。\n",
        ),
    ],
)
def test_review_options_that_do_not_fit_together_change_nothing(drafted: Cli, options, message):
    result = drafted("review", N, *options)
    assert (result.code, result.out, result.err) == (1, "", message)
    assert drafted.json("show", N)["reviews"] == []


def test_a_step_refused_by_the_rules_exits_1_and_changes_nothing(drafted: Cli):
    result = drafted("publish", N, "--date", "2016-03-01")
    assert result.code == 1 and result.out == "" and "未听取意见" in result.err
    result = drafted("opinions", N, "--date", "2026-12-01")
    assert result.code == 1 and result.err.startswith("错误：听取意见日期")
    result = drafted("sign", N, "--date", "2016-13-01")
    assert result.code == 1 and "不是有效日期" in result.err
    view = drafted.json("show", N)
    assert (view["published"], view["opinions"], view["signed"]) == (None, [], None)


def test_a_filing_due_today(cli: Cli):
    cli.ok("init")
    # Published 2026-11-11: 营口 15 days end on 2026-11-26 (today), 人大 30 days on 2026-12-11.
    published = publish_new_document(
        cli,
        "盖政发〔2026〕110号",
        "盖州市测试办法",
        heard="2026-10-08",
        reviewed="2026-10-16",
        decided="2026-10-22",
        published="2026-11-11",
    )
    assert published.lines[1:] == [
        "  应于 2026-11-26 前向 营口市人民政府 报送备案",
        "  应于 2026-12-11 前向 盖州市人大常委会 报送备案",
    ]
    assert cli.ok("show", "盖政发〔2026〕110号").lines[-2:] == [
        "    营口市人民政府：期限 2026-11-26，今天到期",
        "    盖州市人大常委会：期限 2026-12-11，剩 15 日",
    ]
    assert (
        "[备案] 今天到期  2026-11-26  盖政发〔2026〕110号《盖州市测试办法》  向营口市人民政府报送备案"
        in cli.ok("remind").lines
    )


def test_deadlines_in_a_year_without_a_holiday_schedule_are_marked_provisional(cli: Cli):
    cli.ok("init")
    # The packaged holiday schedule starts in 2004: 2003 deadlines count weekends only.
    published = publish_new_document(
        cli,
        "盖政发〔2003〕5号",
        "盖州市测试办法",
        heard="2003-01-06",
        reviewed="2003-01-20",
        decided="2003-02-10",
        published="2003-03-03",
    )
    assert published.lines[1:] == [
        "  应于 2003-03-18（暂定） 前向 营口市人民政府 报送备案",
        "  应于 2003-04-02（暂定） 前向 盖州市人大常委会 报送备案",
    ]
    overdue = (TODAY - dt.date(2003, 3, 18)).days
    assert cli.ok("show", "盖政发〔2003〕5号").lines[-2] == (
        f"    营口市人民政府：期限 2003-03-18（暂定），逾期 {overdue} 日"
    )
    reminded = cli("remind")
    assert reminded.code == 3
    assert (
        f"[备案] 逾期 {overdue} 日  2003-03-18（暂定）  盖政发〔2003〕5号《盖州市测试办法》"
        "  向营口市人民政府报送备案"
    ) in reminded.lines


def test_review_finishing_an_open_review_with_its_submission_date_repeated(drafted: Cli):
    """Issue 9: `review N --submitted D --finished F --outcome O` on a review submitted on D."""
    drafted.ok("review", N, "--submitted", "2016-01-20")
    result = drafted.ok(
        "review", N, "--submitted", "2016-01-20", "--finished", "2016-02-02", "--outcome", "合法"
    )
    assert result.lines == [f"已报送合法性审核：{N}", "已登记审核结论：合法"]
    reviews = drafted.json("show", N)["reviews"]
    assert [(r["submitted"], r["outcome"]) for r in reviews] == [("2016-01-20", "合法")]


def test_review_whose_second_step_is_refused_writes_nothing(drafted: Cli):
    """One command, one transaction: the valid submission is not kept when the finish is refused."""
    result = drafted(
        "review", N, "--submitted", "2016-01-20", "--finished", "2016-01-10", "--outcome", "合法"
    )
    assert (result.code, result.out) == (1, "")
    assert "审核完成日期（2016年1月10日）早于报送审核日期（2016年1月20日）" in result.err
    assert drafted.json("show", N)["reviews"] == []


def test_fair_competition_before_the_decision_of_a_market_document(cli: Cli):
    """优化营商环境条例 art. 63: add --market, then decide is refused until fair-competition."""
    cli.ok("init")
    cli.ok("add", "--number", N, "--title", TITLE, "--market")
    cli.ok("opinions", N, "--date", "2016-01-10")
    cli.ok(
        "review", N, "--submitted", "2016-01-20", "--finished", "2016-02-02", "--outcome", "合法"
    )
    refused = cli("decide", N, "--meeting", "市政府第18次常务会议", "--date", "2016-02-20")
    assert refused.code == 1
    assert "未登记公平竞争审查结论" in refused.err and "优化营商环境条例第六十三条" in refused.err
    done = cli.ok(
        "fair-competition", N, "--on", "2016-02-10", "--conclusion", "未发现排除、限制竞争的内容"
    )
    assert done.out == "已登记公平竞争审查结论：未发现排除、限制竞争的内容\n"
    cli.ok("decide", N, "--meeting", "市政府第18次常务会议", "--date", "2016-02-20")
    lines = cli.ok("show", N).lines
    assert "    2016-02-10 公平竞争审查：未发现排除、限制竞争的内容" in lines
    assert cli.json("show", N)["concerns_market"] is True


def test_fair_competition_marks_and_unmarks_a_document(drafted: Cli):
    assert (
        drafted.ok("fair-competition", N, "--concerns").out == f"已标明：{N} 涉及市场主体经济活动\n"
    )
    assert drafted.json("show", N)["concerns_market"] is True
    drafted.ok("fair-competition", N, "--not-concerns")
    assert drafted.json("show", N)["concerns_market"] is False
    result = drafted("fair-competition", N, "--on", "2016-02-10")
    assert result.code == 1 and "--conclusion" in result.err


def test_a_township_authority_files_with_the_county_government(cli: Cli):
    """辽宁省规章规范性文件备案办法 art. 3: 乡镇人民政府、街道办事处 → 盖州市人民政府."""
    cli.ok("init")
    out = cli.ok(
        "authority", "add", "盖州市西城街道办事处", "--code", "西城街发", "--kind", "township"
    )
    assert out.out == "已登记制定机关：盖州市西城街道办事处（备案机关：盖州市人民政府）\n"
