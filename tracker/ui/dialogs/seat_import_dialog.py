"""Importing the licence admin's list of a rollout's seats: choose a file, read the preview, apply.

The shared import dialog (import_preview_dialog.py) reads and applies off the GUI thread, offers
Match columns… for a file in other columns, lists rows with errors by number and changes nothing
while any row is wrong; this file says what a seats import reads (docs/seats.md).
"""

from __future__ import annotations

from tracker.services.seat_import import apply_seats, preview_seats
from tracker.ui.context import AppContext
from tracker.ui.dialogs.import_preview_dialog import ImportKind, ImportPreviewDialog


def seats_kind(rollout_id: int, rollout_name: str) -> ImportKind:
    return ImportKind(
        f"Import seats – {rollout_name}",
        "Columns: employee_id, email or account (who holds the seat; one is required), and optionally "
        "assigned_on, cost_per_seat (per month) and currency. An account matching no one is kept as an "
        "account seat; seats the file does not list are left as they are; the same file twice changes nothing.",
        lambda ws, path, *, progress, cancelled, overrides=None: preview_seats(
            ws, path, rollout_id, overrides=overrides, cancelled=cancelled),
        apply_seats, lambda p: bool(p.plan.new or p.plan.changed),
        report=lambda p: p.report(max_errors=500),
        layout_kind="seats",
    )


class SeatImportDialog(ImportPreviewDialog):
    def __init__(self, context: AppContext, rollout_id: int, parent=None):
        ws = context.workspace
        rollout = ws.rollouts.get(rollout_id) if ws is not None else None
        super().__init__(context, seats_kind(rollout_id, rollout.name if rollout else ""), parent)
        self.rollout_id = rollout_id
