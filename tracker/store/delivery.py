"""The delivery area of a workspace: `ws.delivery.dependencies`, `.gates`, `.raci`,
`.decisions`, `.kpis`.

One entry point, so the workspace carries one registration; each part lives in its own module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

# The gate template dialog lists these records itself (pages follow area names instead).
GATE_TABLES = frozenset({"gate_items", "gate_template", "decisions", "raci_responsibilities", "raci_assignments"})


class Delivery:
    def __init__(self, ws: Workspace):
        from tracker.store.decisions import Decisions
        from tracker.store.dependencies import Dependencies
        from tracker.store.gates import Gates
        from tracker.store.kpis import Kpis
        from tracker.store.raci import Raci

        self.ws = ws
        self.dependencies = Dependencies(ws)
        self.gates = Gates(ws)
        self.raci = Raci(ws)
        self.decisions = Decisions(ws)
        self.kpis = Kpis(ws)
