"""Asking before a destructive action, with a button that names the action.

"Delete" / "Cancel" reads better than "Yes" / "No", and Cancel is the default so a stray Enter
never removes anything. Callers use `confirm_action.ask(...)` through the module, so tests can
replace `ask` in one place.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, action: str, detail: str = "") -> bool:
    """True when the user chose `action` (e.g. "Delete"), False on Cancel or Escape."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, parent)
    if detail:
        box.setInformativeText(detail)
    do_it = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is do_it
