"""The Training page: who must learn what for a rollout, who is behind, and HR's session plan.

Three tabs: Progress (team roll-up, drill-down, charts, marking progress), Sessions (sessions,
seats, seats still needed, the month plan) and Modules (what is required of whom). The page
follows the navigator's rollout and refreshes itself when a change touches training data, the
people or their roles (a role change changes who must take what).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.store.training import TABLES
from tracker.ui.context import AppContext
from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog
from tracker.ui.pages.training_modules_panel import TrainingModulesPanel
from tracker.ui.pages.training_progress_panel import TrainingProgressPanel
from tracker.ui.pages.training_sessions_panel import TrainingSessionsPanel

EMPTY_HINT = "Select a rollout on the left to see its training."
PROGRESS_TAB, SESSIONS_TAB, MODULES_TAB = range(3)


class TrainingPage(QWidget):
    title = "Training"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._rollout_id: int | None = None
        self._pending: set[str] = set()
        self.progress = TrainingProgressPanel(context)
        self.sessions = TrainingSessionsPanel(context)
        self.modules = TrainingModulesPanel(context)
        self.import_button = QPushButton("&Import from LMS…")
        self.import_button.setToolTip("Completions from a learning system's export (CSV or Excel)")
        self.import_button.clicked.connect(self.import_training)
        self._build()
        # Several changes in a row (an import, then an undo) refresh once.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._refresh_pending)
        for panel in (self.progress, self.sessions, self.modules):
            panel.error.connect(lambda text: QMessageBox.warning(self, "Not saved", text))
        context.rollout_selected.connect(self.show_rollout)
        context.data_changed.connect(self._on_data_changed)
        context.workspace_changed.connect(lambda _ws: self._reset())

    def _build(self) -> None:
        self.name_label = QLabel()
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name_label.setFont(font)
        header = QHBoxLayout()
        header.addWidget(self.name_label, 1)
        header.addWidget(self.import_button)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.progress, "Progress")
        self.tabs.addTab(self.sessions, "Sessions")
        self.tabs.addTab(self.modules, "Modules")
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        empty = QLabel(EMPTY_HINT)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setStyleSheet("color: palette(placeholder-text); font-size: 13pt; padding: 40px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    # -------------------------------------------------------------- showing
    def rollout_id(self) -> int | None:
        return self._rollout_id

    def show_rollout(self, rollout_id: int | None) -> None:
        if rollout_id == self._rollout_id:
            return
        self._rollout_id = rollout_id
        self.refresh()

    def refresh(self) -> None:
        ws = self.context.workspace
        rollout = ws.rollouts.get(self._rollout_id) if ws and self._rollout_id is not None else None
        if rollout is None:
            self._rollout_id = None
            self.stack.setCurrentIndex(0)
            for panel in (self.progress, self.sessions, self.modules):
                panel.set_rollout(None)
            return
        self.stack.setCurrentIndex(1)
        self.name_label.setText(f"Training – {rollout.name}")
        self.import_button.setEnabled(not self.context.readonly)
        for panel in (self.progress, self.sessions, self.modules):
            panel.set_rollout(rollout.id)
        self.tabs.setTabText(MODULES_TAB, f"Modules ({self.modules.row_count()})")

    def _on_data_changed(self, event) -> None:
        touched = set(event.tables) & TABLES
        if touched and self._rollout_id is not None:
            from tracker.services.rollout_status import shows_nothing_of

            if shows_nothing_of(self.context.workspace, event):  # a title or email: nothing shown here
                return
            self._pending |= touched
            self._timer.start()

    def _refresh_pending(self) -> None:
        touched, self._pending = self._pending, set()
        if self.context.workspace is None:  # closed while the refresh waited
            return
        if touched & {"rollouts", "training_modules", "training_role_requirements", "training_team_requirements",
                      "teams", "people", "role_types"}:
            self.refresh()  # modules or names changed: the filters too
            return
        self.progress.refresh()
        self.sessions.refresh()

    def _reset(self) -> None:
        self._rollout_id = None
        self.refresh()

    # -------------------------------------------------------------- import
    def import_training(self) -> None:
        if self._rollout_id is not None and not self.context.readonly:
            TrainingImportDialog(self.context, self._rollout_id, self).exec()
