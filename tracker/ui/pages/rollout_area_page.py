"""What the pages of one area of a rollout share (training, stakeholders, ADKAR, resistance,
adoption, dependencies, gates, KPIs): the empty hint while no rollout is chosen, the content
once one is, and the helpers their tables and dialogs use.

The life cycle is AreaPage's (tracker/ui/pages/area_page.py): the page follows the navigator's
rollout and the areas it names, reloads while shown and catches up once when shown again.
A change that only edits people's titles or emails is skipped: no such page shows them.
Subclasses build their widgets into `content` and implement `_reload(ws, rollout)`.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from tracker.domain.models import Rollout
from tracker.store import Workspace
from tracker.store.events import ChangeEvent
from tracker.ui.context import AppContext
from tracker.ui.pages.area_page import AreaPage
from tracker.ui.widgets.data_table_view import DataTableView

EMPTY_HINT = "Select a rollout on the left to see its {what}."


class RolloutAreaPage(AreaPage):
    title = "Readiness"
    FOLLOWS_ROLLOUT = True
    #: The rollout's own record and the workspace's settings (the minimum group size) show on
    #: every such page; each page adds its own areas.
    AREAS: ClassVar[frozenset[str]] = frozenset({"rollouts", "settings"})
    WHAT = "readiness"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
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

    # -------------------------------------------------------------- to override
    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        """Fetch the rollout's rows from the open workspace and show them."""

    def _unload(self) -> None:
        """No rollout is shown any more: let go of what showed the previous one."""

    def _apply_read_only(self, readonly: bool) -> None:
        """Enable or disable the editing controls."""

    # -------------------------------------------------------------- showing
    @staticmethod
    def today() -> dt.date:
        """The page's "as of" date; one place, so tests can pin it."""
        return dt.date.today()

    def reload(self, areas: frozenset[str]) -> None:
        ws = self.context.workspace
        rollout = ws.rollouts.get(self.rollout_id) if ws is not None and self.rollout_id is not None else None
        if ws is None or rollout is None:  # none chosen, or deleted (or undone away) meanwhile
            self.rollout_id = None
            self.stack.setCurrentIndex(0)
            self._unload()
            return
        self.stack.setCurrentIndex(1)
        self._apply_read_only(self.context.readonly)
        self._reload(ws, rollout)

    def concerns(self, event: ChangeEvent) -> bool:
        from tracker.services.rollout_status import shows_nothing_of

        ws = self.context.workspace
        return ws is None or not shows_nothing_of(ws, event)  # a title edit redraws no chart

    @staticmethod
    def make_table(model, key: str, parent: QWidget, widths: dict[int, int], *,
                   newest_first: bool = False) -> DataTableView:
        """A DataTableView with sensible column widths the first time it is shown (later, the
        user's own; the view saves its state at once, so the check comes before it exists)."""
        from tracker.ui import settings

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
