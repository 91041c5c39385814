"""A rollout's Seats tab: are we paying for seats nobody uses, which can be taken back safely,
and does the training work?

At the top, the seats held, active and inactive, and the monthly cost recoverable; below, in
tabs: the reclaim recommendations with each line's reasons (Approve / Reject… per line or for
a selection, Leave… for one person), the leavers' seats (reclaim at once) and holders not in the
roster, the seat holders on leave now or soon (Remove), the cohort
chart with time to first use per team, the training uplift with its caveat, and one view
across AI tools. Import seats…, Export reclaim list… and Seat rules… act on the rollout.

The seats are judged on today; when the rollout's latest recorded use is older than the app's
stale-usage limit (14 days, as the adoption figures say it), the tab says so, since a seat may
then look inactive only because no newer report was imported, and offers to judge as of the
usage data's last day instead.

Everything is read by tracker/services/seat_overview.py in a worker thread (judging 100,000 seats
and counting their weeks takes seconds); the overview the tab opens on is read ahead when a rollout
is chosen (tracker/ui/pages/area_counts.py), so a click only takes it. A change announced while a
round runs asks for one more round when it is done. A round reads the reclaim list and only the part
of the sub-tab on screen: the cohorts, the uplift and the view across tools each take about as long
as the list, so each is read (added to the overview already shown) when its sub-tab is first shown.
A rollout without seats shows how to get them instead.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import day_text
from tracker.services.seat_overview import SeatsOverview
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.counted_ahead import counted_ahead
from tracker.ui.pages.area_counts import SEAT_AREAS, seats_key
from tracker.ui.pages.area_counts import seats_overview as _overview_job
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.pages.seats_insight_panels import CohortsPanel, ToolsPanel, UpliftPanel
from tracker.ui.pages.seats_leave_panel import LeavePanel
from tracker.ui.pages.seats_reclaim_panel import LEAVER_FILTERS, RECOMMENDATION_FILTERS, ReclaimPanel

if TYPE_CHECKING:
    from tracker.domain.models import Rollout
    from tracker.store.workspace import Workspace
    from tracker.ui.seat_export import ReclaimExporter
    from tracker.ui.worker import Worker

RECLAIM_TAB, LEAVERS_TAB, LEAVE_TAB, COHORTS_TAB, UPLIFT_TAB, TOOLS_TAB = range(6)
STALE_USAGE = ("{note}: a seat can look inactive only because no newer usage report was imported. Import the "
               "latest report (Adoption tab → Import usage…) before approving, or judge the seats as of that day.")
JUDGED_EARLIER = ("Judged as of {day}, the last day of the usage data: activity, leavers, leave and grace periods "
                  "as on that day. Decisions are dated today.")
NO_SEATS = ("No seats yet for {name}. Seats come from the licence admin's list (Import seats…: employee id, "
            "email or account, and optionally the day the seat was given and its monthly cost), or from usage "
            "reports: everyone a usage report names holds a seat (Adoption tab → Import usage…).")


def _parts_job(ws, overview: SeatsOverview, module_id, parts: dict[str, bool], *, progress,
               cancelled) -> SeatsOverview:
    from tracker.services.seat_overview import with_parts

    return with_parts(ws, overview, module_id=module_id, **parts)


def _tile(title: str) -> tuple[QLabel, QLabel, QWidget]:
    """A figure with its words under it, as the dashboard's summary reads."""
    box = QWidget()
    value = QLabel("–")
    font = value.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    value.setFont(font)
    words = QLabel(title)
    words.setStyleSheet("color: palette(placeholder-text);")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 16, 0)
    layout.setSpacing(0)
    layout.addWidget(value)
    layout.addWidget(words)
    return value, words, box


class SeatsPage(RolloutAreaPage):
    title = "Seats"
    WHAT = "seats"
    AREAS = SEAT_AREAS

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.overview: SeatsOverview | None = None
        self.module_id: int | None = None
        self.computing = False  # True until the figures asked for are shown (tests wait on it)
        self._worker: Worker | None = None
        self._again = False
        self._readonly = True
        self._exporter: ReclaimExporter | None = None
        self.judged_on: dt.date | None = None  # the usage data's last day, when chosen to judge on it

        self.seats_value, _words, seats_box = _tile("seats held")
        self.active_value, _words, active_box = _tile("active")
        self.inactive_value, self.inactive_words, inactive_box = _tile("inactive")
        self.money_value, _words, money_box = _tile("recoverable / month")
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: palette(placeholder-text);")
        self.usage_label = QLabel()  # the usage data's age, when too old to judge inactivity on today
        self.usage_label.setWordWrap(True)
        self.usage_label.setVisible(False)
        self.judge_check = QCheckBox()
        self.judge_check.setToolTip("Judge every seat as on the last day the usage reports cover, not today")
        self.judge_check.setVisible(False)
        self.import_button = QPushButton("&Import seats…")
        self.import_button.setToolTip("Bring in the licence admin's list of this rollout's seats")
        self.export_button = QPushButton("E&xport reclaim list…")
        self.export_button.setToolTip("The Excel list for the licence admin: approved and leavers' seats, "
                                      "those awaiting a decision, and every seat with its reasons")
        self.rules_button = QPushButton("Seat r&ules…")
        self.rules_button.setToolTip("Inactive after how many days, the grace period, the AI tool's name")
        tiles = QHBoxLayout()
        for box in (seats_box, active_box, inactive_box, money_box):
            tiles.addWidget(box)
        tiles.addStretch(1)
        buttons = QVBoxLayout()
        row = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.rules_button):
            row.addWidget(button)
        buttons.addLayout(row)
        buttons.addStretch(1)
        header = QHBoxLayout()
        header.addLayout(tiles, 1)
        header.addLayout(buttons)

        self.reclaim = ReclaimPanel(context, "seats.reclaim", RECOMMENDATION_FILTERS, "Reclaim recommendations",
                                    lambda: self.today(), leave=True)
        self.leavers = ReclaimPanel(context, "seats.leavers", LEAVER_FILTERS, "Leavers' seats", lambda: self.today())
        self.leave = LeavePanel(context)
        self.cohorts = CohortsPanel()
        self.uplift = UpliftPanel()
        self.tools = ToolsPanel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.reclaim, "Reclaim")
        self.tabs.addTab(self.leavers, "Leavers")
        self.tabs.addTab(self.leave, "On leave")
        self.tabs.addTab(self.cohorts, "Cohorts")
        self.tabs.addTab(self.uplift, "Training uplift")
        self.tabs.addTab(self.tools, "Across tools")
        self.tabs.setTabToolTip(RECLAIM_TAB, "Inactive seats nothing protects, with every reason; approve or keep")
        self.tabs.setTabToolTip(LEAVERS_TAB, "Seats of people who left (reclaim at once) and of accounts "
                                             "matching no one in the roster")
        self.tabs.setTabToolTip(LEAVE_TAB, "Seat holders on leave now or soon: their inactive seats are kept")

        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setStyleSheet("font-size: 12pt; padding: 24px 40px 8px 40px;")
        self.empty_import_button = QPushButton("Import seats…")
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(self.empty_import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        filled = QWidget()
        filled_layout = QVBoxLayout(filled)
        filled_layout.setContentsMargins(0, 0, 0, 0)
        filled_layout.addLayout(header)
        filled_layout.addWidget(self.note_label)
        usage_row = QHBoxLayout()
        usage_row.addWidget(self.usage_label, 1)
        usage_row.addWidget(self.judge_check)
        filled_layout.addLayout(usage_row)
        filled_layout.addWidget(self.tabs, 1)
        self.body = QStackedWidget()
        self.body.addWidget(QLabel("Reading the seats…", alignment=Qt.AlignmentFlag.AlignCenter))
        self.body.addWidget(empty)
        self.body.addWidget(filled)
        layout = QVBoxLayout(self.content)
        layout.addWidget(self.body, 1)

        self.import_button.clicked.connect(self.import_seats)
        self.empty_import_button.clicked.connect(self.import_seats)
        self.export_button.clicked.connect(self.export_reclaim_list)
        self.rules_button.clicked.connect(self.edit_rules)
        self.uplift.module_chosen.connect(self._choose_module)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.judge_check.toggled.connect(self._judge_toggled)
        self.refresh()

    # -------------------------------------------------------------- reading
    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        """Read the rollout's seats in the background, then show them (one round at a time)."""
        if self.overview is not None and self.overview.rollout_id != self.rollout_id:
            self.overview = None
            self.module_id = None
            self.judged_on = None
            self.body.setCurrentIndex(0)
        if self._worker is not None:
            self._again = True
            return
        self._take_overview(ws, rollout.id)

    def _take_overview(self, ws: Workspace, rollout_id: int) -> None:
        """The overview read ahead when the rollout was chosen (area_counts), or joined, or read now."""
        as_of, module_id = self.as_of(), self.module_id
        parts = tuple(self._parts_shown().items())
        asked = (ws, rollout_id)
        self.computing = True
        worker = counted_ahead(ws).take(ws, seats_key(rollout_id, as_of, module_id, parts), self.AREAS,
                                        _overview_job, rollout_id, as_of, module_id, parts,
                                        finished=lambda overview: self._computed(asked, overview),
                                        failed=self._failed)
        if worker is None:  # read ahead: shown already
            self._round_done()
            return
        self._worker = worker
        worker.done.connect(self._round_done)

    def _parts_shown(self) -> dict[str, bool]:
        """Which of the overview's parts the sub-tab on screen shows (the others wait for theirs)."""
        index = self.tabs.currentIndex()
        return {"cohorts": index == COHORTS_TAB, "uplift": index == UPLIFT_TAB, "tools": index == TOOLS_TAB}

    def _parts_missing(self) -> dict[str, bool] | None:
        """The part the sub-tab on screen shows and the overview shown has not read; None: none."""
        overview = self.overview
        if overview is None or not overview.has_seats or overview.rollout_id != self.rollout_id:
            return None
        shown = self._parts_shown()
        missing = {"cohorts": shown["cohorts"] and overview.cohorts is None,
                   "uplift": shown["uplift"] and overview.uplift is None,
                   "tools": shown["tools"] and not overview.tools_read}
        return missing if any(missing.values()) else None

    def _read_parts(self, parts: dict[str, bool]) -> None:
        """Add these parts to the overview shown, in the background (after a round under way)."""
        ws = self.context.workspace
        if self._worker is not None or ws is None or self.overview is None:
            return  # the round under way checks what is missing when it is done
        self._start(_parts_job, ws, self.overview, self.module_id, parts)

    def _start(self, job, ws: Workspace, *args) -> None:
        from tracker.ui.worker import Worker

        worker = Worker(job, *args, workspace=ws)
        asked = (ws, self.rollout_id)
        worker.finished.connect(lambda overview: self._computed(asked, overview))
        worker.failed.connect(self._failed)
        worker.done.connect(self._round_done)
        self._worker = worker
        self.computing = True
        worker.start()

    def _failed(self, message: str, _details: str) -> None:
        self.note_label.setText(f"The seats could not be read: {message}")

    def _round_done(self) -> None:
        self._worker = None
        missing = self._parts_missing()
        if self._again:
            self._again = False
            self.refresh()
        elif missing is not None:  # its sub-tab was chosen while this round was read
            self._read_parts(missing)
        else:
            self.computing = False

    def _computed(self, asked, overview: SeatsOverview) -> None:
        ws, rollout_id = asked
        if ws is self.context.workspace and rollout_id == self.rollout_id:  # not a switch meanwhile
            self.show_overview(overview)

    def _tab_shown(self, index: int) -> None:
        missing = self._parts_missing()
        if missing is None:
            return
        if missing["tools"]:
            self.tools.show_reading()
        self._read_parts(missing)

    def as_of(self) -> dt.date:
        """The day the seats are judged on: today, or the usage data's last day when chosen."""
        return self.judged_on or self.today()

    def _judge_toggled(self, checked: bool) -> None:
        usage_ends = self.overview.usage_ends if self.overview is not None else None
        self.judged_on = usage_ends if checked else None
        self.refresh()

    def _show_usage_age(self, overview: SeatsOverview) -> None:
        """Say when the usage data is too old to judge inactivity on today, and offer its last day."""
        note = overview.usage_note
        if self.judged_on is not None:  # chosen: said plainly, not as a problem
            self.usage_label.setText(JUDGED_EARLIER.format(day=day_text(self.judged_on)))
            self.usage_label.setStyleSheet("")
        elif note:
            self.usage_label.setText(STALE_USAGE.format(note=note[0].upper() + note[1:]))
            self.usage_label.setStyleSheet(theme.error_style())
        self.usage_label.setVisible(bool(note) or self.judged_on is not None)
        day = self.judged_on or overview.usage_ends
        self.judge_check.blockSignals(True)
        self.judge_check.setChecked(self.judged_on is not None)
        self.judge_check.blockSignals(False)
        self.judge_check.setText(f"&Judge as of {day_text(day)}" if day else "")
        self.judge_check.setVisible(self.usage_label.isVisible() and day is not None)

    def _choose_module(self, module_id: int | None) -> None:
        """The uplift for another module: read again for the overview shown (a round under way
        is followed by a whole one, which reads it too)."""
        self.module_id = module_id
        if self._worker is not None:
            self._again = True
        else:
            self._read_parts({"uplift": True})

    # -------------------------------------------------------------- showing
    def show_overview(self, overview: SeatsOverview) -> None:
        self.overview = overview
        if not overview.has_seats:
            self.empty_text.setText(NO_SEATS.format(name=overview.rollout))
            self.body.setCurrentIndex(1)
            return
        self.body.setCurrentIndex(2)
        listed = overview.listed
        rules = listed.settings
        self.seats_value.setText(f"{listed.held_seats:,}")
        self.active_value.setText(f"{listed.active_seats:,}")
        self.inactive_value.setText(f"{listed.inactive_seats:,}")
        self.inactive_words.setText(f"inactive {rules.inactive_days}+ days")
        money = listed.recoverable_text() or ("unpriced" if listed.unpriced else "none")
        self.money_value.setText(money)
        recommended, out = overview.reclaim_count, overview.out_count
        parts = [f"{overview.tool}, as of {day_text(listed.as_of)}",
                 f"{recommended:,} recommended for reclaim, {overview.pending_count:,} awaiting a decision",
                 f"{out:,} leavers' or unknown holders' seats",
                 f"inactive after {rules.inactive_days} days, grace period {rules.grace_days} days"]
        if listed.unpriced:
            parts.append(f"{listed.unpriced:,} recommended seats have no cost")
        self.note_label.setText("; ".join(parts) + ".")
        self._show_usage_age(overview)
        self.leave.set_rows(overview.leave)
        self.tabs.setTabText(LEAVE_TAB, f"On leave ({len(overview.leave):,})")
        self.reclaim.set_lines(overview.rollout_id, listed.lines)
        # Leavers come first in the list: the leavers' panel gets just them (every filter it has
        # shows only them), not every seat again.
        self.leavers.set_lines(overview.rollout_id, listed.lines[:out])
        self.tabs.setTabText(RECLAIM_TAB, f"Reclaim ({recommended:,})")
        self.tabs.setTabText(LEAVERS_TAB, f"Leavers ({out:,})")
        self.cohorts.show_overview(overview)
        self.uplift.show_overview(overview)
        if overview.tools_read:
            self.tools.show_overview(overview)
        else:
            self.tools.show_reading()

    def _apply_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        for button in (self.import_button, self.empty_import_button, self.rules_button):
            button.setEnabled(not readonly)
        self.reclaim.set_read_only(readonly)
        self.leavers.set_read_only(readonly)
        self.leave.set_read_only(readonly)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    # -------------------------------------------------------------- acting
    def import_seats(self):
        """Import seats… (also File → Import seats…): the shared import dialog, off the GUI thread."""
        if self.rollout_id is None or self.context.readonly:
            return None
        from tracker.ui.dialogs.seat_import_dialog import SeatImportDialog

        dialog = SeatImportDialog(self.context, self.rollout_id, self)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    def export_reclaim_list(self):
        if self.rollout_id is None or self.context.workspace is None:
            return None
        if self._exporter is None:
            from tracker.ui.seat_export import ReclaimExporter

            self._exporter = ReclaimExporter(self.context, self)
        return self._exporter.choose_and_export_reclaim(self.rollout_id, self.as_of())

    def edit_rules(self) -> None:
        if self.rollout_id is None or self.context.readonly:
            return
        from tracker.ui.dialogs.seat_rules_dialog import SeatRulesDialog

        dialog = SeatRulesDialog(self.context, self.rollout_id, self)
        dialog.exec()
        dialog.deleteLater()
