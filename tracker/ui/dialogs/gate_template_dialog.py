"""Edit the workspace's readiness gate template: the items every new rollout's checklist starts with.

Changes apply to checklists made from now on; existing rollouts keep theirs (their items may
have owners and evidence), and the gates page offers "Add missing template items" to bring a
rollout up to date. Each add or remove is saved at once and can be undone.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.gates import GateArea, GateTransition
from tracker.store.delivery import GATE_TABLES
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action


class GateTemplateDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Readiness gate template")
        self.resize(640, 560)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Template items")
        self.tree.setHeaderLabels(["Item", "Area"])
        self.tree.setColumnWidth(0, 420)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # remove several at once
        self.transition_combo = QComboBox()
        for t in GateTransition:
            self.transition_combo.addItem(t.label, t.value)
        self.area_combo = QComboBox()
        self.transition_combo.setAccessibleName("Gate")
        self.area_combo.setAccessibleName("Area")
        for a in GateArea:
            self.area_combo.addItem(a.label, a.value)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText("New item, e.g. 'Works council informed'")
        self.add_button = QPushButton("&Add")
        self.remove_button = QPushButton("&Remove selected")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        hint = QLabel("New rollouts start their checklist from this template. Existing checklists are not changed.")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        for w in (self.transition_combo, self.area_combo):
            row.addWidget(w)
        row.addWidget(self.text_edit, 1)
        row.addWidget(self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.remove_button)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        readonly = context.readonly
        for editing in (self.add_button, self.remove_button, self.text_edit):
            editing.setEnabled(not readonly)
        self.add_button.clicked.connect(self.add_item)
        self.text_edit.returnPressed.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.rejected.connect(self.reject)
        context.data_changed.connect(self._on_change)
        self.load()

    def _on_change(self, event) -> None:
        if frozenset(event.tables) & GATE_TABLES:
            self.load()

    def load(self) -> None:
        self.tree.clear()
        groups = {}
        for t in GateTransition:
            groups[t] = QTreeWidgetItem(self.tree, [t.label, ""])
            groups[t].setExpanded(True)
        for item in self.context.require_workspace().delivery.gates.template():
            node = QTreeWidgetItem(groups[item.transition], [item.text, item.area.label])
            node.setData(0, 256, item.id)

    def add_item(self) -> None:
        text = self.text_edit.text().strip()
        if not text or self.context.readonly:
            return
        try:
            self.context.require_workspace().delivery.gates.add_template_item(
                GateTransition(self.transition_combo.currentData()), GateArea(self.area_combo.currentData()), text)
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            return
        self.error_label.clear()
        self.text_edit.clear()
        self.load()

    def remove_selected(self) -> None:
        chosen = [i for i in self.tree.selectedItems() if i.data(0, 256) is not None]
        if not chosen or self.context.readonly:
            return
        text = (f"Remove '{chosen[0].text(0)}' from the template?" if len(chosen) == 1
                else f"Remove {len(chosen):,} items from the template?")
        if not confirm_action.ask(self, "Remove template items", text, "Remove",
                                  "Rollouts that already have a checklist keep theirs; new checklists start "
                                  "without. Edit → Undo brings it back."):
            return
        try:
            self.context.require_workspace().delivery.gates.delete_template_items([i.data(0, 256) for i in chosen])
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            return
        self.load()
