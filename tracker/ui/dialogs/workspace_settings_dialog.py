"""Edit → Workspace settings…: the values that travel with the workspace file and change what
everyone who opens it sees — the privacy rule's minimum group size, and the change-load
heatmap's impact weights and saturation threshold.

Until now the heatmap's weights could only be set by a script; a change manager whose
organisation counts a "medium" change as heavier than the default sets them here. Each value
is checked by the same rule the store applies, and nothing is saved while one is out of range.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.change_load import MAX_WEIGHT, check_threshold, check_weights
from tracker.domain.enums import Impact
from tracker.domain.privacy import MINIMUM_RANGE
from tracker.store.change_load import ChangeLoadStore
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.group_size_dialog import EXPLANATION as GROUP_SIZE_EXPLANATION


class WorkspaceSettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        ws = context.require_workspace()
        self.store = ChangeLoadStore(ws)
        self.setWindowTitle("Workspace settings")
        self.setMinimumWidth(460)
        editable = context.may_edit_roster  # an admin's, on a shared workspace

        privacy = QGroupBox("Privacy")
        self.group_size = QSpinBox()
        self.group_size.setRange(*MINIMUM_RANGE)
        self.group_size.setSuffix(" people")
        self.group_size.setValue(ws.readiness.minimum_group_size)
        explanation = QLabel(GROUP_SIZE_EXPLANATION)
        explanation.setWordWrap(True)
        privacy_form = QFormLayout(privacy)
        privacy_form.addRow(explanation)
        privacy_form.addRow("&Minimum group size:", self.group_size)

        load = QGroupBox("Change load")
        weights = self.store.weights()
        self.weights: dict[Impact, QSpinBox] = {}
        load_form = QFormLayout(load)
        load_text = QLabel("A team's load in a month is the sum of the weights of the rollouts it absorbs "
                           "then; a month above the threshold is saturated.")
        load_text.setWordWrap(True)
        load_form.addRow(load_text)
        for impact in (Impact.NONE, Impact.LOW, Impact.MEDIUM, Impact.HIGH):
            spin = QSpinBox()
            spin.setRange(0, MAX_WEIGHT)
            spin.setValue(int(weights[impact]))
            spin.setAccessibleName(f"Weight of {impact.label.lower()} impact")
            spin.valueChanged.connect(self._validate)
            load_form.addRow(f"{impact.label} impact weight:", spin)
            self.weights[impact] = spin
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0, 10 * MAX_WEIGHT)
        self.threshold.setDecimals(1)
        self.threshold.setValue(float(self.store.threshold()))
        self.threshold.setAccessibleName("Saturation threshold")
        self.threshold.valueChanged.connect(self._validate)
        load_form.addRow("&Saturated above:", self.threshold)

        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.group_size, self.threshold, *self.weights.values()):
            widget.setEnabled(editable)
        self.save_button.setEnabled(editable)

        layout = QVBoxLayout(self)
        layout.addWidget(privacy)
        layout.addWidget(load)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def chosen_weights(self) -> dict[Impact, int]:
        return {impact: spin.value() for impact, spin in self.weights.items()}

    def problem(self) -> str | None:
        return check_weights(_by_value(self.chosen_weights())) or check_threshold(self.threshold.value())

    def _validate(self, *_args) -> None:
        problem = self.problem()
        self.error_label.setText(problem or "")
        self.error_label.setVisible(bool(problem))
        self.save_button.setEnabled(problem is None and self.context.may_edit_roster)

    def accept(self) -> None:
        if self.problem() is not None or not self.context.may_edit_roster:
            return
        ws = self.context.require_workspace()
        try:
            if self.group_size.value() != ws.readiness.minimum_group_size:
                ws.readiness.set_minimum_group_size(self.group_size.value())
            if self.chosen_weights() != self.store.weights():
                self.store.set_weights(_by_value(self.chosen_weights()))
            if self.threshold.value() != self.store.threshold():
                self.store.set_threshold(self.threshold.value())
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.setVisible(True)
            return
        super().accept()


def _by_value(weights: dict[Impact, int]) -> dict[str, int]:
    """The weights keyed by each impact's stored word, as the change-load checks take them."""
    return {impact.value: weight for impact, weight in weights.items()}
