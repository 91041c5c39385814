"""The Training page: who must learn what for a rollout, who is behind, and HR's session plan.

Three tabs: Progress (team roll-up, drill-down, charts, marking progress), Sessions (sessions,
seats, seats still needed, the month plan) and Modules (what is required of whom). The page
follows the navigator's rollout and the training, rollouts and organisation areas (a role
change changes who must take what); changes in a row (an import, then an undo) reload once.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from tracker.domain.models import Rollout
from tracker.store import Workspace
from tracker.ui.context import AppContext
from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.pages.training_modules_panel import TrainingModulesPanel
from tracker.ui.pages.training_progress_panel import TrainingProgressPanel
from tracker.ui.pages.training_sessions_panel import TrainingSessionsPanel

PROGRESS_TAB, SESSIONS_TAB, MODULES_TAB = range(3)


class TrainingPage(RolloutAreaPage):
    title = "Training"
    AREAS = RolloutAreaPage.AREAS | {"training", "organisation"}  # rollouts: the people's roles
    WHAT = "training"
    REFRESH_DELAY_MS = 50

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.progress = TrainingProgressPanel(context)
        self.sessions = TrainingSessionsPanel(context)
        self.modules = TrainingModulesPanel(context)
        self.import_button = QPushButton("&Import from LMS…")
        self.import_button.setToolTip("Completions from a learning system's export (CSV or Excel)")
        self.import_button.clicked.connect(self.import_training)
        self._build()
        for panel in (self.progress, self.sessions, self.modules):
            panel.error.connect(lambda text: QMessageBox.warning(self, "Not saved", text))

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
        layout = QVBoxLayout(self.content)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

    # -------------------------------------------------------------- showing
    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        """The modules, the teams and the people's roles decide the filters as well as the
        figures, so every change the page follows reloads all three tabs."""
        self.name_label.setText(f"Training – {rollout.name}")
        for panel in (self.progress, self.sessions, self.modules):
            panel.set_rollout(rollout.id)
        self.tabs.setTabText(MODULES_TAB, f"Modules ({self.modules.row_count()})")

    def _unload(self) -> None:
        for panel in (self.progress, self.sessions, self.modules):
            panel.set_rollout(None)

    def _apply_read_only(self, readonly: bool) -> None:
        self.import_button.setEnabled(not readonly)

    # -------------------------------------------------------------- import
    def import_training(self) -> None:
        if self.rollout_id is not None and not self.context.readonly:
            TrainingImportDialog(self.context, self.rollout_id, self).exec()
