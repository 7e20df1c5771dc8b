"""Issue 12, items 3, 5 and 6: the reviewer's letters (审查意见书, 通报, 审查建议答复书) written from
the stored records, read back with python-docx, on SQLite and PostgreSQL.

The sample register's reviewer's year (sample_docs/register.toml, today 2026-11-26) holds two
审查意见 (盖司备审〔2026〕1号 and 2号), one answered and one open 审查建议, and in 2026 two units
whose documents came late or not at all. Every expected value below was worked out by hand from
that file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document as open_docx

from docfiler import services
from docfiler.errors import NotFoundError, ValidationError
from docfiler.outputs.review_letters import make_opinion_letter, make_reply_letter
from docfiler.outputs.review_notice import make_notice

D = dt.date
UNIT = "盖州市住房和城乡建设局"


def _read(path: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    """(paragraph lines, 全角 indents stripped; table rows) as Word shows them."""
    document = open_docx(str(path))
    lines = [
        line.strip("\u3000")
        for paragraph in document.paragraphs
        for line in paragraph.text.split("\n")
        if line.strip()
    ]
    rows = [tuple(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return lines, rows


# ------------------------------------------------------------------------------- 审查意见书


def test_the_opinion_letter_states_every_fact_of_the_review(demo, tmp_path):
    out = make_opinion_letter(
        office=demo, output=tmp_path / "意见书.docx", number="盖司备审[2026]1号"
    )
    lines, rows = _read(out.path)
    assert rows == []  # a letter has no table
    assert lines[:6] == [
        "盖州市司法局",  # 版头: the rulebook's [inbox] reviewer
        "盖司备审〔2026〕1号",
        "关于",
        "《盖州市财政专项资金绩效评价管理办法》",
        "的审查意见书",
        "盖州市财政局：",
    ]
    body = lines[6:-2]
    assert body[0].startswith(
        "你单位报送备案的《盖州市财政专项资金绩效评价管理办法》（盖财发〔2026〕12号），"
        "本机关于2026年3月30日收到，2026年4月10日予以备案登记。"
    )
    assert "《辽宁省规章规范性文件备案办法》" in body[0] and "第三条" in body[0]
    assert "《法规规章备案审查条例》（国务院令第789号）" in body[0]
    assert body[1:] == [
        "（一）违法增加义务或减损权利方面。第十二条要求申报单位缴纳绩效评价保证金，"
        "无法律、法规依据。",
        "审查理由：没有法律、法规或者国务院决定、命令的依据，行政规范性文件不得增加公民、"
        "法人和其他组织的义务（国办发〔2018〕37号）。",
        # 审查意见 of 2026-05-06, 30 days → 06-05, a Friday
        "据此，建议你单位对该文件进行修改，并于2026年6月5日前将处理情况书面报告本机关。",
    ]
    assert lines[-2:] == ["盖州市司法局", "2026年5月6日"]  # the day of the 审查意见
    assert out.title == "关于《盖州市财政专项资金绩效评价管理办法》的审查意见书"
    assert out.documents == ("盖财发〔2026〕12号",)


def test_the_opinion_letter_found_by_the_documents_number(demo, tmp_path):
    out = make_opinion_letter(
        office=demo,
        output=tmp_path / "意见书.docx",
        number="盖自然资发(2026)5号",
        sender="盖州市司法局",
        contact="（联系人：李某，电话：0417-7123456）",
    )
    lines, _ = _read(out.path)
    assert lines[:2] == ["盖州市司法局", "盖司备审〔2026〕2号"]
    assert lines[2:5] == [
        "关于《盖州市农村宅基地审批管理办法》",
        "的审查意见书",
        "盖州市自然资源局：",
    ]
    assert (
        "（一）制定主体和权限方面。第九条规定由乡镇人民政府收取宅基地审批工本费，超出部门职权。"
        in lines
    )
    # 2026-05-12 + 30 days = 06-11, a Thursday
    assert lines[-4:] == [
        "据此，请你单位对上述问题予以改正，并于2026年6月11日前将处理情况书面报告本机关。",
        "盖州市司法局",
        "2026年5月12日",
        "（联系人：李某，电话：0417-7123456）",
    ]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("盖司备审〔2026〕9号", "没有编号为“盖司备审〔2026〕9号”的审查意见书"),
        ("盖民发〔2026〕8号", "的审查结论是“未发现问题”，没有审查意见，不出具审查意见书"),
        ("盖民发〔2026〕45号", "正在审查，尚无审查结论"),
        ("盖自然资发〔2026〕27号", "尚未审查，没有审查意见"),
    ],
)
def test_no_opinion_letter_without_an_opinion(demo, tmp_path, number, message):
    path = tmp_path / "意见书.docx"
    with pytest.raises((NotFoundError, ValidationError), match=message):
        make_opinion_letter(office=demo, output=path, number=number)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a part file


def _registered_filing(office, number: str, published: dt.date) -> None:
    services.receive_filing(
        office=office,
        unit=UNIT,
        number=number,
        title="盖州市城市供热管理办法",
        published=published,
        received=published + dt.timedelta(days=5),
        materials=["备案报告", "正式文本", "起草说明", "制定依据", "合法性审核意见"],
    )
    services.register_incoming(
        office=office, number=number, outcome="予以备案登记", on=published + dt.timedelta(days=6)
    )


def test_a_review_a_suggestion_started_and_an_escalation(office, tmp_path):
    services.add_authority(office=office, name=UNIT, codes=["盖住建发"], kind="department")
    _registered_filing(office, "盖住建发〔2026〕3号", D(2026, 2, 2))
    services.finish_incoming_review(
        office=office, number="盖住建发〔2026〕3号", on=D(2026, 2, 20), result="未发现问题"
    )
    asked = services.receive_suggestion(
        office=office,
        proposer="盖州市某供热有限公司",
        received=D(2026, 3, 2),
        number="盖住建发〔2026〕3号",
        request="第六条规定的停热赔偿标准",
    )
    services.review_from_suggestion(office=office, suggestion_id=asked.id, on=D(2026, 3, 3))
    services.finish_incoming_review(
        office=office,
        number="盖住建发〔2026〕3号",
        on=D(2026, 3, 20),
        result="审查意见",
        findings={"适当性": "第六条的赔偿标准明显过低", "与上位法抵触": "第四条与条例不一致"},
        reasoning="与《辽宁省城市供热条例》规定不一致",
        opinion_kind="提请撤销",
    )
    out = make_opinion_letter(
        office=office,
        output=tmp_path / "a.docx",
        number="盖住建发〔2026〕3号",
        sender="盖州市人民政府",  # the government itself repeals: it says so in its own name
    )
    lines, _ = _read(out.path)
    assert lines[:5] == [
        "盖州市人民政府",
        "盖司备审〔2026〕1号",
        "关于《盖州市城市供热管理办法》的",
        "审查意见书",
        "盖州市住房和城乡建设局：",
    ]
    assert "依据公民、法人或者其他组织提出的审查建议，于2026年3月3日启动审查" in lines[5]
    assert lines[6:10] == [
        "（一）与上位法抵触方面。第四条与条例不一致。",  # in the checklist's order
        "（二）适当性方面。第六条的赔偿标准明显过低。",
        "审查理由：与《辽宁省城市供热条例》规定不一致。",
        # 2026-03-20 + 30 = 04-19, a Sunday → Monday 04-20
        "据此，本机关将依法提请撤销该文件，请你单位停止执行上述规定，"
        "并于2026年4月20日前将处理情况书面报告本机关。",
    ]
    by_bureau = make_opinion_letter(  # the rulebook's reviewer, 盖州市司法局, by default
        office=office, output=tmp_path / "a.docx", number="盖司备审〔2026〕1号"
    )
    assert _read(by_bureau.path)[0][9].startswith(
        "据此，本机关将依法提请盖州市人民政府撤销该文件，请你单位停止执行上述规定，"
    )
    with pytest.raises(ValidationError, match="尚未答复，还不能生成答复书"):
        make_reply_letter(office=office, output=tmp_path / "b.docx", suggestion_id=asked.id)
    services.reply_suggestion(
        office=office, suggestion_id=asked.id, on=D(2026, 3, 25), reply="已提请撤销该文件"
    )
    reply = make_reply_letter(office=office, output=tmp_path / "b.docx", suggestion_id=asked.id)
    lines, _ = _read(reply.path)
    assert lines[3] == "盖州市某供热有限公司："
    assert lines[4] == (  # an organization is 你单位; a request not saying 认为 gets 提出：
        "你单位于2026年3月2日对《盖州市城市供热管理办法》（盖住建发〔2026〕3号）提出的审查"
        "建议收悉。你单位在建议中提出：第六条规定的停热赔偿标准。"
    )
    assert "于2026年3月3日对该文件启动审查，2026年3月20日审查完毕。现答复如下：" in lines[5]
    assert lines[6] == "已提请撤销该文件。"
    assert lines[-2:] == ["盖州市司法局", "2026年3月25日"]
    assert sorted(p.name for p in tmp_path.glob("*.docx*")) == ["a.docx", "b.docx"]


def test_a_document_with_two_opinions_asks_which(office, tmp_path):
    services.add_authority(office=office, name=UNIT, codes=["盖住建发"], kind="department")
    _registered_filing(office, "盖住建发〔2026〕3号", D(2026, 2, 2))
    opinion = {
        "result": "审查意见",
        "findings": {"技术规范": "条文序号错误"},
        "reasoning": "不符合行政规范性文件技术规范",
        "opinion_kind": "建议自行修改",
    }
    number = "盖住建发〔2026〕3号"
    services.finish_incoming_review(office=office, number=number, on=D(2026, 2, 20), **opinion)
    services.start_review(office=office, number=number, on=D(2026, 3, 30), origin="office")
    services.finish_incoming_review(office=office, number=number, on=D(2026, 4, 1), **opinion)
    with pytest.raises(
        ValidationError, match="有2份审查意见书：盖司备审〔2026〕1号、盖司备审〔2026〕2号"
    ):
        make_opinion_letter(office=office, output=tmp_path / "x.docx", number="盖住建发〔2026〕3号")
    second = make_opinion_letter(
        office=office, output=tmp_path / "x.docx", number="盖司备审〔2026〕2号"
    )
    assert _read(second.path)[0][-2:] == ["盖州市司法局", "2026年4月1日"]


# ---------------------------------------------------------------------------------- 通报


def test_the_notice_lists_each_unit_that_filed_late_or_not_at_all(demo, tmp_path):
    out = make_notice(
        office=demo, output=tmp_path / "通报.docx", year=2026, number="盖司〔2026〕8号"
    )
    lines, rows = _read(out.path)
    assert lines[:5] == [
        "盖州市司法局",
        "盖司〔2026〕8号",
        "盖州市司法局关于2026年度",
        "行政规范性文件报送备案情况的通报",
        "各乡镇人民政府、街道办事处，市政府各部门：",
    ]
    intro = lines[5]
    assert "应当自公布之日起15日内报送盖州市人民政府备案" in intro
    assert (
        "有2个单位的3件行政规范性文件未按期报送备案，其中逾期报送2件，"
        "截至2026年11月26日仍未报送1件。" in intro
    )
    assert lines[6:8] == [
        "一、盖州市教育局（逾期报送1件，未报送1件）",
        "二、盖州市财政局（逾期报送1件）",
    ]
    header = ("序号", "文号", "文件名称", "应报送日期", "实际报送日期", "逾期天数")
    assert rows == [
        header,
        # published 09-01 + 15 days = 09-16; received 09-30
        (
            "1",
            "盖教发〔2026〕45号",
            "《盖州市中小学校课后服务工作规程》",
            "2026.9.16",
            "2026.9.30",
            "14",
        ),
        # publication unknown: no due date, never received
        ("2", "盖教发〔2026〕9号", "《盖州市中小学校课后服务收费管理办法》", "—", "未报送", "—"),
        header,
        # published 03-05 + 15 days = 03-20; received 03-30
        (
            "1",
            "盖财发〔2026〕12号",
            "《盖州市财政专项资金绩效评价管理办法》",
            "2026.3.20",
            "2026.3.30",
            "10",
        ),
    ]
    assert lines[8].startswith("请上述单位高度重视行政规范性文件备案工作")
    assert "未报送备案的文件，请立即补报。" in lines[8]
    assert "备案报告、正式文本、起草说明、制定依据、合法性审核意见" in lines[8]
    assert lines[-2:] == ["盖州市司法局", "2026年11月26日"]
    assert (out.rows, out.documents) == (
        3,
        ("盖教发〔2026〕45号", "盖教发〔2026〕9号", "盖财发〔2026〕12号"),
    )


def test_an_unfiled_documents_days_count_to_the_notices_date(demo, tmp_path):
    out = make_notice(office=demo, output=tmp_path / "通报.docx", year=2025)
    lines, rows = _read(out.path)
    assert lines[1] == "盖州市司法局关于2025年度"  # no 发文字号 given: its line stays empty
    # published 2025-11-03 + 15 = 11-18; to 2026-11-26: 365 + 8 days
    assert rows[1] == (
        "1",
        "盖教发〔2025〕31号",
        "《盖州市校车安全管理实施办法》",
        "2025.11.18",
        "未报送",
        "373",
    )
    assert "未报送文件的逾期天数计算至2026年11月26日" in lines[4]
    earlier = make_notice(office=demo, output=tmp_path / "早.docx", year=2025, on=D(2025, 12, 1))
    assert _read(earlier.path)[1][1][-1] == "13"  # 11-18 → 12-01


@pytest.mark.parametrize(
    ("year", "on", "message"),
    [
        (2024, None, "2024年没有逾期报送或者未报送备案的文件"),
        (2026, D(2025, 12, 31), "通报日期 2025-12-31 早于2026年"),
        (26, None, "年份“26”不对"),
    ],
)
def test_no_notice_with_nothing_to_report(demo, tmp_path, year, on, message):
    with pytest.raises(ValidationError, match=message):
        make_notice(office=demo, output=tmp_path / "通报.docx", year=year, on=on)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------ 审查建议答复书


def test_the_reply_letter_answers_the_proposer(demo, tmp_path):
    out = make_reply_letter(office=demo, output=tmp_path / "答复.docx", suggestion_id=1)
    lines, rows = _read(out.path)
    assert rows == []
    assert lines[:5] == [
        "盖州市司法局",
        "关于《盖州市困难群众救助资金管理办法》",
        "审查建议的答复",
        "李某：",
        "你于2026年10月12日对《盖州市困难群众救助资金管理办法》（盖民发〔2026〕8号）提出的"
        "审查建议收悉。你在建议中认为第七条将申请人户籍限定为本市城镇户籍，排斥农村困难群众。",
    ]
    assert lines[5] == (
        "根据《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"
        "的规定，本机关对你的建议进行了研究办理，于2026年10月14日对该文件启动审查，"
        "2026年10月30日审查完毕。现答复如下："
    )
    assert lines[6] == "经审查，第七条适用于城乡困难群众，未发现问题；已书面答复建议人。"
    assert lines[-2:] == ["盖州市司法局", "2026年11月5日"]  # the day the reply was recorded


@pytest.mark.parametrize(
    ("suggestion_id", "error", "message"),
    [
        (2, ValidationError, "审查建议 2（盖州市某物业服务企业）尚未答复"),
        (99, NotFoundError, "没有编号为 99 的审查建议"),
    ],
)
def test_no_reply_letter_before_the_reply(demo, tmp_path, suggestion_id, error, message):
    with pytest.raises(error, match=message):
        make_reply_letter(office=demo, output=tmp_path / "答复.docx", suggestion_id=suggestion_id)
    assert list(tmp_path.iterdir()) == []
