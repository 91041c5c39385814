"""A rollout's seat rules: after how many days without use a seat is inactive, the grace period
for new starters and new seats, and the AI tool's name for the view across tools.

The spin boxes keep each number in its range; Save checks the rules again through the store
(tracker/domain/seats.py `check_settings`) and says what is wrong under the form, keeping the
dialog open. One audited change, undone with Edit → Undo.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.seat_records import DAYS_RANGE
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext

EXPLANATION = (
    "A seat is inactive when its holder has not used the tool for this many days. People hired, or given "
    "their seat, within the grace period are never recommended for reclaim."
)


class SeatRulesDialog(QDialog):
    def __init__(self, context: AppContext, rollout_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        ws = context.workspace
        assert ws is not None
        self.context, self.rollout_id = context, rollout_id
        rollout = ws.rollouts.get(rollout_id)
        name = rollout.name if rollout else ""
        rules = ws.seats.settings(rollout_id)
        self.setWindowTitle(f"Seat rules – {name}")
        low, high = DAYS_RANGE
        self.inactive_spin = QSpinBox()
        self.inactive_spin.setRange(low, high)
        self.inactive_spin.setSuffix(" days")
        self.inactive_spin.setValue(rules.inactive_days)
        self.grace_spin = QSpinBox()
        self.grace_spin.setRange(0, high)
        self.grace_spin.setSuffix(" days")
        self.grace_spin.setValue(rules.grace_days)
        self.tool_edit = QLineEdit(rules.tool)
        self.tool_edit.setPlaceholderText(name)
        self.tool_edit.setToolTip("Rollouts naming the same tool count as one in the view across tools")
        text = QLabel(EXPLANATION)
        text.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not context.readonly)
        form = QFormLayout()
        form.addRow("&Inactive after:", self.inactive_spin)
        form.addRow("&Grace period:", self.grace_spin)
        form.addRow("AI &tool:", self.tool_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        ws = self.context.workspace
        if ws is None:
            return
        chosen = (self.inactive_spin.value(), self.grace_spin.value(), " ".join(self.tool_edit.text().split()))
        rules = ws.seats.settings(self.rollout_id)
        if chosen == (rules.inactive_days, rules.grace_days, rules.tool):
            super().accept()  # nothing changed: no change to record
            return
        try:
            ws.seats.set_settings(self.rollout_id, inactive_days=chosen[0], grace_days=chosen[1], tool=chosen[2])
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.setVisible(True)
            return
        super().accept()
