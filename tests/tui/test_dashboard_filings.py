"""The dashboard acts on filings: Enter opens the submission form for that filing (two keys to
record it), o opens the document, space + b records several filings as submitted together."""

from __future__ import annotations

from textual.widgets import Select

from docfiler.queries import documents as queries
from tests.tui.helpers import run_async, screen_text, settle
from tui.forms.base import FormScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import DocumentScreen

SIZE = (120, 40)
# The sample register's overdue group on 2026-11-26, in the dashboard's order:
# 0 有效期 盖财发〔2020〕46号, 1 定期清理, 2 有效期 盖政办发〔2022〕6号,
# 3 备案 盖政办发〔2026〕73号 → 营口市人民政府, 4 合法性审核 盖政发〔2026〕101号,
# 5 备案 盖政办发〔2026〕73号 → 盖州市人大常委会.
TO_YINGKOU, REVIEW, TO_CONGRESS = 3, 4, 5


def messages(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def submitted_on(office, number: str) -> dict[str, str | None]:
    view = queries.show_document(office=office, number=number)
    return {f["body"]: f["submitted"] for f in view["filings"]}


def pending(app) -> set[tuple[str | None, str | None]]:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return {(r.doc_number, r.party) for r in screen.reminders_by_key.values() if r.kind == "filing"}


async def on_row(pilot, row: int) -> None:
    overdue = pilot.app.screen.query_one("#group-overdue")
    overdue.focus()
    overdue.move_cursor(row)
    await pilot.pause()


@run_async
async def test_enter_on_a_filing_opens_its_submission_form_and_ctrl_s_records_it(
    make_app, sample_office
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_row(pilot, TO_CONGRESS)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen) and form.id == "submit-filing-form"
        assert form.query_one("#f-body", Select).value == "盖州市人大常委会"  # the row's body
        await pilot.press("ctrl+s")  # the second key: 报送日期 defaults to today
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert ("盖政办发〔2026〕73号", "盖州市人大常委会") not in pending(app)
        assert ("盖政办发〔2026〕73号", "营口市人民政府") in pending(app)
    assert submitted_on(sample_office, "盖政办发〔2026〕73号") == {
        "营口市人民政府": None,
        "盖州市人大常委会": "2026-11-26",
    }


@run_async
async def test_o_opens_the_document_of_any_row(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_row(pilot, TO_YINGKOU)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.number == "盖政办发〔2026〕73号"


@run_async
async def test_filings_chosen_with_space_are_listed_then_recorded_together(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_row(pilot, TO_YINGKOU)
        await pilot.press("space")  # ticked; the cursor moves on to the review row
        await pilot.press("space")  # a review cannot be chosen: said, nothing ticked
        await pilot.pause()
        assert "只有待报送的备案事项可以选中批量报送。" in messages(app)
        await on_row(pilot, TO_CONGRESS)
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(pilot)
        assert text.count("✓备案") == 2 and "✓合法性审核" not in text
        await pilot.press("b")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen) and form.id == "submit-filings-form"
        listing = screen_text(pilot)
        assert "批量报送备案（2 项）" in listing
        assert "盖政办发〔2026〕73号　向营口市人民政府（期限 2026-10-30）" in listing
        assert "盖政办发〔2026〕73号　向盖州市人大常委会（期限 2026-11-16）" in listing
        assert submitted_on(sample_office, "盖政办发〔2026〕73号") == {
            "营口市人民政府": None,
            "盖州市人大常委会": None,
        }  # nothing written before the clerk confirms
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert not {r for r in pending(app) if r[0] == "盖政办发〔2026〕73号"}
        assert "✓" not in screen_text(pilot)
    assert submitted_on(sample_office, "盖政办发〔2026〕73号") == {
        "营口市人民政府": "2026-11-26",
        "盖州市人大常委会": "2026-11-26",
    }


@run_async
async def test_b_without_a_choice_on_a_review_row_says_how_to_choose(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_row(pilot, REVIEW)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "请先用空格键选中要一起报送的备案事项。" in messages(app)


@run_async
async def test_the_dashboard_says_when_the_register_was_last_backed_up(make_app, tmp_path):
    from docfiler.services.backup import make_backup

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "尚未备份登记簿　请备份（命令面板 ctrl+p → 备份登记簿）。" in screen_text(pilot)
        make_backup(office=app.office, target=tmp_path / "b.zip")
        await pilot.press("g")
        await settle(pilot)
        text = screen_text(pilot)
        assert "上次备份：" in text and "请备份" not in text


@run_async
async def test_drafts_stuck_before_publication_are_listed_and_open(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        drafts = app.screen.query_one("#group-drafts")
        assert drafts.row_count == 7
        text = screen_text(pilot)
        assert "尚未公布（7）　停留最久的在前" in text
        assert "公布（2026-12-22前）" in text  # the next step with its due date
        drafts.focus()
        drafts.move_cursor(2)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.number == "盖政发〔2026〕101号"


@run_async
async def test_focus_leaves_a_group_that_empties(make_app, sample_office):
    """Issue 11, item 9: the group in focus loses its last row (its filings recorded): the focus
    moves to a list the clerk sees, so the arrows and Enter keep working."""
    from docfiler.queries import reminders
    from tui.messages import DashboardLoaded

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        week = screen.query_one("#group-week")
        week.focus()
        await pilot.pause()
        today = sample_office.today()
        found = [
            r
            for r in reminders.reminders(office=sample_office, today=today)
            if not 0 <= r.days_left <= 7  # the 7-day group empties
        ]
        counts = {"total": 44, "in_force": 22, "under_review": 2, "filings_pending": 6}
        screen.post_message(DashboardLoaded(today, found, counts))
        await pilot.pause()
        assert not week.display
        assert screen.focused is screen.query_one("#group-overdue")
        await pilot.press("down")
        assert screen.focused.cursor_row == 1


@run_async
async def test_a_reminder_about_a_units_filed_document_opens_it_on_the_inbox_screen(make_app):
    """The inbox's reminders (a unit's document under 备案审查) name a document that is not on
    the county's register: Enter opens it on the 备案审查 screen (F9), not a not-found error."""
    import datetime as dt

    from docfiler.queries.reminders import Reminder

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reminder = Reminder(
            kind="incoming_review",
            doc_number="盖教发〔2026〕9号",
            title="盖州市中小学校服管理办法",
            party="盖州市教育局",
            due=dt.date(2026, 12, 28),
            days_left=32,
            detail="审查盖州市教育局报备的文件（docfiler inbox show 盖教发〔2026〕9号）",
        )
        app.screen.open_reminder(reminder)
        await settle(pilot)
        from tui.screens.inbox_filing import InboxFilingScreen

        assert isinstance(app.screen, InboxFilingScreen)
        assert app.screen.number == "盖教发〔2026〕9号"


@run_async
async def test_the_highlighted_item_says_why_and_what_to_do(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen

        def detail() -> str:
            return str(screen.query_one("#reminder-detail").render())

        assert detail().startswith("盖财发〔2020〕46号：")  # the first overdue item, in focus
        await on_row(pilot, TO_YINGKOU)
        assert detail() == "盖政办发〔2026〕73号：向营口市人民政府报送备案"
        drafts = screen.query_one("#group-drafts")
        drafts.focus()
        await pilot.pause()
        assert detail() == "盖政办〔2016〕125号：尚未公布，按 Enter 打开，在文件中按 n 办理下一步"
