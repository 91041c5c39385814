"""The people-readiness area of a workspace: `ws.readiness.stakeholders`, `.adkar`, `.signals`.

One entry point for the area, so the workspace carries one registration; each part lives in
its own module. Also the validated setter for the privacy minimum group size, which this area
introduced and the reports obey.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain.enums import Impact
from tracker.domain.privacy import check_minimum_group_size
from tracker.domain.readiness import AttentionItem, needs_attention
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace


class Readiness:
    def __init__(self, ws: Workspace):
        from tracker.store.adkar import AdkarAssessments
        from tracker.store.resistance import ResistanceSignals
        from tracker.store.stakeholders import Stakeholders

        self.ws = ws
        self.stakeholders = Stakeholders(ws)
        self.adkar = AdkarAssessments(ws)
        self.signals = ResistanceSignals(ws)

    # ---------------------------------------------------------------- privacy setting
    @property
    def minimum_group_size(self) -> int:
        return self.ws.settings.minimum_group_size

    def set_minimum_group_size(self, value: int) -> None:
        problem = check_minimum_group_size(value)
        if problem:
            raise StoreValidationError(problem)
        self.ws.settings.set("minimum_group_size", int(value))

    # ---------------------------------------------------------------- attention
    def attention(self, rollout_id: int) -> list[AttentionItem]:
        """The rollout's highly affected teams that need attention, with the reasons."""
        teams = [
            (tid, name, Impact(impact)) for tid, name, impact in self.ws.conn.execute(
                """SELECT t.id, t.name, pa.impact FROM participation pa JOIN teams t ON t.id = pa.team_id
                   WHERE pa.rollout_id = ? AND pa.impact = 'high'""", (rollout_id,))
        ]
        if not teams:
            return []
        return needs_attention(teams, self.adkar.latest(rollout_id),
                               self.signals.list(rollout_id, unresolved_only=True))

    def counts(self, rollout_id: int) -> dict[str, int]:
        """Small figures for tab titles and summaries."""
        return {
            "stakeholders": self.ws.scalar("SELECT COUNT(*) FROM stakeholders WHERE rollout_id = ?", (rollout_id,)),
            "assessments": self.ws.scalar("SELECT COUNT(*) FROM adkar_assessments WHERE rollout_id = ?", (rollout_id,)),
            "open_signals": self.ws.scalar(
                "SELECT COUNT(*) FROM resistance_signals WHERE rollout_id = ? AND status <> 'resolved'", (rollout_id,)),
        }
