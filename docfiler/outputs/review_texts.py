"""The wording of the reviewer's letters (备案审查), as pure functions: the 审查意见书 to the unit
that made a document, the 通报 of units that filed late or not at all, the 审查建议答复书 to the
one who proposed a review.

The sources are cited as the rulebook cites them (rules/rulebook.toml, [inbox] and [filing]):
units file with the government of their level under 辽宁省规章规范性文件备案办法 art. 3, and the
review follows the pattern of 法规规章备案审查条例 (国务院令第789号), whose article numbers could
not be read in the original (未核实) — so the 条例 is cited as a whole, never an article. 审查建议
rest on 国办发〔2018〕37号.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docfiler.domain.labels import date_label, table_date_label
from docfiler.outputs.filing_report_text import (
    BASES,
    TITLE_LINE_EM,
    book,
    chinese_number,
    title_lines,
)
from docfiler.outputs.widths import text_em

FILING_BASIS = BASES["government"]
"""Why units file with the office: 辽宁省规章规范性文件备案办法 art. 3."""
REVIEW_PATTERN = "《法规规章备案审查条例》（国务院令第789号）"
"""The procedure the office's review follows (the rulebook's [inbox] and [filing])."""
SUGGESTION_BASIS = (
    "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"
)
"""Why citizens and organizations may ask for a review (the rulebook's [inbox])."""
NOTICE_ADDRESSEE = "各乡镇人民政府、街道办事处，市政府各部门"
"""主送机关 of the 通报: every unit that files with a county-level city government."""
DEMANDS = {
    "建议自行修改": "建议你单位对该文件进行修改",
    "建议自行废止": "建议你单位废止该文件",
    "责令改正": "请你单位对上述问题予以改正",
    "提请撤销": "本机关将依法提请{government}撤销该文件，请你单位停止执行上述规定",
}
"""What a 审查意见 asks of the unit, by its kind (vocabulary.OPINION_KINDS)."""
_ORGANIZATION_ENDINGS = ("公司", "企业", "单位", "协会", "商会", "中心", "委员会", "事务所", "社")
_REQUEST_VERBS = ("认为", "提出", "建议", "反映", "要求", "请求")


def sentence(text: str) -> str:
    """`text` ending as a sentence does (a 。 added unless it ends with one of 。！？；)."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；" else text + "。"


def cited(title: str | None, number: str | None) -> str:
    """《title》（文号）, or what of the two is known."""
    if title and number:
        return f"{book(title)}（{number}）"
    if title:
        return book(title)
    return f"文号为{number}的文件" if number else "有关文件"


# ------------------------------------------------------------------------------- 审查意见书


@dataclass(frozen=True)
class Opinion:
    """What a 审查意见书 says, from the stored review and its filing."""

    number: str
    unit: str
    title: str
    doc_number: str
    received: dt.date | None
    registered: dt.date | None
    started: dt.date
    finished: dt.date
    origin: str
    """registration or suggestion (vocabulary of IncomingReview.origin)."""
    findings: Mapping[str, str]
    """Checklist item → what is wrong, in the checklist's order."""
    reasoning: str
    kind: str
    followup_due: dt.date
    government: str
    """The government of the office's level, which may repeal a unit's document (提请撤销)."""
    sender: str


def opinion_title(title: str) -> str:
    return f"关于{book(title)}的审查意见书"


def opinion_body(opinion: Opinion) -> list[str]:
    """The paragraphs of a 审查意见书: what was filed and reviewed on which basis, each problem
    per checklist item, the reasoning, what the unit must do and by when."""
    filed = f"你单位报送备案的{cited(opinion.title, opinion.doc_number)}"
    if opinion.received is not None:
        filed += f"，本机关于{date_label(opinion.received)}收到"
    if opinion.registered is not None:
        filed += f"，{date_label(opinion.registered)}予以备案登记"
    how = (
        f"依据公民、法人或者其他组织提出的审查建议，于{date_label(opinion.started)}启动审查"
        if opinion.origin == "suggestion"
        else "进行了审查"
    )
    lines = [
        f"{filed}。根据{FILING_BASIS}的规定，参照{REVIEW_PATTERN}规定的备案审查程序，"
        f"本机关对该文件{how}。经审查，该文件存在以下问题：",
    ]
    for index, (item, problem) in enumerate(opinion.findings.items(), start=1):
        lines.append(f"（{chinese_number(index)}）{item}方面。{sentence(problem)}")
    lines.append(f"审查理由：{sentence(opinion.reasoning)}")
    demand = DEMANDS.get(opinion.kind, opinion.kind).format(government=opinion.government)
    if opinion.kind == "提请撤销" and opinion.sender == opinion.government:
        demand = "本机关将依法提请撤销该文件，请你单位停止执行上述规定"
    lines.append(
        f"据此，{demand}，并于{date_label(opinion.followup_due)}前将处理情况书面报告本机关。"
    )
    return lines


# ---------------------------------------------------------------------------------- 通报


@dataclass(frozen=True)
class UnitRecord:
    """One unit's documents filed late or not at all in the period."""

    unit: str
    late: int
    unfiled: int


def notice_title(sender: str, year: int) -> str:
    return f"{sender}关于{year}年度行政规范性文件报送备案情况的通报"


def notice_title_lines(sender: str, year: int) -> list[str]:
    """The title broken between its words (GB/T 9704 §7.3.1: 词意完整): the organ and the year
    on the first line, 行政规范性文件… on the second; the general breaking for a long organ."""
    first, second = f"{sender}关于{year}年度", "行政规范性文件报送备案情况的通报"
    if text_em(first) <= TITLE_LINE_EM:
        return [first, second]
    return title_lines(notice_title(sender, year))


def notice_intro(
    *, year: int, days: int, filing_body: str, units: Sequence[UnitRecord], on: dt.date
) -> str:
    """The opening paragraph: the rule, then the totals of the period."""
    late = sum(u.late for u in units)
    unfiled = sum(u.unfiled for u in units)
    counts = []
    if late:
        counts.append(f"逾期报送{late}件")
    if unfiled:
        counts.append(f"截至{date_label(on)}仍未报送{unfiled}件")
    text = (
        f"根据{FILING_BASIS}的规定，各乡镇人民政府、街道办事处和市政府各部门制定的行政规范性文件，"
        f"应当自公布之日起{days}日内报送{filing_body}备案。经统计，报送期限在{year}年内的文件中，"
        f"有{len(units)}个单位的{late + unfiled}件行政规范性文件未按期报送备案，"
        f"其中{'，'.join(counts)}。"
    )
    if unfiled:
        text += f"未报送文件的逾期天数计算至{date_label(on)}。"
    return text + "现将有关情况通报如下："


def unit_heading(index: int, unit: UnitRecord) -> str:
    counts = []
    if unit.late:
        counts.append(f"逾期报送{unit.late}件")
    if unit.unfiled:
        counts.append(f"未报送{unit.unfiled}件")
    return f"{chinese_number(index)}、{unit.unit}（{'，'.join(counts)}）"


def notice_demands(*, days: int, materials: Sequence[str], unfiled: bool) -> str:
    """The 要求 paragraph."""
    text = "请上述单位高度重视行政规范性文件备案工作，认真查找原因，切实加以整改。"
    if unfiled:
        text += "未报送备案的文件，请立即补报。"
    return text + (
        f"各单位今后制定的行政规范性文件，应当自公布之日起{days}日内报送备案，"
        f"并一并报送{'、'.join(materials)}等材料。"
    )


table_date = table_date_label
"""A date in the 通报's table: 2026.3.17."""


# ------------------------------------------------------------------------------ 审查建议答复书


@dataclass(frozen=True)
class Reply:
    """What a 审查建议答复书 says, from the stored suggestion (and the review it started)."""

    proposer: str
    received: dt.date
    title: str | None
    doc_number: str | None
    request: str
    reply: str
    replied: dt.date
    review: tuple[dt.date, dt.date | None] | None
    """(started, finished) of the review the suggestion started, if it started one."""


def reply_title(title: str | None) -> str:
    return f"关于{book(title)}审查建议的答复" if title else "关于审查建议的答复"


def _you(proposer: str) -> str:
    """你单位 for an organization, 你 for a person."""
    return "你单位" if proposer.strip().endswith(_ORGANIZATION_ENDINGS) else "你"


def reply_body(reply: Reply) -> list[str]:
    """The paragraphs of a reply: what was asked, how it was handled, the answer recorded."""
    you = _you(reply.proposer)
    request = reply.request.strip()
    if not request.startswith(_REQUEST_VERBS):
        request = "提出：" + request
    handled = f"根据{SUGGESTION_BASIS}的规定，本机关对{you}的建议进行了研究办理"
    if reply.review is not None:
        started, finished = reply.review
        handled += f"，于{date_label(started)}对该文件启动审查"
        if finished is not None:
            handled += f"，{date_label(finished)}审查完毕"
    return [
        f"{you}于{date_label(reply.received)}对{cited(reply.title, reply.doc_number)}"
        f"提出的审查建议收悉。{you}在建议中{sentence(request)}",
        handled + "。现答复如下：",
        sentence(reply.reply),
        f"感谢{you}对行政规范性文件监督工作的关心和支持。",
    ]
