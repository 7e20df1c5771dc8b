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
from docfiler.domain.text_checks import check_text
from docfiler.errors import GateError, ValidationError

EARLIEST_DATE = dt.date(1949, 10, 1)
"""No document of this register, nor any step of its procedure, is older than the People's
Republic: an earlier date is a typing error (1900 for 2019, a missing digit)."""

FUTURE_YEARS = 10
"""How far ahead a date stated in advance may lie (施行 or 废止 from a later day, a reply due):
ten years covers every real case; 9999-12-31 is a typing error."""

MAX_VALID_YEARS = 100
"""The longest validity a document may state. 辽宁省 rules give 5 years as the norm (暂行 2);
a hundred years is beyond any real case and keeps the end date a date (100000 years is not)."""


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


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def not_too_early(day: dt.date, what: str) -> None:
    if day < EARLIEST_DATE:
        raise ValidationError(
            f"{what}（{date_label(day)}）早于1949年10月1日，不会是本登记簿的日期，请核对年份。"
        )


def date_in_bounds(
    day: dt.date, today: dt.date, what: str, *, future_years: int = FUTURE_YEARS
) -> None:
    """Every date on the register: not before 1949-10-01, not more than `future_years` ahead."""
    not_too_early(day, what)
    latest = _years_later(today, future_years)
    if day > latest:
        raise ValidationError(
            f"{what}（{date_label(day)}）晚于今天起{future_years}年（{date_label(latest)}），"
            "请核对年份。"
        )


def not_future(day: dt.date, today: dt.date, what: str) -> None:
    """Refuse to record something that has not happened yet (or a date before 1949-10-01)."""
    not_too_early(day, what)
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
    not_too_early(day, what)
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
    clean = clean_title(title)
    check_valid_years(valid_years)
    if effective is not None:
        not_too_early(effective, "施行日期")
    if valid_until is not None:
        not_too_early(valid_until, "有效期截止日")
    if valid_until is not None and effective is not None:
        longest = _years_later(effective, MAX_VALID_YEARS)
        if valid_until > longest:
            raise ValidationError(
                f"有效期截止日（{date_label(valid_until)}）距施行日期超过{MAX_VALID_YEARS}年，"
                "请核对年份。"
            )
    if valid_until is not None and effective is not None and valid_until < effective:
        raise ValidationError(
            f"有效期截止日（{date_label(valid_until)}）早于施行日期（{date_label(effective)}）。"
        )
    if effective is not None and number.year is not None and effective.year < number.year:
        raise ValidationError(
            f"施行日期（{date_label(effective)}）早于文号“{number}”的年份 {number.year} 年，请核对。"
        )
    return clean


def clean_title(title: str | None) -> str:
    """The title without surrounding spaces and 《》; an empty one or one with an invisible
    control character is refused."""
    clean = (title or "").strip().strip("《》")
    if not clean:
        raise ValidationError(
            "标题不能为空，请填写文件全称，如《盖州市城乡居民临时救助实施办法》。"
        )
    check_text(clean, "标题")
    return clean


def check_valid_years(valid_years: object) -> None:
    """有效期（年）: a whole number of years from 1 to MAX_VALID_YEARS."""
    if valid_years is None:
        return
    if isinstance(valid_years, bool) or not isinstance(valid_years, int) or valid_years <= 0:
        raise ValidationError(f"有效期年数必须是正整数（收到 {valid_years}）。")
    if valid_years > MAX_VALID_YEARS:
        raise ValidationError(
            f"有效期年数 {valid_years} 过大：最多 {MAX_VALID_YEARS} 年"
            "（辽宁省规定行政规范性文件有效期一般不超过5年）。请核对文件规定的有效期。"
        )


def fair_competition_problem(concerns_market: bool, reviewed_on: dt.date | None) -> str | None:
    """公平竞争审查 (优化营商环境条例 art. 63): what is missing before collective decision."""
    if concerns_market and reviewed_on is None:
        return "文件涉及市场主体经济活动，未登记公平竞争审查结论"
    return None
