"""Edit the workspace's readiness gate template: the items every new rollout's checklist starts with.

Changes apply to checklists made from now on; existing rollouts keep theirs (their items may
have owners and evidence), and the gates page offers "Add missing template items" to bring a
rollout up to date. Each add, remove or change is saved at once and can be undone.

An item can be answered from the workspace's data (tracker/domain/gate_evidence.py: a sponsor
named, training complete, no open severe signals, KPIs green…): the checklist then shows that
evidence beside it. Each item says which evidence answers it, or that it is ticked by hand.
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

from tracker.domain.gate_evidence import EvidenceRule, rule_of
from tracker.domain.gates import GateArea, GateTransition
from tracker.store.delivery import GATE_TABLES
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action

MANUAL = "Manual: ticked by hand"


def evidence_combo(accessible_name: str) -> QComboBox:
    """Manual, then each evidence rule by its label (the rule's key as the item's data)."""
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    combo.addItem(MANUAL, "")
    for rule in EvidenceRule:
        combo.addItem(rule.label, rule.value)
    return combo


def evidence_label(key: str | None) -> str:
    rule = rule_of(key)
    return rule.label if rule is not None else MANUAL


class GateTemplateDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Readiness gate template")
        self.resize(640, 560)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Template items")
        self.tree.setHeaderLabels(["Item", "Area", "Answered from data by"])
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 110)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # remove several at once
        self.transition_combo = QComboBox()
        for t in GateTransition:
            self.transition_combo.addItem(t.label, t.value)
        self.area_combo = QComboBox()
        self.transition_combo.setAccessibleName("Gate")
        self.area_combo.setAccessibleName("Area")
        for a in GateArea:
            self.area_combo.addItem(a.label, a.value)
        self.rule_combo = evidence_combo("New item answered from data by")
        self.item_rule_combo = evidence_combo("Selected item answered from data by")
        self.item_rule_combo.setEnabled(False)  # until one item is selected
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
        new_rule_row = QHBoxLayout()
        new_rule_row.addWidget(QLabel("New item answered from data by:"))
        new_rule_row.addWidget(self.rule_combo, 1)
        selected_row = QHBoxLayout()
        selected_row.addWidget(self.remove_button)
        selected_row.addSpacing(16)
        selected_row.addWidget(QLabel("Selected item answered from data by:"))
        selected_row.addWidget(self.item_rule_combo, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addLayout(selected_row)
        layout.addLayout(row)
        layout.addLayout(new_rule_row)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        readonly = context.readonly
        editing: tuple[QWidget, ...] = (self.add_button, self.remove_button, self.text_edit, self.rule_combo)
        for widget in editing:
            widget.setEnabled(not readonly)
        self.add_button.clicked.connect(self.add_item)
        self.text_edit.returnPressed.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_selected)
        self.tree.itemSelectionChanged.connect(self._show_selected_rule)
        self.item_rule_combo.activated.connect(lambda _index: self.set_selected_rule())
        buttons.rejected.connect(self.reject)
        context.data_changed.connect(self._on_change)
        self.load()

    def _on_change(self, event) -> None:
        if frozenset(event.tables) & GATE_TABLES:
            self.load()

    def load(self) -> None:
        keep = self.selected_ids()
        self.tree.clear()
        groups = {}
        for t in GateTransition:
            groups[t] = QTreeWidgetItem(self.tree, [t.label, "", ""])
            groups[t].setExpanded(True)
        for item in self.context.require_workspace().delivery.gates.template():
            node = QTreeWidgetItem(groups[item.transition], [item.text, item.area.label,
                                                             evidence_label(item.evidence_rule)])
            node.setData(0, 256, item.id)
            node.setData(2, 256, item.evidence_rule or "")
            node.setSelected(item.id in keep)
        self._show_selected_rule()

    def selected_ids(self) -> list[int]:
        return [i.data(0, 256) for i in self.tree.selectedItems() if i.data(0, 256) is not None]

    def _show_selected_rule(self) -> None:
        """The selected item's evidence in its combo; changeable when exactly one is selected."""
        chosen = [i for i in self.tree.selectedItems() if i.data(0, 256) is not None]
        one = len(chosen) == 1
        self.item_rule_combo.setEnabled(one and not self.context.readonly)
        index = self.item_rule_combo.findData(chosen[0].data(2, 256) if one else "")
        self.item_rule_combo.setCurrentIndex(max(0, index))

    def set_selected_rule(self) -> None:
        """Link the one selected item to the evidence chosen (saved at once, undoable)."""
        ids = self.selected_ids()
        if len(ids) != 1 or self.context.readonly:
            return
        try:
            self.context.require_workspace().delivery.gates.set_template_evidence_rule(ids[0], self.item_rule_combo.currentData())
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            return
        self.error_label.clear()
        self.load()

    def add_item(self) -> None:
        text = self.text_edit.text().strip()
        if not text or self.context.readonly:
            return
        try:
            self.context.require_workspace().delivery.gates.add_template_item(
                GateTransition(self.transition_combo.currentData()), GateArea(self.area_combo.currentData()), text,
                evidence_rule=self.rule_combo.currentData())
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            return
        self.error_label.clear()
        self.text_edit.clear()
        self.rule_combo.setCurrentIndex(0)  # the next item is manual unless chosen again
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
