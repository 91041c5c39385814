"""Pseudonymised export and erasure of a person on request."""

from __future__ import annotations

import zipfile
from xml.sax.saxutils import escape

import pytest

from tracker.demo.readiness import DEMO_AS_OF
from tracker.services.portable_export import export_workbook
from tracker.services.portable_import import apply_portable, preview_portable
from tracker.services.rollout_status import portfolio_status
from tracker.store import Workspace
from tracker.store.erasure import checkpoint, erase_person


def _xml(path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return b"\n".join(z.read(n) for n in z.namelist())


@pytest.mark.slow  # the whole sample out and back; test_pseudonymised_export.py checks the file fast
def test_a_pseudonymised_export_holds_no_name_or_email_and_the_same_figures(sample_copy, tmp_path):
    source = sample_copy(tmp_path / "demo.tracker")
    out = tmp_path / "shared.xlsx"
    with Workspace.open(source) as ws:
        people = ws.query("SELECT name, email FROM people")
        # a note that mentions someone by name, as people write them
        ws.conn.execute("UPDATE rollouts SET description = ? WHERE id = 1",
                        (f"Ask {people[0]['name']} ({people[0]['email']}) first",))
        ws.conn.commit()
        export_workbook(ws, out, pseudonymise=True)
        before = {s.rollout.name: (s.health, s.training_percent, s.adoption_rate)
                  for s in portfolio_status(ws, DEMO_AS_OF)}
    content = _xml(out).lower()
    leaked = [p["name"] for p in people
              if p["name"].lower().encode() in content or escape(p["name"]).lower().encode() in content]
    leaked += [p["email"] for p in people if p["email"] and p["email"].lower().encode() in content]
    assert leaked == []
    assert b"person 0001" in content
    # the figures survive: import the shared file and compute them again
    with Workspace.open(tmp_path / "consultant.tracker") as ws:
        preview = preview_portable(ws, out)
        assert preview.ok, preview.report()
        apply_portable(ws, preview)
        after = {s.rollout.name: (s.health, s.training_percent, s.adoption_rate)
                 for s in portfolio_status(ws, DEMO_AS_OF)}
    assert after == before


@pytest.mark.sqlite_only("looks for the erased name in the file's bytes and its WAL")
def test_erasure_removes_the_name_from_the_file_and_keeps_the_records(org, tmp_path):
    ws, ann = org["ws"], org["ann"]
    with ws.write("Mark Ann Claims as champion") as w:
        w.insert("stakeholders", {"rollout_id": org["rollout"], "person_id": ann, "influence": 4, "interest": 5,
                                  "current_support": "resistant", "needed_support": "champion",
                                  "notes": "Ann Claims worries about her job", "engagement_plan": "coffee"})
        w.insert("decisions", {"rollout_id": org["rollout"], "decided_on": "2026-01-05",
                               "decision": "Go", "decided_by": "Ann Claims and Ada Boss"})
    with ws.write("Set Ann Claims's email") as w:
        w.update("people", ann, {"email": "ann.claims@example.com"})
    change = erase_person(ws, ann)
    checkpoint(ws)
    row = ws.query("SELECT name, email, employee_id FROM people WHERE id = ?", (ann,))[0]
    assert row == {"name": f"Person {ann:04d}", "email": "", "employee_id": f"P{ann:05d}"}
    assert ws.query("SELECT notes, engagement_plan FROM stakeholders")[0] == {"notes": "", "engagement_plan": ""}
    assert ws.scalar("SELECT decided_by FROM decisions") == f"Person {ann:04d} and Ada Boss"
    assert ws.scalar("SELECT count(*) FROM stakeholders WHERE person_id = ?", (ann,)) == 1
    # recorded in the audit trail, under the pseudonym
    assert ws.audit.change(change).label == f"Erase personal data of Person {ann:04d}"
    assert any(e.entity == "people" for e in ws.audit.entries(change))
    data = (tmp_path / "test.tracker").read_bytes()
    wal = tmp_path / "test.tracker-wal"
    data += wal.read_bytes() if wal.exists() else b""
    assert b"Ann Claims" not in data and b"ann.claims@example.com" not in data
    assert b"Ada Boss" in data  # only the erased person's data went


def test_erasing_an_unknown_person_is_refused(workspace):
    import pytest

    from tracker.store.errors import StoreValidationError

    with pytest.raises(StoreValidationError):
        erase_person(workspace, 999)
