"""File → Restore from backup…: choose one of the workspace's automatic copies.

The dialog only lists and chooses (date and size, newest first) and asks for confirmation;
WorkspaceFiles.restore_from_backup does the closing, restoring and reopening, so the file that
was there is always kept beside it under a "before-restore" name.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import time_text
from tracker.store.backup import Backup


def format_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class RestoreDialog(QDialog):
    def __init__(self, workspace_name: str, backups: list[Backup], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"Copies of {workspace_name} made automatically (at most one a day, when it changed). "
            "Restoring one replaces the workspace with it; the current file is kept beside it."))
        self.table = QTableWidget(len(backups), 2, self)
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(["Made", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, backup in enumerate(backups):
            self.table.setItem(row, 0, QTableWidgetItem(time_text(backup.made)))
            self.table.setItem(row, 1, QTableWidgetItem(format_size(backup.size)))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._update)
        if backups:
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def confirm(self, backup: Backup) -> bool:
        """Ask before replacing; a separate method so tests can answer it."""
        answer = QMessageBox.question(
            self, "Restore from backup",
            f"Replace the workspace with the copy from {time_text(backup.made)}? Changes made "
            "since then leave the workspace; the current file is kept beside it, not deleted.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _confirm(self) -> None:
        backup = self.selected()
        if backup is not None and self.confirm(backup):
            self.accept()
