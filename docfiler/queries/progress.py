"""Where a document stands in its procedure and the one step that comes next.

听取意见 → 合法性审核 (→ 修改完毕) → 公平竞争审查 (when it concerns market activity) → 集体讨论决定
→ 签发 → 公布 → 备案 with each filing body → their answers. Read from a document's view (as
`queries.documents.show_document` gives it), so every surface shows the same next step: the
CLI says which command takes it, the TUI which key opens its form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from docfiler.domain import deadlines
from docfiler.domain.vocabulary import is_returned
from docfiler.rules.rulebook import Rulebook

ENDED = ("repealed", "declared_invalid", "lapsed")


@dataclass(frozen=True)
class NextStep:
    stage: str
    """Where the document stands: 起草中, 审核中, 待集体讨论, 待报送备案 …"""
    action: str
    """The form / command that takes the step: opinions, submit_review, finish_review, revision,
    fair_competition, decision, signing, publish, submit_filing, filing_result."""
    label: str
    """The step in words: 报送合法性审核, 登记审核结论 …"""
    due: dt.date | None = None
    party: str | None = None  # the filing body a filing step is owed to

    def days_left(self, today: dt.date) -> int | None:
        return (self.due - today).days if self.due else None

    def as_json(self, today: dt.date) -> dict[str, Any]:
        data = asdict(self)
        data["due"] = self.due.isoformat() if self.due else None
        data["days_left"] = self.days_left(today)
        return data


def next_step(view: dict[str, Any], rules: Rulebook) -> NextStep | None:
    """The next step for the document `view` describes; None once nothing is left to do (every
    filing answered) or the document has ended (repealed, declared invalid, lapsed)."""
    if view["status"] in ENDED:
        return None
    if view["published"] is None:
        return _before_publication(view, rules)
    return _filing_step(view)


def _before_publication(view: dict[str, Any], rules: Rulebook) -> NextStep:
    if not view["opinions"] and not view["reviews"]:
        return NextStep("起草中", "opinions", "登记听取意见")
    review = view["reviews"][-1] if view["reviews"] else None
    if review is None:
        return NextStep("听取意见中", "submit_review", "报送合法性审核")
    if review["finished"] is None:
        due = deadlines.review_due(rules, _day(review["submitted"])).date
        return NextStep("审核中", "finish_review", "登记合法性审核结论", due)
    if review["outcome"] == "不合法":
        return NextStep("审核不合法", "submit_review", "修改后重新报送合法性审核")
    if review["outcome"] == "应当予以修改" and review["revised"] is None:
        return NextStep("待按审核意见修改", "revision", "登记按审核意见修改完毕")
    if view.get("concerns_market") and not view.get("fair_competition"):
        return NextStep("待公平竞争审查", "fair_competition", "登记公平竞争审查结论")
    if not view["decisions"]:
        return NextStep("待集体讨论", "decision", "登记集体讨论决定")
    if view["signed"] is None:
        return NextStep("待签发", "signing", "登记签发")
    due = deadlines.publication_due(rules, _day(view["signed"])).date
    return NextStep("待公布", "publish", "公布", due)


def _filing_step(view: dict[str, Any]) -> NextStep | None:
    waiting = [f for f in view["filings"] if f["submitted"] is None or is_returned(f["result"])]
    if waiting:
        first = min(waiting, key=lambda f: f["due"] or "9999")
        returned = is_returned(first["result"])
        stage = "待补正重报" if returned else "待报送备案"
        label = f"{'补正后重新' if returned else ''}向{first['body']}报送备案"
        return NextStep(stage, "submit_filing", label, _day(first["due"]), first["body"])
    unanswered = [f for f in view["filings"] if f["result"] is None]
    if unanswered:
        body = unanswered[0]["body"]
        return NextStep("待备案答复", "filing_result", f"登记{body}的备案意见", party=body)
    return None


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None
