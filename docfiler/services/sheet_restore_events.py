"""What happened to the restored documents after their publication, replayed through the
services: each filing's submissions and answers (补正 re-filings included) from the 备案 sheet;
then, in the order of their dates, the relations between documents (关系), the ends of force the
文件 sheet records (废止, 宣布失效), the validity evaluations (有效期评估) and the changes of the
laws they rest on; last the cleanup campaigns (services.sheet_cleanup)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from docfiler.domain.vocabulary import RELATION_KINDS
from docfiler.errors import ValidationError
from docfiler.services.evaluation import EVALUATION_OUTCOMES, record_evaluation
from docfiler.services.filings import record_filing_result, submit_filing
from docfiler.services.legal_bases import mark_higher_law
from docfiler.services.relations import add_relation, declare_invalid, repeal_document
from docfiler.services.sheet_restore_documents import day, on_row, text
from docfiler.services.sheet_workbook import Row
from docfiler.store.lookups import load_document

if TYPE_CHECKING:
    from docfiler.services.sheet_restorer import Restorer

KINDS = {label: kind for kind, label in RELATION_KINDS.items()}
OUTCOMES = {label: outcome for outcome, label in EVALUATION_OUTCOMES.items()}
REPUBLISHED = "有效期届满重新制发"
"""The note of the 替代 relation a validity evaluation records itself (services.evaluation)."""
ENDS = {"repealed": ("废止日期", "废止理由"), "declared_invalid": ("宣布失效日期", "宣布失效理由")}


def restore_events(restorer: Restorer) -> None:
    from docfiler.services.sheet_cleanup import restore_campaigns

    _filings(restorer)
    for _, _, row, write in sorted(_dated(restorer), key=lambda e: (e[0], e[1])):
        counted = {"关系": "关系", "程序": "程序"}.get(row.sheet)
        if row.sheet == "关系" and row["关系"] == "制定依据":
            counted = None  # counted with the document's bases
        restorer.attempt(row, write, counted=counted)
    restore_campaigns(restorer)


# -------------------------------------------------------------------- 备案


def _filings(restorer: Restorer) -> None:
    """Each filing (document, body): its submissions in order, each with its answers."""
    rounds: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in restorer.book.rows("备案"):
        rounds[(str(row["文号"]), str(row["备案机关"]))].append(row)
    for (number, body), rows in rounds.items():
        rows.sort(key=lambda r: r["报送次序"] or 0)
        made = [row for row in rows if row["报送日期"] is not None]
        if not made or restorer.missing(made[0], number):
            continue
        if restorer.attempt(made[0], lambda n=number, b=body, m=made: _filing(restorer, n, b, m)):
            restorer.restored.counts["备案"] += len(made)


def _filing(restorer: Restorer, number: str, body: str, made: list[Row]) -> None:
    for row in made:
        on_row(row, lambda r=row: _submission(restorer.office, number, body, r))


def _submission(office: Any, number: str, body: str, row: Row) -> None:
    submit_filing(
        office=office,
        number=number,
        body=body,
        submitted=day(row, "报送日期"),
        receipt=text(row, "回执号"),
    )
    answers = [
        (day(row, on), row[answer])
        for answer, on in (("备案登记意见", "登记意见日期"), ("备案审查意见", "审查意见日期"))
        if row[answer] is not None
    ]
    for on, answer in sorted(answers, key=lambda a: a[0] or dt.date.min):
        if on is None:
            raise ValidationError(f"备案意见“{answer}”没有日期。")
        record_filing_result(office=office, number=number, body=body, result=answer, on=on)


# -------------------------------------------------------------------- 关系, 废止, 评估


def _dated(restorer: Restorer) -> list[tuple[dt.date, int, Row, Any]]:
    """(date, order on the day, row, write) of every dated event after publication."""
    events: list[tuple[dt.date, int, Row, Any]] = []
    evaluated = set()
    for number, steps in restorer.steps.items():
        for step in steps:
            if step["环节"] == "有效期评估" and not restorer.missing_quiet(number):
                events.append((_sort_day(step, "日期"), 1, step, _evaluation(restorer, step)))
                if step["编号"]:
                    evaluated.add((str(step["编号"]), number))
    for row in restorer.book.rows("关系"):
        if row["关系"] == "制定依据":
            events += _law_change(restorer, row)
        elif not _made_by_evaluation(row, evaluated):
            events.append((_sort_day(row, "日期"), 0, row, _relation(restorer, row)))
    for row in restorer.book.rows("文件"):
        for how, (on, why) in ENDS.items():
            if row[on] is not None and not restorer.missing_quiet(str(row["文号"])):
                events.append((_sort_day(row, on), 2, row, _end(restorer, row, how, on, why)))
    return events


def _sort_day(row: Row, header: str) -> dt.date:
    try:
        return day(row, header) or dt.date.min
    except ValidationError:
        return dt.date.min  # refused when written, with the row


def _made_by_evaluation(row: Row, evaluated: set[tuple[str, str]]) -> bool:
    pair = (str(row["文号"]), str(row["对象文号"]))
    return (
        row["关系"] == RELATION_KINDS["replaces"]
        and row["备注"] == REPUBLISHED
        and (pair in evaluated)
    )


def _relation(restorer: Restorer, row: Row) -> Any:
    def write() -> None:
        source, target = str(row["文号"]), str(row["对象文号"])
        for number in (source, target):
            if number in restorer.failed:
                raise ValidationError(
                    f"文件 {number} 未能恢复（见{restorer.failed[number].where()}）"
                )
        kind = KINDS.get(str(row["关系"]))
        if kind is None:
            raise ValidationError(
                f"关系“{row['关系']}”无法识别，应为：{'、'.join(KINDS)}、制定依据。"
            )
        add_relation(
            office=restorer.office,
            source=source,
            target=target,
            kind=kind,
            on=day(row, "日期"),
            note=text(row, "备注"),
        )

    return write


def _end(restorer: Restorer, row: Row, how: str, on: str, why: str) -> Any:
    """废止 / 宣布失效 as the 文件 row records it, unless a relation or an evaluation replayed
    before it already ended the document that day."""

    def write() -> None:
        number, ended = str(row["文号"]), day(row, on)
        current = getattr(load_document(restorer.session, number), f"{how}_on")
        if current == ended:
            return
        end = repeal_document if how == "repealed" else declare_invalid
        end(office=restorer.office, number=number, on=ended, reason=str(row[why] or ""))

    return write


def _evaluation(restorer: Restorer, step: Row) -> Any:
    def write() -> None:
        outcome = OUTCOMES.get(str(step["结论"]))
        if outcome is None:
            raise ValidationError(
                f"有效期评估结论“{step['结论']}”无法识别，应为：{'、'.join(OUTCOMES)}。"
            )
        record_evaluation(
            office=restorer.office,
            number=str(step["文号"]),
            on=day(step, "日期"),
            outcome=outcome,
            replacement=text(step, "编号"),
            note=text(step, "内容"),
        )

    return write


def _law_change(restorer: Restorer, row: Row) -> list[tuple[dt.date, int, Row, Any]]:
    """A law a document rests on marked 已修改 / 已废止: recorded once per law."""
    status = row["对象状态"]
    if status in (None, "现行") or row["日期"] is None:
        return []
    key = (str(row["对象名称"]), text(row, "对象文号"))
    if key in restorer.laws_marked:
        return []
    restorer.laws_marked.add(key)

    def write() -> None:
        mark_higher_law(
            office=restorer.office,
            title=key[0],
            status=str(status),
            on=day(row, "日期"),
            number=key[1],
            note=text(row, "备注"),
        )

    return [(_sort_day(row, "日期"), 3, row, write)]
