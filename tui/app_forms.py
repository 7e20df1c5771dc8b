"""What the keys and the command palette open in the app: the forms and the Word dialogs.

A mixin of `tui.app.DocfilerApp` (its `require_office`, `office`, `choices`, `push_screen`);
each opens once the database is open, and says so otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen


class FormActions:
    """The app's form and output actions (`action_*`, found by Textual on the app)."""

    office: Any
    choices: Any

    def _push_form(self, make: Callable[[], Screen | None], then: Callable | None = None) -> None:
        """Open a form (or Word dialog) once the database is open."""
        if self.require_office():
            screen = make()
            if screen is not None:
                self.push_screen(screen, then)

    def action_register_document(self) -> None:
        from tui.forms.documents import register_form

        def registered(result: Any) -> None:
            if result:
                self.refresh_choices()
                self.open_document(result.doc_number)

        self._push_form(lambda: register_form(self), registered)

    def action_add_countersign(self) -> None:
        from tui.forms.countersigns import countersign_form

        self._push_form(lambda: countersign_form(self))

    def action_higher_law(self) -> None:
        from tui.forms.legal_bases import higher_law_form

        self._push_form(lambda: higher_law_form(self))

    def action_add_authority(self) -> None:
        from tui.forms.authorities import authority_form

        def saved(result: Any) -> None:
            if result:
                self.refresh_choices()

        self._push_form(lambda: authority_form(self), saved)

    def action_catalogue(self) -> None:
        from tui.dialogs.outputs import CatalogueDialog

        authorities = self.choices.authorities if self.choices else ()
        self._push_form(lambda: CatalogueDialog(self.office.today(), authorities))

    def action_repealed_list(self) -> None:
        from tui.dialogs.outputs import RepealedListDialog

        self._push_form(lambda: RepealedListDialog(self.office.today()))

    def action_filing_report(self) -> None:
        """备案报告 of every filing still pending at one body (chosen in the dialog)."""
        from tui.dialogs.filing_report import filing_report_for_body

        self._push_form(lambda: filing_report_for_body(self))

    def action_compilation(self) -> None:
        """汇编: the valid documents' full texts, in the catalogue's order."""
        from tui.dialogs.compilation import CompilationDialog

        authorities = self.choices.authorities if self.choices else ()
        editor = self.office.rulebook.office_name if self.office else ""
        self._push_form(lambda: CompilationDialog(self.office.today(), authorities, editor))

    def action_import_sheet(self) -> None:
        """从 Excel 导入登记簿: preview, then one transaction (tui.dialogs.import_sheet)."""
        from tui.dialogs.import_sheet import ImportSheetDialog

        self._push_form(ImportSheetDialog)

    def action_backup(self) -> None:
        """备份登记簿 into the data folder's backups (tui.dialogs.backup)."""
        from tui.dialogs.backup import BackupDialog

        self._push_form(BackupDialog)
