"""Importing an office's Excel register (issue 13, §1 and §4), on SQLite and PostgreSQL.

The sheets are built here as offices keep them (a title banner, their own header spellings,
dates in every form, bad rows); what the register holds afterwards is written out by hand.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from docfiler.errors import ValidationError
from docfiler.services.sheet_import import plan_import, run_import
from docfiler.store.tables import (
    AuditEntry,
    CollectiveDecision,
    Document,
    LegalityReview,
    OpinionRecord,
)
from tests.docfiler.services.helpers import CITY, CONGRESS, D, document, filings, snapshot
from tests.docfiler.services.sheets import office_row, with_cached_formula_values, write_sheet


def plan_of(office, path, **kwargs):
    return plan_import(office=office, path=path, **kwargs)


def imported(office, path, *, skip_bad=False, **kwargs):
    plan = plan_import(office=office, path=path, **kwargs)
    return plan, run_import(office=office, plan=plan, skip_bad=skip_bad)


def numbers(office) -> list[str]:
    with office.reading() as session:
        return list(session.execute(select(Document.doc_number).order_by(Document.id)).scalars())


def bad_lines(plan) -> list[str]:
    return [problem.line() for problem in plan.bad]


# ---------------------------------------------------------------------------- the usual shape


def test_a_register_under_a_title_banner_is_read_in_the_offices_own_headers(office, tmp_path):
    path = write_sheet(
        tmp_path / "目录.xlsx",
        [
            ["一、市政府文件"],
            office_row(
                "盖政发[2016]9号",
                "盖州市城乡居民临时救助实施办法",
                D(2016, 3, 1),
                authority="市政府",
                effective="2016.4.1",
                validity="5年",
                note="示例",
            ),
            office_row(
                "盖政办发（2016）第51号",
                "《关于公布盖州市现行有效规范性文件目录的通知》",
                "2016年5月20日",
                authority="盖州市人民政府办公室",
                serial=2,
            ),
        ],
        merges=["A3:J3"],
    )
    plan = plan_of(office, path)
    assert (plan.sheet, plan.header_row, plan.rows, plan.ignored) == ("目录", 2, 2, 1)
    assert [(m["field"], m["column"], m["header"]) for m in plan.mapping] == [
        ("标题", "B", "文件名称"),
        ("文号", "C", "发文字号"),
        ("制定机关", "D", "发文机关"),
        ("公布日期", "E", "印发日期"),
        ("施行日期", "F", "施行日期"),
        ("有效期", "G", "有效期"),
        ("状态", "H", "是否有效"),
        ("备案情况", "I", "备案情况"),
        ("备注", "J", "备注"),
    ]
    assert plan.unused == ({"column": "A", "header": "序号"},)
    assert (plan.added, plan.updated, plan.skipped, plan.bad) == (2, (), (), ())
    assert numbers(office) == []  # a preview writes nothing

    done = run_import(office=office, plan=plan)
    assert (done.added, done.updated, done.skipped, done.bad_skipped) == (2, 0, 0, 0)
    first = document(office, "盖政发〔2016〕9号")
    assert (first.title, first.published_on, first.effective_on) == (
        "盖州市城乡居民临时救助实施办法",
        D(2016, 3, 1),
        D(2016, 4, 1),
    )
    assert (first.valid_years, first.valid_until, first.note) == (5, D(2021, 3, 31), "示例")
    second = document(office, "盖政办发〔2016〕51号")
    assert second.title == "关于公布盖州市现行有效规范性文件目录的通知"
    assert second.published_on == D(2016, 5, 20)
    assert second.valid_until is None


HEADER_STYLES = {
    "标题/文号 in row 1": (
        None,
        ["标题", "文号", "公布日期", "施行日期", "状态", "备案情况"],
        ["某办法", "盖政发〔2016〕9号", "2016-03-01", "2016-04-01", "现行有效", None],
        [],
    ),
    "名称/文件编号/发布时间": (
        "（截至2025年12月31日）",
        ["顺序号", "规范性文件名称", "文件编号", "发文单位", "发布时间", "实施日期", "效力状态"],
        [1, "某办法", "盖政发〔2016〕9号", "市政府", "2016.3.1", "2016.4.1", "有效"],
        [],
    ),
    "a two-row header: 日期 merged over 发布 and 施行": (
        "盖州市规范性文件登记表",
        ["序号", "文件名称", "文号", "日期", None, "备注"],
        [1, "某办法", "盖政发〔2016〕9号", D(2016, 3, 1), D(2016, 4, 1), None],
        ["D2:E2", "A2:A3", "B2:B3", "C2:C3", "F2:F3"],
    ),
}


@pytest.mark.parametrize("style", list(HEADER_STYLES))
def test_header_spellings_offices_use(office, tmp_path, style):
    banner, headers, row, merges = HEADER_STYLES[style]
    rows = [row]
    if merges:  # the second header row, under the merged 日期
        rows = [[None, None, None, "发布", "施行", None], row]
    path = write_sheet(tmp_path / "r.xlsx", rows, headers=headers, banner=banner, merges=merges)
    plan, done = imported(office, path)
    assert done.added == 1, bad_lines(plan)
    fields = {m["field"] for m in plan.mapping}
    assert {"标题", "文号", "公布日期", "施行日期"} <= fields
    saved = document(office, "盖政发〔2016〕9号")
    assert (saved.title, saved.published_on, saved.effective_on) == (
        "某办法",
        D(2016, 3, 1),
        D(2016, 4, 1),
    )


def test_every_date_form_offices_write(office, tmp_path):
    forms = [
        D(2016, 2, 3),  # a date cell
        "2016-02-03",
        "2016.2.3",
        "2016/2/3",
        "2016年2月3日",
        "二〇一六年二月三日",
        "二○一六年二月三日",
        42403,  # a date cell that lost its format: Excel's serial number
        "20160203",
        "2016-02-03 00:00:00",
    ]
    rows = [
        office_row(f"盖政发〔2016〕{n}号", f"第{n}号办法", form, serial=n)
        for n, form in enumerate(forms, start=1)
    ]
    path = write_sheet(tmp_path / "dates.xlsx", rows)
    plan, done = imported(office, path)
    assert done.added == len(forms), bad_lines(plan)
    with office.reading() as session:
        published = set(session.execute(select(Document.published_on)).scalars())
    assert published == {D(2016, 2, 3)}


# ---------------------------------------------------------------------------- bad rows


def bad_sheet(tmp_path):
    return write_sheet(
        tmp_path / "bad.xlsx",
        [
            office_row("盖政发〔2016〕1号", "好的办法", "2016-03-01"),  # row 3
            office_row("盖政发〔2016〕2号", "日期写成文字", "已发布"),  # row 4
            office_row("盖政发〔16〕3号", "年份两位", "2016-03-01"),  # row 5
            office_row("盖政发〔2016〕1号", "重复的文号", "2016-03-01"),  # row 6
            office_row("盖政发〔2016〕4号", None, "2016-03-01"),  # row 7
            [None] * 10,  # row 8: an empty row
            office_row("盖政发〔2016〕5号", "废止无日期", "2016-03-01", status="已废止"),  # row 9
            office_row("盖政发〔2016〕6号", "失效无日期", "2016-03-01", status="已失效"),  # row 10
            office_row("盖政发〔2026〕7号", "未来的日期", "2026-12-31"),  # row 11
            office_row(None, "没有文号", "2016-03-01"),  # row 12
            office_row("盖政发〔2016〕8号", "另一好的办法", "2016-03-01"),  # row 13
        ],
    )


def test_the_preview_lists_every_bad_row_by_its_sheet_row_number(office, tmp_path):
    plan = plan_of(office, bad_sheet(tmp_path))
    assert (plan.rows, plan.ignored, plan.added) == (10, 1, 2)
    assert bad_lines(plan) == [
        "第 4 行：公布日期“已发布”无法识别为日期，请写成 2016-03-01、2016.3.1 或 2016年3月1日。",
        "第 5 行：文号“盖政发〔16〕3号”的年份只有两位，请写完整的四位年份，如〔2016〕。",
        "第 6 行：文号“盖政发〔2016〕1号”重复",
        "第 7 行：标题不能为空，请填写文件全称，如《盖州市城乡居民临时救助实施办法》。",
        "第 9 行：状态为废止，但没有写废止日期：请在状态中注明（如 已废止（2019年5月1日）），"
        "或加一列“废止失效日期”。",
        "第 10 行：状态为已失效，但没有失效日期，也没有有效期：请在状态中注明失效日期"
        "（如 已失效（2019年5月1日）），或加一列“废止失效日期”。",
        "第 11 行：公布日期（2026年12月31日）晚于今天（2026年11月26日），不能登记尚未发生的事项。",
        "第 12 行：文号为空：每件文件都须有文号（发文字号），如 盖政发〔2016〕9号。",
    ]


def test_a_bad_row_blocks_the_whole_import(office, tmp_path):
    plan = plan_of(office, bad_sheet(tmp_path))
    before = snapshot(office)
    with pytest.raises(ValidationError) as refused:
        run_import(office=office, plan=plan)
    message = str(refused.value)
    assert message.startswith("导入未执行：8 行有误，请改正后重新导入（未写入任何数据）。")
    assert "第 4 行：公布日期“已发布”" in message
    assert snapshot(office) == before


def test_skipping_bad_rows_imports_the_rest_and_audits_what_was_skipped(office, tmp_path):
    plan = plan_of(office, bad_sheet(tmp_path))
    done = run_import(office=office, plan=plan, skip_bad=True)
    assert (done.added, done.bad_skipped) == (2, 8)
    assert numbers(office) == ["盖政发〔2016〕1号", "盖政发〔2016〕8号"]
    with office.reading() as session:
        entry = session.execute(
            select(AuditEntry).where(AuditEntry.action == "bulk_import")
        ).scalar_one()
    assert entry.summary == "《bad.xlsx》（工作表“目录”）：导入文件 2 件，跳过有误的 8 行"
    details = json.loads(entry.details)
    assert details["count"] == 2
    assert details["skipped_bad"] == 8
    assert [row["row"] for row in details["skipped_bad_rows"]] == [4, 5, 6, 7, 9, 10, 11, 12]
    assert details["skipped_bad_rows"][0]["reason"].startswith("公布日期“已发布”")


def test_unknown_and_short_authority_names(office, tmp_path):
    path = write_sheet(
        tmp_path / "机关.xlsx",
        [
            office_row("盖政发〔2016〕1号", "甲办法", "2016-03-01", authority="市政府"),
            office_row("盖政办发〔2016〕2号", "乙办法", "2016-03-01", authority="市政府办公室"),
            office_row("盖政发〔2016〕3号", "丙办法", "2016-03-01", authority="市卫健局"),
        ],
    )
    plan = plan_of(office, path)
    assert plan.added == 2
    assert bad_lines(plan) == ["第 5 行：制定机关“市卫健局”未登记"]


# ---------------------------------------------------------------------------- status and filings


def test_status_words_and_their_dates(office, tmp_path):
    path = write_sheet(
        tmp_path / "状态.xlsx",
        [
            office_row("盖政发〔2012〕1号", "甲", D(2012, 3, 1), status="已废止（2019年5月1日）"),
            office_row("盖政发〔2012〕2号", "乙", D(2012, 3, 1), status="2019.6.1废止"),
            office_row(
                "盖政发〔2012〕3号", "丙", D(2012, 3, 1), status="宣布失效（2024年6月28日）"
            ),
            office_row(
                "盖政发〔2012〕4号", "丁暂行办法", D(2012, 3, 1), validity="2年", status="已失效"
            ),
            office_row("盖政发〔2012〕5号", "戊", D(2012, 3, 1), status="已失效（2020.1.1）"),
            office_row("盖政发〔2012〕6号", "己", D(2012, 3, 1), status="现行有效"),
            office_row("盖政发〔2012〕7号", "庚", D(2012, 3, 1), status="否"),
            office_row(
                "盖政发〔2012〕8号",
                "辛",
                D(2012, 3, 1),
                validity="5年",
                status="已失效（2013年1月1日）",
            ),
            office_row("盖政发〔2012〕9号", "壬", D(2012, 3, 1), status="已废止（2011年1月1日）"),
            office_row("盖政发〔2012〕10号", "癸", D(2012, 3, 1), status="待定"),
        ],
    )
    plan, done = imported(office, path, skip_bad=True)
    assert bad_lines(plan) == [
        "第 9 行：状态“否”只说明文件已不再有效，没有说明是废止还是失效：请写“现行有效”，"
        "或“已废止”“已失效”“宣布失效”并注明日期，如 已废止（2019年5月1日）。",
        "第 11 行：废止日期（2011年1月1日）早于公布日期（2012年3月1日），请核对日期。",
        "第 12 行：状态“待定”无法识别：请写“现行有效”，或“已废止”“已失效”“宣布失效”并注明日期，"
        "如 已废止（2019年5月1日）。",
    ]
    assert done.added == 7
    ends = {
        n: (d.repealed_on, d.declared_invalid_on, d.valid_until)
        for n, d in ((n, document(office, n)) for n in numbers(office))
    }
    assert ends == {
        "盖政发〔2012〕1号": (D(2019, 5, 1), None, None),
        "盖政发〔2012〕2号": (D(2019, 6, 1), None, None),
        "盖政发〔2012〕3号": (None, D(2024, 6, 28), None),
        "盖政发〔2012〕4号": (None, None, D(2014, 2, 28)),  # lapsed by its own validity
        "盖政发〔2012〕5号": (None, D(2020, 1, 1), None),  # 失效 on a day the sheet gives
        "盖政发〔2012〕6号": (None, None, None),
        "盖政发〔2012〕8号": (None, D(2013, 1, 1), D(2017, 2, 28)),
    }
    assert document(office, "盖政发〔2012〕1号").repeal_reason is None  # never invented


def test_the_validity_column(office, tmp_path):
    forms = ["5年", "五年", 3, "有效期3年", "至2021年12月31日", "2016.3.1-2021.2.28", "长期", "2.5"]
    rows = [
        office_row(f"盖政发〔2016〕{n}号", f"第{n}号办法", "2016-03-01", validity=form, serial=n)
        for n, form in enumerate(forms, start=1)
    ]
    plan, _done = imported(office, write_sheet(tmp_path / "有效期.xlsx", rows), skip_bad=True)
    assert bad_lines(plan) == [
        "第 10 行：有效期“2.5”无法识别：请写年数（如 5年）或截止日期（如 2021年12月31日），"
        "文件没有规定有效期的留空。"
    ]
    validity = {
        n: (d.valid_years, d.valid_until)
        for n, d in ((n, document(office, n)) for n in numbers(office))
    }
    assert validity == {
        "盖政发〔2016〕1号": (5, D(2021, 2, 28)),
        "盖政发〔2016〕2号": (5, D(2021, 2, 28)),
        "盖政发〔2016〕3号": (3, D(2019, 2, 28)),
        "盖政发〔2016〕4号": (3, D(2019, 2, 28)),
        "盖政发〔2016〕5号": (None, D(2021, 12, 31)),
        "盖政发〔2016〕6号": (None, D(2021, 2, 28)),
        "盖政发〔2016〕7号": (None, None),
    }


def test_the_filing_column_marks_filings_done(office, tmp_path):
    path = write_sheet(
        tmp_path / "备案.xlsx",
        [
            office_row(
                "盖政发〔2016〕1号", "甲", "2016-03-01", filing="已报营口市政府备案（2016.3.10）"
            ),
            office_row("盖政发〔2016〕2号", "乙", "2016-03-01", filing="已备案"),
            office_row("盖政发〔2016〕3号", "丙", "2016-03-01", filing="未备案"),
            office_row("盖政发〔2016〕4号", "丁", "2016-03-01", filing="已报市人大常委会备案"),
            office_row(
                "盖政发〔2016〕5号",
                "戊",
                "2016-03-01",
                filing="营口市政府 营备〔2016〕3号 2016年3月8日",
            ),
            office_row("盖政发〔2016〕6号", "己", "2016-03-01", filing="2016.2.20已备案"),
        ],
    )
    plan, _done = imported(office, path, skip_bad=True)
    assert bad_lines(plan) == [
        "第 8 行：报送备案日期（2016年2月20日）早于公布日期（2016年3月1日），请核对日期。"
    ]

    def state(number):
        return {
            body: (f.due_on, f.submitted_on, f.receipt_number)
            for body, f in filings(office, number).items()
        }

    assert state("盖政发〔2016〕1号") == {
        CITY: (D(2016, 3, 16), D(2016, 3, 10), None),
        CONGRESS: (D(2016, 3, 31), None, None),
    }
    # 已备案 without a date: recorded as submitted on the due date (and the audit says so).
    assert state("盖政发〔2016〕2号") == {
        CITY: (D(2016, 3, 16), D(2016, 3, 16), None),
        CONGRESS: (D(2016, 3, 31), D(2016, 3, 31), None),
    }
    assert state("盖政发〔2016〕3号") == {
        CITY: (D(2016, 3, 16), None, None),
        CONGRESS: (D(2016, 3, 31), None, None),
    }
    assert state("盖政发〔2016〕4号") == {
        CITY: (D(2016, 3, 16), None, None),
        CONGRESS: (D(2016, 3, 31), D(2016, 3, 31), None),
    }
    assert state("盖政发〔2016〕5号") == {
        CITY: (D(2016, 3, 16), D(2016, 3, 8), "营备〔2016〕3号"),
        CONGRESS: (D(2016, 3, 31), None, None),
    }


def test_historical_documents_get_their_procedure_marked_not_invented(office, tmp_path):
    path = write_sheet(
        tmp_path / "历史.xlsx",
        [
            office_row("盖政发〔2016〕1号", "甲", "2016-03-01", filing="已备案"),
            office_row(
                "盖政发〔2016〕2号", "乙", "2016-03-01", filing="已报市政府备案（2016.3.10）"
            ),
            office_row("盖政发〔2016〕3号", "草案", None, status=None),
        ],
    )
    imported(office, path)
    with office.reading() as session:
        marks = session.execute(
            select(Document.doc_number, AuditEntry.summary)
            .join(Document, Document.id == AuditEntry.document_id)
            .where(AuditEntry.action == "historical_import")
            .order_by(Document.doc_number)
        ).all()
        invented = sum(
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (OpinionRecord, LegalityReview, CollectiveDecision)
        )
    assert [tuple(m) for m in marks] == [
        (
            "盖政发〔2016〕1号",
            "历史导入：使用本系统前已公布的文件，据《历史.xlsx》（工作表“目录”）第 3 行登记；"
            "听取意见、合法性审核、集体讨论决定等办理程序未逐项登记。"
            "备案情况为“已备案”，未写报送日期，按备案期限日登记为已报送。",
        ),
        (
            "盖政发〔2016〕2号",
            "历史导入：使用本系统前已公布的文件，据《历史.xlsx》（工作表“目录”）第 4 行登记；"
            "听取意见、合法性审核、集体讨论决定等办理程序未逐项登记。",
        ),
    ]
    assert invented == 0
    assert document(office, "盖政发〔2016〕3号").published_on is None  # a draft: not marked


# ---------------------------------------------------------------------------- the register already holds some


def test_importing_the_same_sheet_again_adds_nothing(office, tmp_path):
    path = write_sheet(
        tmp_path / "again.xlsx",
        [
            office_row(f"盖政发〔2016〕{n}号", f"第{n}号办法", "2016-03-01", serial=n)
            for n in (1, 2, 3)
        ],
    )
    imported(office, path)
    before = snapshot(office)
    plan, done = imported(office, path)
    assert (plan.added, len(plan.updated), len(plan.skipped)) == (0, 0, 3)
    assert plan.skipped[0].line() == "第 3 行：盖政发〔2016〕1号 已在登记簿中，内容一致"
    assert (done.added, done.updated, done.skipped) == (0, 0, 3)
    assert snapshot(office) == before  # nothing written, not even an audit entry


OFFICE_HEADERS_WITH_REASON = (  # 备注 replaced by a 废止理由 column
    "序号",
    "文件名称",
    "发文字号",
    "发文机关",
    "印发日期",
    "施行日期",
    "有效期",
    "是否有效",
    "备案情况",
    "废止理由",
)


def test_a_row_that_adds_a_repeal_or_a_filing_updates_the_document(office, tmp_path):
    first = write_sheet(
        tmp_path / "2018.xlsx",
        [
            office_row("盖政发〔2016〕1号", "甲办法", "2016-03-01"),
            office_row("盖政发〔2016〕2号", "乙办法", "2016-03-01"),
        ],
    )
    imported(office, first)
    later = write_sheet(
        tmp_path / "2025.xlsx",
        [
            office_row(
                "盖政发〔2016〕1号",
                "甲办法",
                "2016-03-01",
                status="已废止（2020年1月1日）",
                note="已被替代",  # the 废止理由 column
            ),
            office_row(
                "盖政发〔2016〕2号", "乙办法", "2016-03-01", filing="已报营口市政府备案（2016.3.9）"
            ),
            office_row("盖政发〔2016〕3号", "丙办法", "2016-03-01"),
        ],
        headers=OFFICE_HEADERS_WITH_REASON,
    )
    plan = plan_of(office, later)
    assert bad_lines(plan) == []
    assert [u.as_json()["change"] for u in plan.updated] == [
        "盖政发〔2016〕1号：登记废止（2020年1月1日）",
        "盖政发〔2016〕2号：登记向营口市人民政府报送备案（2016年3月9日）",
    ]
    done = run_import(office=office, plan=plan)
    assert (done.added, done.updated, done.skipped) == (1, 2, 0)
    repealed = document(office, "盖政发〔2016〕1号")
    assert (repealed.repealed_on, repealed.repeal_reason) == (D(2020, 1, 1), "已被替代")
    assert filings(office, "盖政发〔2016〕2号")[CITY].submitted_on == D(2016, 3, 9)


def test_a_row_that_contradicts_the_register_is_bad(office, tmp_path):
    imported(
        office,
        write_sheet(tmp_path / "a.xlsx", [office_row("盖政发〔2016〕1号", "甲办法", "2016-03-01")]),
    )
    path = write_sheet(
        tmp_path / "b.xlsx",
        [
            office_row("盖政发〔2016〕1号", "另一个标题", "2016-03-01"),
            office_row("盖政发[2016]1号", "甲办法", "2016-03-02", serial=2),
            office_row(
                "盖政发〔2016〕1号", "甲办法", "2016-03-01", status="已废止（2020年1月1日）"
            ),
        ],
    )
    assert bad_lines(plan_of(office, path)) == [
        "第 3 行：文号“盖政发〔2016〕1号”已登记为《甲办法》，与本行的《另一个标题》不同："
        "请核对文号或标题。",
        "第 4 行：文号“盖政发〔2016〕1号”重复",
        "第 5 行：文号“盖政发〔2016〕1号”重复",
    ]
    alone = write_sheet(
        tmp_path / "c.xlsx",
        [office_row("盖政发〔2016〕1号", "甲办法", "2016-03-01", status="已废止（2020年1月1日）")],
    )
    assert bad_lines(plan_of(office, alone)) == [
        "第 3 行：盖政发〔2016〕1号 在登记簿中尚未废止；据本表登记废止须写明理由："
        "请加一列“废止失效理由”，或在登记簿中逐件办理。"
    ]


# ---------------------------------------------------------------------------- columns named by the clerk


def test_the_clerk_names_columns_the_import_does_not_know(office, tmp_path):
    path = write_sheet(
        tmp_path / "自定义.xlsx",
        [["某办法", "盖政发〔2016〕9号", "2016-03-01", "内部编号 7"]],
        headers=["规范性文件", "代号", "日期", "备注"],
        banner=None,
    )
    with pytest.raises(ValidationError) as refused:
        plan_of(office, path)
    assert str(refused.value).startswith("工作表“目录”的前 30 行中找不到表头：")
    plan = plan_of(
        office, path, mapping={"标题": "规范性文件", "文号": "B", "公布日期": "日期", "备注": ""}
    )
    assert [(m["field"], m["column"]) for m in plan.mapping] == [
        ("标题", "A"),
        ("文号", "B"),
        ("公布日期", "C"),
    ]
    run_import(office=office, plan=plan)
    saved = document(office, "盖政发〔2016〕9号")
    assert (saved.title, saved.published_on, saved.note) == ("某办法", D(2016, 3, 1), None)


def test_a_mapping_the_import_cannot_read_is_refused(office, tmp_path):
    path = write_sheet(tmp_path / "x.xlsx", [office_row("盖政发〔2016〕9号", "某办法")])
    with pytest.raises(ValidationError) as refused:
        plan_of(office, path, mapping=["题目:文件名称"])
    assert str(refused.value).startswith("列对应“题目:文件名称”无法识别：请写成 字段=表头")


# ---------------------------------------------------------------------------- formulas


def test_formulas_saved_with_their_results_are_read(office, tmp_path):
    path = write_sheet(
        tmp_path / "公式.xlsx",
        [office_row("盖政发〔2016〕9号", "某办法", "=DATE(2016,2,3)")],
    )
    with pytest.raises(ValidationError) as refused:
        plan_of(office, path)
    assert str(refused.value) == (
        "“公式.xlsx”工作表“目录”中 E3 等单元格是公式，但文件里没有保存公式的计算结果，读出来是空的。"
        "请在 Excel 或 WPS 中打开它、保存一次（或把公式转换为数值）后再导入。"
    )
    with_cached_formula_values(path, {"E3": "42403"})
    _plan, done = imported(office, path)
    assert done.added == 1
    assert document(office, "盖政发〔2016〕9号").published_on == D(2016, 2, 3)
