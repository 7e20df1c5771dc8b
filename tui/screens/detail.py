"""文件详情: every field, the procedure as a dated timeline, filings, relations, audit history;
one key per procedure step, each opening its form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Label, Static
from textual.worker import Worker, WorkerState

from tui.keys import global_bindings_hidden
from tui.messages import DocumentLoaded
from tui.screens.base import DocfilerScreen
from tui.screens.detail_view import (
    STATUS_STYLES,
    audit_table,
    fields_table,
    filings_table,
    relations_text,
    timeline_table,
)
from tui.widgets.footer import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.protocol import Host

FormFactory = Callable[["Host", dict[str, Any]], "Screen | None"]


BEFORE_PUBLICATION = {
    "opinions",
    "submit_review",
    "finish_review",
    "revision",
    "fair_competition",
    "decision",
    "signing",
    "publish",
}
AFTER_PUBLICATION = {
    *("submit_filing", "filing_report", "filing_result"),
    *("repeal", "declare_invalid", "evaluation"),
}
ENDED_KEEP = {"filing_result"}  # a filing body's answer may still arrive
ALWAYS = {"edit", "relation", "legal_basis"}


def offered_forms(view: dict[str, Any]) -> set[str]:
    """The forms that apply to a document as it stands: the procedure steps before publication,
    备案/废止/评估 after it, little once it has ended (废止, 宣布失效, 失效)."""
    from docfiler.queries.progress import ENDED

    if view["status"] in ENDED:
        return ALWAYS | ENDED_KEEP
    if view["published"] is not None:
        return ALWAYS | AFTER_PUBLICATION
    offered = ALWAYS | BEFORE_PUBLICATION
    review = view["reviews"][-1] if view["reviews"] else None
    if review is None or review["finished"] is not None:
        offered.discard("finish_review")
    if review is None or review["outcome"] != "应当予以修改" or review["revised"] is not None:
        offered.discard("revision")
    return offered


def why_not(view: dict[str, Any], form: str) -> str:
    """Why a form's key does nothing on this document (its key is hidden from the footer)."""
    from docfiler.queries.progress import ENDED

    if view["status"] in ENDED:
        return f"文件{view['status_label']}，不再办理这一事项。"
    if view["published"] is not None and form in BEFORE_PUBLICATION:
        return "文件已经公布，制定程序已经完成。"
    if view["published"] is None and form in AFTER_PUBLICATION:
        if form in ("submit_filing", "filing_report", "filing_result"):
            return "文件尚未公布，没有备案事项。"
        if form == "evaluation":
            return "文件尚未公布，还没有有效期可评估。"
        return "文件尚未公布，不能废止或宣布失效。"
    if form == "finish_review":
        return "没有待登记结论的合法性审核：先报送合法性审核（r）。"
    return "合法性审核没有要求修改，或已登记修改完毕。"


def explained(bindings: list[BindingType]) -> list[Binding]:
    """A hidden twin of each form key that may be hidden: it runs only when the form does not
    apply (Textual then tries the key's next binding), and says why."""
    twins = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.action.startswith("open_form("):
            form = binding.action.removeprefix("open_form(").strip("')")
            if form not in ALWAYS:
                twins.append(Binding(binding.key, f"why_not('{form}')", show=False))
    return twins


def form_for(action: str) -> FormFactory:
    """The form (or dialog) a key on this screen opens, by its action's name."""
    from tui.dialogs.filing_report import filing_report_for_document
    from tui.forms import (
        documents,
        evaluation,
        fair_competition,
        filings,
        legal_bases,
        procedure,
        relations,
    )

    return {
        "edit": documents.edit_form,
        "opinions": procedure.opinions_form,
        "submit_review": procedure.submit_review_form,
        "finish_review": procedure.finish_review_form,
        "revision": procedure.revision_form,
        "decision": procedure.decision_form,
        "signing": procedure.signing_form,
        "publish": procedure.publish_form,
        "submit_filing": filings.submit_filing_form,
        "filing_report": filing_report_for_document,
        "filing_result": filings.filing_result_form,
        "relation": relations.relation_form,
        "repeal": relations.repeal_form,
        "evaluation": evaluation.evaluation_form,
        "fair_competition": fair_competition.fair_competition_form,
        "declare_invalid": relations.declare_invalid_form,
        "legal_basis": legal_bases.legal_basis_form,
    }[action]


class DocumentScreen(DocfilerScreen):
    HELP_TITLE = "文件详情"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="detail.back", show=False),
        Binding("q", "back", "返回", id="detail.back_q", show=False),  # not 退出 from a document
        Binding(
            "e",
            "open_form('edit')",
            "编辑",
            id="detail.edit",
            tooltip="编辑文件信息：标题、起草单位、施行日期等",
        ),
        Binding(
            "o",
            "open_form('opinions')",
            "听取意见",
            id="detail.opinions",
            tooltip="登记听取意见 / 征求意见",
        ),
        Binding(
            "r", "open_form('submit_review')", "送审", id="detail.review", tooltip="报送合法性审核"
        ),
        Binding(
            "f",
            "open_form('finish_review')",
            "审核结论",
            id="detail.finish",
            tooltip="登记审核结论：合法 / 应当予以修改 / 不合法",
        ),
        Binding(
            "v",
            "open_form('revision')",
            "修改完毕",
            id="detail.revision",
            tooltip="登记按审核意见修改完毕（审核结论为“应当予以修改”之后）",
        ),
        Binding(
            "d",
            "open_form('decision')",
            "集体讨论",
            id="detail.decision",
            tooltip="登记集体讨论决定：常务会议或全体会议",
        ),
        Binding(
            "s", "open_form('signing')", "签发", id="detail.signing", tooltip="登记主要负责人签发"
        ),
        Binding(
            "p", "open_form('publish')", "公布", id="detail.publish", tooltip="公布并生成备案期限"
        ),
        Binding(
            "b",
            "open_form('submit_filing')",
            "报送备案",
            id="detail.filing",
            tooltip="向备案机关报送备案",
        ),
        Binding(
            "w",
            "open_form('filing_report')",
            "备案报告",
            show=False,  # the footer is full at 120 columns: listed in the help and the palette
            id="detail.filing_report",
            tooltip="生成备案报告（Word）；生成后按 s 登记报送",
        ),
        Binding(
            "t",
            "open_form('filing_result')",
            "备案意见",
            id="detail.result",
            tooltip="登记备案意见：予以备案登记 / 暂缓办理备案登记 / 不予备案登记；审查后 未发现问题 / 审查意见",
        ),
        Binding(
            "l",
            "open_form('relation')",
            "关系",
            id="detail.relation",
            tooltip="登记文件关系：修改、废止、替代、依据",
        ),
        Binding(
            "x", "open_form('repeal')", "废止", id="detail.repeal", tooltip="废止文件并写明理由"
        ),
        Binding(
            "n",
            "next_step",
            "下一步",
            id="detail.next",
            tooltip="打开下一步的表单；保存后接着打开再下一步的表单，按 Esc 停止",
        ),
        Binding(
            "c",
            "open_form('fair_competition')",
            "公平竞争审查",
            show=False,
            id="detail.fair_competition",
            tooltip="登记公平竞争审查结论（涉及市场主体经济活动的文件）",
        ),
        Binding(
            "i",
            "open_form('declare_invalid')",
            "宣布失效",
            show=False,
            id="detail.declare_invalid",
            tooltip="宣布文件失效并写明理由",
        ),
        Binding(
            "j",
            "open_form('legal_basis')",
            "制定依据",
            show=False,
            id="detail.legal_basis",
            tooltip="登记制定依据：上位法或上级文件的名称和文号",
        ),
        Binding(
            "a",
            "open_form('evaluation')",
            "有效期评估",
            show=False,  # the footer is full at 120 columns: listed in the help and the palette
            id="detail.evaluation",
            tooltip="登记有效期届满前的评估：重新制发或到期失效（工作台不再提醒）",
        ),
        # The footer has room for this screen's own actions only: the global keys work here as
        # everywhere, hidden (the help lists them).
        *global_bindings_hidden(),
    ]
    # The same keys once hidden (the form does not apply): said why instead of doing nothing.
    BINDINGS += explained(BINDINGS)

    # Below 110 columns the panels stack (app.tcss) and the filing table drops two columns.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, number: str) -> None:
        super().__init__(classes="detail")
        self.number = number
        self.view: dict[str, Any] | None = None
        self.loads = 0
        """How many times the document was read: a step saved is seen once a later read shows it."""
        self.chain_after: int | None = None
        """While the clerk goes step by step (n): the read after which the next form opens."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static(f"{self.number}　正在读取…", id="doc-heading")
            yield Static("", id="doc-next")
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
        self.query_one("#doc-next", Static).update(self._next_step_text(view.get("next_step")))
        self.query_one("#doc-fields", Static).update(fields_table(view))
        self.query_one("#doc-timeline", Static).update(timeline_table(view))
        self._show_filings()
        self.query_one("#doc-relations", Static).update(relations_text(view))
        self.query_one("#doc-audit", Static).update(audit_table(view))
        self.loads += 1
        self.refresh_bindings()
        self._continue_steps()

    @property
    def narrow(self) -> bool:
        return self.app.size.width < 110

    def _show_filings(self) -> None:
        if self.view is not None:
            table = filings_table(self.view, narrow=self.narrow)
            self.query_one("#doc-filings", Static).update(table)

    def on_resize(self) -> None:
        self._show_filings()

    # ------------------------------------------------------------------ actions

    @property
    def command_suffix(self) -> str:
        """The command palette names this screen's actions after the document: 公布：<文号>."""
        return f"：{self.number}"

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers only the forms that can apply to the document as it stands."""
        if action != "open_form" or self.view is None or not parameters:
            return True
        return str(parameters[0]) in offered_forms(self.view)

    def action_why_not(self, form: str) -> None:
        if self.view is None:
            self.notify("文件尚未读取完毕，请稍候。", severity="warning")
            return
        self.notify(why_not(self.view, form), severity="warning")

    def _next_step_text(self, step: dict[str, Any] | None) -> Text:
        """下一步：登记合法性审核结论（期限 2026-12-11，剩 11 日）　按 n"""
        from docfiler.domain.labels import days_label

        if step is None:
            return Text("程序已完成，没有待办的步骤。", style="dim")
        text = Text("下一步：", style="bold")
        text.append(step["label"], style="bold")
        if step["due"]:
            days = step["days_left"]
            style = "bold red" if days < 0 else "bold yellow" if days <= 7 else ""
            text.append(f"（期限 {step['due']}，")
            text.append(days_label(days), style=style)
            text.append("）")
        text.append("　按 n 打开", style="dim")
        return text

    def action_next_step(self) -> None:
        """The next step's form; once it is saved, the one after it opens, and so on through
        the procedure (公布, then 备案) until the clerk presses Esc in a form."""
        if self.view is None:
            self.notify("文件尚未读取完毕，请稍候。", severity="warning")
            return
        step = self.view.get("next_step")
        if step is None:
            self.notify("这件文件的程序已完成，没有待办的步骤。")
            return
        self.action_open_form(step["action"], chain=True)

    def action_open_form(self, action: str, chain: bool = False) -> None:
        if self.view is None:
            self.notify("文件尚未读取完毕，请稍候。", severity="warning")
            return
        screen = form_for(action)(self.docfiler, self.view)
        if screen is None:
            self.chain_after = None
            return
        opened_at = self.loads

        def closed(result: Any) -> None:
            # Saved: the next form opens after the read that shows this step; cancelled: stop.
            self.chain_after = opened_at if chain and result is not None else None
            self._continue_steps()

        self.app.push_screen(screen, closed)

    def _continue_steps(self) -> None:
        if self.chain_after is None or self.loads <= self.chain_after or not self.is_current:
            return
        self.chain_after = None
        if self.view is not None and self.view.get("next_step") is not None:
            self.action_next_step()
