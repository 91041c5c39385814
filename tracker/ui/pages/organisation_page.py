"""The Organisation page: the team tree on the left, the people in the chosen teams on the right.

The page reads teams and people from the store once per refresh and filters in memory (search
words, the team subtree, deactivated people), so typing in the search box never queries the
store, even with 100,000 people. It writes only through the store (`ws.people`, `ws.teams`),
and follows the organisation area (AreaPage's life cycle): a change to teams or people, whoever
made it (this page's dialogs, an import, an undo), shows at once while the page is shown and
once it is shown again otherwise. Undo itself is the context's business.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.models import Person
from tracker.store import Workspace
from tracker.store.events import ChangeEvent
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.models.people_model import make_people_model
from tracker.ui.models.team_tree_model import LEAD_COL, PEOPLE_COL, TEAM_COL, TeamTreeModel
from tracker.ui.pages import organisation_actions as org_actions
from tracker.ui.pages.area_page import EVERYTHING, AreaPage
from tracker.ui.widgets.data_table_view import DataTableView

SPLITTER_KEY = "organisation"
PEOPLE_TABLE_KEY = "organisation/people"
# Filtering 100,000 people takes a few milliseconds plus one layout change (about 50 ms). Below
# this many rows every keystroke applies at once; above it the first keystroke after a pause
# does, and the ones typed quickly after it wait until typing pauses for SEARCH_DELAY_MS.
DEBOUNCE_FROM_ROWS = 20_000
SEARCH_DELAY_MS = 150
# More people changed at once than this (an import) are refetched all together instead.
INCREMENTAL_LIMIT = 2_000
EMPTY_HINT = "No people yet. Import a roster (File → Import roster…) or add a person."
NO_WORKSPACE_HINT = "No workspace is open."


def _toolbar(*actions: QAction) -> QToolBar:
    bar = QToolBar()
    for action in actions:
        bar.addAction(action)
        bar.widgetForAction(action).setFocusPolicy(Qt.FocusPolicy.TabFocus)  # keyboard users reach it too
    return bar


def _pane(*parts) -> QWidget:
    """A column of widgets and layouts; the last part takes the spare height."""
    pane = QWidget()
    box = QVBoxLayout(pane)
    box.setContentsMargins(0, 0, 0, 0)
    for n, part in enumerate(parts):
        stretch = 1 if n == len(parts) - 1 else 0
        box.addLayout(part, stretch) if isinstance(part, QHBoxLayout) else box.addWidget(part, stretch)
    return pane


# Of the organisation area's tables, the ones this page shows (accounts show in the person's
# dialog, not here): an accounts-only change (an account import) costs the page nothing.
SHOWN_TABLES = frozenset({"teams", "people"})


class OrganisationPage(AreaPage):
    title = "Organisation"
    AREAS = frozenset({"organisation"})

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        # The people changed since the last reload, updated one by one; None: refetch everyone.
        self._changed_people: set[int] | None = set()
        self._team_ids: set[int] | None = None  # the chosen team's subtree; None = all teams
        self._show_deactivated = False
        self._restoring = False
        self._fresh = True  # a workspace not shown yet: start from "All teams", top levels open

        self.tree_model = TeamTreeModel(self)
        self.tree = QTreeView()
        self.tree.setAccessibleName("Teams")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)  # fast with thousands of teams
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.setExpandsOnDoubleClick(False)  # double-click edits the team
        self.tree.selectionModel().currentRowChanged.connect(self._team_chosen)

        self.people_model = make_people_model(self)
        self.view = DataTableView(self.people_model, PEOPLE_TABLE_KEY)
        self.view.setAccessibleName("People")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.filter_model.set_predicate(self._accepts)
        self.view.record_activated.connect(lambda _p: self.act_edit_person.trigger())
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        for signal in (self.view.filter_model.modelReset, self.view.filter_model.layoutChanged,
                       self.view.filter_model.rowsInserted, self.view.filter_model.rowsRemoved):
            signal.connect(self._update_count)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search people (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_edited)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_paused)
        self._search_waiting = False
        self.show_deactivated = QCheckBox("Show &deactivated")
        self.show_deactivated.toggled.connect(self._set_show_deactivated)
        self.count_label = QLabel()
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # drawn in the muted text colour
        self.table_area = QStackedWidget()
        self.table_area.addWidget(self.view)
        self.table_area.addWidget(self.hint)

        self._make_actions()
        self.tree.doubleClicked.connect(lambda _i: self.act_edit_team.trigger())
        self._lay_out()
        self.refresh()

    # -------------------------------------------------------------- building
    def _action(self, text: str, slot, tip: str, shortcut=None, widget: QWidget | None = None,
                context=Qt.ShortcutContext.WidgetShortcut) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(context)
            (widget or self).addAction(action)
            tip += f" ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        return action

    def _make_actions(self) -> None:
        page = Qt.ShortcutContext.WindowShortcut  # only while this page is the one shown
        self.act_new_person = self._action("New person…", lambda: org_actions.new_person(self), "Add a person",
                                           "Ctrl+Shift+P", context=page)
        self.act_edit_person = self._action("Edit person…", lambda: org_actions.edit_person(self),
                                            "Edit the selected person (Enter)")
        self.act_deactivate = self._action("Deactivate", lambda: org_actions.deactivate(self),
                                           "Deactivate the selected people (leavers)",
                                           QKeySequence.StandardKey.Delete, self.view)
        self.act_reactivate = self._action("Reactivate", lambda: org_actions.reactivate(self),
                                           "Reactivate the selected deactivated people")
        self.act_person_history = self._action("History…", lambda: org_actions.person_history(self),
                                               "Every recorded change to the selected person")
        self.act_new_team = self._action("New team…", lambda: org_actions.new_team(self),
                                         "Add a team under the selected one", "Ctrl+Shift+T", context=page)
        self.act_edit_team = self._action("Edit team…", lambda: org_actions.edit_team(self), "Rename or move the selected team",
                                          "F2", self.tree)
        self.act_delete_team = self._action("Delete team", lambda: org_actions.delete_team(self),
                                            "Delete the selected team (only if it is empty)",
                                            QKeySequence.StandardKey.Delete, self.tree)
        self.act_team_history = self._action("Team history…", lambda: org_actions.team_history(self),
                                             "Every recorded change to the selected team")
        self._action("Find", self._focus_search, "Search people", QKeySequence.StandardKey.Find,
                     context=page)
        self.search.installEventFilter(self)  # Esc clears it

        for widget, actions in (
            (self.view, [self.act_new_person, self.act_edit_person, None, self.act_deactivate,
                         self.act_reactivate, None, self.act_person_history]),
            (self.tree, [self.act_new_team, self.act_edit_team, self.act_delete_team, None,
                         self.act_team_history]),
        ):
            for action in actions:
                if action is None:
                    separator = QAction(widget)
                    separator.setSeparator(True)
                    action = separator
                widget.addAction(action)  # the context menu (ActionsContextMenu)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.show_deactivated)
        filters.addStretch()
        filters.addWidget(self.count_label)
        left = _pane(_toolbar(self.act_new_team, self.act_edit_team, self.act_delete_team), self.tree)
        right = _pane(_toolbar(self.act_new_person, self.act_edit_person, self.act_deactivate,
                               self.act_reactivate, self.act_person_history), filters, self.table_area)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        state = settings.splitter_state(SPLITTER_KEY)
        if state is None or not self.splitter.restoreState(state):
            self.splitter.setSizes([440, 760])
        self.splitter.splitterMoved.connect(
            lambda *_: settings.set_splitter_state(SPLITTER_KEY, self.splitter.saveState()))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TEAM_COL, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(LEAD_COL, 115)
        header.resizeSection(PEOPLE_COL, 160)
        if settings.header_state(PEOPLE_TABLE_KEY) is None:  # first run: room for the emails
            for column, width in enumerate((105, 150, 210, 130, 140, 140)):
                self.view.setColumnWidth(column, width)
        QVBoxLayout(self).addWidget(self.splitter)

    # -------------------------------------------------------------- refreshing
    @property
    def _people(self) -> list[Person]:
        """Every person the page holds (shown or filtered out): the table model's records."""
        return self.people_model.rows()

    def reload(self, areas: frozenset[str]) -> None:
        """The people changed by the changes noted since the last reload, when they were few;
        else fetch everything again."""
        if areas == EVERYTHING or self._changed_people is None:
            self._fetch_all()
        else:
            self._update_people()

    def _fetch_all(self) -> None:
        """Fetch teams and people once, keeping the chosen team, expansion and selection."""
        self._changed_people = set()
        ws = self.context.workspace
        people = ws.people.list() if ws is not None else []
        if self._fresh:
            self.view.clearSelection()
        chosen = self._set_teams(ws.teams.list() if ws is not None else [],
                                 sum(1 for p in people if p.active))
        self._team_ids = self.tree_model.subtree_ids(chosen) if chosen is not None else None
        self.view.set_rows(people)  # one filter pass: the predicate reads the state above
        self.hint.setText(EMPTY_HINT if ws is not None else NO_WORKSPACE_HINT)
        self._after_update()
        # The search strings are built after the paint, so the first keystroke finds them.
        QTimer.singleShot(0, self.people_model.prepare_search)

    def _set_teams(self, teams, active_people: int) -> int | None:
        """Rebuild the team tree, keeping the chosen team and the expanded ones; returns the
        chosen team's id (None: all teams)."""
        # Ids mean nothing in another workspace: only keep the choice within the same one.
        chosen = None if self._fresh else self._chosen_team_id()
        expanded = set() if self._fresh else {
            t.id for t in self.tree_model.teams() if self.tree.isExpanded(self.tree_model.index_of(t.id))}
        self._restoring = True
        try:
            self.tree_model.set_teams(teams, active_people)
            self.tree.expand(self.tree_model.index(0, TEAM_COL))
            for tid in expanded:
                self.tree.expand(self.tree_model.index_of(tid))
            if self._fresh:
                self.tree.expandToDepth(1)
                self._fresh = False
            if self.tree_model.team(chosen) is None:
                chosen = None  # the team is gone: show everyone
            self.tree.setCurrentIndex(self.tree_model.index_of(chosen))
        finally:
            self._restoring = False
        return chosen

    def _after_update(self) -> None:
        self.table_area.setCurrentWidget(self.view if self._people else self.hint)
        self._update_count()
        self._update_actions()

    def _update_people(self) -> None:
        """Apply the people changes noted since the last update: fetch just those people (and
        their reports, who show their manager's name) and put them in place in the table.
        The team tree is rebuilt only when a headcount or a name it shows may have changed."""
        ids, self._changed_people = self._changed_people or set(), set()
        ws = self.context.workspace
        if ws is None or not ids:
            return
        fresh = ws.people.get_many(ids, with_reports=True)
        fresh_ids = {p.id for p in fresh}
        before = {p.id: p for p in map(self.people_model.find, fresh_ids) if p is not None}
        removed = {i for i in ids - fresh_ids if self.people_model.find(i) is not None}
        tree_changed = bool(removed) or any(
            p.id not in before or (p.team_id, p.active, p.name) != (
                before[p.id].team_id, before[p.id].active, before[p.id].name)
            for p in fresh)
        self.view.update_records(fresh, removed)
        if tree_changed:
            chosen = self._set_teams(ws.teams.list(), sum(1 for p in self._people if p.active))
            self._team_ids = self.tree_model.subtree_ids(chosen) if chosen is not None else None
            self._refilter()
        self._after_update()

    def _on_workspace_changed(self, workspace: Workspace | None) -> None:
        """A hidden page only notes that it is out of date: 100,000 people take half a second."""
        self._fresh = True
        self._changed_people = None
        super()._on_workspace_changed(workspace)
        self._update_actions()  # writable or not, shown or not

    def concerns(self, event: ChangeEvent) -> bool:
        return bool(event.tables & SHOWN_TABLES)

    def note_change(self, event: ChangeEvent) -> None:
        """A change to a few people (an edit, a deactivation, the undo of either) updates just
        them, found in the audit trail (one record's table: the people are patched one by one);
        a change to teams, or to more than INCREMENTAL_LIMIT people, refetches everything."""
        if self._changed_people is None:
            return  # everything is refetched anyway
        ws = self.context.workspace
        ids = ws.people.changed_by(event.change_id) if (
            ws is not None and "teams" not in event.tables and event.change_id is not None) else set()
        if not ids or len(ids | self._changed_people) > INCREMENTAL_LIMIT:
            self._changed_people = None
        else:
            self._changed_people |= ids

    # -------------------------------------------------------------- filtering
    def _accepts(self, person: Person) -> bool:
        if not self._show_deactivated and not person.active:
            return False
        return self._team_ids is None or person.team_id in self._team_ids

    def _refilter(self) -> None:
        self.view.filter_model.set_predicate(self._accepts)  # same predicate: re-run it
        self._update_count()

    def _team_chosen(self, current, _previous) -> None:
        if self._restoring:
            return
        tid = self.tree_model.team_id(current)
        self._team_ids = self.tree_model.subtree_ids(tid) if tid is not None else None
        self._refilter()
        self._update_actions()

    def _set_show_deactivated(self, on: bool) -> None:
        self._show_deactivated = on
        self._refilter()

    def _search_edited(self, _text: str) -> None:
        if len(self._people) < DEBOUNCE_FROM_ROWS:
            self._apply_search()
        elif self._search_timer.isActive():
            self._search_waiting = True  # typing goes on: filter once it pauses
            self._search_timer.start()
        else:
            self._apply_search()  # the first keystroke after a pause shows at once
            self._search_timer.start()

    def _search_paused(self) -> None:
        if self._search_waiting:
            self._apply_search()

    def _apply_search(self) -> None:
        self._search_waiting = False
        self.view.filter_model.set_search(self.search.text())
        self._update_count()

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape and self.search.text()):
            self.search.clear()
            self._apply_search()  # at once, even on a big table
            return True
        return super().eventFilter(watched, event)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_count(self, *_args) -> None:
        shown, total = self.view.filter_model.rowCount(), len(self._people)
        self.count_label.setText(f"{shown:,} of {total:,} {'person' if total == 1 else 'people'}")

    # -------------------------------------------------------------- state of the actions
    def _chosen_team_id(self) -> int | None:
        return self.tree_model.team_id(self.tree.currentIndex())

    def _update_actions(self, *_args) -> None:
        writable = self.context.may_edit_roster  # people and teams: an admin's on a shared workspace
        chosen = self.view.selected_records()
        team = self._chosen_team_id() is not None
        self.act_new_person.setEnabled(writable)
        self.act_edit_person.setEnabled(writable and len(chosen) == 1)
        self.act_deactivate.setEnabled(writable and any(p.active for p in chosen))
        self.act_reactivate.setEnabled(writable and any(not p.active for p in chosen))
        self.act_person_history.setEnabled(self.context.workspace is not None and len(chosen) == 1)
        self.act_new_team.setEnabled(writable)
        self.act_edit_team.setEnabled(writable and team)
        self.act_delete_team.setEnabled(writable and team)
        self.act_team_history.setEnabled(team)
