"""Adding or editing a training module: what it is, who must take it, and when it is due.

Who must take it is chosen as roles (of this rollout) and whole teams; the people follow from
those, so the dialog never lists people. The due date is fixed, relative to go-live, or none.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.domain.training import TrainingFormat
from tracker.domain.training_models import TrainingModule
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import save_resolving_conflicts
from tracker.ui.qt_dates import from_qdate, to_qdate


def _checklist(items: list[tuple[int, str]], checked: set[int]) -> QListWidget:
    widget = QListWidget()
    for item_id, text in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, item_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if item_id in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> list[int]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


class ModuleDialog(QDialog):
    def __init__(self, context: AppContext, rollout_id: int, module: TrainingModule | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.rollout_id, self.module = context, rollout_id, module
        self.module_id: int | None = module.id if module else None
        ws = context.require_workspace()
        self.setWindowTitle("Edit module" if module else "New module")
        self.setMinimumSize(560, 560)

        self.code_edit = QLineEdit(module.code if module else "")
        self.title_edit = QLineEdit(module.title if module else "")
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setRange(0, 1000)
        self.hours_spin.setDecimals(1)
        self.hours_spin.setValue(module.hours if module else 1.0)
        self.format_combo = QComboBox()
        for f in TrainingFormat:
            self.format_combo.addItem(f.label, f)
        if module:
            self.format_combo.setCurrentIndex(list(TrainingFormat).index(module.format))

        self.no_due = QRadioButton("No due date")
        self.fixed_due = QRadioButton("On")
        self.relative_due = QRadioButton("Relative to go-live:")
        group = QButtonGroup(self)
        for b in (self.no_due, self.fixed_due, self.relative_due):
            group.addButton(b)
        self.due_date_edit = QDateEdit(QDate.currentDate().addMonths(2))
        self.due_date_edit.setCalendarPopup(True)
        self.due_date_edit.setDisplayFormat(QT_DAY_FORMAT)
        self.offset_spin = QSpinBox()
        self.offset_spin.setRange(-3650, 3650)
        self.offset_spin.setSuffix(" days (negative: before)")
        self.offset_spin.setValue(-14)
        if module and module.due_date:
            self.fixed_due.setChecked(True)
            self.due_date_edit.setDate(to_qdate(module.due_date))
        elif module and module.due_offset_days is not None:
            self.relative_due.setChecked(True)
            self.offset_spin.setValue(module.due_offset_days)
        elif module:
            self.no_due.setChecked(True)
        else:
            self.relative_due.setChecked(True)
        self.available_edit = QDateEdit(to_qdate(module.available_from) if module else QDate.currentDate())
        self.available_edit.setCalendarPopup(True)
        self.available_edit.setDisplayFormat(QT_DAY_FORMAT)
        self.available_edit.setToolTip("Completions before this day are refused as impossible")

        self.roles_list = _checklist([(r.id, r.name) for r in ws.roles.types()], set(module.role_ids if module else ()))
        self.teams_filter = QLineEdit()
        self.teams_filter.setPlaceholderText("Filter teams")
        self.teams_filter.setClearButtonEnabled(True)
        self.teams_list = _checklist([(t.id, t.name) for t in ws.teams.list()], set(module.team_ids if module else ()))
        self.teams_filter.textChanged.connect(self._filter_teams)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Code:", self.code_edit)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Hours:", self.hours_spin)
        form.addRow("&Format:", self.format_combo)
        due = QGridLayout()
        due.addWidget(self.no_due, 0, 0)
        due.addWidget(self.fixed_due, 1, 0)
        due.addWidget(self.due_date_edit, 1, 1)
        due.addWidget(self.relative_due, 2, 0)
        due.addWidget(self.offset_spin, 2, 1)
        form.addRow("Due:", due)
        form.addRow("Available from:", self.available_edit)
        who = QGridLayout()
        who.addWidget(QLabel("Required for these roles:"), 0, 0)
        who.addWidget(QLabel("…and everyone in these teams:"), 0, 1)
        who.addWidget(self.roles_list, 1, 0, 2, 1)
        who.addWidget(self.teams_filter, 1, 1)
        who.addWidget(self.teams_list, 2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(who, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _filter_teams(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.teams_list.count()):
            item = self.teams_list.item(i)
            item.setHidden(not all(w in item.text().casefold() for w in words))

    def values(self) -> dict:
        due_date = from_qdate(self.due_date_edit.date()) if self.fixed_due.isChecked() else None
        offset = self.offset_spin.value() if self.relative_due.isChecked() else None
        return {
            "code": self.code_edit.text(), "title": self.title_edit.text(), "hours": self.hours_spin.value(),
            "format": self.format_combo.currentData(), "due_date": due_date, "due_offset_days": offset,
            "available_from": from_qdate(self.available_edit.date()),
            "role_ids": _checked(self.roles_list), "team_ids": _checked(self.teams_list),
        }

    def accept(self) -> None:
        training = self.context.require_workspace().training
        try:
            if self.module_id is None:
                self.module_id = training.create_module(self.rollout_id, **self.values())
            else:
                module_id = self.module_id  # saved onto the version this dialog read (conflict_dialog)
                saved, _changed = save_resolving_conflicts(
                    self, lambda version: training.update_module(module_id, expected_version=version, **self.values()),
                    self.module.version if self.module is not None else None)
                if not saved:  # they kept the other person's version
                    super().reject()
                    return
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.show()
            return
        super().accept()

