"""add, show and list, checked against the sample register (sample_docs/register.toml)."""

import re

import pytest

from tests.docfiler.cli.conftest import Cli

# In force on 2026-11-26, in register order (year, then serial number).
IN_FORCE = [
    # The seven published 2016 documents state no validity period: still in force.
    "盖政发〔2016〕9号",
    "盖政办发〔2016〕14号",
    "盖政办发〔2016〕51号",
    "盖政办发〔2016〕67号",
    "盖政办发〔2016〕85号",
    "盖政办发〔2016〕88号",
    "盖政发〔2016〕117号",
    "盖政办发〔2022〕6号",
    "盖政发〔2022〕38号",
    "盖财发〔2023〕27号",
    "盖政发〔2023〕29号",
    "盖民发〔2024〕3号",
    "盖自然资发〔2024〕23号",
    "盖政发〔2024〕33号",
    "盖教发〔2025〕15号",
    "盖政发〔2025〕27号",
    "盖政办发〔2025〕42号",
    "盖自然资发〔2026〕19号",
    "盖政发〔2026〕21号",
    "盖政办发〔2026〕66号",
    "盖政办发〔2026〕73号",
    "盖政办发〔2026〕81号",
]


def table_rows(out: str) -> list[tuple[str, ...]]:
    """The rows of the register table (the heading first), cell by cell."""
    return [
        tuple(cell.strip() for cell in re.split("[│┃]", line.strip())[1:-1])
        for line in out.splitlines()
        if line.startswith(("│", "┃"))
    ]


def test_show_a_document_overdue_for_filing(sample: Cli):
    # Published 2026-10-15 and never filed: 15 days (营口) and 30 days (人大, moved off Saturday
    # 2026-11-14 to Monday) from the next day.
    assert sample.ok("show", "盖政办发[2026]73号").lines == [
        "盖政办发〔2026〕73号《盖州市城区临时占道经营管理办法》",
        "  状态：现行有效（2026-11-26）",
        "  制定机关：盖州市人民政府办公室    起草单位：盖州市城市管理综合行政执法局",
        "  登记号：GZGS-2026-011    类别：常规",
        "  公布：2026-10-15    施行：2026-10-15    有效期至：—",
        "  下一步：向营口市人民政府报送备案（期限 2026-10-30，逾期 27 日）",
        "    docfiler file 盖政办发〔2026〕73号 --body 营口市人民政府 --submitted 日期",
        "  程序：",
        "    2026-08-24 听取意见 ",
        "    2026-08-31 报送合法性审核",
        "    2026-09-11 审核结论：合法",
        "    2026-09-24 盖州市人民政府2026年第15次常务会议集体讨论决定",
        "    2026-09-28 签发",
        "    2026-10-15 公布（盖州市人民政府门户网站）",
        "  备案：",
        "    营口市人民政府：期限 2026-10-30，逾期 27 日",
        "    盖州市人大常委会：期限 2026-11-16，逾期 10 日",
    ]


def test_show_a_repealed_document_with_its_relations(sample: Cli):
    lines = sample.ok("show", "盖政发（2017）58号").lines
    assert lines[1] == "  状态：已废止（2026-11-26）"
    assert lines[5] == "  废止：2022-07-01（被盖政发〔2022〕38号废止）"
    assert lines[-2:] == [
        "  废止：盖政发〔2012〕72号（2017-09-01）",
        "  被废止：盖政发〔2022〕38号（2022-07-01）",
    ]
    assert "    盖州市人大常委会：期限 2017-08-11，已报送 2017-08-04，予以备案登记" in lines


def test_show_a_document_declared_invalid_with_its_legal_basis(sample: Cli):
    lines = sample.ok("show", "盖政办发〔2019〕61号").lines
    assert lines[1] == "  状态：已宣布失效（2026-11-26）"
    assert lines[5].startswith("  宣布失效：2024-06-28（制定依据《营口市再生资源回收管理办法》")
    assert lines[-1] == "  依据：《营口市再生资源回收管理办法》营口市人民政府令第20号"


def test_show_a_review_that_asked_for_changes_and_a_filing_sent_back(sample: Cli):
    lines = sample.ok("show", "盖政发〔2024〕33号").lines
    assert lines[7:10] == [
        "    2024-03-11 报送合法性审核",
        "    2024-03-22 审核结论：应当予以修改",
        "    2024-03-29 按审核意见修改完毕",
    ]
    lines = sample.ok("show", "盖政办发〔2026〕66号").lines
    # 暂缓办理备案登记 on 2026-11-13 (法规规章备案审查条例, 国务院令第789号): 补正 within the
    # rulebook's 15 days → 11-28 is a Saturday → Monday 11-30; 4 days left on 2026-11-26. The first
    # submission and its answer stay in the history.
    at = lines.index(
        "    营口市人民政府：补正重报期限 2026-11-30，剩 4 日，暂缓办理备案登记（2026-11-13）"
    )
    assert lines[at + 1] == (
        "      第1次报送 2026-09-18（回执 营备〔2026〕24号），期限 2026-09-24；"
        "暂缓办理备案登记 2026-11-13"
    )


def test_show_a_fresh_draft(sample: Cli):
    assert sample.ok("show", "盖政发〔2026〕104号").lines == [
        "盖政发〔2026〕104号《盖州市养犬管理办法》",
        "  状态：草案（2026-11-26）",
        "  制定机关：盖州市人民政府    起草单位：盖州市公安局",
        "  登记号：—    类别：常规",
        "  公布：—    施行：—    有效期至：—",
        "  下一步：登记听取意见",
        "    docfiler opinions 盖政发〔2026〕104号 --date 日期 --method 方式",
        "  程序：",
    ]


def test_show_as_of_another_day_and_as_json(sample: Cli):
    # Published 2026-11-06, in force from 2027-01-01.
    assert sample.ok("show", "盖政发〔2026〕96号").lines[1] == "  状态：已公布未施行（2026-11-26）"
    lines = sample.ok("show", "盖政发〔2026〕96号", "--as-of", "2027-01-01").lines
    assert lines[1] == "  状态：现行有效（2027-01-01）"
    view = sample.json("show", "盖政发〔2026〕96号")
    assert (view["status"], view["effective"], view["valid_until"]) == (
        "published",
        "2027-01-01",
        None,  # states no validity period
    )
    assert [(f["body"], f["submitted"], f["days_left"]) for f in view["filings"]] == [
        ("营口市人民政府", "2026-11-16", None),
        ("盖州市人大常委会", None, 11),
    ]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (
            "盖政发〔2016〕99号",
            "错误：登记簿中没有文号为“盖政发〔2016〕99号”的文件。请先用 add 登记，或检查文号。\n",
        ),
        ("盖政发〔2016〕", None),
    ],
)
def test_show_an_unknown_or_malformed_number(sample: Cli, number, message):
    result = sample("show", number)
    assert result.code == 1 and result.out == ""
    if message:
        assert result.err == message
    else:
        assert result.err.startswith("错误：") and "序号" in result.err


def test_list_the_whole_register_as_a_table(sample: Cli):
    result = sample.ok("list")
    assert result.lines[0].strip() == "行政规范性文件登记簿（2026-11-26，共 44 件）"
    rows = table_rows(result.out)
    assert rows[0] == ("文号", "标题", "制定机关", "发布日期", "状态", "备案")
    assert len(rows) == 45
    assert (
        "盖政办发〔2026〕73号",
        "盖州市城区临时占道经营管理办法",
        "盖州市人民政府办公室",
        "2026-10-15",
        "现行有效",
        "待报 2",
    ) in rows
    assert ("盖政发〔2026〕96号", "盖州市城市生活垃圾分类管理办法", "盖州市人民政府", "2026-11-06",
            "已公布未施行", "待报 1") in rows  # fmt: skip
    assert ("盖政发〔2026〕104号", "盖州市养犬管理办法", "盖州市人民政府", "—", "草案", "—") in rows


def test_list_filters_by_status_authority_search_and_year(sample: Cli):
    rows = table_rows(sample.ok("list", "--status", "现行有效").out)[1:]
    assert [row[0] for row in rows] == IN_FORCE
    assert [d["doc_number"] for d in sample.json("list", "--status", "in_force")] == IN_FORCE

    result = sample.ok("list", "--authority", "盖州市民政局", "--search", "救助")
    assert result.lines[0].strip() == "行政规范性文件登记簿（2026-11-26，共 2 件）"
    assert [(r[0], r[4], r[5]) for r in table_rows(result.out)[1:]] == [
        ("盖民发〔2019〕21号", "已废止", "已报"),
        ("盖民发〔2024〕3号", "现行有效", "已报"),
    ]

    listed = sample.json("list", "--year", "2016", "--as-of", "2016-12-31")
    assert len(listed) == 8
    assert {d["status"] for d in listed if d["doc_number"] != "盖政办〔2016〕125号"} == {"in_force"}
    assert [d["status"] for d in listed if d["doc_number"] == "盖政办〔2016〕125号"] == ["draft"]


def test_list_refuses_an_unknown_status(sample: Cli):
    result = sample("list", "--status", "valid")
    assert result.code == 1 and "无法识别" in result.err


def test_add_registers_a_draft_with_everything_given(sample_copy: Cli):
    result = sample_copy.ok(
        "add",
        "--number",
        "盖政发[2026]第105号",
        "--title",
        "盖州市城市道路停车收费管理暂行办法",
        "--drafting-unit",
        "盖州市住房和城乡建设局",
        "--effective",
        "2027-01-01",
        "--valid-years",
        "2",
        "--registration",
        "GZGS-2026-020",
    )
    assert result.out == "已登记：盖政发〔2026〕105号《盖州市城市道路停车收费管理暂行办法》\n"
    view = sample_copy.json("show", "盖政发〔2026〕105号")
    assert (view["status"], view["authority"], view["drafting_unit"]) == (
        "draft",
        "盖州市人民政府",
        "盖州市住房和城乡建设局",
    )
    assert (view["registration_number"], view["effective"]) == ("GZGS-2026-020", "2027-01-01")
    assert len(sample_copy.json("list")) == 45


def test_add_for_a_department_named_explicitly(sample_copy: Cli):
    sample_copy.ok(
        "add", "--number", "盖民发〔2026〕40号", "--title", "某细则", "--authority", "盖州市民政局"
    )
    assert sample_copy.json("show", "盖民发〔2026〕40号")["authority"] == "盖州市民政局"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("盖政发〔16〕9号", "年份只有两位，请写完整的四位年份，如〔2016〕。"),
        ("〔2016〕9号", "机关代字"),
        ("盖政发〔2026〕104号", "已"),
    ],
)
def test_add_refuses_a_malformed_or_taken_number_and_changes_nothing(
    sample_copy: Cli, number, message
):
    result = sample_copy("add", "--number", number, "--title", "某办法")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("错误：") and message in result.err
    assert len(sample_copy.json("list")) == 44


def test_show_a_draft_under_legality_review(sample: Cli):
    # Submitted 2026-10-20 and not yet answered: no conclusion, no filings.
    assert sample.ok("show", "盖政发〔2026〕101号").lines[4:] == [
        "  公布：—    施行：—    有效期至：—",
        "  下一步：登记合法性审核结论（期限 2026-11-10，逾期 16 日）",
        "    docfiler review 盖政发〔2026〕101号 --finished 日期 --outcome 合法",
        "  程序：",
        "    2026-09-28 听取意见 ",
        "    2026-10-20 报送合法性审核",
    ]


def test_a_long_list_prints_as_tables_of_a_block_each(sample: Cli, monkeypatch):
    """A register of any size prints as it is read: one table per block, the count in the title."""
    from docfiler.cli import printing

    monkeypatch.setattr(printing, "TABLE_BLOCK", 2)
    result = sample.ok("list", "--search", "救助")
    assert result.lines[0].strip() == "行政规范性文件登记簿（2026-11-26，共 3 件）"
    rows = table_rows(result.out)
    assert rows == [
        ("文号", "标题", "制定机关", "发布日期", "状态", "备案"),
        ("盖政发〔2016〕9号", "盖州市城乡居民临时救助实施办法", "盖州市人民政府", "2016-02-03",
         "现行有效", "已报"),
        ("盖民发〔2019〕21号", "盖州市特困人员救助供养实施细则", "盖州市民政局", "2019-06-05",
         "已废止", "已报"),
        ("文号", "标题", "制定机关", "发布日期", "状态", "备案"),
        ("盖民发〔2024〕3号", "盖州市特困人员救助供养实施细则", "盖州市民政局", "2024-02-19",
         "现行有效", "已报"),
    ]  # fmt: skip


def test_on_a_narrow_terminal_titles_are_cut_short():
    from docfiler.cli.printing import box_table

    lines = box_table(
        ("文号", "标题"), [("盖政发〔2016〕9号", "盖州市城乡居民临时救助实施办法")], limit=36
    )
    # 文号 is 17 cells wide; the title (30 cells) is cut to 12 so the table is 36 cells wide.
    assert lines == [
        "┏" + "━" * 19 + "┳" + "━" * 14 + "┓",
        "┃ 文号" + " " * 13 + " ┃ 标题" + " " * 8 + " ┃",
        "┡" + "━" * 19 + "╇" + "━" * 14 + "┩",
        "│ 盖政发〔2016〕9号 │ 盖州市城乡…  │",
        "└" + "─" * 19 + "┴" + "─" * 14 + "┘",
    ]


def test_list_json_prints_one_array(sample: Cli):
    import json

    result = sample.ok("list", "--search", "救助", "--json")
    listed = json.loads(result.out)
    assert [d["doc_number"] for d in listed] == [
        "盖政发〔2016〕9号",
        "盖民发〔2019〕21号",
        "盖民发〔2024〕3号",
    ]
    lines = result.out.splitlines()  # one compact document to a line, between [ and ]
    assert (lines[0], lines[-1], len(lines)) == ("[", "]", 5)
    assert lines[1].startswith('{"doc_number":"盖政发〔2016〕9号","title":"盖州市城乡居民临时救助')
    assert lines[1].endswith("},") and lines[3].endswith("}")
    assert sample.ok("list", "--search", "没有这样的标题", "--json").out == "[]\n"


def test_show_writes_no_empty_brackets_when_no_reason_is_on_record():
    from docfiler.cli.printing import _heading_lines

    view = {
        "doc_number": "盖政发〔2012〕72号",
        "title": "盖州市城市绿化办法",
        "status": "repealed",
        "status_label": "已废止",
        "as_of": "2026-11-26",
        "authority": "盖州市人民政府",
        "drafting_unit": None,
        "registration_number": None,
        "kind": "常规",
        "published": "2012-08-01",
        "effective": None,
        "valid_until": None,
        "repealed": "2019-05-01",
        "repeal_reason": None,
        "declared_invalid": "2019-06-01",
        "invalid_reason": "",
    }
    lines = _heading_lines(view)
    assert "  废止：2019-05-01" in lines and "  宣布失效：2019-06-01" in lines
    assert not any("（）" in line for line in lines)
