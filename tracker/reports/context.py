"""What every sheet of the status workbook shares: the workspace, the date, the privacy rule.

Sheets read the same figures more than once (a rollout's teams feed its own sheet, the
Resistance sheet and the Summary's hidden totals); the context reads each once. The privacy
decisions live here so every sheet hides exactly the same groups: a team hidden on its rollout
sheet cannot reappear on the Resistance sheet and let someone subtract it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from tracker.domain.rollout_privacy import RolloutPrivacy

if TYPE_CHECKING:
    from tracker.domain.gate_evidence import Evidence, EvidenceRule
    from tracker.domain.models import Participation, Rollout, Team
    from tracker.domain.readiness import AdkarAssessment, ResistanceSignal
    from tracker.domain.seats import ReclaimList
    from tracker.reports.team_figures import TrainingFigures
    from tracker.services.rollout_status import RolloutStatus
    from tracker.store.workspace import Workspace


@dataclass
class ReportContext:
    ws: Workspace
    as_of: dt.date
    rollouts: list[Rollout]
    _participation: dict[int, list[Participation]] = field(default_factory=dict)
    _signals: dict[int, list[ResistanceSignal]] = field(default_factory=dict)
    _adkar: dict[int, list[AdkarAssessment]] = field(default_factory=dict)
    _privacy: dict[int, RolloutPrivacy] = field(default_factory=dict)
    _seats: dict[int, ReclaimList] = field(default_factory=dict)
    _statuses: dict[int, RolloutStatus] = field(default_factory=dict)
    _evidence: dict[int, dict[EvidenceRule, Evidence]] = field(default_factory=dict)

    @cached_property
    def minimum_group_size(self) -> int:
        return self.ws.settings.minimum_group_size

    @cached_property
    def _teams(self) -> list[Team]:
        return self.ws.teams.list()

    @cached_property
    def headcount(self) -> dict[int, int]:
        """Active people directly in each team."""
        return {t.id: t.headcount for t in self._teams}

    @cached_property
    def team_names(self) -> dict[int, str]:
        return {t.id: t.name for t in self._teams}

    @cached_property
    def training(self) -> TrainingFigures:
        """Every team's training progress in the report's rollouts, per rollout and per module."""
        from tracker.reports.team_figures import training_figures

        return training_figures(self.ws, [r.id for r in self.rollouts], self.as_of, self.team_names)

    def seats(self, rollout_id: int) -> ReclaimList:
        """The rollout's seats judged on the report's day (tracker/domain/seats.py), read once:
        on the first call, those of every rollout of the report together (one read of the
        holders for all of them: the Summary asks for each in turn)."""
        if rollout_id not in self._seats:
            wanted = [r.id for r in self.rollouts if r.id not in self._seats]
            self._seats.update(self.ws.seats.reclaim_lists(wanted if rollout_id in wanted else [rollout_id],
                                                           self.as_of))
        return self._seats[rollout_id]

    def participation(self, rollout_id: int) -> list[Participation]:
        if rollout_id not in self._participation:
            self._participation[rollout_id] = self.ws.rollouts.participation(rollout_id)
        return self._participation[rollout_id]

    def signals(self, rollout_id: int) -> list[ResistanceSignal]:
        if rollout_id not in self._signals:
            self._signals[rollout_id] = self.ws.readiness.signals.list(rollout_id)
        return self._signals[rollout_id]

    def latest_adkar(self, rollout_id: int) -> list[AdkarAssessment]:
        """Each team's latest assessment, by team name."""
        if rollout_id not in self._adkar:
            self._adkar[rollout_id] = self.ws.readiness.adkar.latest(rollout_id)
        return self._adkar[rollout_id]

    def privacy(self, rollout_id: int) -> RolloutPrivacy:
        """Which teams' signals, ADKAR, adoption and training figures to hide: the decision the
        rollout's status was built on (`use_statuses`), or that status's decision worked out
        now when no status was given (tracker/domain/rollout_privacy.py)."""
        if rollout_id not in self._privacy:
            from tracker.services.rollout_status import rollout_status

            found = rollout_status(self.ws, rollout_id, self.as_of).privacy
            assert found is not None  # a computed status always carries its decision
            self._privacy[rollout_id] = found
        return self._privacy[rollout_id]

    def use_statuses(self, statuses: Iterable[RolloutStatus]) -> None:
        """Hide on every sheet exactly the groups each rollout's health reasons were built without."""
        for s in statuses:
            self._statuses[s.rollout.id] = s
            if s.privacy is not None:
                self._privacy[s.rollout.id] = s.privacy

    def gate_evidence(self, rollout_id: int) -> dict[EvidenceRule, Evidence]:
        """What the data says for each evidence rule (the window's "From data"), from the
        rollout's status the report is built on when it was given."""
        if rollout_id not in self._evidence:
            from tracker.services.gate_evidence import rollout_evidence

            self._evidence[rollout_id] = rollout_evidence(self.ws, rollout_id, self.as_of,
                                                          status=self._statuses.get(rollout_id))
        return self._evidence[rollout_id]
