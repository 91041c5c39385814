"""Who holds which role in a rollout: sponsor, change lead, champions, trainers, end users…

Roles decide who must be trained, so this list is what HR plans from. It can run to thousands
of end users, hence the filter box. Leavers are kept visible and greyed out until someone takes
over their role: a missing champion is a risk to notice, not to hide.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QVBoxLayout, QWidget

from tracker.domain.models import RoleAssignment, Rollout
from tracker.store.errors import WorkspaceError
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.assign_role_dialog import AssignRoleDialog
from tracker.ui.dialogs.role_types_dialog import RoleTypesDialog
from tracker.ui.models.role_assignment_model import EMPLOYEE_ID, PERSON, TEAM, make_role_assignment_model
from tracker.ui.widgets.data_table_view import DataTableView


def roles_summary(rows: list[RoleAssignment]) -> str:
    """'8 role assignments · 6 people · 1 deactivated'."""
    people = {a.person_id for a in rows}
    left = {a.person_id for a in rows if not a.person_active}
    text = (f"{len(rows):,} role assignment{'' if len(rows) == 1 else 's'} · "
            f"{len(people):,} {'person' if len(people) == 1 else 'people'}")
    return text + (f" · {len(left):,} deactivated" if left else "")


class RolloutRolesPanel(QWidget):
    error = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._rollout: Rollout | None = None
        self._readonly = False

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by person, employee id, team or role")
        self.filter_edit.setClearButtonEnabled(True)
        self.assign_button = QPushButton("A&ssign role…")
        self.remove_action = QAction("&Remove role…", self)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_button = QPushButton("Remove role")
        self.remove_button.setToolTip("Remove the selected role assignments (Del)")
        self.manage_button = QPushButton("&Manage roles…")
        self.manage_button.setToolTip("Add, rename or remove the role types of this workspace")
        self.summary_label = QLabel()
        first_run = settings.header_state("rollout_roles") is None  # (the view saves a state at once)
        self.table = DataTableView(make_role_assignment_model(self), "rollout_roles", self)
        self.table.addAction(self.remove_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        if first_run:  # first run: room for real names
            header = self.table.horizontalHeader()
            for column, width in ((PERSON, 260), (EMPLOYEE_ID, 110), (TEAM, 240)):
                header.resizeSection(column, width)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.assign_button)
        bar.addWidget(self.remove_button)
        bar.addWidget(self.manage_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)

        self.filter_edit.textChanged.connect(self.table.filter_model.set_search)
        self.assign_button.clicked.connect(self.assign_role)
        self.remove_action.triggered.connect(self.remove_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.manage_button.clicked.connect(self.manage_roles)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.customContextMenuRequested.connect(self._show_menu)
        self._update_actions()

    # -------------------------------------------------------------- data
    def set_rollout(self, rollout: Rollout | None) -> None:
        self._rollout = rollout
        self.refresh()

    def refresh(self) -> None:
        ws = self.context.workspace
        rows = ws.roles.assignments(self._rollout.id) if ws and self._rollout else []
        self.table.set_rows(rows)
        self.summary_label.setText(roles_summary(rows))
        self._update_actions()

    def row_count(self) -> int:
        return len(self.table.source_model.rows())

    def set_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self._update_actions()

    def _update_actions(self) -> None:
        editable = not self._readonly and self._rollout is not None
        selected = bool(self.table.selected_records())
        self.assign_button.setEnabled(editable)
        self.remove_action.setEnabled(editable and selected)
        self.remove_button.setEnabled(editable and selected)
        self.manage_button.setEnabled(not self._readonly and self.context.workspace is not None)

    # -------------------------------------------------------------- actions
    def assign_role(self) -> None:
        if self._rollout is None or self._readonly:
            return
        dialog = AssignRoleDialog(self.context, self._rollout.id, self)
        if dialog.exec() and dialog.assignment_id is not None:
            new_id = dialog.assignment_id
            self.filter_edit.clear()  # the new row must be visible to be selected
            self.table.select_where(lambda a: a.id == new_id)
        dialog.deleteLater()

    def remove_selected(self) -> None:
        ws = self.context.workspace
        selected: list[RoleAssignment] = self.table.selected_records()
        if ws is None or self._rollout is None or self._readonly or not selected:
            return
        if len(selected) == 1:
            a = selected[0]
            text = f"Remove {a.person_name} as {a.role_name.lower()} of '{self._rollout.name}'?"
        else:
            text = f"Remove {len(selected):,} role assignments from '{self._rollout.name}'?"
        if not confirm_action.ask(self, "Remove role", text, "Remove", "Edit → Undo puts it back."):
            return
        try:
            ws.roles.unassign([a.id for a in selected])
        except WorkspaceError as e:
            self.error.emit(str(e))

    def manage_roles(self) -> None:
        if self.context.workspace is None:
            return
        dialog = RoleTypesDialog(self.context, self)
        dialog.exec()
        dialog.deleteLater()

    def _show_menu(self, pos) -> None:
        if not self.table.selected_records():
            return
        menu = QMenu(self)
        menu.addAction(self.remove_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()
