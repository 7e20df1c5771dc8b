"""Issue 12, item 7: the yearly account (年度规范性文件备案审查工作报告), on SQLite and PostgreSQL.

2025 by hand: three documents of the government, filed with 营口市人民政府 (15 days) and
盖州市人大常委会 (30 days) on time, late, not at all, and one published in late December whose
period runs into 2026; a cleanup finished in 2025. Then events of 2026 (a late filing, a decision
corrected, a unit's filing) that must not change 2025. Every expected figure is written out.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import openpyxl
import pytest

from docfiler import services
from docfiler.errors import ValidationError
from docfiler.outputs.annual_report import make_annual_report
from docfiler.outputs.annual_report_text import rule_of_law_paragraph
from docfiler.outputs.overwrite import OutputExistsError
from docfiler.queries.annual_report import annual_report
from docfiler.services.cleanup import correct_decision, decide, finish_campaign, start_campaign
from docfiler.services.imports import import_documents
from tests.docfiler.outputs.read_back import outline

D = dt.date
CITY = "营口市人民政府"
CONGRESS = "盖州市人大常委会"
A = "盖政发〔2025〕3号"  # published 2025-03-03: 营口 due 03-18, 人大 due 04-02
B = "盖政办发〔2025〕8号"  # published 2025-06-02: 营口 due 06-17, 人大 due 07-02
C = "盖政发〔2025〕20号"  # published 2025-12-22: 营口 due 2026-01-06, 人大 due 2026-01-21
CAMPAIGN = "2025年规范性文件清理"


def file(office, number: str, body: str, on: dt.date) -> None:
    services.submit_filing(office=office, number=number, body=body, submitted=on)


def the_year_2025(office) -> None:
    import_documents(
        office=office,
        records=[
            {"number": A, "title": "盖州市城乡居民临时救助实施办法", "published": "2025-03-03"},
            {"number": B, "title": "盖州市城区停车管理办法", "published": "2025-06-02"},
            {"number": C, "title": "盖州市城市绿化管理办法", "published": "2025-12-22"},
        ],
    )
    file(office, A, CITY, D(2025, 3, 10))  # on time
    services.record_filing_result(
        office=office, number=A, body=CITY, result="暂缓办理备案登记", on=D(2025, 3, 20)
    )
    file(office, A, CITY, D(2025, 4, 1))  # the re-submission: the first one counts
    file(office, A, CONGRESS, D(2025, 4, 10))  # 8 days late
    file(office, B, CONGRESS, D(2025, 6, 20))  # on time; 营口 never in 2025
    file(office, C, CITY, D(2025, 12, 30))  # on time, before the year's end
    start_campaign(office=office, name=CAMPAIGN, as_of=D(2025, 6, 30))
    decide(office=office, campaign=CAMPAIGN, number=A, decision="继续有效")
    decide(office=office, campaign=CAMPAIGN, number=B, decision="废止", reason="已被新规定替代")
    finish_campaign(office=office, campaign=CAMPAIGN, on=D(2025, 9, 30))


def the_year_2026(office) -> None:
    """What happens after 2025 ended: none of it may show in 2025's figures."""
    file(office, C, CONGRESS, D(2026, 1, 15))  # C's second filing, on time, but in 2026
    file(office, B, CITY, D(2026, 2, 2))  # B reaches 营口 at last, late
    correct_decision(
        office=office,
        campaign=CAMPAIGN,
        number=B,
        decision="继续有效",
        reason="替代文件尚未施行",
        on=D(2026, 2, 10),
    )
    services.add_authority(
        office=office, name="盖州市住房和城乡建设局", codes=["盖住建发"], kind="department"
    )
    services.receive_filing(
        office=office,
        unit="盖州市住房和城乡建设局",
        number="盖住建发〔2026〕1号",
        title="盖州市物业管理办法",
        published=D(2026, 1, 5),
        received=D(2026, 1, 12),
        materials=["备案报告", "正式文本", "起草说明", "制定依据", "合法性审核意见"],
    )


def test_the_governments_own_documents_per_filing_body(office):
    the_year_2025(office)
    report = annual_report(office=office, year=2025)
    assert (report.as_of, report.complete) == (D(2025, 12, 31), True)
    assert [d.doc_number for d in report.documents] == [A, B, C]
    city, congress = report.bodies
    assert (city.body, city.due, city.filed, city.on_time, city.late) == (CITY, 3, 2, 2, 0)
    assert (city.overdue, city.pending) == (1, 0)  # B never reached 营口 in 2025
    assert city.filing_rate.value == Fraction(2, 3)
    assert city.filing_rate.label() == "66.7%"
    assert city.timely_rate.label() == "66.7%"
    assert (congress.body, congress.due, congress.filed, congress.on_time) == (CONGRESS, 3, 2, 1)
    assert (congress.late, congress.overdue, congress.pending) == (1, 0, 1)  # C: due 2026-01-21
    assert (congress.filing_rate.value, congress.timely_rate.value) == (1, Fraction(1, 2))
    assert (congress.filing_rate.label(), congress.timely_rate.label()) == ("100%", "50%")
    filings = {
        (d.doc_number, f.body): (f.submitted, f.state) for d in report.documents for f in d.filings
    }
    assert filings == {
        (A, CITY): (D(2025, 3, 10), "on_time"),
        (A, CONGRESS): (D(2025, 4, 10), "late"),
        (B, CITY): (None, "overdue"),
        (B, CONGRESS): (D(2025, 6, 20), "on_time"),
        (C, CITY): (D(2025, 12, 30), "on_time"),
        (C, CONGRESS): (None, "pending"),
    }


def test_a_cleanup_finished_in_the_year(office):
    the_year_2025(office)
    (campaign,) = annual_report(office=office, year=2025).campaigns
    assert (campaign.name, campaign.as_of, campaign.finished) == (
        CAMPAIGN,
        D(2025, 6, 30),
        D(2025, 9, 30),
    )
    assert campaign.counts == {"kept": 1, "amended": 0, "repealed": 1, "declared_invalid": 0}
    assert annual_report(office=office, year=2026).campaigns == ()


def test_a_past_year_is_unchanged_by_what_came_after(office):
    the_year_2025(office)
    before = annual_report(office=office, year=2025).as_json()
    the_year_2026(office)
    assert annual_report(office=office, year=2025).as_json() == before
    # 2026 sees them: the decision as corrected, the unit's filing received
    later = annual_report(office=office, year=2026)
    assert later.inbox["received"] == 1
    assert later.campaigns == ()  # corrected in 2026, finished in 2025


def test_the_rule_of_law_paragraph(office):
    the_year_2025(office)
    paragraph = rule_of_law_paragraph(annual_report(office=office, year=2025))
    assert paragraph.startswith(
        "一是加强规范性文件备审监督。对于市政府制定的规范性文件，在规定的期限内向营口市人民政府"
        "和盖州市人大常委会报送备案，2025年制定规范性文件3件，即《盖州市城乡居民临时救助实施办法》"
        "（盖政发〔2025〕3号）、《盖州市城区停车管理办法》（盖政办发〔2025〕8号）、"
        "《盖州市城市绿化管理办法》（盖政发〔2025〕20号），"
    )
    assert "向营口市人民政府报送备案2件（应报3件），报备率66.7%、报备及时率66.7%" in paragraph
    assert (
        "向盖州市人大常委会报送备案2件（应报3件，其中1件尚未到期），报备率100%、报备及时率50%"
        in (paragraph)
    )
    assert (
        "二是认真做好政府部门和乡镇（街道）规范性文件的备案登记和审查工作。全年未收到" in paragraph
    )
    assert paragraph.endswith(
        "三是严格执行规范性文件定期清理制度。2025年完成“2025年规范性文件清理”，清理规范性文件2件，"
        "其中继续有效1件、修改0件、废止1件、宣布失效0件，并将清理结果向社会公布。"
    )


def test_the_word_report_and_the_workbook_read_back(office, tmp_path):
    the_year_2025(office)
    written = make_annual_report(
        office=office,
        year=2025,
        output=tmp_path / "报告.docx",
        xlsx=tmp_path / "报告.xlsx",
        on=D(2026, 1, 20),
    )
    assert written.title == "盖州市人民政府2025年度规范性文件备案审查工作报告"
    found = outline(written.path)
    texts = [item for item in found if isinstance(item, str)]
    tables = [item for item in found if isinstance(item, list)]
    assert texts[:2] == ["盖州市人民政府\n2025年度规范性文件备案审查工作报告", "营口市人民政府："]
    assert "一、本级政府规范性文件制定和报送备案情况" in texts
    assert "五、依法行政工作报告相关内容" in texts
    assert rule_of_law_paragraph(annual_report(office=office, year=2025)) in texts
    assert "2026年1月20日" in texts and "特此报告。" in texts
    assert texts[-4].startswith("注：数据按登记簿中登记的日期统计，统计截止日为2025年12月31日")
    assert tables[0] == [
        ["项目", CITY, CONGRESS],
        ["应报备件数", "3", "3"],
        ["已报备", "2", "2"],
        ["其中：按时报备", "2", "1"],
        ["逾期报备", "0", "1"],
        ["逾期未报备", "1", "0"],
        ["未到期", "0", "1"],
        ["报备率", "66.7%", "100%"],
        ["报备及时率", "66.7%", "50%"],
    ]
    assert [row[2:] for row in tables[1]] == [
        ["文号", f"向{CITY}报送", f"向{CONGRESS}报送"],
        [A, "2025.3.10\n按时", "2025.4.10\n逾期8日"],
        [B, "未报送\n已逾期", "2025.6.20\n按时"],
        [C, "2025.12.30\n按时", "未报送\n未到期"],
    ]
    assert tables[4] == [
        ["清理活动", "完成日期", "清理件数", "继续有效", "修改", "废止", "宣布失效"],
        [CAMPAIGN, "2025年9月30日", "2", "1", "0", "1", "0"],
    ]

    book = openpyxl.load_workbook(written.xlsx)
    assert book.sheetnames == [
        "本级政府报备",
        "制定的文件",
        "备案审查",
        "审查建议",
        "清理",
        "统计口径",
    ]
    assert written.sheets == {
        "本级政府报备": 8,
        "制定的文件": 3,
        "备案审查": 11,
        "审查建议": 3,
        "清理": 1,
        "统计口径": 30,
    }
    first = book["本级政府报备"]
    assert first.freeze_panes == "A2"
    assert [c.value for c in first[2]] == ["应报备件数", 3, 3]
    sheet = book["制定的文件"]
    assert [c.value for c in sheet[1]][:7] == [
        "序号",
        "文件名称",
        "文号",
        "公布日期",
        f"{CITY}报送期限",
        f"{CITY}报送日期",
        f"{CITY}情况",
    ]
    row = [c.value for c in sheet[3]]
    assert row[2] == B and row[3].date() == D(2025, 6, 2)
    assert (row[4].date(), row[5], row[6]) == (D(2025, 6, 17), None, "未报送，已逾期")
    assert [c.value for c in book["备案审查"][2]] == ["收到报备文件", 0]
    assert [c.value for c in book["清理"][2]][:4] == [CAMPAIGN, dt.datetime(2025, 9, 30), 2, 1]


def test_an_existing_output_is_kept_unless_forced(office, tmp_path):
    the_year_2025(office)
    folder = tmp_path / "out"
    folder.mkdir()
    docx, xlsx = folder / "报告.docx", folder / "表格.xlsx"
    xlsx.write_bytes(b"old")
    with pytest.raises(OutputExistsError, match=r"表格\.xlsx”已存在，没有覆盖"):
        make_annual_report(office=office, year=2025, output=docx, xlsx=xlsx)
    assert not docx.exists() and xlsx.read_bytes() == b"old"
    make_annual_report(office=office, year=2025, output=docx, xlsx=xlsx, force=True)
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "本级政府报备"
    assert sorted(p.name for p in folder.iterdir()) == ["报告.docx", "表格.xlsx"]  # no leftovers


def test_years_that_cannot_be_reported_are_refused_in_chinese(office):
    with pytest.raises(ValidationError, match="登记簿中还没有任何已公布的文件"):
        annual_report(office=office, year=2025)
    the_year_2025(office)
    with pytest.raises(ValidationError, match="最早的记录在2025年，2024年没有任何记录"):
        annual_report(office=office, year=2024)
    with pytest.raises(ValidationError, match="2027年还没有到"):
        annual_report(office=office, year=2027)
    with pytest.raises(ValidationError, match="年份“25”不对，请写四位年份"):
        annual_report(office=office, year=25)


def test_a_report_dated_before_its_years_end_is_refused(office, tmp_path):
    the_year_2025(office)
    with pytest.raises(
        ValidationError, match="报告日期（2025年12月1日）早于统计截止日（2025年12月31日）"
    ):
        make_annual_report(office=office, year=2025, output=tmp_path / "r.docx", on=D(2025, 12, 1))
    assert not (tmp_path / "r.docx").exists()
