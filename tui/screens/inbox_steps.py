"""The 备案审查 steps: which apply to a filed document or a 审查建议 as it stands, why one does
not, which comes next, and the keys that open their forms (the list and the detail screen share
them, as the document detail screen's `offered_forms` / `why_not` do)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.protocol import Host

Item = tuple[str, dict[str, Any]]
"""("filing", a row or show_incoming view) or ("suggestion", a suggestion row)."""

FILING_STEPS = ("receive", "register", "supplement", "review", "report", "close")
SUGGESTION_STEPS = ("suggestion_review", "reply")
STEP_NAMES = {
    "receive": "接收登记",
    "register": "备案登记结论",
    "supplement": "收到补正",
    "review": "审查结论",
    "report": "处理情况",
    "close": "办结",
    "suggestion_review": "依建议审查",
    "reply": "答复",
}

FILING_STEP_BINDINGS = [
    Binding(
        "r",
        "step('register')",
        "登记结论",
        id="inbox.register",
        tooltip="备案登记结论：予以备案登记 / 暂缓办理备案登记（通知补正）/ 不予备案登记",
    ),
    Binding("b", "step('supplement')", "补正", id="inbox.supplement", tooltip="登记收到补正材料"),
    Binding(
        "s",
        "step('review')",
        "审查结论",
        id="inbox.review",
        tooltip="登记审查结论：逐项审查，未发现问题或提出审查意见（自动编号）",
    ),
    Binding(
        "c",
        "step('report')",
        "处理情况",
        id="inbox.report",
        tooltip="登记报送单位对审查意见的处理情况",
    ),
    Binding(
        "d",
        "step('close')",
        "办结",
        id="inbox.close",
        tooltip="审查意见办结：已纠正（写明纠正后的文件）、已废止 或 已提请撤销",
    ),
]
SUGGESTION_STEP_BINDINGS = [
    Binding(
        "v",
        "step('suggestion_review')",
        "依建议审查",
        id="inbox.suggestion_review",
        tooltip="依审查建议对所指文件开始审查",
    ),
    Binding("h", "step('reply')", "答复", id="inbox.reply", tooltip="登记对审查建议的书面答复"),
]
NEXT_BINDING = Binding(
    "n", "next_step", "下一步", id="inbox.next", tooltip="打开所选事项下一步的表单"
)


def explained(bindings: list[Binding]) -> list[Binding]:
    """A hidden twin of each step key: it runs when the step does not apply, and says why."""
    twins = []
    for binding in bindings:
        step = binding.action.removeprefix("step(").strip("')")
        twins.append(Binding(binding.key, f"why_not('{step}')", show=False))
    return twins


def reported(view: dict[str, Any]) -> bool:
    """Whether the unit's 处理情况 on the open 审查意见 has come (a page row or a detail view)."""
    if "followup_reported" in view:
        return view["followup_reported"] is not None
    for review in view.get("reviews", []):
        followup = review.get("followup")
        if followup and not followup["closed_on"] and followup["reported_on"]:
            return True
    return False


def offered(item: Item) -> set[str]:
    kind, view = item
    if kind == "suggestion":
        steps = set()
        if not view["review_started"] and view["filing_registered"]:
            steps.add("suggestion_review")
        if not view["replied_on"]:
            steps.add("reply")
        return steps
    stage = view["stage"]
    steps = {
        "unfiled": {"receive"},
        "received": {"register"},
        "supplemented": {"register"},
        "deferred": {"supplement", "register"},
        "reviewing": {"review"},
        "following": {"close"} if reported(view) else {"report", "close"},
    }.get(stage, set())
    return steps


def next_step(item: Item) -> str | None:
    kind, view = item
    steps = offered(item)
    if kind == "suggestion":
        order = ("suggestion_review", "reply")
    elif view["stage"] == "deferred":
        order = ("supplement",)
    else:
        order = FILING_STEPS
    return next((step for step in order if step in steps), None)


def why_not(item: Item | None, step: str) -> str:
    """Why a step's key does nothing on the highlighted item (its key is hidden from the footer)."""
    if item is None:
        return "请先在列表中选择一项。"
    kind, view = item
    name = STEP_NAMES[step]
    if kind == "suggestion":
        if step not in SUGGESTION_STEPS:
            return f"“{name}”是报备文件的步骤：请按 t 回到报备文件列表。"
        if step == "reply":
            return f"该审查建议已于 {view['replied_on']} 答复。"
        if view["review_started"]:
            return "该审查建议已启动过审查。"
        return "审查建议所指文件不在收文登记中或尚未予以备案登记，不能依建议审查；可直接答复（h）。"
    if step in SUGGESTION_STEPS:
        return f"“{name}”是审查建议的步骤：请按 t 切换到审查建议列表。"
    return f"{view['doc_number']}（{view['stage_label']}）不能“{name}”。" + _what_instead(item)


def _what_instead(item: Item) -> str:
    step = next_step(item)
    if step is None:
        return "该文件没有待办的步骤。"
    return f"下一步是“{STEP_NAMES[step]}”，按 n 打开。"


FormFactory = Callable[["Host", dict[str, Any], list[str]], "Screen | None"]


def form_for(step: str) -> FormFactory:
    from tui.forms import inbox, inbox_suggestions

    return {
        "receive": inbox.receive_form,
        "register": inbox.register_form,
        "supplement": inbox.supplement_form,
        "review": inbox.review_form,
        "report": inbox.report_form,
        "close": inbox.close_form,
        "suggestion_review": inbox_suggestions.suggestion_review_form,
        "reply": inbox_suggestions.reply_form,
    }[step]


class InboxSteps:
    """What the 备案审查 list and detail screens share: a step's key opens its form for the item
    in hand (`step_item`), only when the step applies; n opens the next one."""

    units: list[str]

    def step_item(self) -> Item | None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "step" or not parameters:
            return True
        item = self.step_item()
        return item is not None and str(parameters[0]) in offered(item)

    def action_why_not(self, step: str) -> None:
        self.notify(why_not(self.step_item(), step), severity="warning")  # type: ignore[attr-defined]

    def action_next_step(self) -> None:
        item = self.step_item()
        step = next_step(item) if item is not None else None
        if step is None:
            text = "请先在列表中选择一项。" if item is None else "没有待办的步骤。"
            self.notify(text)  # type: ignore[attr-defined]
            return
        self.action_step(step)

    def action_step(self, step: str) -> None:
        item = self.step_item()
        if item is None or step not in offered(item):
            self.action_why_not(step)
            return
        app = self.docfiler  # type: ignore[attr-defined]
        if not app.require_office():
            return
        screen = form_for(step)(app, item[1], self.units)
        if screen is not None:
            self.app.push_screen(screen)  # type: ignore[attr-defined]
