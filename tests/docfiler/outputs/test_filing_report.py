"""The filing report (备案报告), read back from the .docx; expected text written out by hand from
sample_docs/register.toml."""

import pytest

from docfiler.errors import GateError, NotFoundError
from docfiler.outputs.filing_report import make_filing_report
from tests.docfiler.outputs.read_back import outline

HEADER = ["序号", "文件名称", "文号", "公布日期", "报送材料"]
MATERIALS = "正式文本、起草说明、制定依据"


def test_a_report_of_everything_pending_at_one_body(demo, tmp_path):
    # 营口市人民政府 has not received 盖政办发〔2026〕73号 nor 81号; every other filing there
    # was submitted (盖政发〔2026〕96号 on 2026-11-16).
    out = tmp_path / "备案报告.docx"
    result = make_filing_report(office=demo, output=out, body="营口市人民政府")
    assert outline(out) == [
        "关于报送《盖州市城区临时占道经营管理办法》等2件行政规范性文件备案的报告",
        "营口市人民政府：",
        "根据《辽宁省规章规范性文件备案办法》等有关规定，现将盖州市人民政府办公室制定的下列"
        "规范性文件报送备案，请予审查。",
        [
            HEADER,
            [
                "1",
                "《盖州市城区临时占道经营管理办法》",
                "盖政办发〔2026〕73号",
                "2026年10月15日",
                MATERIALS,
            ],
            [
                "2",
                "《盖州市城区餐饮服务业油烟污染防治管理办法》",
                "盖政办发〔2026〕81号",
                "2026年11月18日",
                MATERIALS,
            ],
        ],
        "附件：1.行政规范性文件正式文本（2件）  2.起草说明  3.制定依据",
        "盖州市人民政府办公室",
        "2026年11月26日",
    ]
    assert result.path == out
    assert result.title == "关于报送《盖州市城区临时占道经营管理办法》等2件行政规范性文件备案的报告"
    assert result.documents == ("盖政办发〔2026〕73号", "盖政办发〔2026〕81号")
    assert result.rows == 2


def test_a_report_of_one_named_document(demo, tmp_path):
    out = tmp_path / "one.docx"
    result = make_filing_report(
        office=demo, output=out, body="盖州市人大常委会", documents=["盖政发[2016]9号"]
    )
    texts = outline(out)
    assert texts[0] == "关于报送《盖州市城乡居民临时救助实施办法》备案的报告"
    assert texts[1] == "盖州市人大常委会："
    assert texts[3] == [
        HEADER,
        ["1", "《盖州市城乡居民临时救助实施办法》", "盖政发〔2016〕9号", "2016年2月3日", MATERIALS],
    ]
    assert texts[-2:] == ["盖州市人民政府", "2026年11月26日"]  # the sender: its authority
    assert result.documents == ("盖政发〔2016〕9号",)


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
    assert not out.exists()
