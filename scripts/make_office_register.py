"""Generate ``sample_docs/office-register.xlsx``: an office's own Excel register, for
`docfiler import` to read.

Fictional content in the shape the registers of county governments really have: a title banner
merged over the sheet and a date line under it, headers in a common office spelling (文件名称,
发文字号, 发文机关, 印发日期 …), section rows (一、市政府文件) between the documents, dates in
every form clerks leave in such sheets (date cells, 2016.3.1, 2016年3月1日, 二〇一三年…, a bare
Excel serial where a cell lost its date format), 已废止 / 已失效 / 宣布失效 with their dates, and
a 备注 column. Every number, title and date is invented (示例数据（虚构）); none collides with a
number of the demo register (``sample_docs/register.toml``), so the file imports cleanly into
`make run`'s demo::

    .venv/bin/python scripts/make_office_register.py            # writes sample_docs/office-register.xlsx
    .venv/bin/python scripts/make_office_register.py --out FILE

The file is byte-for-byte reproducible (fixed document properties and zip timestamps).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "sample_docs" / "office-register.xlsx"
FIXED_TIME = dt.datetime(2026, 1, 5, 9, 0, 0)
D = dt.date

HEADERS = (
    "序号",
    "文件名称",
    "发文字号",
    "发文机关",
    "印发日期",
    "施行日期",
    "有效期",
    "是否有效",
    "备案情况",
    "备注",
)
WIDTHS = (6, 46, 20, 16, 14, 14, 10, 22, 30, 28)

GOVERNMENT = "市政府"
OFFICE = "市政府办公室"
BOTH = "已报营口市政府、市人大常委会备案"

# (number, title, authority, published, effective, validity, status, filing, note)
# A published/effective value is written as given: a date goes in as a date cell, a str as
# text, an int as a bare serial.
# fmt: off
SECTIONS: tuple[tuple[str, tuple[tuple, ...]], ...] = (
    ("一、市政府文件", (
        ("盖政发〔2012〕8号", "盖州市城市道路挖掘管理办法", GOVERNMENT, D(2012, 3, 15), None, None, "已废止（2019年5月1日）", "已备案", "被盖政发〔2019〕14号废止"),
        ("盖政发〔2012〕41号", "盖州市农村饮用水工程管理办法", GOVERNMENT, "2012.9.20", "2012.10.1", None, "现行有效", BOTH, None),
        ("盖政发〔2013〕5号", "盖州市城市供热管理办法", GOVERNMENT, "二〇一三年二月二十六日", None, None, "现行有效", "已报营口市政府备案", "印发日期照原件写法"),
        ("盖政发〔2013〕37号", "盖州市扶持农民专业合作社发展暂行办法", GOVERNMENT, D(2013, 8, 12), D(2013, 9, 1), "2年", "已失效", BOTH, "有效期届满"),
        ("盖政发〔2014〕12号", "盖州市城乡居民最低生活保障实施办法", GOVERNMENT, "2014年4月3日", None, None, "已废止（2020年12月1日）", BOTH, None),
        ("盖政发〔2014〕29号", "盖州市建筑垃圾管理办法", GOVERNMENT, D(2014, 7, 18), None, None, "现行有效", BOTH, None),
        ("盖政发〔2015〕6号", "盖州市国有土地上房屋征收补偿办法", GOVERNMENT, 42062, None, None, "现行有效", BOTH, "印发日期单元格格式丢失，显示为序号"),
        ("盖政发〔2015〕44号", "盖州市城区养犬管理规定", GOVERNMENT, "2015-10-09", "2015-11-01", None, "现行有效", BOTH, None),
        ("盖政发〔2016〕15号", "盖州市城市园林绿化管理办法", GOVERNMENT, D(2016, 4, 11), None, None, "现行有效", "已备案（2016.4.20）", None),
        ("盖政发〔2016〕63号", "盖州市政府投资项目审计监督办法", GOVERNMENT, "2016.9.5", None, None, "宣布失效（2024年6月28日）", BOTH, "2024年清理宣布失效"),
        ("盖政发〔2017〕22号", "盖州市住宅专项维修资金管理办法", GOVERNMENT, D(2017, 5, 16), None, None, "现行有效", BOTH, None),
        ("盖政发〔2018〕9号", "盖州市城市停车管理暂行办法", GOVERNMENT, "2018年3月2日", "2018年4月1日", "3年", "已失效", BOTH, None),
        ("盖政发〔2019〕14号", "盖州市城市道路挖掘和占用管理办法", GOVERNMENT, D(2019, 4, 18), D(2019, 5, 1), None, "现行有效", BOTH, "替代盖政发〔2012〕8号"),
        ("盖政发〔2020〕31号", "盖州市城乡居民最低生活保障办法", GOVERNMENT, D(2020, 11, 20), D(2020, 12, 1), None, "现行有效", BOTH, None),
        ("盖政发〔2021〕7号", "盖州市农村集体资产管理办法", GOVERNMENT, "2021.3.8", None, "5年", "现行有效", BOTH, None),
        ("盖政发〔2022〕17号", "盖州市公共租赁住房管理办法", GOVERNMENT, D(2022, 6, 27), None, None, "现行有效", BOTH, None),
        ("盖政发〔2023〕11号", "盖州市城镇燃气管理办法", GOVERNMENT, "2023年4月14日", "2023年5月1日", None, "现行有效", BOTH, None),
        ("盖政发〔2024〕8号", "盖州市物业管理办法", GOVERNMENT, D(2024, 3, 22), None, None, "现行有效", BOTH, None),
        ("盖政发〔2025〕12号", "盖州市农村生活垃圾治理办法", GOVERNMENT, D(2025, 5, 9), D(2025, 6, 1), None, "现行有效", "已报市政府备案", "人大备案待报"),
    )),
    ("二、市政府办公室文件", (
        ("盖政办发〔2012〕23号", "盖州市政府信息公开工作考核办法", OFFICE, D(2012, 6, 4), None, None, "已废止（2018年3月1日）", "已备案", None),
        ("盖政办发〔2013〕16号", "盖州市城区违法建设治理暂行办法", OFFICE, "2013.5.22", None, "2年", "已失效", "已备案", None),
        ("盖政办发〔2014〕33号", "盖州市城市环境卫生管理规定", OFFICE, D(2014, 8, 29), None, None, "现行有效", BOTH, None),
        ("盖政办发〔2015〕27号", "盖州市校车安全管理办法", OFFICE, "2015年6月15日", None, None, "现行有效", BOTH, None),
        ("盖政办发〔2016〕33号", "盖州市公共资源交易管理办法", OFFICE, D(2016, 5, 23), None, None, "宣布失效（2024年6月28日）", BOTH, "2024年清理宣布失效"),
        ("盖政办发〔2017〕19号", "盖州市城市公共厕所管理办法", OFFICE, "二〇一七年四月十日", None, None, "现行有效", BOTH, None),
        ("盖政办发〔2018〕40号", "盖州市农村公路养护管理办法", OFFICE, D(2018, 9, 3), None, None, "现行有效", BOTH, None),
        ("盖政办发〔2019〕25号", "盖州市政务服务事项管理办法", OFFICE, "2019-06-24", None, None, "现行有效", BOTH, None),
        ("盖政办发〔2020〕38号", "盖州市应急物资储备管理办法", OFFICE, D(2020, 9, 14), None, None, "现行有效", BOTH, None),
        ("盖政办发〔2021〕12号", "盖州市老旧小区改造实施办法", OFFICE, 44316, None, None, "现行有效", BOTH, None),
        ("盖政办发〔2022〕21号", "盖州市中小学校舍安全管理办法", OFFICE, "2022.7.1", None, None, "现行有效", BOTH, None),
        ("盖政办发〔2023〕30号", "盖州市政府购买服务管理办法", OFFICE, D(2023, 8, 21), None, None, "现行有效", BOTH, None),
        ("盖政办发〔2024〕14号", "盖州市城市照明设施管理办法", OFFICE, "2024年4月8日", None, None, "现行有效", BOTH, None),
        ("盖政办发〔2025〕9号", "盖州市公共数据管理暂行办法", OFFICE, D(2025, 3, 17), D(2025, 4, 1), "2年", "现行有效", "未备案", "试行两年"),
    )),
    ("三、部门文件", (
        ("盖民发〔2016〕12号", "盖州市临时救助工作规程", "市民政局", D(2016, 8, 8), None, None, "已废止（2021年1月1日）", "已报市政府备案", None),
        ("盖民发〔2021〕8号", "盖州市养老服务机构管理办法", "市民政局", "2021年5月6日", None, None, "现行有效", "已报市政府备案", None),
        ("盖财发〔2017〕15号", "盖州市财政专项资金管理办法", "市财政局", D(2017, 6, 30), None, None, "现行有效", "已报市政府备案（2017.7.10）", None),
        ("盖财发〔2022〕9号", "盖州市政府采购内部控制办法", "市财政局", "2022.4.19", None, None, "现行有效", "已报市政府备案", None),
        ("盖教发〔2019〕11号", "盖州市校外培训机构管理办法", "市教育局", D(2019, 7, 1), None, None, "现行有效", "已报市政府备案", None),
        ("盖自然资发〔2023〕6号", "盖州市农村宅基地审批管理办法", "市自然资源局", "2023年3月9日", None, None, "现行有效", "已报市政府备案", None),
    )),
)
# fmt: on


def demo_numbers() -> set[str]:
    """The numbers of the demo register, which this file must not reuse."""
    data = tomllib.loads((ROOT / "sample_docs" / "register.toml").read_text(encoding="utf-8"))
    return {entry["number"] for entry in data.get("document", [])}


def check_numbers() -> None:
    taken = demo_numbers()
    ours = [row[0] for _, rows in SECTIONS for row in rows]
    clashes = sorted(set(ours) & taken)
    repeated = sorted({n for n in ours if ours.count(n) > 1})
    if clashes or repeated:
        sys.exit(f"numbers clash with the demo register or repeat: {clashes + repeated}")
    for number in ours:
        if not re.fullmatch(r"盖[\u4e00-\u9fff]+发〔\d{4}〕\d+号", number):
            sys.exit(f"not a canonical number: {number}")


def build() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "规范性文件目录"
    last = get_column_letter(len(HEADERS))
    sheet.append(["盖州市人民政府规范性文件目录（2012—2025年）（示例数据（虚构））"])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(["（截至2025年12月31日）"])
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"].alignment = Alignment(horizontal="right")
    sheet.append(list(HEADERS))
    thin = Side(style="thin")
    for cell in sheet[3]:
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    _rows(sheet, last)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    book.properties.creator = "docfiler"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _rows(sheet, last: str) -> None:
    serial = 0
    for heading, rows in SECTIONS:
        sheet.append([heading])
        sheet.merge_cells(f"A{sheet.max_row}:{last}{sheet.max_row}")
        for number, title, authority, published, effective, validity, status, filing, note in rows:
            serial += 1
            sheet.append(
                [
                    serial,
                    title,
                    number,
                    authority,
                    published,
                    effective,
                    validity,
                    status,
                    filing,
                    note,
                ]
            )
            for column in ("E", "F"):
                cell = sheet[f"{column}{sheet.max_row}"]
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"


def _fixed_zip(data: bytes) -> bytes:
    """The same workbook with every zip entry (and its 'modified' property) dated FIXED_TIME, in a
    stable order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(name)
            if name == "docProps/core.xml":  # openpyxl stamps the time of saving
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            target.writestr(info, content)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    check_numbers()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(build())
    print(f"wrote {args.out} ({sum(len(rows) for _, rows in SECTIONS)} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
