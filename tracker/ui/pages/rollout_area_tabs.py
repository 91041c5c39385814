"""The rollout page's area tabs (training, readiness, dependencies, gates, KPIs, …), built on use.

Each area page is a full page of its own (it follows `context.rollout_selected` and the store's
change announcements by itself). Building all of them when the window opens would cost start-up
time and make every edit refresh ten hidden pages, so a tab holds an empty frame until it is
first shown; then the page is built inside it and told which rollout is current. Each frame sits
in a ScrollPage, so a wide page scrolls inside its tab instead of widening the window. A tab
whose figures take seconds to count (adoption, seats, training) has them counted ahead when a
rollout is chosen (`count_ahead`), whether or not its page is built yet. A built page whose reads
are light but whose charts take 0.3-0.6 s to draw (ADKAR, resistance, dependencies) is filled
with the rollout just chosen while hidden (`fill_ahead`), so its charts are drawn ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from tracker.store import Workspace
from tracker.ui.context import AppContext
from tracker.ui.widgets.scroll_page import ScrollPage

if TYPE_CHECKING:  # each page's module is imported when its tab is first shown
    from tracker.ui.pages.rollout_area_page import RolloutAreaPage

PageFactory = Callable[[AppContext], "RolloutAreaPage"]


@dataclass(frozen=True)
class AreaTab:
    key: str  # stable name, for tests and the settings that remember the last tab
    title: str
    tooltip: str
    factory: PageFactory
    #: Starts the tab's slow counts for a rollout just chosen, before the tab is clicked
    #: (tracker/ui/pages/area_counts.py); None: the tab has none.
    ahead: Callable[[Workspace, int], None] | None = None
    #: Once built, its page is filled with a rollout just chosen although hidden, so that the
    #: charts it showed before are drawn ahead (chart_prerender) before the tab is clicked: for a
    #: page that reads little but draws busy charts. A page never opened costs nothing.
    fill_ahead: bool = False


def _training(context: AppContext) -> RolloutAreaPage:
    from tracker.ui.pages.training_page import TrainingPage

    return TrainingPage(context)


def _stakeholders(context: AppContext) -> RolloutAreaPage:
    from tracker.ui.pages.stakeholders_page import StakeholdersPage

    return StakeholdersPage(context)


def _adkar(context: AppContext) -> RolloutAreaPage:
    from tracker.ui.pages.adkar_page import AdkarPage

    return AdkarPage(context)


def _resistance(context: AppContext) -> RolloutAreaPage:
    from tracker.ui.pages.resistance_page import ResistancePage

    return ResistancePage(context)


def _dependencies(context: AppContext) -> RolloutAreaPage:
    from tracker.ui.pages.dependencies_page import DependenciesPage

    return DependenciesPage(context)


def _gates(context: AppContext) -> RolloutAreaPage:
    from tracker.ui.pages.gates_page import GatesPage

    return GatesPage(context)


def _adoption(context: AppContext) -> RolloutAreaPage:
    from tracker.ui.pages.adoption_page import AdoptionPage

    return AdoptionPage(context)


def _adoption_ahead(ws: Workspace, rollout_id: int) -> None:
    from tracker.ui.pages.area_counts import count_adoption_ahead

    count_adoption_ahead(ws, rollout_id)


def _training_ahead(ws: Workspace, rollout_id: int) -> None:
    from tracker.ui.pages.area_counts import count_training_ahead

    count_training_ahead(ws, rollout_id)


def _seats_ahead(ws: Workspace, rollout_id: int) -> None:
    from tracker.ui.pages.area_counts import count_seats_ahead

    count_seats_ahead(ws, rollout_id)


def _seats(context: AppContext) -> RolloutAreaPage:
    from tracker.ui.pages.seats_page import SeatsPage

    return SeatsPage(context)


def _kpis(context: AppContext) -> RolloutAreaPage:
    from tracker.ui.pages.kpis_page import KpisPage

    return KpisPage(context)


AREA_TABS: tuple[AreaTab, ...] = (
    AreaTab("adoption", "Adoption", "Is the tool used: adoption per team, the forecast, the three human factors",
            _adoption, _adoption_ahead),
    AreaTab("seats", "Seats", "Licences of the rollout's AI tool: which can be taken back, cohorts, training uplift",
            _seats, _seats_ahead),
    AreaTab("training", "Training", "Modules, progress per team and person, HR's session plan", _training,
            _training_ahead),
    AreaTab("stakeholders", "Stakeholders", "The stakeholder register and the power/interest grid", _stakeholders),
    AreaTab("adkar", "ADKAR", "Team readiness assessments, barrier points and suggested actions", _adkar,
            fill_ahead=True),
    AreaTab("resistance", "Resistance", "The resistance signals log and its charts", _resistance, fill_ahead=True),
    AreaTab("dependencies", "Dependencies", "What teams wait on each other for; the critical path", _dependencies,
            fill_ahead=True),
    AreaTab("gates", "Gates && RACI", "Readiness gates, accountability (RACI) and the decision log", _gates),
    AreaTab("kpis", "KPIs", "The rollout's measures against their targets", _kpis),
)


class LazyAreaTabs:
    """Adds the area tabs to `tabs` and builds each page the first time its tab is shown."""

    def __init__(self, context: AppContext, tabs: QTabWidget, current_rollout: Callable[[], int | None],
                 areas: tuple[AreaTab, ...] = AREA_TABS):
        self.context = context
        self.tabs = tabs
        self.current_rollout = current_rollout
        self.areas = areas
        self.pages: dict[str, RolloutAreaPage] = {}
        self._frames: dict[str, QVBoxLayout] = {}  # the frame's layout a page is built into ...
        self._tabs_of: dict[str, QWidget] = {}  # ... and its tab (the ScrollPage around it)
        for area in areas:
            frame = QWidget()
            layout = QVBoxLayout(frame)
            layout.setContentsMargins(0, 0, 0, 0)
            scroll = ScrollPage(frame)
            scroll.setObjectName(f"area_{area.key}")
            index = tabs.addTab(scroll, area.title)
            tabs.setTabToolTip(index, area.tooltip)
            self._frames[area.key] = layout
            self._tabs_of[area.key] = scroll
        tabs.currentChanged.connect(self._on_current_changed)

    def index_of(self, key: str) -> int:
        return self.tabs.indexOf(self._tabs_of[key])

    def page(self, key: str) -> RolloutAreaPage:
        """The area's page, built now if it was not yet (tests and the report use it)."""
        if key not in self.pages:
            area = next(a for a in self.areas if a.key == key)
            page = area.factory(self.context)
            frame = self._frames[key]
            frame.addWidget(page)
            self.pages[key] = page
            rollout_id = self.current_rollout()
            if rollout_id is not None:
                page.show_rollout(rollout_id)  # a hidden page loads it when shown
            frame_widget = frame.parentWidget()
            if frame_widget is not None and frame_widget.isVisible():
                page.show()  # now rather than on the next turn of the event loop: the caller reads it
        return self.pages[key]

    def show(self, key: str) -> RolloutAreaPage:
        page = self.page(key)
        self.tabs.setCurrentIndex(self.index_of(key))
        return page

    def count_ahead(self, rollout_id: int) -> None:
        """Start the slow counts of the tabs that have them for `rollout_id`, just chosen, so
        that a click on such a tab only takes the answer; skipped for a tab whose page shows
        that rollout already (it counted for itself). Such a page built already (hidden) loads
        now, so that the answer fills it and its charts are drawn ahead."""
        ws = self.context.workspace
        if ws is None:
            return
        for area in self.areas:
            page = self.pages.get(area.key)
            if area.ahead is None or (page is not None and page.rollout_id == rollout_id and not page.out_of_date):
                continue
            area.ahead(ws, rollout_id)
            if page is not None and page.rollout_id == rollout_id:
                page.load_ahead()
        self._fill_ahead([a.key for a in self.areas if a.fill_ahead and a.key in self.pages], rollout_id)

    def _fill_ahead(self, keys: list[str], rollout_id: int) -> None:
        """Fill the first of these built, hidden pages with `rollout_id` (still the current one),
        and the next on the next turn of the event loop: one page's read and table per turn, so
        that the GUI thread is never held for all of them at once."""
        while keys and self.current_rollout() == rollout_id:
            page = self.pages[keys.pop(0)]
            if page.rollout_id == rollout_id and page.out_of_date and not page.isVisible():
                page.load_ahead()
                if keys:
                    QTimer.singleShot(0, self.tabs, lambda: self._fill_ahead(keys, rollout_id))
                return

    def _on_current_changed(self, index: int) -> None:
        tab = self.tabs.widget(index)
        for key, candidate in self._tabs_of.items():
            if candidate is tab:
                self.page(key)
                return
