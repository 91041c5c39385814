"""Gates, accountability and decisions of one rollout: what must be true before the next stage,
who answers for what, and what was decided. Three tabs of one page because they are worked on
together at the stage-gate review: the checklist, the RACI behind its owners, and the log the
review's decision goes into.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from tracker.domain.models import Rollout
from tracker.store import Workspace
from tracker.store.events import ChangeEvent
from tracker.ui.context import AppContext
from tracker.ui.pages.decisions_panel import DecisionsPanel
from tracker.ui.pages.gates_panel import GatesPanel
from tracker.ui.pages.raci_panel import RaciPanel
from tracker.ui.pages.rollout_area_page import RolloutAreaPage


class GatesPage(RolloutAreaPage):
    title = "Gates & accountability"
    AREAS = RolloutAreaPage.AREAS | {"delivery", "organisation"}
    WHAT = "readiness gates, RACI and decisions"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.gates = GatesPanel(context, self.today, self)
        self.raci = RaciPanel(context, self)
        self.decisions = DecisionsPanel(context, self.today, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.gates, "Readiness gates")
        self.tabs.addTab(self.raci, "Accountability (RACI)")
        self.tabs.addTab(self.decisions, "Decision log")
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.refresh()

    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        self.gates.load(rollout.id)
        if self.rollout_id != rollout.id:  # creating the checklist refreshed the page already
            return
        self.raci.load(rollout.id)
        self.decisions.load(rollout.id)
        problems = len(ws.delivery.raci.problems(rollout.id))
        self.tabs.setTabText(1, f"Accountability (RACI){f' – {problems} to fix' if problems else ''}")

    def _on_data_changed(self, event: ChangeEvent) -> None:
        """An edit in another area (training, signals, the sponsor…) can move the gate items'
        evidence without touching the checklist: read only the evidence again for it (while
        shown; a hidden page reloads all of it when shown)."""
        from tracker.services.gate_evidence import may_change_evidence

        ws = self.context.workspace
        if (ws is not None and self.rollout_id is not None and not event.areas & self.AREAS
                and may_change_evidence(ws, event)):
            if self.isVisible():
                self.gates.refresh_evidence()
            else:
                self.invalidate(frozenset({"delivery"}))
        super()._on_data_changed(event)

    def _apply_read_only(self, readonly: bool) -> None:
        for panel in (self.gates, self.raci, self.decisions):
            panel.set_read_only(readonly)
