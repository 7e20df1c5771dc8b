"""The wording of the yearly account (年度规范性文件备案审查工作报告), as pure functions of the
figures: the opening, the prose of each part, the note of definitions, and the paragraph for the
yearly 依法行政 report in the voice of the seed report (盖州市政府2016年依法行政工作报告 §三.2:
"对于市政府制定的规范性文件，在规定的期限内向营口市政府和盖州市人大常委会报送备案，2016年制定
规范性文件1件，即《…》（盖政发[2016]9号），已向营口市政府和盖州市人大常委会备案")."""

from __future__ import annotations

from collections.abc import Sequence

from docfiler.domain.labels import date_label
from docfiler.outputs.filing_report_text import book, chinese_number
from docfiler.queries.annual_report import (
    CLEANUP_DEFINITIONS,
    INBOX_DEFINITIONS,
    OWN_DEFINITIONS,
    AnnualReport,
    BodyFigures,
    OwnDocument,
    period_label,
)

NAMED = 3
"""The documents the 依法行政 paragraph names one by one; more are named as 《…》等N件."""
SECTIONS = (
    "本级政府规范性文件制定和报送备案情况",
    "政府部门和乡镇（街道）规范性文件备案审查情况",
    "审查建议办理情况",
    "规范性文件清理情况",
    "依法行政工作报告相关内容",
)


def title(report: AnnualReport) -> str:
    return f"{report.government}{report.year}年度规范性文件备案审查工作报告"


def heading(index: int) -> str:
    """一、本级政府… : the part's number and name."""
    return f"{chinese_number(index + 1)}、{SECTIONS[index]}"


def opening(report: AnnualReport) -> str:
    scope = (
        f"数据统计期间为{period_label(report)}"
        if report.complete
        else f"{report.year}年度尚未结束，数据截至{date_label(report.as_of)}"
    )
    return (
        f"{report.year}年，我市按照《辽宁省规章规范性文件备案办法》等规定，认真做好市政府规范性文件"
        "报送备案和政府部门、乡镇（街道）规范性文件备案审查工作，严格执行规范性文件定期清理制度。"
        f"现将{report.year}年度规范性文件备案审查工作情况报告如下（{scope}，"
        "按登记的日期统计，统计口径见文末注）："
    )


# ---------------------------------------------------------------------------- the parts


def own_part(report: AnnualReport) -> list[str]:
    """Part 一: the documents made in the year and their filing with each 备案机关."""
    made = len(report.documents)
    if not made:
        return [
            f"{report.year}年，市政府（含市政府办公室）未制定行政规范性文件，没有需要报送备案的文件。"
        ]
    lines = [f"{report.year}年，市政府（含市政府办公室）制定行政规范性文件{made}件。"]
    for body in report.bodies:
        if body.due:
            lines.append(_body_sentence(body, report.year))
    lines.append("各文件的报送备案情况见表1、表2。")
    return ["".join(lines)]


def _body_sentence(body: BodyFigures, year: int) -> str:
    parts = [f"应向{body.body}报送备案{body.due}件，已报送{body.filed}件"]
    if body.filed:
        parts[-1] += f"（按时{body.on_time}件、逾期{body.late}件）"
    if body.overdue:
        parts.append(f"逾期未报送{body.overdue}件")
    if body.pending:
        parts.append(f"{body.pending}件的报送期限在{year + 1}年，至统计截止日尚未到期")
    rates = f"报备率{body.filing_rate.label()}，报备及时率{body.timely_rate.label()}"
    return "，".join(parts) + "；" + rates + "。"


def inbox_part(report: AnnualReport) -> list[str]:
    """Part 二: what departments and townships filed, its registration, review and correction."""
    f = report.inbox
    if not f["received"] and not f["reviewed"] and not f["unfiled"]:
        return [
            "全年未收到政府部门和乡镇人民政府、街道办事处报送备案的行政规范性文件，"
            "也没有审查完毕的备案文件。"
        ]
    text = (
        f"全年收到政府部门和乡镇人民政府、街道办事处报送备案的行政规范性文件{f['received']}件，"
        f"其中按期报送{f['on_time']}件，逾期报送{f['late']}件。作出暂缓办理备案登记（通知补正）"
        f"{f['deferred']}件，不予备案登记（退回）{f['rejected']}件，予以备案登记{f['registered']}件。"
        f"审查完毕{f['reviewed']}件次，发现问题并提出审查意见{f['problems']}件次"
    )
    if f["problems"]:
        text += f"，已纠正（含制定机关自行废止）{f['corrected']}件，纠错率{report.correction_rate.label()}"
    text += "。"
    if f["unfiled"]:
        text += f"另掌握报送期限在本年度内、至年底仍未报送备案的文件{f['unfiled']}件。"
    return [text + "具体数据见表3。"]


def suggestion_part(report: AnnualReport) -> list[str]:
    """Part 三: 审查建议."""
    f = report.inbox
    received = f["suggestions_received"]
    if not received:
        return ["全年未收到公民、法人和其他组织提出的审查建议。"]
    return [
        f"全年收到公民、法人和其他组织提出的审查建议{received}件，已书面答复"
        f"{f['suggestions_answered']}件，其中在答复期限内答复{f['suggestions_on_time']}件。"
        "具体数据见表4。"
    ]


def cleanup_part(report: AnnualReport) -> list[str]:
    """Part 四: the cleanups finished in the year."""
    if not report.campaigns:
        return [f"{report.year}年没有完成的规范性文件清理。"]
    lines = [f"{report.year}年完成规范性文件清理{len(report.campaigns)}次。"]
    for campaign in report.campaigns:
        counts = campaign.counts
        lines.append(
            f"“{campaign.name}”以{date_label(campaign.as_of)}为清理基准日，"
            f"于{date_label(campaign.finished)}完成，"
            + (
                f"清理文件{campaign.total}件，其中继续有效{counts['kept']}件、修改{counts['amended']}件、"
                f"废止{counts['repealed']}件、宣布失效{counts['declared_invalid']}件。"
                if campaign.total
                else "清理结果未逐件登记。"
            )
        )
    lines.append("具体数据见表5。")
    return ["".join(lines)]


def rule_of_law_part(report: AnnualReport) -> list[str]:
    """Part 五: the paragraph for the yearly 依法行政 report, introduced."""
    return [
        f"按照年度依法行政工作报告的体例，{report.year}年规范性文件备案审查和清理工作表述如下：",
        rule_of_law_paragraph(report),
    ]


# ---------------------------------------------------------------------------- 依法行政


def rule_of_law_paragraph(report: AnnualReport) -> str:
    """The paragraph for the yearly 依法行政 report (seed report §三.2), from the figures."""
    points = [_own_point(report), _inbox_point(report)]
    if report.campaigns:
        points.append(_cleanup_point(report))
    return "".join(
        f"{chinese_number(index)}是{point}" for index, point in enumerate(points, start=1)
    )


def _bodies(report: AnnualReport) -> str:
    return "和".join(body.body for body in report.bodies) or report.superior


def _own_point(report: AnnualReport) -> str:
    head = (
        f"加强规范性文件备审监督。对于市政府制定的规范性文件，在规定的期限内向{_bodies(report)}"
        "报送备案，"
    )
    if not report.documents:
        return head + f"{report.year}年市政府未制定规范性文件。"
    made = f"{report.year}年制定规范性文件{len(report.documents)}件，即{_named(report.documents)}，"
    due = [body for body in report.bodies if body.due]
    if all(body.on_time == body.due for body in due):
        return (
            head
            + made
            + f"已按时向{'和'.join(b.body for b in due)}报送备案，报备率、报备及时率均为100%。"
        )
    parts = [
        f"向{b.body}报送备案{b.filed}件（应报{b.due}件"
        + (f"，其中{b.pending}件尚未到期" if b.pending else "")
        + f"），报备率{b.filing_rate.label()}、报备及时率{b.timely_rate.label()}"
        for b in due
    ]
    return head + made + "；".join(parts) + "。"


def _named(documents: Sequence[OwnDocument]) -> str:
    shown = "、".join(f"{book(d.title)}（{d.doc_number}）" for d in documents[:NAMED])
    return shown if len(documents) <= NAMED else f"{shown}等{len(documents)}件"


def _inbox_point(report: AnnualReport) -> str:
    f = report.inbox
    text = "认真做好政府部门和乡镇（街道）规范性文件的备案登记和审查工作。"
    if f["received"] or f["reviewed"]:
        text += (
            f"全年接收报送备案的规范性文件{f['received']}件，其中按期报送{f['on_time']}件、"
            f"逾期报送{f['late']}件，暂缓办理备案登记{f['deferred']}件、不予备案登记{f['rejected']}件；"
            f"审查{f['reviewed']}件次，发现问题并提出审查意见{f['problems']}件次"
        )
        if f["problems"]:
            text += f"，已纠正{f['corrected']}件，纠错率{report.correction_rate.label()}"
        text += "。"
    else:
        text += "全年未收到报送备案的规范性文件。"
    received = f["suggestions_received"]
    if received:
        answered, on_time = f["suggestions_answered"], f["suggestions_on_time"]
        text += f"办理公民、法人和其他组织提出的审查建议{received}件，" + (
            "均已在期限内书面答复。"
            if on_time == received
            else f"已书面答复{answered}件，其中按期答复{on_time}件。"
        )
    return text


def _cleanup_point(report: AnnualReport) -> str:
    totals = report.cleanup_totals
    total = sum(totals.values())
    names = "、".join(f"“{c.name}”" for c in report.campaigns)
    text = f"严格执行规范性文件定期清理制度。{report.year}年完成{names}"
    if not total:
        return text + "。"
    return (
        text
        + f"，清理规范性文件{total}件，其中继续有效{totals['kept']}件、修改{totals['amended']}件、"
        f"废止{totals['repealed']}件、宣布失效{totals['declared_invalid']}件，并将清理结果向社会公布。"
    )


# ---------------------------------------------------------------------------- the note


def note_lines(report: AnnualReport) -> list[str]:
    """注: how each figure is counted, one paragraph per part of the report."""
    parts = (
        ("本级政府规范性文件报送备案", OWN_DEFINITIONS.values()),
        (
            "政府部门和乡镇（街道）规范性文件备案审查、审查建议",
            [_inbox_definition(key, text) for key, text in INBOX_DEFINITIONS.items()],
        ),
        ("规范性文件清理", CLEANUP_DEFINITIONS.values()),
    )
    return [
        f"注：数据按登记簿中登记的日期统计，统计截止日为{date_label(report.as_of)}，"
        "其后登记的事项不计入。各项数据的统计口径如下：",
        *(
            f"{number}. {name}——{'；'.join(items)}。"
            for number, (name, items) in enumerate(parts, start=1)
        ),
    ]


INBOX_LABELS = {
    "received": "收到报备文件",
    "on_time": "按期报送",
    "late": "逾期报送",
    "deferred": "暂缓办理备案登记",
    "rejected": "不予备案登记",
    "registered": "予以备案登记",
    "reviewed": "审查完毕",
    "problems": "提出审查意见",
    "corrected": "已纠正",
    "unfiled": "未报备",
    "suggestions_received": "收到审查建议",
    "suggestions_answered": "已答复",
    "suggestions_on_time": "按期答复",
}
"""The inbox figures as the report's tables and note name them."""


def _inbox_definition(key: str, text: str) -> str:
    return text if key == "correction_rate" else f"{INBOX_LABELS[key]}：{text}"
