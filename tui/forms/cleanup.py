"""定期清理 forms: starting a campaign, the confirmation that finishes one, and 更正 of a
finished campaign's decision."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from textual.widgets import Button, Static

from tui.forms.base import FormField, FormScreen, Values, date_field, split_names

if TYPE_CHECKING:
    from docfiler.office import Office

DEFAULT_BASIS = "辽宁省规章规范性文件定期清理规定（省政府令第237号）"


class StartCampaignDialog(FormScreen):
    """开始清理: name, as-of date and basis; dismisses with the new campaign's id."""

    def __init__(self, today: dt.date) -> None:
        super().__init__(
            form_id="start-campaign-form",
            title="开始定期清理",
            note="纳入基准日现行有效的全部文件，以及上次清理以来有效期届满的文件；"
            "制定依据已修改或废止的文件标为“需清理”。",
            fields=[
                FormField(
                    "name", "清理名称", required=True, value=f"{today.year}年行政规范性文件清理"
                ),
                date_field("as_of", "清理基准日", required=True, value=today.isoformat()),
                FormField("basis", "清理依据", value=DEFAULT_BASIS),
                FormField("authorities", "制定机关", placeholder="不填为全部；多个用顿号分隔"),
            ],
            save=self.start,
            success=lambda r: (
                f"已开始清理“{r.name}”：纳入文件 {r.total} 件，其中需特别关注 {r.flagged} 件"
            ),
        )

    def start(self, office: Office, values: Values) -> Any:
        from docfiler.services.cleanup import start_campaign

        return start_campaign(
            office=office,
            name=values["name"],
            as_of=values["as_of"],
            basis=values["basis"],
            authorities=split_names(values["authorities"]) or None,
        )

    def dismiss(self, result: Any = None):
        """The caller gets the campaign's id (FormScreen passes start_campaign's whole result)."""
        return super().dismiss(getattr(result, "id", result))


def consequences_text(consequences: Any) -> str:
    totals = consequences.totals
    return (
        f"将废止 {totals.repealed} 件、宣布失效 {totals.declared_invalid} 件、"
        f"修改 {totals.amended} 件，继续有效 {totals.kept} 件"
    )


class FinishCampaignDialog(FormScreen):
    """完成清理: the consequences, a decision date (default today); Enter or ctrl+s confirms."""

    def __init__(self, campaign: int, name: str, consequences: Any, today: dt.date) -> None:
        self.campaign = campaign
        self.consequences = consequences
        super().__init__(
            form_id="finish-campaign-form",
            title=f"完成清理：{name}",
            note="完成后，废止和宣布失效的文件自完成日期起不再有效，继续有效和修改的文件仍然有效；"
            "清理活动不能再修改，如有错误只能登记更正。",
            fields=[date_field("on", "完成日期", required=True, value=today.isoformat())],
            save=self.finish,
            success=lambda r: (
                f"已完成清理“{r.name}”（{r.finished}）：废止 {r.totals.repealed} 件，"
                f"宣布失效 {r.totals.declared_invalid} 件，修改 {r.totals.amended} 件，"
                f"继续有效 {r.totals.kept} 件"
            ),
        )

    def on_mount(self) -> None:
        # FormScreen.on_mount runs too.
        self.query_one(".form-box").mount(
            Static(consequences_text(self.consequences), id="finish-consequences"),
            after=".dialog-title",
        )
        self.query_one("#save", Button).label = "确认完成（Enter）"

    def finish(self, office: Office, values: Values) -> Any:
        from docfiler.services.cleanup import finish_campaign

        return finish_campaign(office=office, campaign=self.campaign, on=values["on"])


def finish_refusal(status: dict[str, Any], undecided: int, undecided_key: str) -> Exception:
    """Why a campaign cannot be finished yet, naming (up to 20 of) the undecided documents."""
    from docfiler.errors import GateError

    shown = "；".join(f"{u['doc_number']}《{u['title']}》" for u in status["undecided"][:20])
    more = f"……共 {undecided} 件" if undecided > 20 else ""
    return GateError(
        f"清理活动“{status['name']}”还有 {undecided} 件文件没有清理意见，不能完成："
        f"{shown}{more}\n\n按 {undecided_key} 只看未决的文件。",
        missing=[u["doc_number"] for u in status["undecided"]],
    )


class CorrectDecisionDialog(FormScreen):
    """更正: a finished campaign's decision for one document, changed on the record (new decision,
    reason, date); dismisses with docfiler's DecisionCorrected."""

    def __init__(self, campaign: dict[str, Any], item: dict[str, Any], today: dt.date) -> None:
        from docfiler.domain.vocabulary import CLEANUP_DECISIONS

        self.campaign = campaign["id"]
        self.number = item["doc_number"]
        decision = item["decision"] or "未决"
        reason = f"（{item['reason']}）" if item["reason"] else ""
        super().__init__(
            form_id="correct-decision-form",
            title=f"更正清理意见：{self.number}",
            note=f"清理活动“{campaign['name']}”已于 {campaign['finished']} 完成，"
            f"本件的清理意见为“{decision}”{reason}。更正留有记录；更正为废止或宣布失效的，"
            "自更正日期起生效。更正日期不得早于完成日期。",
            fields=[
                FormField(
                    "decision",
                    "更正为",
                    "select",
                    required=True,
                    options=[(d, d) for d in CLEANUP_DECISIONS if d != item["decision"]],
                ),
                FormField("reason", "更正理由", required=True),
                date_field("on", "更正日期", required=True, value=today.isoformat()),
            ],
            save=self.correct,
            success=lambda r: f"已更正 {r.doc_number} 的清理意见：由“{r.before}”改为“{r.after}”",
        )

    def correct(self, office: Office, values: Values) -> Any:
        from docfiler.services.cleanup import correct_decision

        return correct_decision(
            office=office,
            campaign=self.campaign,
            number=self.number,
            decision=values["decision"],
            reason=values["reason"],
            on=values["on"],
        )
