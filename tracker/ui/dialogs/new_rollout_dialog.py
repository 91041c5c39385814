"""Starting a rollout with the few facts known on day one.

A new rollout usually has a name and a rough go-live, and little else; asking for owner,
sponsor and objective up front would make people type placeholders. The rest is filled in on
the Rollout page's Details tab. The name must be unique, checked as you type.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.enums import Stage
from tracker.domain.validation import check_required, check_target_adoption
from tracker.services.rollout_lifecycle import create_rollout
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.widgets.optional_date_edit import OptionalDateEdit


class NewRolloutDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id: int | None = None
        self.setWindowTitle("New rollout")
        self.setMinimumWidth(420)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText("e.g. Claims triage assistant")
        self.stage_combo = QComboBox()
        for stage in Stage:
            self.stage_combo.addItem(stage.label, stage.value)
        self.go_live_edit = OptionalDateEdit("go-live date")
        self.target_spin = QSpinBox()
        self.target_spin.setRange(0, 100)
        self.target_spin.setSpecialValueText("Not set")
        self.target_spin.setSuffix(" %")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Stage:", self.stage_combo)
        form.addRow("&Go-live date:", self.go_live_edit)
        form.addRow("&Target adoption:", self.target_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.name_edit.textChanged.connect(self._validate)
        self.target_spin.valueChanged.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def problem(self) -> str | None:
        name = self.name_edit.text().strip()
        problem = check_required(name, "A rollout name") or check_target_adoption(self.target_spin.value() or None)
        if problem:
            return problem
        ws = self.context.workspace
        clash = ws.rollouts.by_name(name) if ws else None
        return f"There is already a rollout called '{clash.name}'." if clash else None

    def _validate(self, *_args) -> None:
        problem = self.problem()
        # An empty name is obvious from the disabled button; only say what is not obvious.
        shown = problem if self.name_edit.text().strip() else None
        self.error_label.setText(shown or "")
        self.error_label.setVisible(bool(shown))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None and not self.context.readonly)

    def accept(self) -> None:
        if self.problem() is not None:
            return
        percent = self.target_spin.value()
        try:
            self.rollout_id = create_rollout(
                self.context.require_workspace(), name=self.name_edit.text(), stage=Stage(self.stage_combo.currentData()),
                go_live_date=self.go_live_edit.date(), target_adoption=percent / 100 if percent else None,
            )
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.setVisible(True)
            return
        super().accept()
