"""The campaign screen's actions on a campaign as a whole: starting one, finishing it (a check,
then a confirmation), the materials of a finished one, and 更正 of a finished one's decision.

A mixin of `CampaignScreen` (campaign.py), which holds the state these read (`status`, the page,
the worklist) and the keys that run them. Every dialog here returns the focus to the worklist
when it closes (the screen's `on_screen_resume` does too, whatever closed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from tui.messages import FinishChecked
from tui.screens.campaign_parts import Worklist

if TYPE_CHECKING:
    from docfiler.office import Office


class CampaignLifecycle:
    """Start, finish, materials, 更正: the screen's keys c, f, r and e."""

    # What this mixin reads of CampaignScreen (defined there).
    office: Office
    status: dict[str, Any] | None
    campaign_id: int | None
    campaign_ref: str | int | None
    finished: bool
    unit: str | None
    page_offset: int

    def _back_to_worklist(self) -> None:
        self.query_one(Worklist).focus()

    # ------------------------------------------------------------------ finishing

    def action_finish(self) -> None:
        if self.campaign_id is not None and not self.finished:
            self.check_finish(self.office, self.campaign_id)

    @work(thread=True, exclusive=True, group="campaign-finish", exit_on_error=False)
    def check_finish(self, office: Office, campaign: int) -> None:
        from docfiler.queries.campaigns import campaign_status, finish_consequences

        consequences = finish_consequences(office=office, campaign=campaign)
        status = campaign_status(office=office, campaign=campaign)
        self.post_message(FinishChecked(consequences, status))

    def on_finish_checked(self, message: FinishChecked) -> None:
        from tui.forms.cleanup import FinishCampaignDialog, finish_refusal

        status = message.status
        if message.consequences.undecided:
            # docfiler refuses this too (finish_campaign raises GateError with the list); saying
            # so before the confirmation spares the clerk a dialog that could only fail.
            refusal = finish_refusal(
                status, message.consequences.undecided, self.key_of("toggle_undecided")
            )
            self.docfiler.show_error(refusal, title="不能完成清理")
            return

        def finished(result: Any) -> None:
            self._back_to_worklist()
            if result:
                self.load_status(self.office, self.campaign_id, reload_page=True)

        self.app.push_screen(
            FinishCampaignDialog(
                status["id"], status["name"], message.consequences, self.office.today()
            ),
            finished,
        )

    # ------------------------------------------------------------------ a finished campaign

    def action_report(self) -> None:
        if not self.finished:
            return
        from tui.dialogs.outputs import CleanupReportDialog

        self.app.push_screen(
            CleanupReportDialog(self.status["id"], self.status["name"]),
            lambda _result: self._back_to_worklist(),
        )

    def action_correct(self) -> None:
        """更正 the decision of the row under the cursor (a finished campaign only)."""
        item = self.cursor_item()
        if item is None or not self.finished:
            return
        from tui.forms.cleanup import CorrectDecisionDialog

        def corrected(result: Any) -> None:
            # The saved form told the app the data changed: this screen reads its page and
            # progress again, the cursor on the same row.
            self._back_to_worklist()

        self.app.push_screen(
            CorrectDecisionDialog(self.status, item, self.office.today()), corrected
        )

    # ------------------------------------------------------------------ starting

    def action_start(self) -> None:
        from tui.forms.cleanup import StartCampaignDialog

        def started(campaign: int | None) -> None:
            self._back_to_worklist()
            if campaign is not None:
                self.campaign_ref = campaign
                self.unit, self.page_offset = None, 0
                self.load_status(self.office, campaign, reload_page=True)

        self.app.push_screen(StartCampaignDialog(self.office.today()), started)
