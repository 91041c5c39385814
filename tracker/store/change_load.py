"""What the change-load heatmap and the health rule read about participation, and the two
workspace settings of the heatmap (impact weights, saturation threshold) with their checks.

The settings travel with the workspace file (`ws.settings`, keys `impact_weights` and
`saturation_threshold`), so everyone who opens it sees the same saturation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tracker.domain.change_load import DEFAULT_THRESHOLD, DEFAULT_WEIGHTS, LoadRow, check_threshold, check_weights
from tracker.domain.enums import Impact, Stage
from tracker.store.convert import to_date
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

WEIGHTS_KEY = "impact_weights"
THRESHOLD_KEY = "saturation_threshold"


class ChangeLoadStore:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def rows(self, rollout_ids: list[int] | None = None) -> list[LoadRow]:
        """Every participation with its rollout's dates and stage (one query)."""
        where = "" if rollout_ids is None else \
            f" WHERE r.id IN ({', '.join(str(int(i)) for i in rollout_ids) or 'NULL'})"  # ints only
        rows = self.ws.conn.execute(
            f"""SELECT r.id, r.name, r.stage, r.start_date, r.go_live_date, r.target_date, t.id, t.name, pa.impact
                FROM participation pa JOIN rollouts r ON r.id = pa.rollout_id JOIN teams t ON t.id = pa.team_id
                {where} ORDER BY r.id, t.name COLLATE NOCASE""").fetchall()
        return [LoadRow(r[0], r[1], Stage(r[2]), to_date(r[3]), to_date(r[4]), to_date(r[5]), r[6], r[7], Impact(r[8]))
                for r in rows]

    # ---------------------------------------------------------------- settings
    def weights(self) -> dict[Impact, int]:
        stored = self.ws.settings.get(WEIGHTS_KEY)
        if not stored or check_weights(stored):
            return dict(DEFAULT_WEIGHTS)  # a hand-edited bad value never breaks the heatmap
        return {Impact.parse(k): v for k, v in stored.items()}

    def set_weights(self, weights: Mapping[str, float]) -> None:
        problem = check_weights(weights)
        if problem:
            raise StoreValidationError(problem)
        values = {(k if isinstance(k, Impact) else Impact.parse(k)).value: v for k, v in weights.items()}
        self.ws.settings.set(WEIGHTS_KEY, values)

    def threshold(self) -> float:
        stored = self.ws.settings.get(THRESHOLD_KEY)
        return DEFAULT_THRESHOLD if stored is None or check_threshold(stored) else stored

    def set_threshold(self, value: float) -> None:
        problem = check_threshold(value)
        if problem:
            raise StoreValidationError(problem)
        self.ws.settings.set(THRESHOLD_KEY, value)
