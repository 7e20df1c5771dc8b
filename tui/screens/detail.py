"""文件详情: every field, the procedure as a dated timeline, filings, relations, audit history."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich import box
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Label, Static
from textual.worker import Worker, WorkerState

from tui.messages import DocumentLoaded
from tui.screens.base import DocfilerScreen

CHINA = dt.timezone(dt.timedelta(hours=8), "北京时间")
STATUS_STYLES = {
    "draft": "bold white on grey37",
    "published": "bold black on cyan",
    "in_force": "bold black on green",
    "lapsed": "bold black on yellow",
    "repealed": "bold white on red",
    "declared_invalid": "bold white on red",
}


def cn_date(iso: str | None) -> str:
    return iso or "—"


def local_time(iso: str) -> str:
    """Audit times are stored in UTC; the office reads Beijing time."""
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def days_left_text(days: int | None, submitted: str | None) -> Text:
    if submitted:
        return Text("已报送", style="green")
    if days is None:
        return Text("—")
    if days < 0:
        return Text(f"逾期 {-days} 日", style="bold red")
    if days == 0:
        return Text("今天到期", style="bold yellow")
    return Text(f"剩 {days} 日", style="yellow" if days <= 7 else "")


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
    done = Text("●", style="green")
    missing = Text("○", style="dim")

    def step(name: str, events: list[tuple[str | None, str]]) -> None:
        if not events:
            table.add_row(
                missing,
                Text(name, style="dim"),
                Text("—", style="dim"),
                Text("未登记", style="dim"),
            )
            return
        for index, (day, what) in enumerate(events):
            table.add_row(
                done if index == 0 else "", name if index == 0 else "", cn_date(day), what
            )

    step(
        "听取意见",
        [
            (o["date"], "、".join(p for p in (o["method"], o["summary"]) if p) or "已听取")
            for o in view["opinions"]
        ],
    )
    review_events: list[tuple[str | None, str]] = []
    for review in view["reviews"]:
        review_events.append(
            (
                review["submitted"],
                "报送合法性审查" + (f"（{review['reviewer']}）" if review["reviewer"] else ""),
            )
        )
        if review["finished"]:
            outcome = review["outcome"] or ""
            review_events.append(
                (
                    review["finished"],
                    f"审查结论：{outcome}"
                    + (f"，{review['opinion']}" if review["opinion"] else ""),
                )
            )
        else:
            review_events.append((None, Text("审查进行中", style="yellow")))
        if review["revised"]:
            review_events.append((review["revised"], "已按审查意见修改完毕"))
    step("合法性审查", review_events)
    step(
        "集体讨论",
        [
            (d["date"], d["meeting"] + (f"（{d['minutes']}）" if d["minutes"] else ""))
            for d in view["decisions"]
        ],
    )
    step("签发", [(view["signed"], view["signed_by"] or "已签发")] if view["signed"] else [])
    publication = []
    if view["published"]:
        publication.append((view["published"], view["channel"] or "已公布"))
        if view["effective"] and view["effective"] != view["published"]:
            publication.append((view["effective"], "施行"))
    step("公布", publication)
    return table


def filings_table(view: dict[str, Any]) -> Table | Text:
    if not view["filings"]:
        return Text("尚未公布，没有备案事项（公布后按规则生成各备案机关的期限）。", style="dim")
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), header_style="bold")
    for label in ("备案机关", "期限", "报送日期", "回执号", "审查意见", "意见日期", "剩余"):
        table.add_column(label, no_wrap=True)
    for filing in view["filings"]:
        due = Text(cn_date(filing["due"]))
        if filing["due_provisional"]:
            due.append(" 暂定", style="italic magenta")
        result = filing["result"] or "—"
        table.add_row(
            filing["body"],
            due,
            cn_date(filing["submitted"]),
            filing["receipt"] or "—",
            Text(result, style="bold magenta" if result in ("要求补正", "要求纠正") else ""),
            cn_date(filing["result_date"]),
            days_left_text(filing["days_left"], filing["submitted"]),
        )
    return table


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
        table.add_row(label, other, cn_date(day))
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


class DocumentScreen(DocfilerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="detail.back", show=False),
        Binding("e", "edit", "编辑", id="detail.edit"),
        Binding("o", "opinions", "听取意见", id="detail.opinions"),
        Binding("r", "submit_review", "送审", id="detail.review", tooltip="报送合法性审查"),
        Binding("f", "finish_review", "审查结论", id="detail.finish"),
        Binding("v", "revision", "修改完毕", id="detail.revision"),
        Binding("d", "decision", "集体讨论", id="detail.decision"),
        Binding("s", "signing", "签发", id="detail.signing"),
        Binding("p", "publish", "公布", id="detail.publish"),
        Binding("b", "submit_filing", "报送备案", id="detail.filing"),
        Binding(
            "w",
            "filing_report",
            "备案报告",
            show=False,  # the footer is full at 120 columns: listed in the help and the palette
            id="detail.filing_report",
            tooltip="生成备案报告（Word）；生成后按 s 登记报送",
        ),
        Binding("t", "filing_result", "备案意见", id="detail.result"),
        Binding("l", "relation", "关系", id="detail.relation"),
        Binding("x", "repeal", "废止", id="detail.repeal"),
        # The footer has room for this screen's own actions only: the global keys work
        # here as everywhere, hidden (the help screen lists them).
        Binding("f2", "app.show_dashboard", "工作台", show=False),
        Binding("f3", "app.show_register", "登记簿", show=False),
        Binding("f4", "app.show_campaign", "定期清理", show=False),
        Binding("a", "app.register_document", "登记文件", show=False),
        Binding("question_mark", "app.help", "帮助", show=False),
        Binding("q", "app.quit", "退出", show=False),
    ]

    def __init__(self, number: str) -> None:
        super().__init__(classes="detail")
        self.number = number
        self.view: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static(f"{self.number}　正在读取…", id="doc-heading")
            with Horizontal(id="detail-top"):
                yield Static("", id="doc-fields")
                yield Static("", id="doc-timeline")
            yield Label("备案", classes="section-title")
            yield Static("", id="doc-filings")
            yield Label("关系与制定依据", classes="section-title")
            yield Static("", id="doc-relations")
            yield Label("审计记录", classes="section-title")
            yield Static("", id="doc-audit")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "文件详情"
        self.query_one("#detail-body").focus()

    def reload(self) -> None:
        self.load(self.docfiler.office, self.number)

    @work(thread=True, exclusive=True, group="document", exit_on_error=False)
    def load(self, office: Any, number: str) -> None:
        from docfiler.queries import documents as queries

        self.post_message(DocumentLoaded(queries.show_document(office=office, number=number)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        failed = event.worker.group == "document" and event.state == WorkerState.ERROR
        if failed and self.view is None and self.is_current:
            self.dismiss()  # nothing to show: go back, then the error dialog explains why
        # Textual then calls DocfilerScreen.on_worker_state_changed too (handlers follow the MRO).

    @on(DocumentLoaded)
    def show(self, message: DocumentLoaded) -> None:
        view = message.view
        self.view = view
        self.number = view["doc_number"]
        heading = Text()
        heading.append(view["doc_number"], style="bold")
        heading.append("　")
        heading.append(f"《{view['title']}》", style="bold")
        heading.append("　")
        heading.append(f" {view['status_label']} ", style=STATUS_STYLES.get(view["status"], ""))
        self.query_one("#doc-heading", Static).update(heading)
        self.query_one("#doc-fields", Static).update(fields_table(view))
        self.query_one("#doc-timeline", Static).update(timeline_table(view))
        self.query_one("#doc-filings", Static).update(filings_table(view))
        self.query_one("#doc-relations", Static).update(relations_text(view))
        self.query_one("#doc-audit", Static).update(audit_table(view))

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.dismiss()

    def _form(self, name: str) -> None:
        if self.view is None:
            self.notify("文件尚未读取完毕，请稍候。", severity="warning")
            return
        from tui import forms

        screen = getattr(forms, name)(self.docfiler, self.view)
        if screen is not None:
            self.app.push_screen(screen)

    def action_edit(self) -> None:
        self._form("edit_form")

    def action_opinions(self) -> None:
        self._form("opinions_form")

    def action_submit_review(self) -> None:
        self._form("submit_review_form")

    def action_finish_review(self) -> None:
        self._form("finish_review_form")

    def action_revision(self) -> None:
        self._form("revision_form")

    def action_decision(self) -> None:
        self._form("decision_form")

    def action_signing(self) -> None:
        self._form("signing_form")

    def action_publish(self) -> None:
        self._form("publish_form")

    def action_submit_filing(self) -> None:
        self._form("submit_filing_form")

    def action_filing_report(self) -> None:
        if self.view is None:
            self.notify("文件尚未读取完毕，请稍候。", severity="warning")
            return
        from tui.outputs import filing_report_for_document

        screen = filing_report_for_document(self.docfiler, self.view)
        if screen is not None:
            self.app.push_screen(screen)

    def action_filing_result(self) -> None:
        self._form("filing_result_form")

    def action_relation(self) -> None:
        self._form("relation_form")

    def action_repeal(self) -> None:
        self._form("repeal_form")
