"""The `inbox` sub-app: the office as filing body (备案审查) — documents filed by departments and
townships, received, checked, reviewed and followed up; 审查建议; units that do not file; the
year's figures."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from docfiler.cli.printing import echo_json
from docfiler.cli.state import office_of
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_date, parse_optional_date
from docfiler.errors import ValidationError

app = ChineseTyper(
    help="收文备案审查：接收部门、乡镇（街道）报送备案的文件，登记、审查、跟踪纠错，审查建议，"
    "未报备统计和年度数据。"
)

Number = Annotated[str, typer.Argument(help="报备文件的文号。", metavar="文号")]
Date = Annotated[str, typer.Option("--date", metavar=DATE, help="日期，如 2026-03-01。")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 输出。")]
Materials = Annotated[
    list[str] | None,
    typer.Option("--material", help="收到的材料（可重复）：备案报告、正式文本、起草说明……"),
]


def _done(result: Any, as_json: bool, line: str) -> None:
    if as_json:
        echo_json(result.as_json())
    else:
        typer.echo(line)


def _cited(values: list[str] | None) -> list[tuple[str, str | None]]:
    """--cites 盖教发〔2026〕9号《标题》: the 文号, and the title when given in 《》."""
    cited = []
    for value in values or []:
        number, _, title = value.partition("《")
        cited.append((number.strip(), title.rstrip("》").strip() or None))
    return cited


@app.command("receive", help="接收登记一件报备文件：计算报送期限，记录是否逾期、缺少哪些材料。")
def receive_cmd(
    ctx: typer.Context,
    number: Number,
    unit: Annotated[str, typer.Option("--unit", help="报送单位（已登记的部门或乡镇、街道）。")],
    title: Annotated[str, typer.Option("--title", help="文件标题。")],
    published: Annotated[str, typer.Option("--published", metavar=DATE, help="公布日期。")],
    received: Annotated[str, typer.Option("--received", metavar=DATE, help="收到日期。")],
    material: Materials = None,
    cites: Annotated[
        list[str] | None,
        typer.Option("--cites", help="引用的本单位文件，如 盖教发〔2026〕9号《标题》（可重复）。"),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="备注。")] = None,
    as_json: AsJson = False,
) -> None:
    from docfiler import services

    result = services.receive_filing(
        office=office_of(ctx),
        unit=unit,
        number=number,
        title=title,
        published=parse_date(published, "公布日期"),
        received=parse_date(received, "收到日期"),
        materials=material or [],
        cites=_cited(cites),
        note=note,
    )
    late = f"逾期 {result.late_days} 日" if result.late_days else "按期报送"
    line = f"已接收 {result.doc_number}《{result.title}》：报送期限 {result.due}，{late}。"
    if result.missing:
        line += f"缺少材料：{'、'.join(result.missing)}。"
    if result.unfiled_found:
        line += f"引用的未报备文件：{'、'.join(result.unfiled_found)}。"
    _done(result, as_json, line)


@app.command("unfiled", help="记录一件已知存在、但报送单位从未报备的文件。")
def unfiled_cmd(
    ctx: typer.Context,
    number: Number,
    unit: Annotated[str, typer.Option("--unit", help="制定单位。")],
    title: Annotated[str, typer.Option("--title", help="文件标题。")],
    published: Annotated[
        str | None, typer.Option("--published", metavar=DATE, help="公布日期。")
    ] = None,
    found_in: Annotated[
        str | None, typer.Option("--found-in", help="在哪件报备文件中发现（文号）。")
    ] = None,
    as_json: AsJson = False,
) -> None:
    from docfiler import services

    result = services.record_unfiled(
        office=office_of(ctx),
        unit=unit,
        number=number,
        title=title,
        published=parse_optional_date(published, "公布日期"),
        found_in=found_in,
    )
    _done(result, as_json, f"已记录未报备文件 {result.doc_number}《{result.title}》。")


@app.command(
    "register", help="备案登记：予以备案登记、暂缓办理备案登记（通知补正）或不予备案登记。"
)
def register_cmd(
    ctx: typer.Context,
    number: Number,
    outcome: Annotated[
        str, typer.Option("--outcome", help="予以备案登记、暂缓办理备案登记 或 不予备案登记。")
    ],
    date: Date,
    reason: Annotated[
        str | None, typer.Option("--reason", help="暂缓、不予登记的理由（必填）。")
    ] = None,
    supplement_due: Annotated[
        str | None,
        typer.Option("--supplement-due", metavar=DATE, help="补正期限（默认按规则文件计算）。"),
    ] = None,
    as_json: AsJson = False,
) -> None:
    from docfiler import services

    result = services.register_incoming(
        office=office_of(ctx),
        number=number,
        outcome=outcome,
        on=parse_date(date, "登记日期"),
        reason=reason,
        supplement_due=parse_optional_date(supplement_due, "补正期限"),
    )
    line = f"{result.doc_number}：{result.outcome}（{result.on}）"
    if result.supplement_due:
        line += f"，{result.supplement_due} 前补正"
    if result.review_due:
        line += f"，{result.review_due} 前完成审查"
    _done(result, as_json, line + "。")


@app.command("supplement", help="登记收到补正材料（暂缓办理备案登记之后）。")
def supplement_cmd(
    ctx: typer.Context,
    number: Number,
    date: Date,
    material: Materials = None,
    as_json: AsJson = False,
) -> None:
    from docfiler import services

    result = services.record_supplement(
        office=office_of(ctx),
        number=number,
        on=parse_date(date, "补正收到日期"),
        materials=material or [],
    )
    missing = f"仍缺：{'、'.join(result.missing)}。" if result.missing else "材料已齐全。"
    _done(result, as_json, f"已收到 {result.doc_number} 的补正材料；{missing}")


def _findings(values: list[str] | None) -> dict[str, str]:
    found = {}
    for value in values or []:
        item, sep, text = value.partition("=")
        if not sep:
            raise ValidationError(f"--finding“{value}”应写成 审查项目=发现的问题。")
        found[item.strip()] = text.strip()
    return found


@app.command("review", help="登记审查结论：未发现问题，或审查意见（自动编号）。")
def review_cmd(
    ctx: typer.Context,
    number: Number,
    date: Date,
    result: Annotated[str, typer.Option("--result", help="未发现问题 或 审查意见。")],
    finding: Annotated[
        list[str] | None,
        typer.Option("--finding", help="审查项目=发现的问题，如 与上位法抵触=第八条……（可重复）。"),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="审查意见的处理方式：建议自行修改、建议自行废止、责令改正、提请撤销。"
        ),
    ] = None,
    reasoning: Annotated[str | None, typer.Option("--reasoning", help="审查理由。")] = None,
    start: Annotated[
        bool, typer.Option("--start", help="不是登记结论，而是对已登记的文件重新开始一次审查。")
    ] = False,
    as_json: AsJson = False,
) -> None:
    from docfiler import services

    office, on = office_of(ctx), parse_date(date, "审查日期")
    if start:
        started = services.start_review(office=office, number=number, on=on, origin="office")
        _done(started, as_json, f"已开始审查 {started.doc_number}，{started.due} 前完成。")
        return
    reviewed = services.finish_incoming_review(
        office=office,
        number=number,
        on=on,
        result=result,
        findings=_findings(finding),
        reasoning=reasoning,
        opinion_kind=kind,
    )
    line = f"{reviewed.doc_number}：{reviewed.result}"
    if reviewed.opinion_number:
        line += f"（{reviewed.opinion_number}，{reviewed.opinion_kind}），{reviewed.followup_due} 前报告处理情况"
    _done(reviewed, as_json, line + "。")


@app.command("report", help="登记报送单位对审查意见的处理情况。")
def report_cmd(
    ctx: typer.Context,
    number: Number,
    date: Date,
    text: Annotated[str, typer.Option("--text", help="处理情况。")],
    as_json: AsJson = False,
) -> None:
    from docfiler import services

    result = services.record_followup_report(
        office=office_of(ctx), number=number, on=parse_date(date, "处理情况收到日期"), report=text
    )
    _done(result, as_json, f"已登记 {result.doc_number} 的处理情况（{result.opinion_number}）。")


@app.command("close", help="审查意见办结：已纠正（写明纠正后的文件）、已废止 或 已提请撤销。")
def close_cmd(
    ctx: typer.Context,
    number: Number,
    date: Date,
    outcome: Annotated[str, typer.Option("--outcome", help="已纠正、已废止 或 已提请撤销。")],
    corrected_by: Annotated[
        str | None, typer.Option("--corrected-by", help="纠正后的文件文号（须已接收登记）。")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="备注。")] = None,
    as_json: AsJson = False,
) -> None:
    from docfiler import services

    result = services.close_followup(
        office=office_of(ctx),
        number=number,
        on=parse_date(date, "办结日期"),
        outcome=outcome,
        corrected_by=corrected_by,
        note=note,
    )
    linked = f"（纠正后文件 {result.corrected_by}）" if result.corrected_by else ""
    _done(result, as_json, f"{result.opinion_number} 已办结：{result.outcome}{linked}。")


@app.command("suggest", help="登记公民、法人或其他组织提出的审查建议。")
def suggest_cmd(
    ctx: typer.Context,
    proposer: Annotated[str, typer.Option("--proposer", help="提出人。")],
    received: Annotated[str, typer.Option("--received", metavar=DATE, help="收到日期。")],
    request: Annotated[str, typer.Option("--request", help="建议内容。")],
    contact: Annotated[str | None, typer.Option("--contact", help="联系方式。")] = None,
    number: Annotated[str | None, typer.Option("--number", help="所指文件的文号。")] = None,
    title: Annotated[str | None, typer.Option("--title", help="所指文件的标题。")] = None,
    as_json: AsJson = False,
) -> None:
    from docfiler import services

    result = services.receive_suggestion(
        office=office_of(ctx),
        proposer=proposer,
        received=parse_date(received, "收到日期"),
        request=request,
        contact=contact,
        number=number,
        title=title,
    )
    _done(result, as_json, f"已登记审查建议（编号 {result.id}），{result.reply_due} 前答复。")


SuggestionId = Annotated[int, typer.Argument(help="审查建议编号。", metavar="审查建议编号")]


@app.command("suggestion-review", help="依审查建议对所指文件开始审查。")
def suggestion_review_cmd(
    ctx: typer.Context, suggestion_id: SuggestionId, date: Date, as_json: AsJson = False
) -> None:
    from docfiler import services

    result = services.review_from_suggestion(
        office=office_of(ctx), suggestion_id=suggestion_id, on=parse_date(date, "审查开始日期")
    )
    _done(result, as_json, f"已开始审查 {result.doc_number}，{result.due} 前完成。")


@app.command("reply", help="登记对审查建议的书面答复。")
def reply_cmd(
    ctx: typer.Context,
    suggestion_id: SuggestionId,
    date: Date,
    text: Annotated[str, typer.Option("--text", help="答复内容。")],
    as_json: AsJson = False,
) -> None:
    from docfiler import services

    result = services.reply_suggestion(
        office=office_of(ctx),
        suggestion_id=suggestion_id,
        on=parse_date(date, "答复日期"),
        reply=text,
    )
    late = f"，逾期 {result.late_days} 日" if result.late_days else "，在期限内"
    _done(result, as_json, f"已登记审查建议 {result.id} 的答复{late}。")


@app.command("list", help="列出报备文件（最近收到的在前），可按阶段、报送单位筛选。")
def list_cmd(
    ctx: typer.Context,
    stage: Annotated[
        str | None, typer.Option("--stage", help="阶段：未报备、待登记、审查中、待处理情况……")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="报送单位。")] = None,
    as_json: AsJson = False,
) -> None:
    from docfiler.queries.inbox import inbox

    rows = inbox(office=office_of(ctx), stage=stage, unit=unit)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        received = row["received_on"] or "未报送"
        late = f" 逾期{row['late_days']}日" if row["late_days"] else ""
        typer.echo(
            f"{row['stage_label']}  {row['doc_number']}《{row['title']}》  {row['unit']}  "
            f"收到 {received}{late}"
        )
    if not rows:
        typer.echo("（无）")


@app.command("show", help="查看一件报备文件：登记、审查、审查意见及处理情况、审查建议。")
def show_cmd(ctx: typer.Context, number: Number, as_json: AsJson = False) -> None:
    from docfiler.queries.inbox import show_incoming

    view = show_incoming(office=office_of(ctx), number=number)
    if as_json:
        echo_json(view)
        return
    lines = [
        f"{view['doc_number']}《{view['title']}》  {view['unit']}  {view['stage_label']}",
        f"公布 {view['published_on'] or '—'}  报送期限 {view['due_on'] or '—'}  "
        f"收到 {view['received_on'] or '未报送'}"
        + (f"（逾期 {view['late_days']} 日）" if view["late_days"] else ""),
    ]
    if view["missing"]:
        lines.append(f"缺少材料：{'、'.join(view['missing'])}")
    for review in view["reviews"]:
        lines.append(
            f"审查 {review['started_on']} 起（{review['due_on']} 前）："
            f"{review['result'] or '进行中'} {review['opinion_number'] or ''}".rstrip()
        )
        if review["followup"]:
            up = review["followup"]
            lines.append(
                f"  处理情况 {up['due_on']} 前：收到 {up['reported_on'] or '—'}，"
                f"{up['outcome'] or '未办结'}"
                + (f"（{up['corrected_by']}）" if up["corrected_by"] else "")
            )
    lines += [
        f"审查建议 {s['id']}：{s['proposer']}（{s['received_on']}）" for s in view["suggestions"]
    ]
    typer.echo("\n".join(lines))


@app.command("suggestions", help="列出审查建议。")
def suggestions_cmd(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="只列尚未答复的。")] = False,
    as_json: AsJson = False,
) -> None:
    from docfiler.queries.inbox import suggestions

    rows = suggestions(office=office_of(ctx), open_only=open_only)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        state = f"已答复 {row['replied_on']}" if row["replied_on"] else f"{row['reply_due']} 前答复"
        typer.echo(
            f"{row['id']}  {row['received_on']}  {row['proposer']}  "
            f"{row['doc_number'] or row['doc_title'] or '未指明文件'}  {state}"
        )
    if not rows:
        typer.echo("（无）")


@app.command("not-filed", help="统计期间内逾期报备和未报备的文件，按报送单位列出。")
def not_filed_cmd(
    ctx: typer.Context,
    start: Annotated[
        str,
        typer.Option("--from", metavar=DATE, help="期间开始日期（报送期限在此之后）。"),
    ],
    end: Annotated[str, typer.Option("--to", metavar=DATE, help="期间结束日期。")],
    as_json: AsJson = False,
) -> None:
    from docfiler.queries.inbox import not_filed

    units = not_filed(
        office=office_of(ctx), start=parse_date(start, "开始日期"), end=parse_date(end, "结束日期")
    )
    if as_json:
        echo_json(units)
        return
    for unit in units:
        typer.echo(
            f"{unit['unit']}：逾期报备 {len(unit['late'])} 件，未报备 {len(unit['unfiled'])} 件"
        )
        for item in unit["late"]:
            typer.echo(f"  逾期 {item['late_days']} 日  {item['doc_number']}《{item['title']}》")
        for item in unit["unfiled"]:
            typer.echo(f"  未报备  {item['doc_number']}《{item['title']}》")
    if not units:
        typer.echo("期间内没有逾期或未报备的文件。")


FIGURE_LABELS = {
    "received": "收到报备文件",
    "on_time": "  其中按期",
    "late": "  其中逾期",
    "deferred": "暂缓办理备案登记",
    "rejected": "不予备案登记",
    "registered": "予以备案登记",
    "reviewed": "审查完毕",
    "problems": "提出审查意见",
    "corrected": "已纠正（含自行废止）",
    "correction_rate": "纠错率",
    "unfiled": "未报备",
    "suggestions_received": "收到审查建议",
    "suggestions_answered": "  已答复",
    "suggestions_on_time": "  按期答复",
}


@app.command("figures", help="年度备案审查数据（按登记的日期统计，可重现任一往年）。")
def figures_cmd(
    ctx: typer.Context,
    year: Annotated[int, typer.Option("--year", help="年份，如 2026。")],
    as_json: AsJson = False,
) -> None:
    from docfiler.queries.inbox import year_figures

    data = year_figures(office=office_of(ctx), year=year)
    if as_json:
        echo_json(data)
        return
    typer.echo(f"{year}年备案审查数据")
    for key, label in FIGURE_LABELS.items():
        value = data["figures"][key]
        if key == "correction_rate":
            value = "—" if value is None else f"{value:.0%}"
        typer.echo(f"{label}：{value}")
