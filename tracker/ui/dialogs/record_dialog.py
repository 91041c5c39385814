"""What the add-or-edit dialogs of one record share: checking as the user types, and saving.

A subclass builds its form with `self.error_label` and `self.buttons` (with a Save button),
says what is wrong in `problem()` (None when it can be saved) and writes in `save()`, which
returns the record's id. Save stays disabled while there is a problem or the workspace is
read-only; a refusal from the store shows in the dialog, which stays open. What is wrong is
said once the user has acted (an edit while the dialog is open), never on opening it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from tracker.store.errors import WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import save_resolving_conflicts


class RecordDialog(QDialog):
    # What a subclass sets while building its form.
    context: AppContext
    error_label: QLabel
    buttons: QDialogButtonBox
    saved_id: int | None = None
    #: The version of the record being edited, as the dialog read it (None: a new record, or one
    #: whose store does not check versions yet). save() passes `self.expected_version` on.
    expected_version: int | None = None

    def problem(self) -> str | None:
        raise NotImplementedError

    def save(self) -> int:
        raise NotImplementedError

    def _validate(self, *_args) -> None:
        problem = self.problem()
        # Checks run while the form is built too; a message before any input only scolds.
        shown = problem if self.isVisible() else None
        self.error_label.setText(shown or "")
        self.error_label.setVisible(bool(shown))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(problem is None and not self.context.readonly)

    def accept(self) -> None:
        if self.problem() is not None or self.context.readonly:
            return
        try:
            saved, self.saved_id = save_resolving_conflicts(self, self._save_based_on, self.expected_version)
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.setVisible(True)
            return
        if not saved:  # the user kept the other person's version: this edit is dropped
            super().reject()
            return
        super().accept()

    def _save_based_on(self, version: int | None) -> int:
        self.expected_version = version
        return self.save()
