"""The texts of a finished cleanup, written as the office sends them (GB/T 9704-2012, the
official_text template: title 2号小标宋, body 3号仿宋 on the 28×22 grid, the organ's name centred
over the date 右空四字 as in the filing report):

- the 决定 that publishes the results, with the counts per outcome and the lists as 附件1–4;
- the 修改决定, when the cleanup decided to amend: each document with the amended provisions as
  registered (the amending document's text), or a marked gap where none are;
- the 清理报告 to the government above (or, for a department's own cleanup, to the government).

The wording is in cleanup_texts.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docfiler.domain.labels import date_label
from docfiler.outputs import cleanup_texts as texts
from docfiler.outputs.filing_report_text import title_lines
from docfiler.outputs.word import WordOutput, find_template, render

DECISION_FILE = "清理结果的决定.docx"
AMENDMENT_FILE = "修改决定.docx"
REPORT_FILE = "清理情况的报告.docx"


def write_text(
    path: Path,
    *,
    title: str,
    addressee: str,
    lines: list[str],
    attachments: str,
    sender: str,
    date: dt.date,
    template_dir: Path | None = None,
    report_number: str | None = None,
    signer: str | None = None,
    contact: str | None = None,
) -> WordOutput:
    """One 决定 or 报告: each of `lines` a paragraph of its own (as the filing report sets its
    items: the first indented by the template, the others by two 全角 spaces)."""
    render(
        find_template("official_text", template_dir),
        path,
        fields={
            "report_number": report_number,
            "signer": f"签发人：{signer}" if signer else None,
            "title": title,
            "title_lines": "\n".join(_title_lines(title, sender)),
            "addressee": addressee,
            "body": "\n".join(f"\u3000\u3000{line}" for line in lines).lstrip(),
            "attachments": attachments,
            "sender": sender,
            "date": date_label(date),
            "contact": contact,
        },
        groups=(),
    )
    return WordOutput(path=path, title=title, rows=0)


def _title_lines(title: str, sender: str) -> list[str]:
    """The title on one line if it fits, else the organ on the first line and the rest (关于…)
    under it, broken as the filing report breaks its title (words whole, 《》 kept together)."""
    lines = title_lines(title)
    rest = title.removeprefix(sender)
    if len(lines) == 1 or rest == title:
        return lines
    return [sender, *title_lines(rest)]


def write_decision(
    results: texts.Results, folder: Path, template_dir: Path | None = None
) -> WordOutput:
    return write_text(
        folder / DECISION_FILE,
        title=texts.decision_title(results.sender),
        addressee=texts.ADDRESSEE,
        lines=texts.decision_body(results),
        attachments=texts.decision_attachments(results),
        sender=results.sender,
        date=results.finished,
        template_dir=template_dir,
    )


def write_amendment(
    results: texts.Results, folder: Path, template_dir: Path | None = None
) -> WordOutput | None:
    """The 修改决定, or None (and no file) when the cleanup amended nothing."""
    path = folder / AMENDMENT_FILE
    amended = results.decided.get("修改", ())
    if not amended:
        path.unlink(missing_ok=True)  # a stale one from before a correction must not stay
        return None
    return write_text(
        path,
        title=texts.amendment_title(results.sender, amended),
        addressee=texts.ADDRESSEE,
        lines=texts.amendment_body(results),
        attachments="",
        sender=results.sender,
        date=results.finished,
        template_dir=template_dir,
    )


def write_report(
    results: texts.Results,
    folder: Path,
    *,
    addressee: str,
    template_dir: Path | None = None,
    contact: str | None = None,
) -> WordOutput:
    return write_text(
        folder / REPORT_FILE,
        title=texts.report_title(results.sender),
        addressee=f"{addressee}：",
        lines=[*texts.report_body(results), "特此报告。"],
        attachments=texts.report_attachments(results),
        sender=results.sender,
        date=results.finished,
        template_dir=template_dir,
        contact=contact,
    )
