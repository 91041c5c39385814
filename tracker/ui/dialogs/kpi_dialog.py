"""Add or edit a KPI: name, unit, target, which direction is better, and the amber tolerance.

The tolerance is in the KPI's own unit ("amber within 3 %", "within 200 ms"), and the dialog
says in words what the rule will do with the numbers typed, so a reversed direction shows
before it colours every chart wrongly.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.kpis import Direction, Kpi, check_kpi
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.record_dialog import RecordDialog


def number_spin() -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(-1e12, 1e12)
    spin.setDecimals(4)
    return spin


class KpiDialog(RecordDialog):
    def __init__(self, context: AppContext, rollout_id: int, kpi: Kpi | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.rollout_id, self.kpi = context, rollout_id, kpi
        self.expected_version = kpi.version if kpi is not None else None
        self.saved_id: int | None = None
        self.setWindowTitle("Edit KPI" if kpi else "Add KPI")
        self.setMinimumWidth(440)
        self.name_edit = QLineEdit(kpi.name if kpi else "")
        self.name_edit.setPlaceholderText("e.g. Accuracy, p95 latency, Uptime, Cost per transaction")
        self.unit_edit = QLineEdit(kpi.unit if kpi else "")
        self.unit_edit.setPlaceholderText("%, ms, €")
        self.target_spin = number_spin()
        self.direction_combo = QComboBox()
        for d in Direction:
            self.direction_combo.addItem(d.label, d.value)
        self.tolerance_spin = number_spin()
        self.tolerance_spin.setMinimum(0)
        if kpi:
            self.target_spin.setValue(kpi.target)
            self.direction_combo.setCurrentIndex(self.direction_combo.findData(kpi.direction.value))
            self.tolerance_spin.setValue(kpi.tolerance)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Unit:", self.unit_edit)
        form.addRow("&Target:", self.target_spin)
        form.addRow("&Direction:", self.direction_combo)
        form.addRow("&Amber within:", self.tolerance_spin)
        form.addRow("", self.rule_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        for sig in (self.name_edit.textChanged, self.unit_edit.textChanged, self.target_spin.valueChanged,
                    self.direction_combo.currentIndexChanged, self.tolerance_spin.valueChanged):
            sig.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def values(self) -> dict:
        return {"rollout_id": self.rollout_id, "name": self.name_edit.text(), "unit": self.unit_edit.text(),
                "target": self.target_spin.value(), "direction": Direction(self.direction_combo.currentData()),
                "tolerance": self.tolerance_spin.value()}

    def problem(self) -> str | None:
        v = self.values()
        return check_kpi(name=v["name"], target=v["target"], tolerance=v["tolerance"])

    def _validate(self, *_args) -> None:
        v = self.values()
        problem = self.problem()
        unit = f" {v['unit'].strip()}" if v["unit"].strip() else ""
        t, tol = v["target"], v["tolerance"]
        if v["direction"] is Direction.HIGHER_BETTER:
            self.rule_label.setText(f"Green from {t:g}{unit} up, amber from {t - tol:g}{unit}, red below that.")
        else:
            self.rule_label.setText(f"Green up to {t:g}{unit}, amber up to {t + tol:g}{unit}, red above that.")
        self.error_label.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(problem is None and not self.context.readonly)

    def save(self) -> int:
        store = self.context.require_workspace().delivery.kpis
        if self.kpi is None:
            return store.add(**self.values())
        store.update(self.kpi.id, expected_version=self.expected_version, **self.values())
        return self.kpi.id
