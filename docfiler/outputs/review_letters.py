"""The reviewer's letters (issue 12), written from the stored records as the office sends them
(GB/T 9704-2012, the review_letter template: the 版头 with the organ's name in red and the
发文字号, title 2号小标宋, body 3号仿宋 on the 28×22 grid, the organ's name centred over the
date, page numbers):

- the 审查意见书 of one review that ended in 审查意见, numbered as the review was
  (盖司备审〔2026〕N号), addressed to the unit;
- the 审查建议答复书 of one answered 审查建议, addressed to the proposer.

The 通报 of units that filed late or not at all is in review_notice.py; the wording in
review_texts.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session, select

from docfiler.domain import deadlines
from docfiler.domain.docnumber import DocNumberError, parse
from docfiler.domain.labels import date_label
from docfiler.domain.vocabulary import REVIEW_CHECKS
from docfiler.errors import NotFoundError, ValidationError
from docfiler.office import Office
from docfiler.outputs import review_texts as texts
from docfiler.outputs.filing_report_text import title_lines
from docfiler.outputs.word import (
    Group,
    WordOutput,
    find_template,
    render,
)
from docfiler.store.tables import (
    Authority,
    FollowUp,
    IncomingFiling,
    IncomingReview,
    ReviewSuggestion,
)

TEMPLATE = "review_letter"
"""The reviewer's template (word.TEMPLATE_NAMES), found as every other: the office's own copy
first, then the shipped one."""


def write_letter(
    path: Path,
    *,
    title: str,
    number: str | None,
    addressee: str,
    lines: list[str],
    sender: str,
    date: dt.date,
    template_dir: Path | None = None,
    contact: str | None = None,
    groups: tuple[Group, ...] = (),
    closing: str | None = None,
    broken_title: Sequence[str] | None = None,
) -> int:
    """One letter with the 版头 of `sender`: each of `lines` a paragraph of its own (the first
    indented by the template, the others by two 全角 spaces), `groups` the 通报's tables.
    `broken_title`: the title's lines when the caller knows better than title_lines where its
    words end. Returns the table rows written; the file appears whole or not at all."""
    return render(
        find_template(TEMPLATE, template_dir),
        path,
        fields={
            "masthead": sender,
            "report_number": number,
            "title": title,
            "title_lines": "\n".join(broken_title or title_lines(title)),
            "addressee": f"{addressee}：",
            "body": "\n".join(f"\u3000\u3000{line}" for line in lines).lstrip(),
            "group": None if not groups else "",
            "closing": closing,
            "attachments": None,
            "sender": sender,
            "date": date_label(date),
            "contact": contact,
        },
        groups=groups,
    )


def default_sender(office: Office, sender: str | None) -> str:
    """The organ in the 版头 and the signature: the one given, or the rulebook's [inbox]
    reviewer (盖州市司法局 as shipped)."""
    chosen = (sender or "").strip()
    return chosen or office.rulebook.inbox_reviewer


# ---------------------------------------------------------------------------- 审查意见书


def _candidates(text: str) -> set[str]:
    """`text` as typed and in canonical form (盖司备审[2026]1号 = 盖司备审〔2026〕1号)."""
    found = {text.strip()}
    with contextlib.suppress(DocNumberError):
        found.add(str(parse(text)))
    return found


def _opinion_review(session: Session, number: str) -> IncomingReview:
    """The review numbered `number`, or the one review with 审查意见 of the document so numbered."""
    wanted = _candidates(number)
    review = session.exec(
        select(IncomingReview).where(IncomingReview.opinion_number.in_(wanted))
    ).first()
    if review is not None:
        return review
    filing = session.exec(
        select(IncomingFiling).where(IncomingFiling.doc_number.in_(wanted))
    ).first()
    if filing is None:
        raise NotFoundError(
            f"没有编号为“{number.strip()}”的审查意见书，收文登记中也没有这个文号的文件。",
            how={"cli": "请用 `docfiler inbox show 文号` 查看审查意见书的编号。"},
        )
    reviews = session.exec(
        select(IncomingReview)
        .where(IncomingReview.filing_id == filing.id)
        .order_by(IncomingReview.started_on, IncomingReview.id)
    ).all()
    opinions = [r for r in reviews if r.opinion_number]
    if len(opinions) == 1:
        return opinions[0]
    if opinions:
        raise ValidationError(
            f"{filing.doc_number}有{len(opinions)}份审查意见书："
            + "、".join(r.opinion_number for r in opinions)
            + "。请写明要生成哪一份的编号。"
        )
    raise ValidationError(_no_opinion(filing, reviews))


def _no_opinion(filing: IncomingFiling, reviews: list[IncomingReview]) -> str:
    where = f"{filing.doc_number}《{filing.title}》"
    if not reviews:
        return f"{where}尚未审查，没有审查意见，不能生成审查意见书。"
    last = reviews[-1]
    if last.finished_on is None:
        return f"{where}正在审查，尚无审查结论；登记审查意见后才能生成审查意见书。"
    return (
        f"{where}的审查结论是“{last.result}”，没有审查意见，不出具审查意见书。"
        "只有提出审查意见的审查才有审查意见书。"
    )


def opinion_data(*, office: Office, number: str, sender: str | None = None) -> texts.Opinion:
    """What the 审查意见书 numbered `number` (or of the document with that 文号) says."""
    rules = office.rulebook
    with office.reading() as session:
        review = _opinion_review(session, number)
        filing = session.get(IncomingFiling, review.filing_id)
        unit = session.get(Authority, filing.authority_id)
        followup = session.exec(select(FollowUp).where(FollowUp.review_id == review.id)).first()
    found = json.loads(review.findings) if review.findings else {}
    opinion_on = followup.opinion_on if followup is not None else review.finished_on
    return texts.Opinion(
        number=review.opinion_number,
        unit=unit.name,
        title=filing.title,
        doc_number=filing.doc_number,
        received=filing.received_on,
        registered=filing.registered_on,
        started=review.started_on,
        finished=review.finished_on,
        origin=review.origin,
        findings={item: found[item] for item in REVIEW_CHECKS if found.get(item)},
        reasoning=review.reasoning or "",
        kind=review.opinion_kind or "",
        followup_due=deadlines.followup_due(rules, opinion_on).date,
        government=rules.office_name,
        sender=default_sender(office, sender),
    )


def make_opinion_letter(
    *,
    office: Office,
    output: Path,
    number: str,
    sender: str | None = None,
    contact: str | None = None,
    template_dir: Path | None = None,
) -> WordOutput:
    """Write the 审查意见书; refused (no file) for an unknown number or a review without 审查意见."""
    opinion = opinion_data(office=office, number=number, sender=sender)
    output = Path(output)
    title = texts.opinion_title(opinion.title)
    write_letter(
        output,
        title=title,
        number=opinion.number,
        addressee=opinion.unit,
        lines=texts.opinion_body(opinion),
        sender=opinion.sender,
        date=opinion.finished,
        template_dir=template_dir,
        contact=contact,
    )
    return WordOutput(path=output, title=title, rows=0, documents=(opinion.doc_number,))


# ------------------------------------------------------------------------ 审查建议答复书


def reply_data(*, office: Office, suggestion_id: int) -> texts.Reply:
    """What the reply to 审查建议 `suggestion_id` says; refused while it is not answered."""
    with office.reading() as session:
        record = session.get(ReviewSuggestion, suggestion_id)
        if record is None:
            raise NotFoundError(
                f"没有编号为 {suggestion_id} 的审查建议。",
                how={"cli": "请用 `docfiler inbox suggestions` 查看审查建议的编号。"},
            )
        if record.replied_on is None or not (record.reply or "").strip():
            raise ValidationError(
                f"审查建议 {suggestion_id}（{record.proposer}）尚未答复，还不能生成答复书。",
                how={
                    "cli": f"请先用 `docfiler inbox reply {suggestion_id} --date 日期 --text 答复内容`"
                    " 登记答复。"
                },
            )
        filing = session.get(IncomingFiling, record.filing_id) if record.filing_id else None
        review = session.get(IncomingReview, record.review_id) if record.review_id else None
    return texts.Reply(
        proposer=record.proposer,
        received=record.received_on,
        title=filing.title if filing is not None else record.doc_title,
        doc_number=filing.doc_number if filing is not None else record.doc_number,
        request=record.request,
        reply=record.reply,
        replied=record.replied_on,
        review=(review.started_on, review.finished_on) if review is not None else None,
    )


def make_reply_letter(
    *,
    office: Office,
    output: Path,
    suggestion_id: int,
    number: str | None = None,
    sender: str | None = None,
    contact: str | None = None,
    template_dir: Path | None = None,
) -> WordOutput:
    """Write the 审查建议答复书, dated the day the reply was recorded; `number` its 发文字号."""
    reply = reply_data(office=office, suggestion_id=suggestion_id)
    output = Path(output)
    title = texts.reply_title(reply.title)
    write_letter(
        output,
        title=title,
        number=letter_number(number),
        addressee=reply.proposer,
        lines=texts.reply_body(reply),
        sender=default_sender(office, sender),
        date=reply.replied,
        template_dir=template_dir,
        contact=contact,
    )
    documents = (reply.doc_number,) if reply.doc_number else ()
    return WordOutput(path=output, title=title, rows=0, documents=documents)


def letter_number(text: str | None) -> str | None:
    """A 发文字号 given for a letter, in canonical form; None for a draft without one."""
    if not text or not text.strip():
        return None
    try:
        return str(parse(text))
    except DocNumberError as exc:
        raise ValidationError(f"发文字号“{text.strip()}”有误：{exc}") from None
