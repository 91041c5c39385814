"""Set the workspace's minimum group size: the privacy rule leader views and reports obey."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from tracker.domain.privacy import MINIMUM_RANGE
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext

EXPLANATION = (
    "Leader views, the dashboard and exported reports never show resistance, assessment, adoption or "
    "training figures for a group smaller than this, and also hide a second group where totals would "
    "let the first be worked out by subtraction. 5 is the common default (Viva Glint, Viva Insights)."
)


class GroupSizeDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Privacy: minimum group size")
        self.spin = QSpinBox()
        self.spin.setRange(*MINIMUM_RANGE)  # the spin box itself keeps the value in 3–20
        self.spin.setSuffix(" people")
        self.spin.setValue(context.require_workspace().readiness.minimum_group_size)
        self.spin.setEnabled(context.may_edit_roster)
        text = QLabel(EXPLANATION)
        text.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(context.may_edit_roster)
        form = QFormLayout()
        form.addRow("&Minimum group size:", self.spin)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        try:
            self.context.require_workspace().readiness.set_minimum_group_size(self.spin.value())
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.setVisible(True)
            return
        super().accept()
