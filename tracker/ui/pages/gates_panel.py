"""The readiness gate checklist of one rollout, one gate at a time, and the way to the next stage.

Progress per area sits above the list so "how far is the data side?" is answered without
counting. The stage change starts here too (and from the rollout page): it opens the
PromoteDialog, which shows what is still open and logs the decision.

Items linked to an evidence rule show what the workspace's data says about them ("From data"),
read in the background after the list is shown; "Mark done from evidence" ticks such an item
and records that sentence as its evidence, in one undoable change. Ticking stays the user's act.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from tracker.domain.enums import Stage
from tracker.domain.gate_evidence import Evidence, EvidenceRule, recorded_text, rule_of
from tracker.domain.gates import GateItem, GateTransition, ItemStatus, progress
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.gate_item_dialog import GateItemDialog
from tracker.ui.dialogs.gate_template_dialog import GateTemplateDialog
from tracker.ui.dialogs.promote_dialog import PromoteDialog
from tracker.ui.models.delivery_models import gate_item_columns
from tracker.ui.models.record_table_model import RecordTableModel
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.record_history import RecordHistoryAction
from tracker.ui.widgets.search_field import SearchField
from tracker.ui.worker import Worker


def _evidence_job(ws, rollout_id: int, as_of: dt.date, *, progress, cancelled) -> dict:
    from tracker.services.gate_evidence import rollout_evidence

    return rollout_evidence(ws, rollout_id, as_of)


_NEXT_GATE = {Stage.PILOT: GateTransition.PILOT_TO_SCALING, Stage.SCALING: GateTransition.SCALING_TO_PRODUCTION}


class GatesPanel(QWidget):
    def __init__(self, context: AppContext, today: Callable[[], dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.today = context, today
        self.rollout_id: int | None = None
        self._readonly = True
        self._items: list[GateItem] = []
        self._stage: Stage | None = None  # the rollout's stage when last shown
        self._evidence: dict[EvidenceRule, Evidence] = {}  # of the rollout shown; empty while read
        self._evidence_generation = 0
        self.loading = False  # the evidence is being read (tests and the benchmark wait for it)
        self.transition_combo = QComboBox()
        for t in GateTransition:
            self.transition_combo.addItem(t.label, t.value)
        self.stage_label = QLabel()
        self.progress_label = QLabel()
        self.promote_button = QPushButton("Change &stage…")
        self.done_button = QPushButton("Mark &done…")
        self.evidence_button = QPushButton("Mark done from e&vidence")
        self.evidence_button.setToolTip("Tick the item and record what the workspace's data says as its evidence")
        self.waive_button = QPushButton("&Waive…")
        self.reopen_button = QPushButton("Re&open")
        self.edit_button = QPushButton("&Edit…")
        self.add_button = QPushButton("&Add item…")
        self.delete_button = QPushButton("Delete…")
        self.template_items_button = QPushButton("Add missing template items")
        self.template_button = QPushButton("Edit &template…")
        self.table = RolloutAreaPage.make_table(
            RecordTableModel(gate_item_columns(self.today, self.evidence_of), self, muted=lambda i: not i.is_open),
            "gate_checklist", self, {0: 110, 1: 280, 2: 70, 3: 260, 4: 150, 5: 110, 6: 220})
        self.table.setAccessibleName("Gate checklist items")
        self.search = SearchField(self.table, self, "Filter items")
        self.history_action = RecordHistoryAction(self.table, context, "gate_items", lambda i: f"'{i.text}'")
        top = FlowLayout()  # these rows wrap on a narrow window instead of widening it
        gate_label = QLabel("&Gate:")
        gate_label.setBuddy(self.transition_combo)
        top.addWidget(gate_label)
        top.addWidget(self.transition_combo)
        top.addWidget(self.stage_label)
        top.addWidget(self.promote_button)
        self.progress_label.setWordWrap(True)
        bar = FlowLayout()
        for w in (self.done_button, self.evidence_button, self.waive_button, self.reopen_button, self.edit_button,
                  self.add_button,
                  self.delete_button, self.history_action.button()):
            bar.addWidget(w)
        bar.addWidget(self.search)
        bar.addStretch(1)
        bar.addWidget(self.template_items_button)
        bar.addWidget(self.template_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress_label)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.transition_combo.currentIndexChanged.connect(lambda _i: self._show_gate())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.record_activated.connect(lambda _i: self.edit_selected())
        self.done_button.clicked.connect(lambda: self.edit_selected(ItemStatus.DONE))
        self.evidence_button.clicked.connect(self.mark_done_from_evidence)
        self.waive_button.clicked.connect(lambda: self.edit_selected(ItemStatus.WAIVED))
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.add_button.clicked.connect(self.add_item)
        self.delete_button.clicked.connect(self.delete_selected)
        self.template_items_button.clicked.connect(self.add_template_items)
        self.template_button.clicked.connect(self.edit_template)
        self.promote_button.clicked.connect(self.change_stage)

    # -------------------------------------------------------------- data
    def transition(self) -> GateTransition:
        return GateTransition(self.transition_combo.currentData())

    def load(self, rollout_id: int) -> None:
        ws = self.context.workspace
        rollout = ws.rollouts.get(rollout_id) if ws is not None else None
        if ws is None or rollout is None:  # closed or deleted meanwhile: the page shows its hint
            return
        new_rollout = rollout_id != self.rollout_id
        self.rollout_id = rollout_id
        self._items = ws.delivery.gates.items(rollout_id)
        # A new rollout, or a promotion: show the gate that now lies ahead.
        stage_moved = rollout.stage is not self._stage
        self._stage = rollout.stage
        if (new_rollout or stage_moved) and rollout.stage in _NEXT_GATE:
            self.transition_combo.blockSignals(True)
            self.transition_combo.setCurrentIndex(self.transition_combo.findData(_NEXT_GATE[rollout.stage].value))
            self.transition_combo.blockSignals(False)
        self.stage_label.setText(f"Stage: <b>{rollout.stage.label}</b>")
        if new_rollout:
            self._evidence = {}
        self._show_gate()
        self.refresh_evidence()

    # -------------------------------------------------------------- evidence from the data
    def evidence_of(self, item: GateItem) -> Evidence | None:
        rule = rule_of(item.evidence_rule)
        return self._evidence.get(rule) if rule is not None else None

    def refresh_evidence(self) -> Worker | None:
        """Read the evidence off the GUI thread (it takes the rollout's status); the list is
        shown meanwhile and the "From data" column filled when the answer is in."""
        self._evidence_generation += 1
        if self.rollout_id is None or not any(i.evidence_rule for i in self._items):
            self.loading = False
            return None
        generation = self._evidence_generation
        self.loading = True
        worker = Worker(_evidence_job, self.rollout_id, self.today(), workspace=self.context.workspace)
        worker.finished.connect(lambda result: self._show_evidence(result, generation))
        worker.failed.connect(lambda message, _details: self._evidence_failed(message, generation))
        worker.start()
        return worker

    def _show_evidence(self, evidence: dict, generation: int) -> None:
        if generation != self._evidence_generation or not shiboken6.isValid(self.table):
            return  # a newer read is on its way, or the page was closed meanwhile
        self._evidence = evidence
        self.loading = False
        self._show_gate()  # the rows again, with their evidence (selection and sort kept)

    def _evidence_failed(self, message: str, generation: int) -> None:
        if generation == self._evidence_generation and shiboken6.isValid(self.table):
            self.loading = False
            self._evidence = {rule: Evidence(rule, False, f"Could not be read: {message}") for rule in EvidenceRule}
            self._show_gate()

    def _met_evidence(self) -> tuple[GateItem, Evidence] | None:
        """The one selected open item, and its evidence when the data says it is met."""
        selected = self.table.selected_records()
        if len(selected) != 1 or selected[0].status is ItemStatus.DONE:
            return None
        evidence = self.evidence_of(selected[0])
        return (selected[0], evidence) if evidence is not None and evidence.met else None

    def mark_done_from_evidence(self) -> None:
        found = self._met_evidence()
        if found is None or self.context.readonly:
            return
        item, evidence = found
        text = recorded_text(evidence, self.today())
        if item.evidence.strip() and evidence.text not in item.evidence:
            text = f"{item.evidence.strip()}; {text}"  # keep what the user wrote before
        ws = self.context.workspace
        if ws is None:
            return
        try:
            ws.delivery.gates.update_item(item.id, status=ItemStatus.DONE, evidence=text)
        except WorkspaceError as e:
            QMessageBox.warning(self, "Not saved", str(e))

    def _show_gate(self) -> None:
        transition = self.transition()
        shown = [i for i in self._items if i.transition is transition]
        self.table.set_rows(shown)
        parts = []
        for area, (settled, total) in progress(self._items, transition).items():
            if total:
                colour = theme.hex_colour("success" if settled == total else "error" if settled == 0 else "warning")
                parts.append(f"{area.label} <b style='color:{colour}'>{settled}/{total}</b>")
        open_count = sum(i.is_open for i in shown)
        if not self._items:  # opening the page never writes: the user adds the checklist
            self.progress_label.setText("This rollout has no readiness checklist yet: add the template's "
                                        "items, or your own with Add item….")
        else:
            self.progress_label.setText(" · ".join(parts) + (f" — {open_count} open" if shown else "No items for this gate."))
        self.template_items_button.setText("Add the template's &checklist" if not self._items
                                           else "Add missing template items")
        self._update_actions()

    # -------------------------------------------------------------- editing
    def set_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        for w in (self.add_button, self.template_items_button, self.promote_button):
            w.setEnabled(not readonly)
        self._update_actions()

    def _update_actions(self) -> None:
        selected = self.table.selected_records()
        editable = not self._readonly
        self.edit_button.setEnabled(editable and len(selected) == 1)
        self.done_button.setEnabled(editable and len(selected) == 1 and selected[0].status is not ItemStatus.DONE)
        self.evidence_button.setEnabled(editable and self._met_evidence() is not None)
        self.waive_button.setEnabled(editable and len(selected) == 1 and selected[0].status is not ItemStatus.WAIVED)
        self.reopen_button.setEnabled(editable and any(not i.is_open for i in selected))
        self.delete_button.setEnabled(editable and bool(selected))

    def _dialog(self, item: GateItem | None, status: ItemStatus | None = None) -> None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None or self.context.readonly:
            return
        dialog = GateItemDialog(self.context, self.rollout_id, ws.people.list(), item, self,
                                transition=self.transition(), status=status)
        if dialog.exec() and dialog.saved_id is not None:
            saved = dialog.saved_id
            self.table.select_where(lambda i: i.id == saved)
        dialog.deleteLater()

    def edit_selected(self, status: ItemStatus | None = None) -> None:
        selected = self.table.selected_records()
        if len(selected) == 1:
            self._dialog(selected[0], status)

    def add_item(self) -> None:
        self._dialog(None)

    def reopen_selected(self) -> None:
        ws = self.context.workspace
        if ws is None:
            return
        for item in [i for i in self.table.selected_records() if not i.is_open]:
            try:
                ws.delivery.gates.update_item(item.id, status=ItemStatus.OPEN)
            except WorkspaceError as e:
                QMessageBox.warning(self, "Not saved", str(e))
                return

    def delete_selected(self) -> None:
        selected, ws = self.table.selected_records(), self.context.workspace
        if not selected or ws is None or self.context.readonly:
            return
        text = "Delete this item?" if len(selected) == 1 else f"Delete {len(selected)} items?"
        if confirm_action.ask(self, "Delete gate items", text, "Delete",
                              "Waive an item that does not apply instead: the reason stays on record."):
            ws.delivery.gates.delete_items([i.id for i in selected])

    def add_template_items(self) -> None:
        ws = self.context.workspace
        if ws is not None and self.rollout_id is not None and not self.context.readonly:
            added = ws.delivery.gates.ensure_gate_items(self.rollout_id)
            if not added:
                QMessageBox.information(self, "Template items", "This checklist already has every template item.")

    def edit_template(self) -> None:
        dialog = GateTemplateDialog(self.context, self)
        dialog.exec()
        dialog.deleteLater()

    def change_stage(self) -> PromoteDialog | None:
        if self.rollout_id is None or self.context.readonly:
            return None
        dialog = PromoteDialog(self.context, self.rollout_id, self, today=self.today())
        dialog.exec()
        dialog.deleteLater()
        return dialog
