"""The workspace's list of role types (Sponsor, Champion, …), editable per organisation.

Organisations name roles their own way ("Super user" rather than "Champion"), so the list is
theirs to change. Renaming keeps every assignment; a role that people still hold cannot be
removed (the store refuses and says how many hold it), so nobody silently loses a role.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action

ROLE_ID_ROLE = Qt.ItemDataRole.UserRole


class RoleTypesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Manage roles")
        self.resize(380, 420)

        self.role_list = QListWidget()
        self.add_button = QPushButton("&Add…")
        self.rename_button = QPushButton("Re&name…")
        self.remove_button = QPushButton("&Remove")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        hint = QLabel("Roles are shared by every rollout in this workspace.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)

        side = QVBoxLayout()
        for b in (self.add_button, self.rename_button, self.remove_button):
            side.addWidget(b)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.role_list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.add_button.clicked.connect(lambda: self.add_type())
        self.rename_button.clicked.connect(lambda: self.rename_selected())
        self.remove_button.clicked.connect(self.remove_selected)
        self.role_list.itemDoubleClicked.connect(lambda _item: self.rename_selected())
        self.role_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        buttons.rejected.connect(self.reject)
        self.reload()

    # -------------------------------------------------------------- list
    def reload(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.selected_id()
        self.role_list.clear()
        for role in self.context.require_workspace().roles.types():
            item = QListWidgetItem(role.name)
            item.setData(ROLE_ID_ROLE, role.id)
            self.role_list.addItem(item)
            if role.id == current:
                self.role_list.setCurrentItem(item)
        self._update_buttons()

    def names(self) -> list[str]:
        return [self.role_list.item(i).text() for i in range(self.role_list.count())]

    def selected_id(self) -> int | None:
        item = self.role_list.currentItem()
        return item.data(ROLE_ID_ROLE) if item else None

    def select_name(self, name: str) -> None:
        for i in range(self.role_list.count()):
            if self.role_list.item(i).text().casefold() == name.casefold():
                self.role_list.setCurrentRow(i)

    def _update_buttons(self) -> None:
        editable = not self.context.readonly
        has = self.selected_id() is not None
        self.add_button.setEnabled(editable)
        self.rename_button.setEnabled(editable and has)
        self.remove_button.setEnabled(editable and has)

    def _show_error(self, text: str | None) -> None:
        self.error_label.setText(text or "")
        self.error_label.setVisible(bool(text))

    # -------------------------------------------------------------- edits
    def add_type(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, "Add role", "Name of the new role:")
            if not ok:
                return False
        try:
            role_id = self.context.require_workspace().roles.add_type(name)
        except WorkspaceError as e:
            self._show_error(str(e))
            return False
        self._show_error(None)
        self.reload(select_id=role_id)
        return True

    def rename_selected(self, name: str | None = None) -> bool:
        role_id = self.selected_id()
        if role_id is None:
            return False
        if name is None:
            current = self.role_list.currentItem().text()
            name, ok = QInputDialog.getText(self, "Rename role", f"New name for '{current}':", text=current)
            if not ok:
                return False
        try:
            self.context.require_workspace().roles.rename_type(role_id, name)
        except WorkspaceError as e:
            self._show_error(str(e))
            return False
        self._show_error(None)
        self.reload(select_id=role_id)
        return True

    def remove_selected(self) -> bool:
        role_id = self.selected_id()
        if role_id is None or self.context.readonly:
            return False
        name = self.role_list.currentItem().text()
        if not confirm_action.ask(self, "Remove role", f"Remove the role '{name}'?", "Remove",
                                  "It goes from the list of every rollout in this workspace. "
                                  "Edit → Undo brings it back."):
            return False
        try:
            self.context.require_workspace().roles.remove_type(role_id)
        except WorkspaceError as e:
            self._show_error(str(e))
            return False
        self._show_error(None)
        self.reload()
        return True
