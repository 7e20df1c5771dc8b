"""The 备案审查 screens' pieces drawn with Rich: a list row's cells, and one filed document as
`docfiler inbox show` tells it (registration, materials, reviews with their findings and
follow-up, the 审查建议 about it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.table import Table
from rich.text import Text

from tui.widgets.page_list import Cell, Column

STAGE_STYLES = {
    "unfiled": "bold red",
    "received": "yellow",
    "deferred": "bold magenta",
    "supplemented": "yellow",
    "rejected": "dim",
    "reviewing": "cyan",
    "following": "bold yellow",
    "done": "green",
}
WAITING = {  # the 剩余 cell of a row whose stage has no date to keep
    "received": ("待登记", "yellow"),
    "supplemented": ("待登记", "yellow"),
    "rejected": ("已退回", "dim"),
    "done": ("已办结", "green"),
    "unfiled": ("未报送", "bold red"),
    "following": ("待办结", "yellow"),
}

# At 80 columns the unit and the due date give way (the line under the list names the unit);
# 阶段, 文号, 标题 and 剩余 always stay, the title keeping at least 20 cells.
FILING_COLUMNS = (
    Column("阶段", 14),
    Column("报送单位", 16, hide=1),
    Column("文号", 22),
    Column("标题", 0),
    Column("期限", 10, hide=2),
    Column("剩余", 11),
)
SUGGESTION_COLUMNS = (
    Column("编号", 4),
    Column("收到日期", 10, hide=2),
    Column("提出人", 16),
    Column("所指文件", 0),
    Column("答复", 14, hide=1),
    Column("剩余", 11),
)


def days_cell(days_left: int) -> Cell:
    """剩 5 日 / 今天到期 / 逾期 3 日, coloured as the dashboard colours them."""
    from docfiler.domain.labels import days_label

    style = "bold red" if days_left < 0 else "bold yellow" if days_left == 0 else ""
    if 0 < days_left <= 7:
        style = "yellow"
    return Cell(days_label(days_left), style)


def filing_cells(row: dict[str, Any]) -> list[Cell]:
    """One inbox_page row in FILING_COLUMNS' order."""
    stage = row["stage"]
    if row["days_left"] is not None:
        due = row["deadline"] + (" 暂定" if row["deadline_provisional"] else "")
        left = days_cell(row["days_left"])
    else:
        due = "—"
        text, style = WAITING.get(stage, ("—", ""))
        left = Cell(text, style)
    return [
        Cell(row["stage_label"], STAGE_STYLES.get(stage, "")),
        Cell(row["unit"]),
        Cell(row["doc_number"]),
        Cell(row["title"]),
        Cell(due),
        left,
    ]


def suggestion_cells(row: dict[str, Any]) -> list[Cell]:
    subject = row["doc_number"] or row["doc_title"] or "未指明文件"
    if row["replied_on"]:
        state, left = Cell(f"已答复 {row['replied_on']}", "green"), Cell("已办结", "green")
    else:
        state, left = Cell(f"{row['reply_due']} 前"), days_cell(row["days_left"])
    return [
        Cell(str(row["id"])),
        Cell(row["received_on"]),
        Cell(row["proposer"]),
        Cell(subject),
        state,
        left,
    ]


def filing_line(row: dict[str, Any]) -> str:
    """Under the list: the highlighted row in one line, with what to do next."""
    parts = [f"{row['unit']}　{row['doc_number']}《{row['title']}》：{row['stage_label']}"]
    if row["deadline"]:
        parts.append(f"{row['deadline_name']} {row['deadline']}")
    if row["late_days"] and row["stage"] in ("received", "deferred", "supplemented"):
        parts.append(f"逾期 {row['late_days']} 日报送")
    if row["missing"]:
        parts.append(f"缺 {'、'.join(row['missing'])}")
    if row["followup_reported"]:
        parts.append(f"处理情况已于 {row['followup_reported']} 收到，待办结")
    return "，".join(parts) + "　Enter 查看"


def suggestion_line(row: dict[str, Any]) -> str:
    return f"审查建议 {row['id']}（{row['proposer']}）：{row['request']}"


# ---------------------------------------------------------------------------- one document


def current_deadline(view: dict[str, Any]) -> tuple[str, str] | None:
    """(what, ISO date) the document waits for as it stands (a show_incoming view)."""
    stage = view["stage"]
    if stage == "unfiled" and view["due_on"]:
        return "报送期限", view["due_on"]
    if stage == "deferred" and view["supplement_due"]:
        return "补正期限", view["supplement_due"]
    for review in reversed(view["reviews"]):
        if stage == "reviewing" and not review["finished_on"]:
            return "审查期限", review["due_on"]
        followup = review["followup"]
        if stage == "following" and followup and not followup["closed_on"]:
            return ("处理情况期限", followup["due_on"]) if not followup["reported_on"] else None
    return None


def heading(view: dict[str, Any]) -> Text:
    text = Text()
    text.append(view["doc_number"], style="bold")
    text.append(f"　《{view['title']}》　", style="bold")
    text.append(f" {view['stage_label']} ", style="reverse " + STAGE_STYLES.get(view["stage"], ""))
    return text


def next_line(view: dict[str, Any], step: str | None, today: dt.date) -> Text:
    """下一步：审查结论（审查期限 2026-12-28，剩 32 日）　按 n 打开"""
    from tui.screens.inbox_steps import STEP_NAMES

    if step is None:
        return Text("没有待办的步骤。", style="dim")
    text = Text(f"下一步：{STEP_NAMES[step]}", style="bold")
    due = current_deadline(view)
    if due is not None:
        cell = days_cell((dt.date.fromisoformat(due[1]) - today).days)
        text.append(f"（{due[0]} {due[1]}，")
        text.append(cell.text, style=cell.style)
        text.append("）")
    text.append("　按 n 打开", style="dim")
    return text


def _materials(view: dict[str, Any]) -> Text:
    text = Text()
    for item in view["materials"]:
        text.append(f"✓{item} ", style="green")
    for item in view["missing"]:
        text.append(f"✗{item} ", style="bold red")
    return text if text.plain else Text("—")


def _dated(day: str | None, what: str | None = None) -> str | None:
    if day is None:
        return None
    return f"{day}　{what}" if what else day


def fields_table(view: dict[str, Any]) -> Table:
    late = view["late_days"]
    received = view["received_on"] or "未报送"
    if view["received_on"]:
        received += f"（逾期 {late} 日）" if late else "（按期）"
    rows = [
        ("报送单位", view["unit"]),
        ("公布日期", view["published_on"]),
        (
            "报送期限",
            view["due_on"] and view["due_on"] + (" 暂定" if view["due_provisional"] else ""),
        ),
        ("收到日期", received),
        ("报送材料", _materials(view) if view["received_on"] else None),
        ("暂缓登记", _dated(view["deferred_on"], view["deferral_reason"])),
        ("补正期限", view["supplement_due"]),
        ("补正收到", view["supplemented_on"]),
        ("予以备案登记", view["registered_on"]),
        ("不予备案登记", _dated(view["rejected_on"], view["reject_reason"])),
        ("发现于", view["found_in"]),
        ("备注", view["note"]),
    ]
    return _two_columns([(label, value) for label, value in rows if value])


def _two_columns(rows: list[tuple[str, Any]]) -> Table:
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
    table.add_column("项目", style="bold", width=12, no_wrap=True)
    table.add_column("内容", ratio=1, overflow="fold")
    for label, value in rows:
        table.add_row(label, value)
    return table


ORIGINS = {"registration": "予以备案登记后", "suggestion": "依审查建议", "office": "本机关决定"}


def reviews_table(view: dict[str, Any]) -> Table | Text:
    if not view["reviews"]:
        return Text("（尚未审查）", style="dim")
    rows: list[tuple[str, Any]] = []
    for review in view["reviews"]:
        origin = ORIGINS.get(review["origin"], review["origin"])
        rows.append(("审查", f"{review['started_on']} 起（{origin}），{review['due_on']} 前完成"))
        if not review["finished_on"]:
            rows.append(("结论", Text("审查进行中", style="yellow")))
            continue
        opinion = (
            f"　{review['opinion_number']}（{review['opinion_kind']}）"
            if review["opinion_number"]
            else ""
        )
        style = "bold magenta" if review["result"] == "审查意见" else "green"
        rows.append(
            ("结论", Text(f"{review['finished_on']}　{review['result']}{opinion}", style=style))
        )
        rows += [(f"· {item}", text) for item, text in review["findings"].items()]
        if review["reasoning"]:
            rows.append(("理由", review["reasoning"]))
        if review["followup"]:
            rows += _followup_rows(review["followup"])
    return _two_columns(rows)


def _followup_rows(up: dict[str, Any]) -> list[tuple[str, Any]]:
    if up["reported_on"]:
        report = f"{up['reported_on']} 收到：{up['report']}"
    else:
        report = Text(f"{up['due_on']} 前报告，尚未收到", style="yellow")
    rows: list[tuple[str, Any]] = [("处理情况", report)]
    if up["closed_on"]:
        linked = f"（纠正后文件 {up['corrected_by']}）" if up["corrected_by"] else ""
        rows.append(("办结", Text(f"{up['closed_on']}　{up['outcome']}{linked}", style="green")))
    return rows


def suggestions_table(view: dict[str, Any]) -> Table | Text:
    if not view["suggestions"]:
        return Text("（无）", style="dim")
    rows = []
    for s in view["suggestions"]:
        state = f"{s['replied_on']} 已答复" if s["replied_on"] else f"{s['reply_due']} 前答复"
        rows.append(
            (f"建议 {s['id']}", f"{s['received_on']} {s['proposer']}：{s['request']}（{state}）")
        )
    return _two_columns(rows)
