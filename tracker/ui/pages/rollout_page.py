"""The Rollout page: one rollout's details, participating teams, people with roles, and a tab
for each area of the rollout (training, stakeholders, ADKAR, resistance, dependencies, gates
and RACI, KPIs; see rollout_area_tabs.py). Between the header and the tabs, "Needs attention"
lists highly affected teams in trouble (hidden while there are none); a line opens the ADKAR or
Resistance tab on its team. "History…" shows who changed the rollout record, and when.

The page follows the navigator's rollout and the store's changes to the rollouts, organisation
and adoption areas (AreaPage's life cycle), so an undo, an import or another page's edit shows
here without anyone calling it; hidden, it catches up once when shown. A rollout chosen has
its Adoption and Training figures counted ahead, for when their tab is clicked. Only the details
form holds unsaved state; the page guards it when the user moves to another rollout; the main window calls `can_close()` before
it closes or switches workspace (a page inside a window never receives a close event itself).
"""

from __future__ import annotations

import datetime as dt

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

from tracker.domain.date_text import day_text
from tracker.domain.models import Rollout
from tracker.domain.usage_freshness import stale_note
from tracker.services.rollout_lifecycle import delete_rollout
from tracker.store import Workspace
from tracker.store.errors import WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.counted_ahead import counted_ahead
from tracker.ui.dialogs import confirm_action
from tracker.ui.pages.area_page import EVERYTHING, AreaPage
from tracker.ui.pages.rollout_area_tabs import LazyAreaTabs
from tracker.ui.pages.rollout_details_form import RolloutDetailsForm
from tracker.ui.pages.rollout_roles_panel import RolloutRolesPanel
from tracker.ui.pages.rollout_teams_panel import RolloutTeamsPanel
from tracker.ui.widgets.attention_panel import RESISTANCE, AttentionPanel
from tracker.ui.widgets.record_history import show_record_history
from tracker.ui.widgets.scroll_page import ScrollPage

EMPTY_HINT = "Select a rollout on the left, or create one with File → New rollout…"
DETAILS_TAB, TEAMS_TAB, ROLES_TAB = range(3)
# The area tabs' slow figures are counted ahead this long after a rollout is chosen: the page's
# own first paint comes first (chart_prerender waits as long before drawing ahead).
AHEAD_DELAY_MS = 150



def describe(rollout: Rollout) -> str:
    """The line under the title: stage, who is accountable, and when."""
    parts = [rollout.stage.label]
    if rollout.owner_name:
        parts.append(f"Owner: {rollout.owner_name}")
    if rollout.sponsor_name:
        parts.append(f"Sponsor: {rollout.sponsor_name}")
    if rollout.go_live_date:
        parts.append(f"Go-live {day_text(rollout.go_live_date)}")
    if rollout.target_adoption:
        target = f"Target {rollout.target_adoption * 100:.0f}% adoption"
        parts.append(target + (f" by {day_text(rollout.target_date)}" if rollout.target_date else ""))
    return "  ·  ".join(parts)


class RolloutPage(AreaPage):
    title = "Rollout"
    FOLLOWS_ROLLOUT = True
    # The rollout, its teams and people with roles; adoption for the usage data's age. The
    # readiness areas behind "Needs attention" are the panel's own (AttentionPanel).
    AREAS = frozenset({"rollouts", "organisation", "adoption"})

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._rollout: Rollout | None = None
        self._people_loaded = False  # the owner/sponsor pickers' list; 100,000 people, so cached

        self.details = RolloutDetailsForm(context)
        self.teams_panel = RolloutTeamsPanel(context)
        self.roles_panel = RolloutRolesPanel(context)
        self._build()

        self.details.dirty_changed.connect(lambda _dirty: self._update_tab_titles())
        self.teams_panel.error.connect(self._show_error)
        self.roles_panel.error.connect(self._show_error)
        self.delete_button.clicked.connect(self.delete_rollout)
        self.history_button.clicked.connect(self.show_history)
        self.attention.open_requested.connect(self.open_attention)
        self._apply_read_only()
        self.refresh()

    # -------------------------------------------------------------- layout
    def _build(self) -> None:
        self.empty_label = QLabel(EMPTY_HINT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); font-size: 13pt; padding: 40px;")

        self.name_label = QLabel()
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel()
        self.meta_label.setStyleSheet("color: palette(placeholder-text);")
        # Wrapping, so the stage, owner and sponsor line of a long-named rollout cannot widen the
        # page: a wider page squeezes the navigator, which resizes (and redraws) every other page.
        self.meta_label.setWordWrap(True)
        self.name_label.setWordWrap(True)
        # "Usage data ends DATE (N days old)": shown only while the usage data is stale.
        self.usage_label = QLabel()
        self.usage_label.setWordWrap(True)
        self.usage_label.setStyleSheet("color: #8a5300; font-weight: bold;")
        self.usage_label.setVisible(False)
        self.delete_button = QPushButton("Delete rollout…")
        self.delete_button.setToolTip("Delete this rollout with its teams and role assignments (undoable)")
        self.history_button = QPushButton("Histor&y…")
        self.history_button.setToolTip("Who changed this rollout's details and stage, and when")
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.name_label)
        titles.addWidget(self.meta_label)
        titles.addWidget(self.usage_label)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        # Teams in trouble, between the header and the tabs; hidden while there are none.
        self.attention = AttentionPanel(self.context, hide_when_empty=True)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Eleven tabs do not fit a laptop's width: the bar scrolls (arrows at its end) rather
        # than widening the window, so KPIs stays reachable; each page scrolls inside its tab.
        self.tabs.setUsesScrollButtons(True)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.addTab(ScrollPage(self.details), "Details")
        self.tabs.addTab(ScrollPage(self.teams_panel), "Teams")
        self.tabs.addTab(ScrollPage(self.roles_panel), "People and roles")
        # Training, readiness, dependencies, gates, KPIs: pages of their own, built on first view.
        self.areas = LazyAreaTabs(self.context, self.tabs, lambda: self.rollout_id)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(header)
        content_layout.addWidget(self.attention)
        content_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -------------------------------------------------------------- showing
    def show_rollout(self, rollout_id: int | None) -> None:
        """Show another rollout (None: the empty hint), asking first about unsaved edits."""
        if rollout_id == self.rollout_id:
            return
        if not self.can_close():
            # Stay, and ask the navigator to select this rollout again, once the current
            # emission has reached everyone (so all views end up agreeing).
            keep = self.rollout_id
            QTimer.singleShot(0, lambda: self.context.rollout_selected.emit(keep))
            return
        self.details.load(None)
        super().show_rollout(rollout_id)

    def reload(self, areas: frozenset[str]) -> None:
        """Reload what shows the changed `areas` (EVERYTHING: all of it)."""
        ws = self.context.workspace
        rollout = ws.rollouts.get(self.rollout_id) if ws and self.rollout_id is not None else None
        if ws is None or rollout is None:  # nothing chosen, or the rollout was deleted (or undone away)
            self.rollout_id, self._rollout = None, None
            self.details.load(None)
            self.teams_panel.set_rollout(None)
            self.roles_panel.set_rollout(None)
            self.attention.show_rollout(None)
            self.stack.setCurrentIndex(0)
            return
        switched = self._rollout is None or self._rollout.id != rollout.id
        everything = areas == EVERYTHING or switched
        if "organisation" in areas:
            self._people_loaded = False  # the pickers' people changed
        self._rollout = rollout
        self.stack.setCurrentIndex(1)
        self.name_label.setText(rollout.name)
        self.meta_label.setText(describe(rollout))
        if not self._people_loaded:
            # The owner/sponsor pickers fetch the people when first used, not on every switch.
            self.details.set_people_loader(ws.people.list, ws.people.get)
            self._people_loaded = True
        if everything or areas & {"rollouts", "organisation"}:
            self.details.refresh_from_store(rollout)
            self.teams_panel.set_rollout(rollout)
            self.roles_panel.set_rollout(rollout)
        if everything:  # later changes: the panel follows the readiness areas by itself
            self.attention.show_rollout(rollout.id)
        if switched:  # the slow tabs' figures, counted while the user looks at this page
            QTimer.singleShot(AHEAD_DELAY_MS, self, lambda rid=rollout.id: self._count_ahead(rid))
        if everything or areas & {"adoption", "organisation"}:  # the people: who is eligible
            self.show_usage_age(ws.adoption.data_ends(rollout.id))
        self._update_tab_titles()

    def _count_ahead(self, rollout_id: int) -> None:
        if rollout_id == self.rollout_id:  # not another one chosen meanwhile
            self.areas.count_ahead(rollout_id)

    @property
    def loading(self) -> bool:
        """Are its area tabs' figures being counted ahead, or hidden pages still to be filled
        ahead (tests and the benchmark wait on it)?"""
        ws = self.context.workspace
        return ws is not None and (counted_ahead(ws).counting or self.areas.filling)

    @staticmethod
    def today() -> dt.date:
        """The date the usage data's age is counted to; one place, so tests can pin it."""
        return dt.date.today()

    def show_usage_age(self, data_ends: dt.date | None) -> None:
        note = stale_note(data_ends, self.today())
        self.usage_label.setVisible(note is not None)
        self.usage_label.setText("" if note is None else
                                 f"{note[0].upper()}{note[1:]}: adoption figures may be out of date.")

    def _update_tab_titles(self) -> None:
        dirty = " •" if self.details.is_dirty() else ""
        self.tabs.setTabText(DETAILS_TAB, f"Details{dirty}")
        self.tabs.setTabToolTip(DETAILS_TAB, "Unsaved edits" if dirty else "")
        self.tabs.setTabText(TEAMS_TAB, f"Teams ({self.teams_panel.row_count():,})")
        self.tabs.setTabText(ROLES_TAB, f"People and roles ({self.roles_panel.row_count():,})")

    # -------------------------------------------------------------- signals
    def _on_workspace_changed(self, workspace: Workspace | None) -> None:
        # The old workspace is closed by now: its unsaved edits cannot be saved any more (the
        # main window calls can_close() before switching).
        self._rollout = None
        self._people_loaded = False
        self.details.load(None)
        self._apply_read_only()
        super()._on_workspace_changed(workspace)

    def _apply_read_only(self) -> None:
        readonly = self.context.readonly
        self.details.set_read_only(readonly)
        self.teams_panel.set_read_only(readonly)
        self.roles_panel.set_read_only(readonly)
        self.delete_button.setEnabled(not readonly)

    # -------------------------------------------------------------- unsaved edits
    def can_close(self) -> bool:
        """True when there are no unsaved edits, or the user saved or discarded them."""
        if not self.details.is_dirty() or self._rollout is None:
            return True
        self.tabs.setCurrentIndex(DETAILS_TAB)
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"The details of '{self._rollout.name}' have unsaved changes. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.details.save()  # on a refusal the message shows and we stay
        if answer == QMessageBox.StandardButton.Discard:
            self.details.revert()
            return True
        return False

    # -------------------------------------------------------------- delete
    def delete_rollout(self) -> None:
        ws = self.context.workspace
        if ws is None or self._rollout is None or self.context.readonly:
            return
        rollout = self._rollout
        teams = len(ws.rollouts.participation(rollout.id))
        roles = len(ws.roles.assignments(rollout.id))
        # The store also deletes the rollout's other records (assessments, dependencies, …).
        detail = (f"Its {teams:,} participating team{'' if teams == 1 else 's'}, "
                  f"{roles:,} role assignment{'' if roles == 1 else 's'} and everything else "
                  "recorded for it go with it. Edit → Undo brings it all back.")
        if not confirm_action.ask(self, "Delete rollout", f"Delete the rollout '{rollout.name}'?",
                                  "Delete", detail):
            return
        self.details.load(None)  # the edits go with the rollout; no "save first?" question
        try:
            delete_rollout(ws, rollout.id)
        except WorkspaceError as e:
            self._show_error(str(e))
            self.refresh()
            return
        self.context.rollout_selected.emit(None)

    # -------------------------------------------------------------- header actions
    def show_history(self):
        """The rollout record's own history: details, stage moves, by whom and when."""
        if self.context.workspace is None or self._rollout is None:
            return None
        return show_record_history(self, self.context, "rollouts", self._rollout.id,
                                   f"History of {self._rollout.name}")

    def open_attention(self, area: str, team_id: int) -> QWidget:
        """Open the tab with the evidence for a "Needs attention" line, narrowed to its team."""
        page = self.areas.show(area)
        team_filter = getattr(page, "team_filter", None)
        if team_filter is not None and team_filter.findData(team_id) >= 0:  # absent: hidden in leader view
            team_filter.setCurrentIndex(team_filter.findData(team_id))
        from tracker.ui.pages.resistance_page import UNRESOLVED, ResistancePage  # built by now (areas.show)

        if area == RESISTANCE and isinstance(page, ResistancePage):  # about unresolved signals: just those
            page.status_filter.setCurrentIndex(max(0, page.status_filter.findData(UNRESOLVED)))
        return page

    def _show_error(self, text: str) -> None:
        QMessageBox.warning(self, "Not saved", text)
