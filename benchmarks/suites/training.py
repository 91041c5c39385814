"""Training progress of a whole rollout: the roll-up the Training page and the report read.

The data is the dashboard suite's (benchmarks/suites/dashboard.py: modules for the end-user
role, a million derived assignments at full scale, 70 % of them with a record); this module
only measures.
"""

from __future__ import annotations

import time

from benchmarks.harness import Bench, Sample, measurement
from benchmarks.suites.dashboard import AS_OF, _biggest_rollout, _open_copy


class _Copy:
    """A copy of the big workspace, opened once per run, and its biggest rollout."""

    def __init__(self, bench: Bench):
        self.ws = _open_copy(bench)
        self.rollout = _biggest_rollout(self.ws)


@measurement("training.team_progress", "training progress for all teams of a rollout", target_s=0.15)
def team_progress(bench: Bench) -> Sample:
    """`ws.training.team_progress(Scope(rollout))` on the rollout with the most role
    assignments (the one with the most training assignments): required, completed, in
    progress, overdue and exempt per team, counted in SQL over every derived assignment."""
    from tracker.store.training_queries import Scope

    copy = bench.shared("training-copy", lambda: _Copy(bench))
    scope = Scope(copy.rollout, as_of=AS_OF)
    started = time.perf_counter()
    teams = copy.ws.training.team_progress(scope)
    seconds = time.perf_counter() - started
    return Sample(seconds, None, {"rollout_id": copy.rollout, "teams": len(teams),
                                  "assignments": sum(t.required for t in teams),
                                  "completed": sum(t.completed for t in teams)})
