"""One document of docfiler's workbook restored: its 文件 row and its 程序 rows replayed through
the services in the order a clerk records them (登记, 制定依据, each procedure step, 签发, 公布),
or, for a document published without its procedure on record, imported as 历史导入 through the
register import. Reading a cell: `day`, `text`, `yes`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from docfiler.domain.written_dates import written_date
from docfiler.errors import DocfilerError, ValidationError
from docfiler.services.documents import register_document, update_document
from docfiler.services.fair_competition import mark_market_activity, record_fair_competition
from docfiler.services.legal_bases import add_legal_basis
from docfiler.services.procedure import (
    finish_review,
    publish,
    record_decision,
    record_opinions,
    record_revision,
    record_signing,
    submit_review,
)
from docfiler.services.sheet_workbook import Row, require

if TYPE_CHECKING:
    from docfiler.services.sheet_restorer import Restorer

STEPS = ("听取意见", "合法性审核", "公平竞争审查", "集体讨论决定", "有效期评估")


class RowError(ValidationError):
    """A refusal that belongs to another row than the one being restored (a 程序 row of a
    document): the restore lists it under that row."""

    def __init__(self, row: Row, message: str) -> None:
        super().__init__(message)
        self.row = row


def day(row: Row, header: str) -> dt.date | None:
    """A date cell (a real date, or a date as offices write it)."""
    value = row[header]
    return None if value is None else written_date(value, header)


def text(row: Row, header: str) -> str | None:
    value = row[header]
    return None if value is None else str(value)


def yes(row: Row, header: str) -> bool:
    return row[header] == "是"


def restore_documents(restorer: Restorer) -> None:
    """Each document: replayed through the services, or (published without its procedure on
    record) imported as 历史导入."""
    historical = []
    for row in restorer.book.rows("文件"):
        number = _number(row)
        steps = restorer.steps[number]
        if row["发布日期"] is not None and not any(s["环节"] == "集体讨论决定" for s in steps):
            historical.append(row)
            continue
        if restorer.attempt(row, lambda r=row: replay_document(restorer, r), counted="文件"):
            restorer.restored.counts["程序"] += sum(s["环节"] != "有效期评估" for s in steps)
            restorer.restored.counts["制定依据"] += len(restorer.bases[number])
        else:
            restorer.failed[number] = row
    if historical:
        import_historical(restorer, historical)


def replay_document(restorer: Restorer, row: Row) -> None:
    """Register the document, then replay its bases, steps, signing and publication."""
    office = restorer.office
    number = str(require(row, "文号"))
    years = row["有效期（年）"]
    register_document(
        office=office,
        number=number,
        title=str(row["文件名称"] or ""),
        authority=text(row, "制定机关"),
        drafting_unit=text(row, "起草单位"),
        registration_number=text(row, "登记号"),
        effective=day(row, "施行日期"),
        valid_years=years,
        valid_until=day(row, "有效期至") if years is None else None,
        note=text(row, "备注"),
        is_sample=yes(row, "示例数据"),
        written_on=day(row, "成文日期"),
    )
    steps = restorer.steps[number]
    if yes(row, "涉及市场主体") and not any(s["环节"] == "公平竞争审查" for s in steps):
        mark_market_activity(office=office, number=number, concerns=True)
    for basis in restorer.bases[number]:
        on_row(basis, lambda b=basis: add_basis(office, number, b))
    for step in steps:
        on_row(step, lambda s=step: replay_step(office, number, s))
    _sign_and_publish(office, number, row)


def add_basis(office: Any, number: str, basis: Row) -> None:
    add_legal_basis(
        office=office,
        number=number,
        title=str(basis["对象名称"] or ""),
        basis_number=text(basis, "对象文号"),
    )


def on_row(row: Row, write: Any) -> None:
    """`write()`, its refusal listed under `row`."""
    try:
        write()
    except RowError:
        raise
    except DocfilerError as exc:
        raise RowError(row, exc.message) from None


def replay_step(office: Any, number: str, step: Row) -> None:
    """One 程序 row through its service (有效期评估 comes later, after every publication)."""
    kind, on = step["环节"], day(step, "日期")
    if kind not in STEPS:
        raise ValidationError(f"环节“{kind}”无法识别，应为：{'、'.join(STEPS)}。")
    if kind != "有效期评估" and on is None:
        raise ValidationError(f"{kind}没有日期。")
    if kind == "听取意见":
        record_opinions(
            office=office,
            number=number,
            on=on,
            method=text(step, "方式或会议"),
            summary=text(step, "内容"),
        )
    elif kind == "合法性审核":
        _replay_review(office, number, step, on)
    elif kind == "公平竞争审查":
        record_fair_competition(
            office=office,
            number=number,
            on=on,
            conclusion=str(step["结论"] or ""),
            reviewer=text(step, "审核人"),
        )
    elif kind == "集体讨论决定":
        record_decision(
            office=office,
            number=number,
            meeting=str(step["方式或会议"] or ""),
            on=on,
            minutes=text(step, "编号"),
        )


def _replay_review(office: Any, number: str, step: Row, on: dt.date) -> None:
    """报送, then the conclusion and the revision it asked for, when the row has them."""
    reviewer = text(step, "审核人")
    submit_review(office=office, number=number, submitted=on, reviewer=reviewer)
    finished = day(step, "办结日期")
    if finished is not None:
        finish_review(
            office=office,
            number=number,
            finished=finished,
            outcome=str(step["结论"] or ""),
            reviewer=reviewer,
            opinion=text(step, "内容"),
        )
    revised = day(step, "修改完毕日期")
    if revised is not None:
        record_revision(office=office, number=number, on=revised)


def _sign_and_publish(office: Any, number: str, row: Row) -> None:
    signed, signer = day(row, "签发日期"), text(row, "签发人")
    if signed is not None:
        record_signing(office=office, number=number, on=signed, signed_by=signer)
    elif signer:
        update_document(office=office, number=number, changes={"signed_by": signer})
    published, channel = day(row, "发布日期"), text(row, "发布载体")
    if published is not None:
        publish(
            office=office,
            number=number,
            on=published,
            channel=channel,
            effective=day(row, "施行日期"),
        )
    elif channel:
        update_document(office=office, number=number, changes={"publication_channel": channel})


def import_historical(restorer: Restorer, rows: list[Row]) -> None:
    """Documents published without their procedure on record: through the register import,
    marked 历史导入, then the fields it does not read (成文日期, 涉及市场主体, 签发人)."""
    from docfiler.services.imports import import_rows

    by_row = {row.number: row for row in rows}
    try:
        records = [_record(row) for row in rows]
    except DocfilerError as exc:
        for row in rows:
            restorer.fail(row, exc.message)
            restorer.failed[str(row["文号"])] = row
        return
    checked = import_rows(
        office=restorer.office,
        records=records,
        source=f"《{restorer.book.file}》（工作表“文件”）",
        existing="refuse",
        skip_bad=True,
        historical=True,
    )
    for problem in checked.bad:
        row = by_row[problem.row]
        restorer.fail(row, problem.reason)
        restorer.failed[str(row["文号"])] = row
    restorer.restored.counts["文件"] += len(checked.documents)
    first: dict[str, Row] = {}  # each 文号's first row (a second one is a bad row), read once
    for row in rows:
        first.setdefault(_number(row), row)
    for number in (document["doc_number"] for document in checked.documents):
        row = first[number]
        restorer.attempt(row, lambda r=row, n=number: _historical_extras(restorer, r, n))
        for basis in restorer.bases[number]:
            write = lambda b=basis, n=number: add_basis(restorer.office, n, b)  # noqa: E731
            restorer.attempt(basis, write, counted="制定依据")
        for step in restorer.steps[number]:
            if step["环节"] != "有效期评估":  # the procedure before publication is refused
                write = lambda s=step, n=number: replay_step(restorer.office, n, s)  # noqa: E731
                restorer.attempt(step, write, counted="程序")


def _number(row: Row) -> str:
    from docfiler.domain.docnumber import try_parse

    parsed = try_parse(str(row["文号"]))
    return str(parsed) if parsed is not None else str(row["文号"])


def _record(row: Row) -> dict[str, Any]:
    years = row["有效期（年）"]
    return {
        "row": row.number,
        "number": str(require(row, "文号")),
        "title": text(row, "文件名称"),
        "authority": text(row, "制定机关"),
        "drafting_unit": text(row, "起草单位"),
        "published": row["发布日期"],
        "effective": row["施行日期"],
        "valid_years": years,
        "valid_until": row["有效期至"] if years is None else None,
        "registration_number": text(row, "登记号"),
        "note": text(row, "备注"),
        "channel": text(row, "发布载体"),
        "sample": yes(row, "示例数据"),
        # An end of force on record without a reason (the office's register said only 已废止
        # and the day) goes in as the register import took it; the services ask for a reason.
        "repealed": row["废止日期"] if row["废止理由"] is None else None,
        "declared_invalid": row["宣布失效日期"] if row["宣布失效理由"] is None else None,
    }


def _historical_extras(restorer: Restorer, row: Row, number: str) -> None:
    office = restorer.office
    if day(row, "签发日期") is not None:
        raise ValidationError(
            f"{number} 的签发日期无法恢复：该文件没有集体讨论决定的记录（历史导入），"
            "签发须在集体讨论决定之后。"
        )
    changes: dict[str, Any] = {}
    if day(row, "成文日期") is not None:
        changes["written_on"] = day(row, "成文日期")
    if text(row, "签发人"):
        changes["signed_by"] = text(row, "签发人")
    if yes(row, "涉及市场主体"):
        changes["concerns_market"] = True
    if changes:
        update_document(office=office, number=number, changes=changes)
