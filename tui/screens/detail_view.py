"""The detail screen's panels, drawn with Rich from one show_document view: the fields, the
procedure as a dated timeline, the filings, relations and legal bases, and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

CHINA = dt.timezone(dt.timedelta(hours=8), "北京时间")
STATUS_STYLES = {
    "draft": "bold white on grey37",
    "published": "bold black on cyan",
    "in_force": "bold black on green",
    "lapsed": "bold black on yellow",
    "repealed": "bold white on red",
    "declared_invalid": "bold white on red",
}


def local_time(iso: str) -> str:
    """Audit times are stored in UTC; the office reads Beijing time."""
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def dash(iso: str | None) -> str:
    """A date as the view gives it (2016-03-01), or — when there is none."""
    return iso or "—"


def days_left_text(days: int | None, submitted: str | None, result: str | None = None) -> Text:
    """The 剩余 cell: days left, or where the filing stands once it was sent."""
    from docfiler.domain.labels import days_label

    if submitted and result:
        return Text("已办结", style="green")
    if submitted:
        return Text("已报送，待答复")
    if days is None:
        return Text("—")
    if days < 0:
        return Text(days_label(days), style="bold red")
    if days == 0:
        return Text(days_label(days), style="bold yellow")
    return Text(days_label(days), style="yellow" if days <= 7 else "")


def fields_table(view: dict[str, Any]) -> Table:
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
    table.add_column("项目", style="bold", width=12, no_wrap=True)
    table.add_column("内容", ratio=1, overflow="fold")
    rows = [
        ("文号", view["doc_number"]),
        ("标题", view["title"]),
        ("制定机关", view["authority"]),
        ("起草单位", view["drafting_unit"]),
        ("登记号", view["registration_number"]),
        ("类别", view["kind"]),
        ("状态", f"{view['status_label']}（截至 {view['as_of']}）"),
        ("成文日期", view.get("written")),
        ("签发人", view["signed_by"]),
        ("公布载体", view["channel"]),
        ("施行日期", view["effective"]),
        ("有效期至", view["valid_until"]),
        ("废止", _with_reason(view["repealed"], view["repeal_reason"])),
        ("宣布失效", _with_reason(view["declared_invalid"], view["invalid_reason"])),
        ("备注", view["note"]),
        ("版本", f"第 {view['version']} 版" + ("　示例数据" if view["sample"] else "")),
    ]
    for label, value in rows:
        table.add_row(label, value or "—")
    return table


def _with_reason(day: str | None, reason: str | None) -> str | None:
    if day is None:
        return None
    return f"{day}　{reason}" if reason else day


def timeline_table(view: dict[str, Any]) -> Table:
    """opinions → review → decision → signing → publication, each step dated or marked missing."""
    table = Table(box=None, show_header=True, expand=True, padding=(0, 1), header_style="bold")
    table.add_column("", width=2, no_wrap=True)
    table.add_column("程序", width=10, no_wrap=True)
    table.add_column("日期", width=10, no_wrap=True)
    table.add_column("内容", ratio=1, overflow="fold")
    for name, events in procedure_steps(view):
        _add_step(table, name, events, _step_style(name, view))
    return table


def _step_style(name: str, view: dict[str, Any]) -> str:
    """The colour of a step's ●: green when done and clear; a legality review that is still
    running or asks for changes not yet made is yellow, one that found the draft 不合法 red."""
    if name != "合法性审核" or not view["reviews"]:
        return "green"
    last = view["reviews"][-1]
    if not last["finished"]:
        return "yellow"
    if last["outcome"] == "不合法":
        return "bold red"
    if last["outcome"] == "应当予以修改" and not last["revised"]:
        return "yellow"
    return "green"


Event = tuple[str | None, str | Text]


def _add_step(table: Table, name: str, events: list[Event], style: str = "green") -> None:
    if not events:
        dim = "dim"
        table.add_row(
            Text("○", style=dim),
            Text(name, style=dim),
            Text("—", style=dim),
            Text("未登记", style=dim),
        )
        return
    for index, (day, what) in enumerate(events):
        first = index == 0
        table.add_row(
            Text("●", style=style) if first else "", name if first else "", day or "—", what
        )


def procedure_steps(view: dict[str, Any]) -> list[tuple[str, list[Event]]]:
    """Each step of the procedure with its dated events (none: not registered yet)."""
    opinions = [
        (o["date"], "、".join(p for p in (o["method"], o["summary"]) if p) or "已听取")
        for o in view["opinions"]
    ]
    decisions = [
        (d["date"], d["meeting"] + (f"（{d['minutes']}）" if d["minutes"] else ""))
        for d in view["decisions"]
    ]
    signing = [(view["signed"], view["signed_by"] or "已签发")] if view["signed"] else []
    publication: list[Event] = []
    if view["published"]:
        publication.append((view["published"], view["channel"] or "已公布"))
        if view["effective"] and view["effective"] != view["published"]:
            publication.append((view["effective"], "施行"))
    steps = [("听取意见", opinions), ("合法性审核", _review_events(view))]
    if view.get("concerns_market"):
        fair = [(f["date"], f["conclusion"]) for f in view.get("fair_competition") or []]
        steps.append(("公平竞争审查", fair))
    return [
        *steps,
        ("集体讨论", decisions),
        ("签发", signing),
        ("公布", publication),
    ]


def _review_events(view: dict[str, Any]) -> list[Event]:
    events: list[Event] = []
    for review in view["reviews"]:
        reviewer = f"（{review['reviewer']}）" if review["reviewer"] else ""
        events.append((review["submitted"], "报送合法性审核" + reviewer))
        if review["finished"]:
            opinion = f"，{review['opinion']}" if review["opinion"] else ""
            events.append((review["finished"], f"审核结论：{review['outcome'] or ''}{opinion}"))
        else:
            events.append((None, Text("审查进行中", style="yellow")))
        if review["revised"]:
            events.append((review["revised"], "已按审核意见修改完毕"))
    return events


FILING_COLUMNS = ("备案机关", "期限", "报送日期", "回执号", "备案意见", "意见日期", "剩余")
NARROW_FILING_COLUMNS = (0, 1, 2, 4, 6)  # below 110 columns: without 回执号 and 意见日期


def filings_table(view: dict[str, Any], *, narrow: bool = False) -> Table | Text:
    """The filings, each followed by its submissions when they say more; `narrow` (an 80-column
    screen) leaves out the receipt number and the answer's date, and lets long cells wrap."""
    if not view["filings"]:
        return Text("尚未公布，没有备案事项（公布后按规则生成各备案机关的期限）。", style="dim")
    keep = NARROW_FILING_COLUMNS if narrow else range(len(FILING_COLUMNS))
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), header_style="bold")
    for index in keep:
        if narrow and FILING_COLUMNS[index] in ("期限", "备案意见"):
            table.add_column(FILING_COLUMNS[index], overflow="fold")
        else:
            table.add_column(FILING_COLUMNS[index], no_wrap=True)
    for row in _filing_rows(view):
        table.add_row(*(row[index] for index in keep))
    return table


def _filing_rows(view: dict[str, Any]) -> list[tuple[Any, ...]]:
    from docfiler.domain.labels import likely_note
    from docfiler.domain.vocabulary import is_returned

    rows: list[tuple[Any, ...]] = []
    for filing in view["filings"]:
        due = Text(dash(filing["due"]))
        if filing["due_provisional"]:
            due.append(" 暂定", style="italic magenta")
            if note := likely_note(filing["due"], filing.get("due_likely")):
                due.append(f"（{note}）", style="italic magenta")
        returned = is_returned(filing["result"])
        result = filing["result"] or "—"
        rows.append(
            (
                filing["body"],
                due,
                "—" if returned else dash(filing["submitted"]),
                "—" if returned else filing["receipt"] or "—",
                Text(result, style="bold magenta" if returned else ""),
                dash(filing["result_date"]),
                days_left_text(
                    filing["days_left"],
                    None if returned else filing["submitted"],
                    None if returned else filing["result"],
                ),
            )
        )
        if _shows_history(filing, returned):
            rows += [_submission_cells(n, s) for n, s in enumerate(filing["history"], 1)]
    return rows


def _shows_history(filing: dict[str, Any], returned: bool) -> bool:
    """The filing history is shown when it says more than the filing's own row: a re-filing, a
    returned answer, or a registration followed by the review's answer."""
    history = filing.get("history") or []
    both = any(h["result"] and h["review_result"] for h in history)
    return bool(history) and (len(history) > 1 or returned or both)


def _submission_cells(n: int, submission: dict[str, Any]) -> tuple[Any, ...]:
    answers = [
        (submission[key], submission[day])
        for key, day in (("result", "result_date"), ("review_result", "review_date"))
        if submission[key]
    ]
    late = submission["late_days"]
    return (
        Text(f"  第{n}次报送", style="dim"),
        Text(dash(submission["due"]), style="dim"),
        dash(submission["submitted"]),
        submission["receipt"] or "—",
        "、".join(a for a, _ in answers) or "待答复",
        "、".join(d for _, d in answers) or "—",
        Text(f"超期 {late} 日", style="red") if late else Text("按期", style="dim"),
    )


def relations_text(view: dict[str, Any]) -> Table | Text:
    rows = [(r["label"], r["other"] or "—", r["date"]) for r in view["relations"]]
    rows += [
        ("依据", f"《{b['title']}》" + (f"（{b['number']}）" if b["number"] else ""), None)
        for b in view["legal_bases"]
    ]
    if not rows:
        return Text("（无）", style="dim")
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
    table.add_column("关系", width=8, style="bold", no_wrap=True)
    table.add_column("文件", ratio=1, overflow="fold")
    table.add_column("日期", width=10, no_wrap=True)
    for label, other, day in rows:
        table.add_row(label, other, dash(day))
    return table


def audit_table(view: dict[str, Any]) -> Table | Text:
    entries = view.get("audit") or []
    if not entries:
        return Text("（无）", style="dim")
    table = Table(box=None, show_header=True, expand=True, padding=(0, 1), header_style="bold")
    table.add_column("时间（北京时间）", width=16, no_wrap=True)
    table.add_column("操作人", width=10, no_wrap=True)
    table.add_column("内容", ratio=1, overflow="fold")
    for entry in entries:
        table.add_row(local_time(entry["at"]), entry["operator"], entry["summary"])
    return table
