"""An edit based on an old version is refused and changes nothing, for each kind of record the
window edits (both engines): modules, stakeholders, ADKAR assessments, decisions, KPIs, RACI
cells and responsibilities, people's training records, seats' reclaim decisions."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.kpis import Direction
from tracker.domain.readiness import SupportLevel
from tracker.domain.seat_records import Decision
from tracker.domain.training import TrainingStatus
from tracker.store.errors import StaleRecordError

D = dt.date


def _changes(ws) -> int:
    return ws.scalar("SELECT COUNT(*) FROM changes")


def _refused(ws, edit) -> StaleRecordError:
    """`edit()` is refused as stale, and neither the record nor the trail changes."""
    before = _changes(ws)
    with pytest.raises(StaleRecordError) as refused:
        edit()
    assert _changes(ws) == before
    return refused.value


def test_a_module_edit_on_an_old_version_is_refused(org):
    ws = org["ws"]
    module = ws.training.create_module(org["rollout"], code="T1", title="Basics")
    read = ws.training.module(module)
    assert read is not None and read.version == 1
    ws.training.update_module(module, code="T1", title="Basics (theirs)")
    error = _refused(ws, lambda: ws.training.update_module(
        module, expected_version=read.version, code="T1", title="Basics (mine)", hours=2))
    now = ws.training.module(module)
    assert now is not None and (now.title, now.hours, now.version) == ("Basics (theirs)", 1.0, 2)
    assert error.current_version == 2 and error.attempted["title"] == "Basics (mine)"


def test_a_change_of_a_modules_rules_alone_moves_its_version_on(org):
    ws = org["ws"]
    module = ws.training.create_module(org["rollout"], code="T1", title="Basics")
    read = ws.training.module(module)
    assert read is not None
    ws.training.update_module(module, code="T1", title="Basics", team_ids=[org["claims"]])
    now = ws.training.module(module)
    assert now is not None and now.version == 2 and now.team_ids == (org["claims"],)
    # Saving the module as read (no rules) would drop theirs: refused.
    _refused(ws, lambda: ws.training.update_module(module, expected_version=read.version, code="T1", title="B"))
    assert ws.training.module(module).team_ids == (org["claims"],)  # type: ignore[union-attr]


def test_a_stakeholder_edit_on_an_old_version_is_refused(org):
    ws = org["ws"]
    store = ws.readiness.stakeholders
    sid = store.add(rollout_id=org["rollout"], person_id=org["ann"], influence=4, interest=4,
                    current_support=SupportLevel.NEUTRAL, needed_support=SupportLevel.CHAMPION)
    read = store.get(sid)
    assert read is not None and read.version == 1
    store.update(sid, notes="Theirs")
    _refused(ws, lambda: store.update(sid, expected_version=read.version, influence=2, notes="Mine"))
    now = store.get(sid)
    assert now is not None and (now.influence, now.notes, now.version) == (4, "Theirs", 2)


def test_an_adkar_edit_on_an_old_version_is_refused(org):
    ws = org["ws"]
    store = ws.readiness.adkar
    aid = store.record(rollout_id=org["rollout"], team_id=org["claims"], assessed_on=D(2026, 1, 31),
                       scores=(4, 4, 4, 4, 4), respondents=8, as_of=D(2026, 2, 1))
    read = store.get(aid)
    assert read is not None and read.version == 1
    store.update(aid, respondents=9, as_of=D(2026, 2, 1))
    _refused(ws, lambda: store.update(aid, expected_version=read.version, scores=(2, 2, 2, 2, 2), as_of=D(2026, 2, 1)))
    now = store.get(aid)
    assert now is not None and (now.awareness, now.respondents, now.version) == (4, 9, 2)


def test_a_decision_edit_on_an_old_version_is_refused(org):
    ws = org["ws"]
    store = ws.delivery.decisions
    did = store.add(rollout_id=org["rollout"], decided_on=D(2026, 1, 5), decision="Use vendor model",
                    decided_by="Ada Boss")
    read = store.get(did)
    assert read is not None and read.version == 1
    store.update(did, rationale="Theirs")
    _refused(ws, lambda: store.update(did, expected_version=read.version, rationale="Mine"))
    now = store.get(did)
    assert now is not None and (now.rationale, now.version) == ("Theirs", 2)


def test_a_kpi_edit_on_an_old_version_is_refused(org):
    ws = org["ws"]
    store = ws.delivery.kpis
    kid = store.add(rollout_id=org["rollout"], name="Accuracy", unit="%", target=90,
                    direction=Direction.HIGHER_BETTER, tolerance=2)
    read = store.get(kid)
    assert read is not None and read.version == 1
    store.update(kid, target=95)
    _refused(ws, lambda: store.update(kid, expected_version=read.version, tolerance=5))
    now = store.get(kid)
    assert now is not None and (now.target, now.tolerance, now.version) == (95, 2, 2)


def test_a_raci_cell_edit_on_an_old_version_is_refused(org):
    ws = org["ws"]
    raci = ws.delivery.raci
    row = raci.add_responsibility(org["rollout"], "Model performance")

    def role() -> str | None:
        found = [c.role.value for c in raci.cells(org["rollout"]) if c.holder.person_id == org["ann"]]
        return found[0] if found else None

    # Empty when read (version 0), set by someone else since: setting or clearing it is refused.
    assert raci.set_role(row, "R", person_id=org["ann"]) == 1
    _refused(ws, lambda: raci.set_role(row, "A", person_id=org["ann"], expected_version=0))
    _refused(ws, lambda: raci.set_role(row, None, person_id=org["ann"], expected_version=0))
    assert role() == "R"
    # Read at version 1, changed since: refused; on the version now stored, saved.
    assert raci.set_role(row, "C", person_id=org["ann"], expected_version=1) == 2
    error = _refused(ws, lambda: raci.set_role(row, "A", person_id=org["ann"], expected_version=1))
    assert role() == "C" and error.current_version == 2 and "RACI cell" in str(error)
    # Cleared since it was read: setting it is refused too; clearing it again asks nothing.
    raci.set_role(row, None, person_id=org["ann"])
    _refused(ws, lambda: raci.set_role(row, "A", person_id=org["ann"], expected_version=2))
    assert role() is None
    assert raci.set_role(row, None, person_id=org["ann"], expected_version=2) == 0


def test_a_responsibility_rename_on_an_old_version_is_refused(org):
    ws = org["ws"]
    raci = ws.delivery.raci
    row = raci.add_responsibility(org["rollout"], "Model performance")
    [read] = raci.responsibilities(org["rollout"])
    raci.rename_responsibility(row, "Model quality")
    _refused(ws, lambda: raci.rename_responsibility(row, "Model accuracy", expected_version=read.version))
    assert [r.name for r in raci.responsibilities(org["rollout"])] == ["Model quality"]


def test_a_training_status_set_on_old_versions_is_refused_whole(org):
    ws = org["ws"]
    training = ws.training
    module = training.create_module(org["rollout"], code="T1", title="Basics", available_from=D(2026, 1, 1))
    pairs = [(module, org["ann"]), (module, org["cy"])]
    training.set_status(module, [org["ann"]], TrainingStatus.IN_PROGRESS)
    read = training.record_versions(pairs)
    assert read == {(module, org["ann"]): 1, (module, org["cy"]): 0}  # Cy has no record yet
    # Someone else creates Cy's record and changes Ann's: neither of mine is written.
    training.mark_completed(module, [org["cy"], org["ann"]], D(2026, 2, 1))
    error = _refused(ws, lambda: training.set_status(
        module, [org["ann"], org["cy"]], TrainingStatus.NOT_STARTED, expected_versions=read))
    assert "1 more of the selection changed too" in str(error)
    error = _refused(ws, lambda: training.mark_pairs_completed(pairs, D(2026, 3, 1), expected_versions=read))
    statuses = ws.query("SELECT status, completed_on FROM training_records ORDER BY person_id")
    assert statuses == [{"status": "completed", "completed_on": "2026-02-01"}] * 2
    # On the versions stored now, the marking goes through.
    assert training.set_status(module, [org["ann"], org["cy"]], TrainingStatus.NOT_STARTED,
                               expected_versions=training.record_versions(pairs)) == 2


def test_a_reclaim_decision_on_an_old_reading_of_the_seat_is_refused(org):
    ws, rollout = org["ws"], org["rollout"]
    ws.adoption.import_usage([(rollout << 44) | (org["ann"] << 20) | D(2026, 3, 2).toordinal()],
                             source="test", rows=1, unknown_people=0)
    [seat] = ws.seats.seats(rollout, D(2026, 6, 1))  # known from usage alone: no stored row yet
    read = ws.seats.latest_decisions(rollout, [seat])
    assert read == [0]
    ws.user = "bea"
    ws.seats.decide(rollout, [seat], Decision.REJECTED, by="Bea", reason="Pilot lead", on=D(2026, 6, 1))
    ws.user = "al"
    error = _refused(ws, lambda: ws.seats.decide(rollout, [seat], Decision.APPROVED, by="Al", on=D(2026, 6, 1),
                                                 expected_decisions=read))
    assert error.changed_by == "bea" and error.current is not None and error.current["decided_by"] == "Bea"
    assert "reclaim decision" in str(error) and error.attempted["decision"] == "approved"
    assert [d.decision for d in ws.seats.decisions(rollout)] == [Decision.REJECTED]
    # On the decision now latest, mine goes on top.
    ws.seats.decide(rollout, [seat], Decision.APPROVED, by="Al", on=D(2026, 6, 1),
                    expected_decisions=ws.seats.latest_decisions(rollout, [seat]))
    assert [d.decision for d in ws.seats.decisions(rollout)] == [Decision.REJECTED, Decision.APPROVED]


def test_a_kpi_reading_replacing_one_recorded_since_is_refused(org):
    ws = org["ws"]
    kpis = ws.delivery.kpis
    kid = kpis.add(rollout_id=org["rollout"], name="Uptime", unit="%", target=99, direction=Direction.HIGHER_BETTER)
    read = kpis.reading_versions(kid)
    assert read == {}
    kpis.record(kid, D(2026, 1, 31), 99.5)  # someone else's reading of that day
    _refused(ws, lambda: kpis.record(kid, D(2026, 1, 31), 97.0, expected_version=read.get(D(2026, 1, 31), 0)))
    assert [r.value for r in kpis.readings(kid)] == [99.5]
    # Replacing the reading read is what the dialog is for.
    kpis.record(kid, D(2026, 1, 31), 97.0, expected_version=kpis.reading_versions(kid)[D(2026, 1, 31)])
    assert [r.value for r in kpis.readings(kid)] == [97.0]
