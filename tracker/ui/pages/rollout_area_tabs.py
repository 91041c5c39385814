"""The rollout page's area tabs (training, readiness, dependencies, gates, KPIs, …), built on use.

Each area page is a full page of its own (it follows `context.rollout_selected` and the store's
change announcements by itself). Building all of them when the window opens would cost start-up
time and make every edit refresh ten hidden pages, so a tab holds an empty frame until it is
first shown; then the page is built inside it and told which rollout is current. Each frame sits
in a ScrollPage, so a wide page scrolls inside its tab instead of widening the window. A tab
whose figures take seconds to count (adoption, seats, training) has them counted ahead when a
rollout is chosen (`count_ahead`), whether or not its page is built yet. A built page whose charts
take 0.3-0.6 s to draw or whose tables take tens of ms to fill (seats, ADKAR, resistance,
dependencies, gates) is filled with the rollout just chosen while hidden (`fill_ahead`), once the
counts are done, so its charts are drawn ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from tracker.store import Workspace
from tracker.ui.context import AppContext
from tracker.ui.counted_ahead import counted_ahead
from tracker.ui.widgets.scroll_page import ScrollPage

if TYPE_CHECKING:  # each page's module is imported when its tab is first shown
    from tracker.ui.pages.rollout_area_page import RolloutAreaPage

#: How often filling hidden pages ahead looks whether the counts and drawings ahead are done.
FILL_WAIT_MS = 40

PageFactory = Callable[[AppContext], "RolloutAreaPage"]


@dataclass(frozen=True)
class AreaTab:
    key: str  # stable name, for tests and the settings that remember the last tab
    title: str
    tooltip: str
    factory: PageFactory
    #: Starts the tab's slow counts for a rollout just chosen, before the tab is clicked
    #: (tracker/ui/pages/area_counts.py); None: the tab has none. A page built already (hidden)
    #: loads at once, so that the answer fills it when it comes; with `fill_ahead`, later.
    ahead: Callable[[Workspace, int], None] | None = None
    #: Once built, its page is filled with a rollout just chosen although hidden, once nothing is
    #: counted or drawn ahead any more, one page at a time: its tables, and the charts it showed
    #: before drawn ahead (chart_prerender), are ready before the tab is clicked. For a page whose
    #: GUI-thread fill is heavy enough (tens of ms) to stall beside the counts under way.
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


def _signals_ahead(ws: Workspace, rollout_id: int) -> None:
    from tracker.ui.pages.area_counts import count_signals_ahead

    count_signals_ahead(ws, rollout_id)


def _dependencies_ahead(ws: Workspace, rollout_id: int) -> None:
    from tracker.ui.pages.area_counts import count_dependencies_ahead

    count_dependencies_ahead(ws, rollout_id)


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
            _seats, _seats_ahead, fill_ahead=True),
    AreaTab("training", "Training", "Modules, progress per team and person, HR's session plan", _training,
            _training_ahead),
    AreaTab("stakeholders", "Stakeholders", "The stakeholder register and the power/interest grid", _stakeholders),
    AreaTab("adkar", "ADKAR", "Team readiness assessments, barrier points and suggested actions", _adkar,
            fill_ahead=True),
    AreaTab("resistance", "Resistance", "The resistance signals log and its charts", _resistance, _signals_ahead,
            fill_ahead=True),
    AreaTab("dependencies", "Dependencies", "What teams wait on each other for; the critical path", _dependencies,
            _dependencies_ahead, fill_ahead=True),
    AreaTab("gates", "Gates && RACI", "Readiness gates, accountability (RACI) and the decision log", _gates,
            fill_ahead=True),
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
        self._fill_chain: object | None = None  # the filling ahead under way (a newer one replaces it)
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
        now, so that the answer fills it and its charts are drawn ahead. Then the built, hidden
        pages that are filled ahead (`fill_ahead`) are filled, once nothing counts or draws."""
        ws = self.context.workspace
        if ws is None:
            return
        for area in self.areas:
            page = self.pages.get(area.key)
            if area.ahead is None or (page is not None and page.rollout_id == rollout_id and not page.out_of_date):
                continue
            area.ahead(ws, rollout_id)
            if page is not None and page.rollout_id == rollout_id and not area.fill_ahead:
                page.load_ahead()
        keys = [a.key for a in self.areas if a.fill_ahead and a.key in self.pages]
        chain = self._fill_chain = object() if keys else None
        if keys:
            QTimer.singleShot(FILL_WAIT_MS, self.tabs, lambda: self._fill_ahead(chain, keys, rollout_id))

    @property
    def filling(self) -> bool:
        """Are built, hidden pages still to be filled ahead (tests and the benchmark wait on it)?"""
        return self._fill_chain is not None

    def _fill_ahead(self, chain: object, keys: list[str], rollout_id: int) -> None:
        """Fill the first of these built, hidden pages with `rollout_id` (still the current one)
        once nothing is counted ahead or drawn ahead any more, and the next one after that.

        A page's reload runs on the GUI thread; run beside a count or a chart drawing in
        another thread, each of its many short reads waits for the interpreter lock (a 50 ms
        read took 400 ms so), and one page per turn keeps the pause to one page's."""
        from tracker.ui.widgets import chart_prerender

        if chain is not self._fill_chain:
            return  # another rollout chosen since: its own filling goes on
        ws = self.context.workspace
        if ws is None or self.current_rollout() != rollout_id:
            self._fill_chain = None
            return
        if counted_ahead(ws).counting or chart_prerender.busy():
            QTimer.singleShot(FILL_WAIT_MS, self.tabs, lambda: self._fill_ahead(chain, keys, rollout_id))
            return
        while keys:
            page = self.pages[keys.pop(0)]
            if page.rollout_id == rollout_id and page.out_of_date and not page.isVisible():
                page.load_ahead()
                break
        if keys:
            QTimer.singleShot(FILL_WAIT_MS, self.tabs, lambda: self._fill_ahead(chain, keys, rollout_id))
        else:
            self._fill_chain = None

    def _on_current_changed(self, index: int) -> None:
        tab = self.tabs.widget(index)
        for key, candidate in self._tabs_of.items():
            if candidate is tab:
                self.page(key)
                return
