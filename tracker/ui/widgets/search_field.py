"""The filter box above a table: words typed here narrow the rows at once.

Every search word must appear in some column (the model's own search, `filter_model.set_search`), so
"billing open" finds Billing's open items. Ctrl+F (the platform's Find key) focuses the box while
focus is anywhere in the panel that owns it, and Esc in the box clears it (`FindShortcut`, also
for filter boxes that are not over a DataTableView, such as the RACI grid's).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget


class FindShortcut(QObject):
    """Ctrl+F focuses `field` while focus is inside `owner`; Esc in a non-empty field clears it.

    Scoped to `owner` (not the window), so several panels with a box can share one window.
    """

    def __init__(self, field: QLineEdit, owner: QWidget):
        super().__init__(field)
        self.field = field
        self.shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), owner)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.focus)
        field.installEventFilter(self)

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def eventFilter(self, watched, event) -> bool:  # Qt override
        if (watched is self.field and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape and self.field.text()):
            self.field.clear()
            return True
        return super().eventFilter(watched, event)


def find_key_text() -> str:
    return QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)


class SearchField(QLineEdit):
    """A filter box wired to `table.filter_model.set_search`, with Ctrl+F inside `owner`."""

    def __init__(self, table, owner: QWidget, placeholder: str = "Filter"):
        super().__init__(owner)
        key = find_key_text()
        self.setPlaceholderText(f"{placeholder} ({key})" if key else placeholder)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(180)
        self.textChanged.connect(table.filter_model.set_search)
        self.find_shortcut = FindShortcut(self, owner)  # not `find`: that is QWidget.find
