"""What the pages of one area of a rollout share (training, stakeholders, ADKAR, resistance,
adoption, dependencies, gates, KPIs): the empty hint while no rollout is chosen, the content
once one is, and the helpers their tables and dialogs use.

Each page shows one rollout; it reloads itself when the navigator picks another rollout, when
the workspace changes, or when a committed change touches one of its tables (so undo, imports
and other pages' edits show at once). Subclasses build their widgets and implement `_reload`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from tracker.ui.context import AppContext

EMPTY_HINT = "Select a rollout on the left to see its {what}."


class RolloutAreaPage(QWidget):
    title = "Readiness"
    WATCHED: frozenset[str] = frozenset()
    WHAT = "readiness"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id: int | None = None
        self.empty_label = QLabel(EMPTY_HINT.format(what=self.WHAT))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); font-size: 13pt; padding: 40px;")
        self.content = QWidget()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        context.rollout_selected.connect(self.show_rollout)
        context.data_changed.connect(self._on_data_changed)
        context.workspace_changed.connect(self._on_workspace_changed)

    # -------------------------------------------------------------- to override
    def _reload(self) -> None:
        """Fetch this rollout's rows from the store and show them."""

    def _apply_read_only(self, readonly: bool) -> None:
        """Enable or disable the editing controls."""

    # -------------------------------------------------------------- showing
    @staticmethod
    def today() -> dt.date:
        """The page's "as of" date; one place, so tests can pin it."""
        return dt.date.today()

    def show_rollout(self, rollout_id: int | None) -> None:
        self.rollout_id = rollout_id
        self.refresh()

    def refresh(self) -> None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None or ws.rollouts.get(self.rollout_id) is None:
            self.rollout_id = None
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self._apply_read_only(self.context.readonly)
        self._reload()

    def _on_data_changed(self, event) -> None:
        if self.rollout_id is not None and frozenset(event.tables) & (self.WATCHED | {"rollouts", "settings"}):
            from tracker.services.rollout_status import shows_nothing_of

            if not shows_nothing_of(self.context.workspace, event):  # a title edit redraws no chart
                self.refresh()

    def _on_workspace_changed(self, _workspace) -> None:
        self.rollout_id = None
        self.refresh()

    @staticmethod
    def make_table(model, key: str, parent: QWidget, widths: dict[int, int], *, newest_first: bool = False):
        """A DataTableView with sensible column widths the first time it is shown (later, the
        user's own; the view saves its state at once, so the check comes before it exists)."""
        from tracker.ui import settings
        from tracker.ui.widgets.data_table_view import DataTableView

        first_run = settings.header_state(key) is None
        table = DataTableView(model, key, parent)
        if first_run:
            for column, width in widths.items():
                table.horizontalHeader().resizeSection(column, width)
            if newest_first:  # a log reads newest first
                table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        return table

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, "Not saved", text)
