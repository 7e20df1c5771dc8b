"""How the CLI prints: JSON for scripts, lines and tables for clerks.

Day counts are written by `docfiler.domain.labels.days_label`, the one label the TUI uses too.
Dates stay ISO (2016-03-01) here: scripts read these lines.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
import typer
from rich.cells import cell_len

from docfiler.domain.labels import days_label, likely_note
from docfiler.domain.vocabulary import RETURNED_RESULTS

PROVISIONAL_MARK = "（暂定）"


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _compact(item: Any) -> bytes:
    """One item as compact UTF-8 JSON (orjson: the register's 100k views in a fraction of the
    standard encoder's time); anything it cannot encode is written as its text, as `default=str`."""
    return orjson.dumps(item, default=str)


def encode_lines(items: Iterable[Any]) -> bytes:
    """Items as JSON, one compact item to a line (so `grep` finds a document's whole line), for
    `echo_json_pieces`: a piece without the array's brackets."""
    return b",\n".join(_compact(item) for item in items)


def echo_json_pieces(pieces: Iterable[bytes]) -> None:
    """A JSON array written piece by piece as the pieces arrive (made by `encode_lines`,
    perhaps in other processes, in order): never the whole list held."""
    first = True
    for piece in pieces:
        if piece:
            _echo_utf8((b"[\n" if first else b",\n") + piece, nl=False)
            first = False
    _echo_utf8(b"[]" if first else b"\n]")


def _echo_utf8(data: bytes, *, nl: bool = True) -> None:
    """Bytes to a real stdout's byte stream; a text-only stdout (a script's `io.StringIO`, which
    has no byte stream and refuses bytes) gets the same text decoded."""
    stream = sys.stdout
    if stream is not None and not hasattr(stream, "buffer") and isinstance(stream, io.TextIOBase):
        typer.echo(data.decode("utf-8"), nl=nl)
    else:
        typer.echo(data, nl=nl)


def _bracketed(text: str | None) -> str:
    """（text） after a date, or nothing when there is no text (never an empty （）)."""
    return f"（{text}）" if text else ""


def echo_lines(lines: list[str]) -> None:
    typer.echo("\n".join(lines))


def provisional_mark(provisional: bool, due, likely) -> str:
    """（暂定）after a date counted in a year whose holidays are not yet announced, with the
    likely date when it differs (周末不调休时)."""
    if not provisional:
        return ""
    note = likely_note(due, likely)
    return f"（暂定；{note}）" if note else PROVISIONAL_MARK


def filing_due_line(filing) -> str:
    """One filing deadline created by a publication."""
    mark = provisional_mark(filing.provisional, filing.due, filing.likely)
    return f"  应于 {filing.due}{mark} 前向 {filing.body} 报送备案"


def reminder_line(reminder, kind_label: str) -> str:
    """One line of `remind`: [kind] how urgent  due  subject  detail."""
    mark = provisional_mark(reminder.provisional, reminder.due, reminder.likely)
    subject = (
        f"{reminder.doc_number}《{reminder.title}》" if reminder.doc_number else reminder.title
    )
    return (
        f"[{kind_label}] {days_label(reminder.days_left)}  {reminder.due.isoformat()}{mark}  "
        f"{subject}  {reminder.detail}"
    )


def reminder_json(reminder) -> dict[str, Any]:
    """The fields scripts read from `remind --json`: a fixed set, and `body` keeps its name."""
    return {
        "kind": reminder.kind,
        "doc_number": reminder.doc_number,
        "title": reminder.title,
        "body": reminder.party,
        "due": reminder.due.isoformat(),
        "days_left": reminder.days_left,
        "provisional": reminder.provisional,
        "due_likely": (reminder.likely or reminder.due).isoformat(),
    }


def document_lines(view: dict[str, Any]) -> list[str]:
    """The whole of one document (a `show_document` view) as clerks read it."""
    return [
        *_heading_lines(view),
        *_next_step_lines(view),
        *_procedure_lines(view),
        *_filing_lines(view),
        *(
            f"  {rel['label']}：{rel['other']}{_bracketed(rel['date'])}"
            for rel in view["relations"]
        ),
        *(f"  依据：《{b['title']}》{b['number'] or ''}" for b in view["legal_bases"]),
    ]


def _heading_lines(view: dict[str, Any]) -> list[str]:
    lines = [
        f"{view['doc_number']}《{view['title']}》",
        f"  状态：{view['status_label']}（{view['as_of']}）",
        f"  制定机关：{view['authority']}    起草单位：{view['drafting_unit'] or '—'}",
        f"  登记号：{view['registration_number'] or '—'}    类别：{view['kind']}",
        f"  公布：{view['published'] or '—'}    施行：{view['effective'] or '—'}    "
        f"有效期至：{view['valid_until'] or '—'}",
    ]
    if view.get("written"):
        lines.append(f"  成文日期：{view['written']}")
    if view["repealed"]:
        lines.append(f"  废止：{view['repealed']}{_bracketed(view['repeal_reason'])}")
    if view["declared_invalid"]:
        lines.append(f"  宣布失效：{view['declared_invalid']}{_bracketed(view['invalid_reason'])}")
    return lines


# How the CLI takes each next step (`queries.progress.NextStep.action`).
STEP_COMMANDS = {
    "opinions": "docfiler opinions {n} --date 日期 --method 方式",
    "submit_review": "docfiler review {n} --submitted 日期",
    "finish_review": "docfiler review {n} --finished 日期 --outcome 合法",
    "revision": "docfiler review {n} --revised 日期",
    "fair_competition": "docfiler fair-competition {n} --on 日期 --conclusion 结论",
    "decision": "docfiler decide {n} --meeting 会议名称 --date 日期",
    "signing": "docfiler sign {n} --date 日期 --by 签发人",
    "publish": "docfiler publish {n} --date 日期",
    "submit_filing": "docfiler file {n} --body {party} --submitted 日期",
    "filing_result": "docfiler filing-result {n} --body {party} --result 予以备案登记 --date 日期",
}


def _next_step_lines(view: dict[str, Any]) -> list[str]:
    step = view.get("next_step")
    if not step:
        return []
    due = ""
    if step["due"]:
        due = f"（期限 {step['due']}，{days_label(step['days_left'])}）"
    command = STEP_COMMANDS[step["action"]].format(n=view["doc_number"], party=step["party"])
    return [f"  下一步：{step['label']}{due}", f"    {command}"]


def _procedure_lines(view: dict[str, Any]) -> list[str]:
    lines = ["  程序："]
    lines += [f"    {item['date']} 听取意见 {item['method'] or ''}" for item in view["opinions"]]
    for item in view["reviews"]:
        lines.append(f"    {item['submitted']} 报送合法性审核")
        if item["finished"]:
            lines.append(f"    {item['finished']} 审核结论：{item['outcome']}")
        if item["revised"]:
            lines.append(f"    {item['revised']} 按审核意见修改完毕")
    if view.get("concerns_market"):
        lines += [
            f"    {item['date']} 公平竞争审查：{item['conclusion']}"
            for item in view["fair_competition"]
        ] or ["    涉及市场主体经济活动：尚未登记公平竞争审查结论"]
    lines += [f"    {item['date']} {item['meeting']}集体讨论决定" for item in view["decisions"]]
    if view["signed"]:
        lines.append(f"    {view['signed']} 签发")
    if view["published"]:
        lines.append(f"    {view['published']} 公布（{view['channel'] or '未注明载体'}）")
    return lines


def _filing_lines(view: dict[str, Any]) -> list[str]:
    if not view["filings"]:
        return []
    lines = ["  备案："]
    for filing in view["filings"]:
        lines.append(_filing_line(filing))
        history = filing.get("history") or []
        lines.extend(_submission_line(n, s) for n, s in enumerate(history, 1))
    return lines


def _filing_line(filing: dict[str, Any]) -> str:
    provisional = provisional_mark(filing["due_provisional"], filing["due"], filing["due_likely"])
    if filing["result"] in RETURNED_RESULTS:
        period = "补正重报期限" if filing["result"] == "暂缓办理备案登记" else "纠正报告期限"
        return (
            f"    {filing['body']}：{period} {filing['due']}{provisional}，"
            f"{days_label(filing['days_left'])}，{filing['result']}（{filing['result_date']}）"
        )
    state = (
        f"已报送 {filing['submitted']}" if filing["submitted"] else days_label(filing["days_left"])
    )
    result = f"，{filing['result']}" if filing["result"] else ""
    return f"    {filing['body']}：期限 {filing['due']}{provisional}，{state}{result}"


def _submission_line(n: int, submission: dict[str, Any]) -> str:
    """One submission in a filing's history, with the due date it answered and its answers."""
    receipt = f"（回执 {submission['receipt']}）" if submission["receipt"] else ""
    late = f"，超期 {submission['late_days']} 日" if submission["late_days"] else ""
    answers = [
        f"{submission[key]} {submission[day]}"
        for key, day in (("result", "result_date"), ("review_result", "review_date"))
        if submission[key]
    ]
    answered = "；" + "；".join(answers) if answers else "；待答复"
    return f"      第{n}次报送 {submission['submitted']}{receipt}，期限 {submission['due']}{late}{answered}"


REGISTER_HEADERS = ("文号", "标题", "制定机关", "发布日期", "状态", "备案")
TABLE_BLOCK = 1000  # rows per printed table: the widths of a block are known before it prints


def print_register(rows: Iterable[dict[str, Any]], day, total: int) -> None:
    """The register as tables of 文号, 标题, 制定机关, 发布日期, 状态, 备案, printed as the rows
    arrive, TABLE_BLOCK rows to a table (a register of 100,000 starts printing at once and
    never sits whole in memory). On a terminal too narrow for a row, titles are shortened."""
    limit = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    title = f"行政规范性文件登记簿（{day.isoformat()}，共 {total} 件）"
    first = True
    for block in _blocks(rows, TABLE_BLOCK):
        cells = [
            (
                row["doc_number"],
                row["title"],
                row["authority"] or "",
                row["published"] or "—",
                row["status_label"],
                _filing_cell(row["filings"]),
            )
            for row in block
        ]
        lines = box_table(REGISTER_HEADERS, cells, limit)
        if first:
            typer.echo(_centred(title, cell_len(lines[0])))
            first = False
        typer.echo("\n".join(lines))


def _blocks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """`rows` in lists of `size`; one empty list when there are no rows (a table still prints)."""
    block: list[Any] = []
    emitted = False
    for row in rows:
        block.append(row)
        if len(block) == size:
            yield block
            emitted = True
            block = []
    if block or not emitted:
        yield block


def box_table(
    headers: tuple[str, ...], rows: list[tuple[str, ...]], limit: int | None = None
) -> list[str]:
    """A table drawn as Rich draws its default box (heavy head), columns sized to the text.

    With `limit`, the widest column (the title) is cut short with … to fit that many cells.
    """
    widths = [cell_len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], cell_len(cell))
    total = sum(widths) + 3 * len(widths) + 1
    wide = max(range(len(widths)), key=widths.__getitem__)
    if limit is not None and total > limit:
        widths[wide] = max(cell_len(headers[wide]), widths[wide] - (total - limit))

    def line(cells, bar: str) -> str:
        return (
            f"{bar} "
            + f" {bar} ".join(_fit(c, w) for c, w in zip(cells, widths, strict=True))
            + f" {bar}"
        )

    def rule(left: str, fill: str, join: str, right: str) -> str:
        return left + join.join(fill * (w + 2) for w in widths) + right

    return [
        rule("┏", "━", "┳", "┓"),
        line(headers, "┃"),
        rule("┡", "━", "╇", "┩"),
        *(line(row, "│") for row in rows),
        rule("└", "─", "┴", "┘"),
    ]


def _fit(text: str, width: int) -> str:
    """`text` padded to `width` cells, or cut to width - 1 cells and …."""
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    kept, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…" + " " * (width - 1 - used)


def _centred(text: str, width: int) -> str:
    space = max(width - cell_len(text), 0)
    return " " * (space // 2) + text + " " * (space - space // 2)


def _filing_cell(filings: list[dict[str, Any]]) -> str:
    if not filings:
        return "—"
    pending = [f for f in filings if not f["submitted"]]
    return f"待报 {len(pending)}" if pending else "已报"
