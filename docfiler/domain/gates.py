"""The procedure gates: what must be on record before a step may be taken, and date order.

Pure rules over plain values (no session, no I/O). A refused step raises a DocfilerError whose
Chinese message names what is missing and how to put it right. Sources: 国办发〔2018〕115号
(听取意见, 合法性审核, 集体审议 before 公布), 辽宁省政府令第149号.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from docfiler.domain import docnumber
from docfiler.domain.labels import date_label
from docfiler.errors import GateError, ValidationError


class DocumentDates(Protocol):
    doc_number: str
    year: int | None
    published_on: dt.date | None


class ReviewDates(Protocol):
    submitted_on: dt.date
    finished_on: dt.date | None
    outcome: str | None
    revised_on: dt.date | None


def parse_number(text: str) -> docnumber.DocNumber:
    """A 文号 in canonical form; a malformed one is refused with the parser's Chinese reason."""
    try:
        return docnumber.parse(text)
    except docnumber.DocNumberError as exc:
        raise ValidationError(str(exc)) from exc


def not_future(day: dt.date, today: dt.date, what: str) -> None:
    """Refuse to record something that has not happened yet."""
    if day > today:
        raise ValidationError(
            f"{what}（{date_label(day)}）晚于今天（{date_label(today)}），不能登记尚未发生的事项。"
        )


def not_before_year(document: DocumentDates, day: dt.date, what: str) -> None:
    if document.year is not None and day.year < document.year:
        raise ValidationError(
            f"{what}（{date_label(day)}）早于文号“{document.doc_number}”的年份 {document.year} 年，"
            "文件当时还未编号。请核对日期或文号。"
        )


def not_before(day: dt.date, earlier: dt.date | None, what: str, earlier_what: str) -> None:
    if earlier is not None and day < earlier:
        raise ValidationError(
            f"{what}（{date_label(day)}）早于{earlier_what}（{date_label(earlier)}），请核对日期。"
        )


def refuse_after_publication(document: DocumentDates, step: str) -> None:
    if document.published_on is not None:
        raise GateError(
            f"文件“{document.doc_number}”已于{date_label(document.published_on)}公布，不能再登记{step}。"
            "如需修改内容，请登记一份修改文件。"
        )


def review_cleared_on(review: ReviewDates | None) -> dt.date | None:
    """The date from which a review lets the document proceed, or None if it does not."""
    if review is None or review.finished_on is None:
        return None
    if review.outcome == "合法":
        return review.finished_on
    if review.outcome == "应当予以修改" and review.revised_on is not None:
        return review.revised_on
    return None


def review_problem(document: DocumentDates, review: ReviewDates | None) -> str | None:
    if review is None:
        return "未经合法性审核"
    if review.finished_on is None:
        return f"合法性审核尚未完成（{date_label(review.submitted_on)}报送）"
    if review.outcome == "不合法":
        return f"合法性审核结论为“不合法”（{date_label(review.finished_on)}），须修改后重新报送审核"
    if review.outcome == "应当予以修改" and review.revised_on is None:
        return "合法性审核结论为“应当予以修改”，尚未登记按审核意见修改完毕"
    return None


def check_register_fields(
    number: docnumber.DocNumber,
    *,
    title: str | None,
    effective: dt.date | None = None,
    valid_years: int | None = None,
    valid_until: dt.date | None = None,
) -> str:
    """The checks every registration passes (by hand or imported); returns the clean title."""
    clean = (title or "").strip().strip("《》")
    if not clean:
        raise ValidationError(
            "标题不能为空，请填写文件全称，如《盖州市城乡居民临时救助实施办法》。"
        )
    if valid_years is not None and (
        isinstance(valid_years, bool) or not isinstance(valid_years, int) or valid_years <= 0
    ):
        raise ValidationError(f"有效期年数必须是正整数（收到 {valid_years}）。")
    if valid_until is not None and effective is not None and valid_until < effective:
        raise ValidationError(
            f"有效期截止日（{date_label(valid_until)}）早于施行日期（{date_label(effective)}）。"
        )
    if effective is not None and number.year is not None and effective.year < number.year:
        raise ValidationError(
            f"施行日期（{date_label(effective)}）早于文号“{number}”的年份 {number.year} 年，请核对。"
        )
    return clean


def fair_competition_problem(concerns_market: bool, reviewed_on: dt.date | None) -> str | None:
    """公平竞争审查 (优化营商环境条例 art. 63): what is missing before collective decision."""
    if concerns_market and reviewed_on is None:
        return "文件涉及市场主体经济活动，未登记公平竞争审查结论"
    return None
