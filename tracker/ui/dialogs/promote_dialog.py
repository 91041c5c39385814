"""Move a rollout to another stage: see what the gates still miss, confirm, and log the decision.

Every stage change is a decision, so the dialog asks who took it and why, and the change goes
through `tracker.services.rollout_lifecycle.promote`, which writes the stage and the log entry together. With gate
items open, the Move button stays disabled until the user ticks the confirmation that names
how many are open; the log entry then lists them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.domain.enums import Stage
from tracker.domain.gates import StageChange
from tracker.services.rollout_lifecycle import promote
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.qt_dates import from_qdate, to_qdate

_NEXT = {Stage.PILOT: Stage.SCALING, Stage.SCALING: Stage.PRODUCTION, Stage.PRODUCTION: Stage.RETIRED}


class PromoteDialog(QDialog):
    def __init__(self, context: AppContext, rollout_id: int, parent: QWidget | None = None, *,
                 to_stage: Stage | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.context, self.rollout_id = context, rollout_id
        self.decision_id: int | None = None
        self.change: StageChange | None = None
        ws = context.require_workspace()
        rollout = ws.rollouts.get(rollout_id)
        if rollout is None:  # offered only for a rollout on screen, so a caller's mistake
            raise LookupError(f"no rollout {rollout_id}")
        self.rollout = rollout
        self.setWindowTitle(f"Change stage – {self.rollout.name}")
        self.setMinimumWidth(560)
        self.stage_combo = QComboBox()
        for stage in Stage:
            if stage is not self.rollout.stage:
                self.stage_combo.addItem(stage.label, stage.value)
        target = to_stage or _NEXT.get(self.rollout.stage, Stage.PILOT)
        self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(Stage(target).value)))
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.open_list = QListWidget()
        self.open_list.setMaximumHeight(160)
        self.confirm_check = QCheckBox()
        self.decided_by_edit = QLineEdit(self.rollout.sponsor_name)
        self.decided_by_edit.setPlaceholderText("A person, a board or a committee")
        today = today or dt.date.today()
        self.date_edit = QDateEdit(to_qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(QT_DAY_FORMAT)
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setFixedHeight(70)
        self.rationale_edit.setPlaceholderText("Why now; what makes the open items acceptable")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.move_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout()
        form.addRow("Current stage:", QLabel(self.rollout.stage.label))
        form.addRow("&Move to:", self.stage_combo)
        form.addRow("", self.summary_label)
        form.addRow("Open items:", self.open_list)
        form.addRow("", self.confirm_check)
        form.addRow("&Decided by:", self.decided_by_edit)
        form.addRow("Decided &on:", self.date_edit)
        form.addRow("&Rationale:", self.rationale_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.stage_combo.currentIndexChanged.connect(self._load_change)
        self.confirm_check.toggled.connect(self._validate)
        self.decided_by_edit.textChanged.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._load_change()

    def target(self) -> Stage:
        return Stage(self.stage_combo.currentData())

    def _load_change(self, *_args) -> None:
        self.change = self.context.require_workspace().delivery.gates.stage_change(self.rollout_id, self.target())
        self.summary_label.setText(self.change.summary())
        self.open_list.clear()
        for item in self.change.open_items:
            owner = f" ({item.owner_name})" if item.owner_name else ""
            self.open_list.addItem(f"{item.transition.label} · {item.area.label}: {item.text}{owner}")
        count = len(self.change.open_items)
        self.open_list.setVisible(bool(count))
        self.confirm_check.setVisible(bool(count))
        self.confirm_check.setChecked(False)
        self.confirm_check.setText(f"Move on with {count} open item(s); the decision log records them")
        self.move_button.setText(f"Move to {self.target().label}")
        self._validate()

    def problem(self) -> str | None:
        if self.change is None:
            return "Choose a stage."
        if self.change.problem:
            return self.change.problem
        if self.change.needs_confirmation and not self.confirm_check.isChecked():
            return "Gate items are still open: tick the confirmation to move on regardless."
        if not self.decided_by_edit.text().strip():
            return "Say who decided."
        return None

    def _validate(self, *_args) -> None:
        problem = self.problem()
        self.error_label.setText(problem or "")
        self.error_label.setVisible(bool(problem))
        self.move_button.setEnabled(problem is None and not self.context.readonly)

    def accept(self) -> None:
        if self.problem() is not None or self.context.readonly:
            return
        try:
            self.decision_id = promote(
                self.context.require_workspace(), self.rollout_id, self.target(),
                confirmed_open_items=self.confirm_check.isChecked(),
                decided_by=self.decided_by_edit.text(), rationale=self.rationale_edit.toPlainText(),
                decided_on=from_qdate(self.date_edit.date()))
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.setVisible(True)
            return
        super().accept()
