"""The life cycle every page shares: follow the store's changes by area (and the chosen rollout),
and do the work only while the page can be seen.

A page names the areas it shows (`AREAS`, names declared in tracker/store/areas.py); the store's
`ChangeEvent.areas` says which areas a committed change touched, so a page never names a table
and a table added to an area is followed without editing any page. A change, another rollout
or another workspace marks the page out of date; a page that is shown reloads at once (or after
`REFRESH_DELAY_MS`, so that an import followed by an undo reloads once), a hidden one waits and
reloads once when it is shown again: an edit on one page costs the hidden pages nothing.

Subclasses implement `reload(areas)`: bring the page up to date with what changed in `areas`
(`EVERYTHING` after a switch of rollout or workspace). `refresh()` reloads everything now.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from tracker.store import Workspace
from tracker.store.areas import AREAS as DECLARED_AREAS
from tracker.store.events import ChangeEvent
from tracker.ui.context import AppContext

#: Every area's name: what a page reloads after a switch of rollout or workspace.
EVERYTHING: frozenset[str] = frozenset(area.name for area in DECLARED_AREAS)


class AreaPage(QWidget):
    """A page that follows `AREAS` of the store and, with `FOLLOWS_ROLLOUT`, the navigator's rollout."""

    AREAS: ClassVar[frozenset[str]] = frozenset()
    FOLLOWS_ROLLOUT: ClassVar[bool] = False
    #: None: reload as soon as a change is announced; else wait this long for more changes.
    REFRESH_DELAY_MS: ClassVar[int | None] = None
    #: When shown out of date: reload before the page is painted, or (True, with a delay) after
    #: it, so that the window appears at once and the figures a moment later.
    LOAD_AFTER_PAINT: ClassVar[bool] = False

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id: int | None = None
        self._pending: frozenset[str] = EVERYTHING  # the areas changed since the last reload
        self._delay: QTimer | None = None
        if self.REFRESH_DELAY_MS is not None:
            self._delay = QTimer(self)
            self._delay.setSingleShot(True)
            self._delay.setInterval(self.REFRESH_DELAY_MS)
            self._delay.timeout.connect(self._delay_over)
        context.data_changed.connect(self._on_data_changed)
        context.workspace_changed.connect(self._on_workspace_changed)
        if self.FOLLOWS_ROLLOUT:
            context.rollout_selected.connect(self.show_rollout)

    # -------------------------------------------------------------- to override
    def reload(self, areas: frozenset[str]) -> None:
        """Bring the page up to date with the changes in `areas` (EVERYTHING: all of it)."""

    def concerns(self, event: ChangeEvent) -> bool:
        """Whether a change to the page's areas can alter what it shows (default: yes).
        Called before the page notes the change, so a page can skip, e.g., a title edit."""
        return True

    def note_change(self, event: ChangeEvent) -> None:
        """Called for each change the page follows, shown or not (e.g. to collect the ids of
        the records it touched, so the reload updates just those)."""

    # -------------------------------------------------------------- the life cycle
    @property
    def workspace(self) -> Workspace | None:
        return self.context.workspace

    @property
    def out_of_date(self) -> bool:
        """True while changes wait for the page to be shown (or for the delay to pass)."""
        return bool(self._pending)

    def refresh(self) -> None:
        """Reload everything now, shown or not."""
        self._pending = frozenset()
        self.reload(EVERYTHING)

    def show_rollout(self, rollout_id: int | None) -> None:
        """Follow the navigator's rollout: now while shown, else when shown."""
        if rollout_id == self.rollout_id and not self._pending:
            return
        self.rollout_id = rollout_id
        self.invalidate(EVERYTHING, now=True)

    def invalidate(self, areas: frozenset[str], *, now: bool = False) -> None:
        """Note that `areas` changed: reload while shown (after the delay unless `now`), else
        when shown again."""
        self._pending = self._pending | areas
        if self.isVisible():
            self._catch_up(now=now)

    def load_ahead(self) -> None:
        """Catch up now although hidden (the rollout page asks it of a tab whose figures it
        counts ahead): their answer then fills the page, and its charts are drawn ahead
        (chart_prerender), before the tab is clicked."""
        areas, self._pending = self._pending, frozenset()
        if areas:
            self.reload(areas)

    def _catch_up(self, *, now: bool) -> None:
        if self._delay is not None and not now:
            self._delay.start()
            return
        if self._delay is not None:
            self._delay.stop()
        areas, self._pending = self._pending, frozenset()
        if areas:
            self.reload(areas)

    def _delay_over(self) -> None:
        if self.isVisible():  # hidden meanwhile: the show catches up
            self._catch_up(now=True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending:
            self._catch_up(now=not self.LOAD_AFTER_PAINT)

    def _on_data_changed(self, event: ChangeEvent) -> None:
        areas = event.areas & self.AREAS
        if not areas or (self.FOLLOWS_ROLLOUT and self.rollout_id is None):
            return  # not shown here, or no rollout shown
        if not self.concerns(event):
            return
        self.note_change(event)
        self.invalidate(areas)

    def _on_workspace_changed(self, _workspace: Workspace | None) -> None:
        self.rollout_id = None
        if self.FOLLOWS_ROLLOUT:
            # With no rollout chosen there is nothing to fetch; clear what belonged to the
            # closed workspace at once.
            self.refresh()
        else:
            self.invalidate(EVERYTHING, now=True)
