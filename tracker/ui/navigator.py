"""The window's left column: the dashboard, the organisation, then every rollout with its stage.

Change managers move between the organisation and a handful of rollouts all day, so the list
stays in view and follows the store: a rollout added, renamed, promoted or deleted anywhere
(a page, an undo, an import) shows here as soon as it is committed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.enums import Stage
from tracker.store.events import ChangeEvent
from tracker.ui import theme
from tracker.ui.context import AppContext

_KIND = Qt.ItemDataRole.UserRole  # "dashboard", "organisation" or "rollout"
_ID = Qt.ItemDataRole.UserRole + 1  # the rollout id


class Navigator(QWidget):
    dashboard_chosen = Signal()
    organisation_chosen = Signal()
    rollout_chosen = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._preferred: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(14)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Rollouts are told apart by their names' ends as often as by their starts ("Claims
        # triage assistant" / "Claims triage pilot"): elide in the middle; the tooltip has it all.
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setAccessibleName("Navigator")
        self.tree.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        layout.addWidget(self.tree, 1)

        self.new_button = QPushButton("New rollout…")
        self.new_button.setToolTip("Add a rollout: an AI system being introduced (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self.new_rollout)
        layout.addWidget(self.new_button)

        self._dashboard = QTreeWidgetItem(["Dashboard", ""])
        self._dashboard.setData(0, _KIND, "dashboard")
        self._dashboard.setToolTip(0, "Every rollout's health and why; which teams carry too much change")
        self._organisation = QTreeWidgetItem(["Organisation", ""])
        self._organisation.setData(0, _KIND, "organisation")
        self._organisation.setToolTip(0, "Teams, people and roles")
        self._rollouts = QTreeWidgetItem(["Rollouts", ""])
        self._rollouts.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not a destination
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for item in (self._dashboard, self._organisation, self._rollouts):
            item.setFont(0, bold)
        self.tree.addTopLevelItems([self._dashboard, self._organisation, self._rollouts])
        for item in (self._dashboard, self._organisation, self._rollouts):
            item.setFirstColumnSpanned(True)  # one highlight across the row, not two boxes
        self._rollouts.setExpanded(True)

        self.tree.currentItemChanged.connect(self._on_current_changed)
        context.workspace_changed.connect(self._on_workspace_changed)
        context.data_changed.connect(self._on_data_changed)
        self._on_workspace_changed(context.workspace)
        theme.on_change(self.refresh)  # the muted stage text is taken from the palette

    # ------------------------------------------------------------ reading the store
    def refresh(self) -> None:
        """Rebuild the rollout list, keeping the selection if that rollout still exists."""
        self._preferred = None  # measured again when asked
        keep = self.current_rollout_id()
        current = self.tree.currentItem()
        top = current if current in (self._dashboard, self._organisation) else self._dashboard
        self._muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        self.tree.blockSignals(True)
        try:
            self._rollouts.takeChildren()
            ws = self.context.workspace
            rollouts = ws.rollouts.list() if ws is not None else []
            for rollout in rollouts:
                item = QTreeWidgetItem([rollout.name, rollout.stage.label])
                item.setData(0, _KIND, "rollout")
                item.setData(0, _ID, rollout.id)
                owner = f"\nAccountable: {rollout.owner_name}" if rollout.owner_name else ""
                item.setToolTip(0, f"{rollout.name}\nStage: {rollout.stage.label}{owner}")
                item.setForeground(1, self._muted)
                if rollout.stage == Stage.RETIRED:
                    item.setForeground(0, self._muted)
                self._rollouts.addChild(item)
            if not rollouts:
                empty = QTreeWidgetItem(["No rollouts yet" if ws is not None else "", ""])
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                empty.setForeground(0, self._muted)
                self._rollouts.addChild(empty)
            self._rollouts.setText(0, f"Rollouts ({len(rollouts)})" if rollouts else "Rollouts")
            self._rollouts.setExpanded(True)
            found = self._item_for(keep) if keep is not None else None
            self.tree.setCurrentItem(found or top)
        finally:
            self.tree.blockSignals(False)
        if keep is not None and found is None:
            self.dashboard_chosen.emit()  # the rollout shown was deleted (or undone)
        self.new_button.setEnabled(not self.context.readonly)

    def preferred_width(self) -> int:
        """The width that shows every rollout's whole name beside its stage (the window gives
        the navigator this much while the user has not dragged the splitter)."""
        if self._preferred is None:
            self._preferred = self._measure_width()
        return self._preferred

    def _measure_width(self) -> int:
        metrics = self.tree.fontMetrics()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        names = [metrics.horizontalAdvance(item.text(0)) + self.tree.indentation() for item in self._rollout_items()]
        names.append(QFontMetrics(bold).horizontalAdvance(self._organisation.text(0)))
        stages = [metrics.horizontalAdvance(stage.label) for stage in Stage]
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        padding = 2 * 4 + 2 * 4 + 2 * self.tree.frameWidth()  # the items' padding, both columns
        layout = self.layout()
        margins = layout.contentsMargins().left() + layout.contentsMargins().right() if layout is not None else 0
        return max(names) + max(stages) + padding + scroll_bar + margins + 16

    def _rollout_items(self) -> list[QTreeWidgetItem]:
        """The items under "Rollouts" (a rollout each, or the "no rollouts yet" line)."""
        items = (self._rollouts.child(i) for i in range(self._rollouts.childCount()))
        return [item for item in items if item is not None]

    def rollout_ids(self) -> list[int]:
        return [item.data(0, _ID) for item in self._rollout_items() if item.data(0, _KIND) == "rollout"]

    def current_rollout_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, _ID) if item is not None and item.data(0, _KIND) == "rollout" else None

    # ------------------------------------------------------------ selecting
    def select_dashboard(self) -> None:
        """Show the dashboard as current without announcing it (the caller already knows)."""
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(self._dashboard)
        self.tree.blockSignals(False)

    def select_organisation(self) -> None:
        """Show the organisation as current without announcing it (the caller already knows)."""
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(self._organisation)
        self.tree.blockSignals(False)

    def select_rollout(self, rollout_id: int | None) -> None:
        item = self._item_for(rollout_id) if rollout_id is not None else None
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(item or self._dashboard)
        self.tree.blockSignals(False)

    def choose_rollout(self, rollout_id: int) -> None:
        """Select a rollout and announce it, as a click would."""
        item = self._item_for(rollout_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    def focus_list(self) -> None:
        """Keyboard focus on the list, on the current rollout or the first one."""
        if self.current_rollout_id() is None and self.rollout_ids():
            self.choose_rollout(self.rollout_ids()[0])
        self.tree.setFocus()

    def _item_for(self, rollout_id: int) -> QTreeWidgetItem | None:
        return next((child for child in self._rollout_items()
                     if child.data(0, _KIND) == "rollout" and child.data(0, _ID) == rollout_id), None)

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is None:
            return
        kind = current.data(0, _KIND)
        if kind == "dashboard":
            self.dashboard_chosen.emit()
        elif kind == "organisation":
            self.organisation_chosen.emit()
        elif kind == "rollout":
            self.rollout_chosen.emit(current.data(0, _ID))

    # ------------------------------------------------------------ store events
    def _on_workspace_changed(self, _workspace) -> None:
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(self._dashboard)
        self.tree.blockSignals(False)
        self.refresh()

    def _on_data_changed(self, event: ChangeEvent) -> None:
        # The tree lists the rollout records themselves (name, stage), not the rollouts area's
        # teams or roles: a table check, on purpose, so that adding a team redraws nothing here.
        if "rollouts" in event.tables:
            self.refresh()

    # ------------------------------------------------------------ new rollout
    def new_rollout(self) -> None:
        """Ask for the few facts known on day one, create the rollout and show it."""
        if self.context.workspace is None or self.context.readonly:
            return
        from tracker.ui.dialogs.new_rollout_dialog import NewRolloutDialog  # loaded on use

        dialog = NewRolloutDialog(self.context, self.window())
        if dialog.exec() and dialog.rollout_id is not None:
            self.choose_rollout(dialog.rollout_id)
