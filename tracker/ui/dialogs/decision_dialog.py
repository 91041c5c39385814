"""Log or edit a decision: what, when, who decided, why, and what it links to.

"Who decided" is free text, because decisions are often taken by a board or a committee.
Stage changes are logged by the stage-change dialog, not here.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.domain.decisions import Decision, check_decision
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.record_dialog import RecordDialog
from tracker.ui.qt_dates import from_qdate, to_qdate


class DecisionDialog(RecordDialog):
    def __init__(self, context: AppContext, rollout_id: int, decision: Decision | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.context, self.rollout_id, self.decision = context, rollout_id, decision
        self.expected_version = decision.version if decision is not None else None
        self.saved_id: int | None = None
        self.setWindowTitle("Edit decision" if decision else "Log decision")
        self.setMinimumWidth(520)
        day = decision.decided_on if decision else (today or dt.date.today())
        self.date_edit = QDateEdit(to_qdate(day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(QT_DAY_FORMAT)
        self.decision_edit = QLineEdit(decision.decision if decision else "")
        self.by_edit = QLineEdit(decision.decided_by if decision else "")
        self.by_edit.setPlaceholderText("A person, a board or a committee")
        self.rationale_edit = QPlainTextEdit(decision.rationale if decision else "")
        self.rationale_edit.setFixedHeight(80)
        self.links_edit = QLineEdit(decision.links if decision else "")
        self.links_edit.setPlaceholderText("Gate items, dependencies, tickets or documents this concerns")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow("D&ate:", self.date_edit)
        form.addRow("&Decision:", self.decision_edit)
        form.addRow("Decided &by:", self.by_edit)
        form.addRow("&Rationale:", self.rationale_edit)
        form.addRow("&Linked items:", self.links_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        for sig in (self.decision_edit.textChanged, self.by_edit.textChanged):
            sig.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def values(self) -> dict:
        return {"rollout_id": self.rollout_id, "decided_on": from_qdate(self.date_edit.date()),
                "decision": self.decision_edit.text(), "decided_by": self.by_edit.text(),
                "rationale": self.rationale_edit.toPlainText(), "links": self.links_edit.text()}

    def problem(self) -> str | None:
        v = self.values()
        return check_decision(decided_on=v["decided_on"], decision=v["decision"], decided_by=v["decided_by"])

    def _validate(self, *_args) -> None:
        problem = self.problem()
        self.error_label.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(problem is None and not self.context.readonly)

    def save(self) -> int:
        store = self.context.require_workspace().delivery.decisions
        if self.decision is None:
            return store.add(**self.values())
        store.update(self.decision.id, expected_version=self.expected_version, **self.values())
        return self.decision.id
