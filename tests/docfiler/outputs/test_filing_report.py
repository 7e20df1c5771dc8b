"""The filing report (备案报告), read back from the .docx; expected text written out by hand from
sample_docs/register.toml (issue 10, item 7)."""

import datetime as dt

import pytest

from docfiler.errors import GateError, NotFoundError, ValidationError
from docfiler.outputs.filing_report import configured_contact, make_filing_report
from docfiler.outputs.filing_report_text import (
    attachment_lines,
    chinese_number,
    contact_note,
    report_title,
    title_lines,
)
from tests.docfiler.outputs.read_back import outline

HEADER = ["序号", "文件名称", "文号", "发布日期"]  # one name for the date column in every output
GOVERNMENT_BASIS = (
    "《辽宁省规章规范性文件备案办法》（辽宁省人民政府令第149号公布，辽宁省人民政府令第300号修正）"
    "第三条"
)


def test_a_report_of_everything_pending_at_one_body(demo, tmp_path):
    # 营口市人民政府 has not received 盖政办发〔2026〕73号 nor 81号; every other filing there
    # was submitted (盖政发〔2026〕96号 on 2026-11-16). Both are the general office's: the
    # government reports them (辽宁 令第149号/第300号 art. 3).
    out = tmp_path / "备案报告.docx"
    result = make_filing_report(
        office=demo,
        output=out,
        body="营口市人民政府",
        report_number="盖政[2026]12号",
        signer="王某某",
        contact="李某",
        phone="0417-7123456",
    )
    assert outline(out) == [
        "\t盖政〔2026〕12号\t签发人：王某某",
        "盖州市人民政府关于报送\n《盖州市城区临时占道经营管理办法》\n等2件行政规范性文件备案的报告",
        "营口市人民政府：",
        f"根据{GOVERNMENT_BASIS}的规定，现将盖州市人民政府及盖州市人民政府办公室制定的2件"
        "行政规范性文件报送备案，有关情况报告如下：",
        "（一）《盖州市城区临时占道经营管理办法》（盖政办发〔2026〕73号），2026年10月15日公布，"
        "自公布之日起施行。2026年9月11日经盖州市司法局合法性审核，审核结论为合法；"
        "2026年9月24日经盖州市人民政府2026年第15次常务会议集体讨论决定。"
        "报送材料：正式文本、起草说明、合法性审核意见。\n"
        "\u3000\u3000（二）《盖州市城区餐饮服务业油烟污染防治管理办法》（盖政办发〔2026〕81号），"
        "2026年11月18日公布，自公布之日起施行。2026年10月23日经盖州市司法局合法性审核，"
        "审核结论为合法；2026年11月5日经盖州市人民政府2026年第19次常务会议集体讨论决定。"
        "报送材料：正式文本、起草说明、合法性审核意见。",
        [
            HEADER,
            [
                "1",
                "《盖州市城区临时占道经营管理办法》",
                "盖政办发〔2026〕73号",
                "2026年10月15日",
            ],
            [
                "2",
                "《盖州市城区餐饮服务业油烟污染防治管理办法》",
                "盖政办发〔2026〕81号",
                "2026年11月18日",
            ],
        ],
        "特此报告。",
        "附件：1.盖州市城区临时占道经营管理办法（盖政办发〔2026〕73号）及起草说明、合法性审核意见"
        "\n2.盖州市城区餐饮服务业油烟污染防治管理办法（盖政办发〔2026〕81号）及起草说明、"
        "合法性审核意见",
        "盖州市人民政府",
        "2026年11月26日",
        "（联系人：李某，电话：0417-7123456）",
    ]
    title = "盖州市人民政府关于报送《盖州市城区临时占道经营管理办法》等2件行政规范性文件备案的报告"
    assert result.path == out
    assert result.title == title
    assert result.documents == ("盖政办发〔2026〕73号", "盖政办发〔2026〕81号")
    assert result.rows == 2
    assert result.date == dt.date(2026, 11, 26)


def test_a_report_of_one_named_document_to_the_congress(demo, tmp_path):
    out = tmp_path / "one.docx"
    result = make_filing_report(
        office=demo,
        output=out,
        body="盖州市人大常委会",
        documents=["盖政发〔2026〕96号"],
        report_number="盖政〔2026〕13号",
        signer="王某某",
        on=dt.date(2026, 11, 27),
    )
    texts = outline(out)
    assert texts[1] == "盖州市人民政府关于报送\n《盖州市城市生活垃圾分类管理办法》\n备案的报告"
    assert texts[2] == "盖州市人大常委会："
    assert texts[3].startswith(
        "根据《辽宁省各级人民代表大会常务委员会规范性文件备案审查条例》第六条的规定，"
        "现将盖州市人民政府制定的1件行政规范性文件"
    )
    assert "自2027年1月1日起施行" in texts[4]  # published 2026-11-06, in force 2027-01-01
    assert texts[5][1] == [
        "1",
        "《盖州市城市生活垃圾分类管理办法》",
        "盖政发〔2026〕96号",
        "2026年11月6日",
    ]
    assert texts[7].startswith("附件：盖州市城市生活垃圾分类管理办法（盖政发〔2026〕96号）及")
    assert texts[-2:] == ["盖州市人民政府", "2026年11月27日"]  # no 联系人 given: no 附注
    assert result.documents == ("盖政发〔2026〕96号",)


def test_a_reprint_bears_the_day_it_was_sent_not_today(demo, tmp_path):
    # 盖政发〔2026〕96号 went to 营口市人民政府 on 2026-11-16; "today" is 2026-11-26.
    out = tmp_path / "reprint.docx"
    result = make_filing_report(
        office=demo, output=out, body="营口市人民政府", documents=["盖政发〔2026〕96号"]
    )
    assert result.date == dt.date(2026, 11, 16)
    assert outline(out)[-1] == "2026年11月16日"
    again = make_filing_report(
        office=demo,
        output=out,
        body="营口市人民政府",
        documents=["盖政发〔2026〕96号"],
        on=dt.date(2026, 11, 20),
    )
    assert again.date == dt.date(2026, 11, 20)


def test_without_number_and_signer_the_number_line_is_left_out(demo, tmp_path):
    out = tmp_path / "draft.docx"
    make_filing_report(office=demo, output=out, body="营口市人民政府")
    first = outline(out)[0]
    assert first.startswith("盖州市人民政府关于报送")


def test_a_department_reports_its_own_documents(demo, tmp_path):
    out = tmp_path / "dept.docx"
    make_filing_report(
        office=demo,
        output=out,
        body="盖州市人民政府",
        documents=["盖教发〔2026〕41号"],
        report_number="盖教〔2026〕5号",
        signer="赵某",
    )
    texts = outline(out)
    assert texts[1] == "盖州市教育局关于报送\n《盖州市校外培训机构监督管理办法》\n备案的报告"
    assert texts[-2:] == ["盖州市教育局", "2026年11月26日"]


def test_documents_that_need_no_such_report_are_refused(demo, tmp_path):
    out = tmp_path / "x.docx"
    with pytest.raises(
        NotFoundError, match="文件“盖政发〔2016〕9号”不需要向“盖州市人民政府”备案。"
    ):
        make_filing_report(
            office=demo, output=out, body="盖州市人民政府", documents=["盖政发〔2016〕9号"]
        )
    with pytest.raises(GateError, match="文件“盖财发〔2026〕58号”尚未公布，不能报送备案。"):
        make_filing_report(
            office=demo, output=out, body="盖州市人民政府", documents=["盖财发〔2026〕58号"]
        )
    with pytest.raises(NotFoundError, match="没有需要向“辽宁省人民政府”备案的文件。备案机关有："):
        make_filing_report(office=demo, output=out, body="辽宁省人民政府")
    with pytest.raises(ValidationError, match="备案报告的发文字号“十二号”有误："):
        make_filing_report(office=demo, output=out, body="营口市人民政府", report_number="十二号")
    assert not out.exists()


def test_reprints_sent_on_different_days_need_a_date(demo, tmp_path):
    # To 营口市人民政府: 96号 sent 2026-11-16, 73号 not yet.
    with pytest.raises(ValidationError, match="报送的日期不同（2026年11月16日、尚未报送）"):
        make_filing_report(
            office=demo,
            output=tmp_path / "x.docx",
            body="营口市人民政府",
            documents=["盖政发〔2026〕96号", "盖政办发〔2026〕73号"],
        )


# ---------------------------------------------------------------------------- the wording


def test_the_title_never_breaks_inside_the_book_title_marks():
    title = report_title("盖州市人民政府", ["盖州市城区临时占道经营管理办法", "甲"])
    assert title_lines(title) == [
        "盖州市人民政府关于报送",
        "《盖州市城区临时占道经营管理办法》",
        "等2件行政规范性文件备案的报告",
    ]
    # One line long enough: not broken at all.
    assert title_lines("关于报送《某办法》备案的报告") == ["关于报送《某办法》备案的报告"]
    # A 《…》 longer than a line (22 characters with the marks) must break inside: at the width.
    long = (
        "盖州市人民政府关于报送《盖州市城区餐饮服务业油烟污染防治管理暂行办法实施细则》备案的报告"
    )
    lines = title_lines(long)
    assert "".join(lines) == long
    assert all(len(line) <= 20 for line in lines)
    assert lines == [  # one break inside the marks, which no layout avoids
        "盖州市人民政府关于报送《盖州市城区餐饮服",
        "务业油烟污染防治管理暂行办法实施细则》",
        "备案的报告",
    ]


def test_attachment_lines_and_contact_note():
    assert attachment_lines(["甲办法"]) == "附件：甲办法"
    assert attachment_lines(["甲办法", "乙办法"]) == "附件：1.甲办法\n2.乙办法"
    assert contact_note("李某", "0417-7123456") == "（联系人：李某，电话：0417-7123456）"
    assert contact_note(None, "0417-7123456") == "（电话：0417-7123456）"
    assert contact_note(None, None) is None


def test_contact_and_phone_come_from_the_config_file(tmp_path):
    class Settings:
        config_file = tmp_path / "config.toml"

    assert configured_contact(Settings) == (None, None)
    Settings.config_file.write_text('[report]\ncontact = "李某"\nphone = "0417-7123456"\n')
    assert configured_contact(Settings) == ("李某", "0417-7123456")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (130, "一百三十"),
        (1005, "一千零五"),
    ],
)
def test_items_are_numbered_in_chinese(value, expected):
    assert chinese_number(value) == expected
