"""`docfiler export`'s workbook (issue 13, §2), opened with openpyxl as Excel would read it: a
small register built through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from sqlmodel import select

from docfiler import services
from docfiler.errors import ValidationError
from docfiler.outputs import xlsx
from docfiler.outputs.overwrite import OutputExistsError
from docfiler.outputs.workbook import export_register
from docfiler.services import cleanup
from docfiler.store.tables import AuditEntry

D = dt.date
T = dt.datetime  # openpyxl reads a date cell as a datetime at midnight
OLD = "盖政发〔2016〕9号"
NEW = "盖政办发〔2026〕5号"
DRAFT = "盖政发〔2026〕30号"
CAMPAIGN = "2026年盖州市行政规范性文件清理"
OLD_TITLE = "盖州市城乡居民临时救助实施办法"
NEW_TITLE = "盖州市城区养犬管理规定"


def _old(office) -> None:
    """Made in 2016 through every step; filed with both bodies, one answer so far."""
    services.register_document(
        office=office,
        number=OLD,
        title=OLD_TITLE,
        drafting_unit="盖州市民政局",
        registration_number="GZGS-2016-001",
    )
    services.record_opinions(office=office, number=OLD, on=D(2016, 1, 10), method="网上征求意见")
    services.submit_review(office=office, number=OLD, submitted=D(2016, 1, 20))
    services.finish_review(
        office=office, number=OLD, finished=D(2016, 2, 2), outcome="合法", reviewer="盖州市司法局"
    )
    services.record_decision(
        office=office,
        number=OLD,
        meeting="市政府第18次常务会议",
        on=D(2016, 2, 20),
        minutes="〔2016〕3号",
    )
    services.record_signing(office=office, number=OLD, on=D(2016, 2, 25), signed_by="张三")
    services.publish(
        office=office,
        number=OLD,
        on=D(2016, 3, 1),
        channel="盖州市人民政府门户网站",
        effective=D(2016, 4, 1),
    )
    yingkou, npc = "营口市人民政府", "盖州市人大常委会"
    services.submit_filing(
        office=office,
        number=OLD,
        body=yingkou,
        submitted=D(2016, 3, 20),
        receipt="营备〔2016〕12号",
    )
    services.record_filing_result(
        office=office, number=OLD, body=yingkou, result="予以备案登记", on=D(2016, 4, 1)
    )
    services.submit_filing(office=office, number=OLD, body=npc, submitted=D(2016, 3, 25))
    services.add_legal_basis(
        office=office, number=OLD, title="社会救助暂行办法", basis_number="国务院令第649号"
    )


def _new(office) -> None:
    """Published on 2026-11-10 and rests on OLD. Filed with 营口 on 2026-11-12 and sent back on
    2026-11-16 (暂缓办理备案登记: file again within 15 days, by 2026-12-01); not filed with the
    人大 yet (due 2026-12-10)."""
    services.register_document(office=office, number=NEW, title=NEW_TITLE)
    services.record_opinions(office=office, number=NEW, on=D(2026, 10, 9))
    services.submit_review(office=office, number=NEW, submitted=D(2026, 10, 12))
    services.finish_review(office=office, number=NEW, finished=D(2026, 10, 19), outcome="合法")
    services.record_fair_competition(
        office=office, number=NEW, on=D(2026, 10, 20), conclusion="未发现排除、限制竞争的内容"
    )
    services.record_decision(
        office=office, number=NEW, meeting="市政府第30次常务会议", on=D(2026, 11, 5)
    )
    services.publish(office=office, number=NEW, on=D(2026, 11, 10))
    yingkou = "营口市人民政府"
    services.submit_filing(office=office, number=NEW, body=yingkou, submitted=D(2026, 11, 12))
    services.record_filing_result(
        office=office, number=NEW, body=yingkou, result="暂缓办理备案登记", on=D(2026, 11, 16)
    )
    services.add_relation(office=office, source=NEW, target=OLD, kind="based_on")


@pytest.fixture
def register(office):
    _old(office)
    _new(office)
    services.register_document(office=office, number=DRAFT, title="盖州市城市供热管理办法")
    cleanup.start_campaign(office=office, name=CAMPAIGN, as_of=D(2026, 11, 20))
    cleanup.decide(
        office=office, campaign=CAMPAIGN, number=OLD, decision="继续有效", reason="符合上位法"
    )
    return office


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_register_as_six_sheets_with_frozen_styled_headers(register, tmp_path):
    path = tmp_path / "登记簿.xlsx"
    written = export_register(office=register, output=path)
    assert written.counts == {
        **{"文件": 3, "备案": 5, "程序": 7, "关系": 2, "清理决定": 2},
        "制定机关": 2,  # the rulebook's
    }
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["文件", "备案", "程序", "关系", "清理决定", "制定机关"]
    documents = book["文件"]
    assert [c.value for c in documents[1]][:14] == [
        *("序号", "文件名称", "文号", "制定机关", "起草单位", "发布日期", "施行日期"),
        *("有效期至", "状态", "失效日期", "失效理由", "备案情况", "备注", "登记号"),
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.b
        assert sheet["A1"].fill.fgColor.rgb == "FFDDEBF7"
    assert documents.auto_filter.ref == "A1:Y4"  # 25 columns, 3 documents
    assert book["备案"].auto_filter.ref == "A1:L6"


def test_dates_are_real_dates_and_widths_fit_the_content(register, tmp_path):
    path = tmp_path / "登记簿.xlsx"
    export_register(office=register, output=path)
    documents = openpyxl.load_workbook(path)["文件"]
    published = documents["F2"]
    assert published.value == T(2016, 3, 1)
    assert published.is_date and published.number_format == "yyyy-mm-dd"
    widths = documents.column_dimensions
    assert widths["A"].width == 6.5  # 序号: its header, 2 CJK characters counted double
    assert widths["F"].width == 11.5  # 发布日期: 2016-03-01, ten digits and dashes
    assert widths["B"].width > widths["C"].width > widths["F"].width


def test_the_documents_as_they_stand_today(register, tmp_path):
    path = tmp_path / "登记簿.xlsx"
    export_register(office=register, output=path)
    found = rows(openpyxl.load_workbook(path)["文件"])
    assert [row[:4] for row in found] == [
        (1, OLD_TITLE, OLD, "盖州市人民政府"),
        (2, NEW_TITLE, NEW, "盖州市人民政府办公室"),
        (3, "盖州市城市供热管理办法", DRAFT, "盖州市人民政府"),
    ]
    old, new, draft = found
    assert old[4:] == (
        *("盖州市民政局", T(2016, 3, 1), T(2016, 4, 1), None, "现行有效", None, None),
        "营口市人民政府：2016-03-20报送，予以备案登记；盖州市人大常委会：2016-03-25报送",
        *(None, "GZGS-2016-001", None, T(2016, 2, 25), "张三", "盖州市人民政府门户网站"),
        *(None, None, None, None, "否", "否", None),  # no 成文日期
    )
    assert new[8:12] == (
        "现行有效",
        None,
        None,
        "营口市人民政府：2026-11-12报送，暂缓办理备案登记，待重新报送（期限 2026-12-01）；"
        "盖州市人大常委会：未报送（期限 2026-12-10）",
    )
    assert new[22] == "是"  # 涉及市场主体: a fair-competition review is on record
    assert draft[5:11] == (None, None, None, "草案", None, None)


def test_filings_procedure_relations_and_cleanup(register, tmp_path):
    path = tmp_path / "登记簿.xlsx"
    export_register(office=register, output=path)
    book = openpyxl.load_workbook(path)
    assert rows(book["备案"]) == [
        (
            *(OLD, "营口市人民政府", 1, T(2016, 3, 16), "否", T(2016, 3, 20), 4),
            *("营备〔2016〕12号", "予以备案登记", T(2016, 4, 1), None, None),
        ),
        (OLD, "盖州市人大常委会", 1, T(2016, 3, 31), "否", T(2016, 3, 25), *(None,) * 6),
        (
            *(NEW, "营口市人民政府", 1, T(2026, 11, 25), "否", T(2026, 11, 12), None, None),
            *("暂缓办理备案登记", T(2026, 11, 16), None, None),
        ),
        (NEW, "营口市人民政府", 2, T(2026, 12, 1), "否", *(None,) * 7),  # to file again
        (NEW, "盖州市人大常委会", 1, T(2026, 12, 10), "否", *(None,) * 7),
    ]
    steps = rows(book["程序"])
    assert steps[:3] == [
        (OLD, "听取意见", T(2016, 1, 10), None, None, None, "网上征求意见", None, None, None),
        (OLD, "合法性审核", T(2016, 1, 20), T(2016, 2, 2), "合法", "盖州市司法局", *(None,) * 4),
        (
            *(OLD, "集体讨论决定", T(2016, 2, 20), None, None, None),
            *("市政府第18次常务会议", "〔2016〕3号", None, None),
        ),
    ]
    assert [step[1] for step in steps[3:]] == [
        *("听取意见", "合法性审核", "公平竞争审查", "集体讨论决定"),
    ]
    assert steps[5][4] == "未发现排除、限制竞争的内容"
    assert rows(book["关系"]) == [
        (OLD, "制定依据", "国务院令第649号", "社会救助暂行办法", "现行", None, None),
        (NEW, "依据", OLD, OLD_TITLE, "现行有效", T(2026, 11, 10), None),  # NEW's publication
    ]
    cleanup = rows(book["清理决定"])
    assert [row[:4] + row[7:9] for row in cleanup] == [
        (CAMPAIGN, T(2026, 11, 20), None, OLD, "继续有效", "符合上位法"),
        (CAMPAIGN, T(2026, 11, 20), None, NEW, None, None),
    ]


def test_every_authority_with_its_kind_codes_and_filing_bodies(register, tmp_path):
    """The 制定机关 sheet: what an import into another database needs to register them, in the
    order they were added, whatever the day exported (authorities have no dates)."""
    services.add_authority(office=register, name="盖州市民政局", codes=["盖民发", "盖民函"])
    services.add_authority(office=register, name="盖州市西城街道办事处", kind="township")
    path = tmp_path / "登记簿.xlsx"
    export_register(office=register, output=path, as_of=D(2016, 3, 18))
    sheet = openpyxl.load_workbook(path)["制定机关"]
    assert [c.value for c in sheet[1]] == ["制定机关", "机关类别", "机关代字", "备案机关"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert rows(sheet) == [
        ("盖州市人民政府", "本级政府", "盖政、盖政发", "营口市人民政府、盖州市人大常委会"),
        (
            "盖州市人民政府办公室",
            "政府办公室",
            "盖政办、盖政办发",
            "营口市人民政府、盖州市人大常委会",
        ),
        ("盖州市民政局", "政府部门", "盖民函、盖民发", "盖州市人民政府"),
        ("盖州市西城街道办事处", "乡镇人民政府、街道办事处", None, "盖州市人民政府"),
    ]


def test_as_of_a_past_day(register, tmp_path):
    # 2016-03-18: OLD published, in force from 2016-04-01, nothing filed yet (营口 was due on
    # 2016-03-16); NEW and the draft were registered years later; no cleanup yet.
    path = tmp_path / "2016.xlsx"
    written = export_register(office=register, output=path, as_of=D(2016, 3, 18))
    assert written.counts == {
        **{"文件": 1, "备案": 2, "程序": 3, "关系": 1, "清理决定": 0},
        "制定机关": 2,
    }
    book = openpyxl.load_workbook(path)
    (old,) = rows(book["文件"])
    assert old[2] == OLD and old[8] == "已公布未施行"
    assert old[11] == (
        "营口市人民政府：未报送（期限 2016-03-16，逾期 2 日）；"
        "盖州市人大常委会：未报送（期限 2016-03-31）"
    )
    assert [row[3:7] for row in rows(book["备案"])] == [
        (T(2016, 3, 16), "否", None, 2),
        (T(2016, 3, 31), "否", None, None),
    ]
    assert {p.name: p.value for p in book.custom_doc_props.props}["截至日期"] == "2016-03-18"


def test_a_years_list_of_documents_made(register, tmp_path):
    path = tmp_path / "2026年目录.xlsx"
    written = export_register(office=register, output=path, year=2026)
    assert written.title == "盖州市2026年制定的行政规范性文件目录"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["文件"]
    assert [row[2] for row in rows(book["文件"])] == [NEW]  # the draft was not made (published)
    assert book.properties.title == "盖州市2026年制定的行政规范性文件目录"
    with pytest.raises(ValidationError, match="年份 2027 无法导出"):
        export_register(office=register, output=tmp_path / "x.xlsx", year=2027)


def test_metadata_in_the_properties_and_an_audit_entry(register, tmp_path):
    path = tmp_path / "登记簿.xlsx"
    export_register(office=register, output=path)
    book = openpyxl.load_workbook(path)
    assert book.properties.title == "盖州市行政规范性文件登记簿"
    custom = {p.name: p.value for p in book.custom_doc_props.props}
    assert custom["截至日期"] == "2026-11-26" and custom["范围"] == "全部登记簿"
    assert dt.datetime.fromisoformat(custom["生成时间"]).tzinfo is not None
    with register.reading() as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.summary.startswith(
        "导出《盖州市行政规范性文件登记簿》（截至2026年11月26日）到 登记簿.xlsx"
    )
    assert entry.operator == "测试员"


def test_an_existing_file_is_kept_unless_forced(register, tmp_path):
    folder = tmp_path / "导出"
    folder.mkdir()
    path = folder / "登记簿.xlsx"
    path.write_bytes(b"the clerk's own file")
    with pytest.raises(OutputExistsError, match="已存在，没有覆盖"):
        export_register(office=register, output=path)
    assert path.read_bytes() == b"the clerk's own file"
    export_register(office=register, output=path, force=True)
    assert openpyxl.load_workbook(path).sheetnames[0] == "文件"
    assert [p.name for p in folder.iterdir()] == ["登记簿.xlsx"]  # no part file left


# ---------------------------------------------------------------------------- the writer


class Rows:
    def __init__(self, name, headers, rows, tab=0):
        self.name, self.headers, self.rows, self.tab = name, headers, rows, tab


def write(sheets) -> openpyxl.Workbook:
    raw = io.BytesIO()
    props = xlsx.Properties(
        "标题", "范围", D(2026, 11, 26), T(2026, 11, 26, 9, 0).astimezone(), "某"
    )
    xlsx.write_workbook(raw, sheets, props)
    raw.seek(0)
    zipfile.ZipFile(raw).testzip()
    return openpyxl.load_workbook(raw)


def test_text_is_escaped_and_kept_whole():
    texts = ("A&B <c>", "  两端的空格 ", "行一\n行二", "控制\x07字符", "", "末行")
    book = write([Rows("表", ("文本",), [(text,) for text in texts])])
    assert [row[0] for row in rows(book["表"])] == [
        *("A&B <c>", "  两端的空格 ", "行一\n行二", "控制字符", None, "末行"),
    ]


def test_sheets_are_listed_by_their_tab_whatever_order_they_are_written_in():
    book = write([Rows("二", ("n",), [(2,)], tab=1), Rows("一", ("n",), [(1,)], tab=0)])
    assert book.sheetnames == ["一", "二"]
    assert [rows(book[name]) for name in book.sheetnames] == [[(1,)], [(2,)]]
    assert book["二"].auto_filter.ref == "A1:A2"


def test_a_sheet_longer_than_excel_allows_goes_on_in_the_next(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # a header and two rows a sheet
    book = write([Rows("程序", ("n",), [(n,) for n in range(5)]), Rows("关系", ("n",), [])])
    assert book.sheetnames == ["程序", "程序（续1）", "程序（续2）", "关系"]
    assert [rows(book[name]) for name in book.sheetnames] == [
        [(0,), (1,)],
        [(2,), (3,)],
        [(4,)],
        [],
    ]
