"""Erasure finds a person's name the way a pseudonymised export does (one matcher for both)."""

from __future__ import annotations

import unicodedata

from tracker.store.erasure import checkpoint, erase_person


def test_erasure_scrubs_every_spelling_and_only_whole_names(workspace, tmp_path):
    ws = workspace
    team = ws.teams.create("Claims")
    # saved decomposed (NFD), as some HR exports write it; typed composed below
    zoe = ws.people.create(employee_id="E0042", name=unicodedata.normalize("NFD", "Zoë Müller"),
                           email="zoe.m@example.com", team_id=team)
    ws.people.create(employee_id="E0043", name="Zoë Müllerová", team_id=team)
    rollout = ws.rollouts.create(name="Assistant")
    upper = "ZOË MÜLLER"
    with ws.write("Notes") as w:
        w.insert("decisions", {"rollout_id": rollout, "decided_on": "2026-01-05",
                               "decision": f"Go, says {upper}; ask Zoë Müllerová too",
                               "decided_by": "Müller, Zoë"})
        w.insert("gate_items", {"rollout_id": rollout, "transition": "pilot_to_scaling", "area": "people",
                                "text": "E0042 signs off; mail ZOE.M@example.com"})
    from tracker.store.export_log import exports, record_export

    assert record_export(ws, "training_plan", tmp_path / "Zoë Müller plan.xlsx", rollouts=["Assistant"]) is None
    erase_person(ws, zoe)
    checkpoint(ws)
    assert exports(ws)[0].file_name == f"Person {zoe:04d} plan.xlsx"  # what left the app, named no more
    assert "Müller plan" not in ws.audit.change(exports(ws)[0].change_id).label
    stand_in = f"Person {zoe:04d}"
    decision = ws.query("SELECT decision, decided_by FROM decisions")[0]
    assert decision == {"decision": f"Go, says {stand_in}; ask Zoë Müllerová too", "decided_by": stand_in}
    assert ws.scalar("SELECT text FROM gate_items") == f"P{zoe:05d} signs off; mail {stand_in}"
    # the trail's copies too, though it keeps non-ASCII text as JSON escapes
    trail = " ".join(r[0] or "" for r in ws.conn.execute("SELECT before || ' ' || after FROM audit"))
    assert "\\u0308" not in trail and "\\u00cb" not in trail  # the decomposed and upper-case spellings too
    assert "Zo\\u00eb M\\u00fcller\"" not in trail and "E0042" not in trail and "zoe.m@" not in trail.lower()
    assert "Zo\\u00eb M\\u00fcllerov\\u00e1" in trail  # the other person stays


def test_a_name_saved_decomposed_is_found_where_it_was_typed_composed(workspace):
    ws = workspace
    team = ws.teams.create("Claims")
    renee = ws.people.create(employee_id="7", name=unicodedata.normalize("NFD", "Renée Ng"), team_id=team)
    rollout = ws.rollouts.create(name="Assistant")
    with ws.write("Gate item") as w:
        w.insert("gate_items", {"rollout_id": rollout, "transition": "pilot_to_scaling", "area": "people",
                                "text": "Renée Ng approves"})
    erase_person(ws, renee)
    assert ws.scalar("SELECT text FROM gate_items") == f"Person {renee:04d} approves"
