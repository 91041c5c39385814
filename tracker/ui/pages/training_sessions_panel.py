"""HR's planning tab: sessions and their seats, seats still needed per team, and the month plan.

Seats needed = people who must take a module, have not completed it (nor are exempt) and hold
no seat in an upcoming session; the month plan sets them against the seats scheduled before
each module's due date, so HR sees where to add sessions. Only classroom, workshop and coaching
modules need sessions; e-learning is taken alone.

Counting the seats needed reads every training record of the rollout (1.5 s at 100,000 people),
so it runs in a worker (`loading` meanwhile) and the page shows at once (issue 16).
"""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.charts import empty_figure
from tracker.charts.training import build_seat_plan_figure
from tracker.store.errors import WorkspaceError
from tracker.store.training_queries import Scope
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.enrol_dialog import EnrolDialog
from tracker.ui.dialogs.mark_completion_dialog import MarkCompletionDialog
from tracker.ui.dialogs.session_dialog import SessionDialog
from tracker.ui.models.training_session_model import (
    ENROLMENT_COLUMNS,
    PLAN_COLUMNS,
    SEAT_NEED_COLUMNS,
    SESSION_COLUMNS,
    make_model,
)
from tracker.ui.widgets.chart_canvas import ChartCanvas
from tracker.ui.widgets.data_table_view import DataTableView
from tracker.ui.worker import Worker


def _seat_plan_job(ws, scope: Scope, *, progress, cancelled) -> dict:
    """Worker job: the seats still needed per module and team, and the month plan from them."""
    needs = ws.training.sessions.seat_needs(scope)
    return {"needs": needs, "months": ws.training.sessions.month_plan(scope, needs)}


class TrainingSessionsPanel(QWidget):
    error = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id: int | None = None
        self._modules: list = []
        self._generation = 0  # of the seat count under way: an older one's result is dropped
        self.loading = False  # the seats are being counted (tests and the benchmark wait for it)
        self.module_combo = QComboBox()
        self.new_button = QPushButton("&New session…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.enrol_button = QPushButton("&Enrol people…")
        self.unenrol_button = QPushButton("Remove seat…")
        self.complete_button = QPushButton("&Mark attendees completed…")
        first_run = settings.header_state("training_sessions") is None  # the view saves a state at once
        self.sessions = DataTableView(make_model(SESSION_COLUMNS, self), "training_sessions", self)
        if first_run:
            for column, width in ((1, 130), (2, 100), (3, 170), (4, 130)):
                self.sessions.horizontalHeader().resizeSection(column, width)
        self.enrolments = DataTableView(make_model(ENROLMENT_COLUMNS, self), "training_enrolments", self)
        self.seat_needs = DataTableView(make_model(SEAT_NEED_COLUMNS, self), "training_seat_needs", self)
        self.plan = DataTableView(make_model(PLAN_COLUMNS, self), "training_plan", self)
        self.plan_chart = ChartCanvas(name="training-seat-plan")
        self.seats_label = QLabel()
        self._build()
        self.module_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button.clicked.connect(self.new_session)
        self.edit_button.clicked.connect(self.edit_session)
        self.sessions.record_activated.connect(lambda _r: self.edit_session())
        self.delete_button.clicked.connect(self.delete_session)
        self.enrol_button.clicked.connect(self.enrol)
        self.unenrol_button.clicked.connect(self.unenrol)
        self.complete_button.clicked.connect(self.mark_attendees_completed)
        self.sessions.selectionModel().selectionChanged.connect(lambda *_: self._show_enrolments())
        self.enrolments.selectionModel().selectionChanged.connect(lambda *_: self._update_seat_buttons())

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Module:"))
        top.addWidget(self.module_combo)
        top.addStretch(1)
        for b in (self.new_button, self.edit_button, self.delete_button, self.enrol_button):
            top.addWidget(b)
        seats = QWidget()
        seats_layout = QVBoxLayout(seats)
        seats_layout.setContentsMargins(0, 0, 0, 0)
        seats_layout.addWidget(self.seats_label)
        seats_layout.addWidget(self.enrolments, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.complete_button)
        row.addWidget(self.unenrol_button)
        seats_layout.addLayout(row)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.sessions)
        upper.addWidget(seats)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        upper.setSizes([760, 500])
        plan = QSplitter(Qt.Orientation.Horizontal)
        plan.addWidget(self.plan)
        plan.addWidget(self.plan_chart)
        plan.setStretchFactor(0, 3)
        plan.setStretchFactor(1, 2)
        plan.setSizes([700, 560])  # the table's size hint would otherwise squeeze the chart away
        self.plan_chart.setMinimumSize(320, 220)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setDocumentMode(True)
        self.lower_tabs.addTab(plan, "Month-by-month plan")
        self.lower_tabs.addTab(self.seat_needs, "Seats needed by team")
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(upper)
        body.addWidget(self.lower_tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(body, 1)

    # -------------------------------------------------------------- loading
    def set_rollout(self, rollout_id: int | None) -> None:
        self.rollout_id = rollout_id
        self.refresh()

    def refresh(self) -> None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None:
            self._generation += 1
            self.loading = False
            for table in (self.sessions, self.enrolments, self.seat_needs, self.plan):
                table.set_rows([])
            return
        self._modules = [m for m in ws.training.modules(self.rollout_id) if m.format.needs_sessions]
        keep = self.module_combo.currentData()
        self.module_combo.blockSignals(True)
        self.module_combo.clear()
        self.module_combo.addItem("All modules with sessions", None)
        for m in self._modules:
            self.module_combo.addItem(f"{m.code} – {m.title}", m.id)
        self.module_combo.setCurrentIndex(max(0, self.module_combo.findData(keep)))
        self.module_combo.blockSignals(False)
        module_id = self.module_combo.currentData()
        scope = Scope(self.rollout_id, module_id=module_id)
        sessions = ws.training.sessions
        self.sessions.set_rows(sessions.list(self.rollout_id, module_id))
        self._count_seats(scope)
        self._show_enrolments()

    def _count_seats(self, scope: Scope) -> None:
        self._generation += 1
        generation = self._generation
        self.loading = True
        worker = Worker(_seat_plan_job, scope, workspace=self.context.workspace)
        worker.finished.connect(lambda result: self._show_seats(result, generation))
        worker.failed.connect(lambda message, _details: self._seats_failed(message, generation))
        worker.start()

    def _show_seats(self, result: dict, generation: int) -> None:
        if generation != self._generation or not shiboken6.isValid(self.plan):
            return  # a newer count is on its way, or the page was closed meanwhile
        self.loading = False
        months = result["months"]
        self.seat_needs.set_rows(result["needs"])
        self.plan.set_rows(months)
        self.plan_chart.show_figure(lambda: build_seat_plan_figure(months, width=4.6, height=3.0))

    def _seats_failed(self, message: str, generation: int) -> None:
        if generation != self._generation or not shiboken6.isValid(self.plan):
            return
        self.loading = False
        self.seat_needs.set_rows([])
        self.plan.set_rows([])
        self.plan_chart.show_figure(lambda: empty_figure(f"Could not count the seats needed: {message}"))

    def _show_enrolments(self) -> None:
        session = self.selected_session()
        readonly = self.context.readonly
        if session is None:
            self.enrolments.set_rows([])
            self.seats_label.setText("Select a session to see who holds a seat.")
        elif (ws := self.context.workspace) is not None:
            self.enrolments.set_rows(ws.training.sessions.enrolments(session.id))
            self.seats_label.setText(f"{session.describe()}: {session.enrolled} of {session.capacity} seats taken")
        for b in (self.edit_button, self.delete_button, self.enrol_button):
            b.setEnabled(session is not None and not readonly)
        self.new_button.setEnabled(bool(self._modules) and not readonly)
        self.new_button.setToolTip("" if self._modules else "Add a classroom, workshop or coaching module first")
        self._update_seat_buttons()

    def _update_seat_buttons(self) -> None:
        """Seats can be removed when some are selected; attendance marked once the session began."""
        session = self.selected_session()
        writable = session is not None and not self.context.readonly
        self.unenrol_button.setEnabled(writable and bool(self.enrolments.selected_records()))
        if session is None:
            self.complete_button.setEnabled(False)
            self.complete_button.setToolTip("")
            return
        to_mark = self.attendees_to_mark()
        begun = session.starts <= dt.datetime.now()
        self.complete_button.setEnabled(writable and begun and bool(to_mark))
        if not begun:
            tip = "The session has not taken place yet."
        elif not self.enrolments.source_model.rows():
            tip = "No one holds a seat in this session."
        elif not to_mark:
            tip = "Everyone chosen has already completed the module."
        else:
            tip = ("Mark the selected people completed on the session's date" if self.enrolments.selected_records()
                   else "Mark everyone holding a seat completed on the session's date (select some to mark only them)")
        self.complete_button.setToolTip(tip)

    # -------------------------------------------------------------- actions
    def selected_session(self):
        rows = self.sessions.selected_records()
        return rows[0] if rows else None

    def new_session(self) -> None:
        if self._modules and not self.context.readonly:
            SessionDialog(self.context, self._modules, module_id=self.module_combo.currentData(), parent=self).exec()

    def edit_session(self) -> None:
        session = self.selected_session()
        if session is not None and not self.context.readonly:
            SessionDialog(self.context, self._modules, session, parent=self).exec()

    def delete_session(self) -> None:
        session, ws = self.selected_session(), self.context.workspace
        if session is None or ws is None or self.context.readonly:
            return
        if confirm_action.ask(self, "Delete session", f"Delete {session.describe()}?", "Delete",
                              f"{session.enrolled} people lose their seat. Edit → Undo brings it back."):
            try:
                ws.training.sessions.delete(session.id)
            except WorkspaceError as e:
                self.error.emit(str(e))

    def enrol(self) -> None:
        session = self.selected_session()
        if session is not None and self.rollout_id is not None and not self.context.readonly:
            EnrolDialog(self.context, self.rollout_id, session, self).exec()

    def unenrol(self) -> None:
        chosen, ws = self.enrolments.selected_records(), self.context.workspace
        session = self.selected_session()
        if not chosen or session is None or ws is None or self.context.readonly:
            return
        text = (f"Remove {chosen[0].person_name}'s seat in {session.describe()}?" if len(chosen) == 1
                else f"Remove {len(chosen):,} seats in {session.describe()}?")
        if not confirm_action.ask(self, "Remove seats", text, "Remove",
                                  "The seats become free for others. Edit → Undo brings them back."):
            return
        try:
            ws.training.sessions.unenrol([e.id for e in chosen])
        except WorkspaceError as e:
            self.error.emit(str(e))

    def attendees_to_mark(self) -> list:
        """The selected seat holders, or all of them when none is selected; not those already done."""
        chosen = self.enrolments.selected_records() or self.enrolments.source_model.rows()
        return [e for e in chosen if not e.completed]

    def mark_attendees_completed(self) -> None:
        """Attendance becomes completion: one write for everyone, dated on the session's day."""
        session = self.selected_session()
        if session is None or self.context.readonly:
            return
        people = self.attendees_to_mark()
        if not people:
            return
        who = people[0].person_name if len(people) == 1 else f"{len(people):,} people"
        text = f"Mark {session.module_code} completed for {who} who attended {session.describe()}."
        done = sum(e.completed for e in (self.enrolments.selected_records() or self.enrolments.source_model.rows()))
        if done:
            text += f" {done:,} who already completed it keep their date."
        versions = {(session.module_id, e.person_id): e.record_version for e in people}  # as the list shows them
        MarkCompletionDialog(self.context, list(versions), text, self, completed_on=session.starts.date(),
                             versions=versions).exec()
