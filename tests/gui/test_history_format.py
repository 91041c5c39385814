"""The history names records and values in words: "Decision 'Hire two trainers'", "From stage: Pilot"."""

from __future__ import annotations

import datetime as dt

from tracker.services.rollout_lifecycle import promote
from tracker.ui.dialogs.history_format import HistoryFormatter


def test_decisions_and_gate_items_are_named_by_their_text_and_stages_by_their_label(org):
    ws = org["ws"]
    ws.delivery.decisions.add(rollout_id=org["rollout"], decided_on=dt.date(2026, 3, 1),
                              decision="Hire two trainers for the Claims floor", decided_by="Board")
    promote(ws, org["rollout"], "scaling", confirmed_open_items=True, decided_by="Board")
    formatter = HistoryFormatter(ws)
    records, fields = [], []
    for change in ws.audit.recent_changes(2):
        for entry in ws.audit.entries(change.id):
            records.append(formatter.record(entry))
            fields += [(f.field, f.after) for f in formatter.field_changes(entry, with_record=False)]
    assert "Decision 'Hire two trainers for the Claims floor'" in records
    assert not any("#" in r for r in records), records
    assert ("To stage", "Scaling") in fields and ("From stage", "Pilot") in fields
