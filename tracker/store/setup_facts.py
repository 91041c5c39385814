"""What a workspace holds, for the first steps on the dashboard: a few EXISTS checks (cheap on
the largest workspace: each stops at the first row)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain.first_steps import SetupFacts

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace


def setup_facts(ws: Workspace) -> SetupFacts:
    def has(table: str) -> bool:
        return bool(ws.scalar(f"SELECT EXISTS (SELECT 1 FROM {table})"))

    return SetupFacts(
        people=has("people"), rollouts=has("rollouts"), participation=has("participation"),
        training=has("training_records"), usage=has("usage_imports") or has("adoption_figures"),
    )


# The tables whose changes can tick a step (the dashboard refreshes the steps on these).
SETUP_TABLES = frozenset({"people", "rollouts", "participation", "training_records", "usage_imports",
                          "adoption_figures"})
