"""Gate evidence read from a workspace: the migration's links, the sponsor's day, champions,
KPIs and decisions, the small-group rule, and ticking from evidence as one undoable change."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlite_utils import Database

from tracker.domain.enums import Impact
from tracker.domain.gate_evidence import EvidenceRule
from tracker.domain.gates import GateArea, GateTransition, ItemStatus
from tracker.domain.kpis import Direction
from tracker.services.gate_evidence import rollout_evidence
from tracker.store import schema
from tracker.store.errors import StoreValidationError

AS_OF = dt.date.today()


def test_the_migration_links_older_workspaces_items_by_the_builtin_texts(tmp_path):
    path = tmp_path / "old.tracker"
    db = Database(sqlite3.connect(path))
    schema.migrations.apply(db, stop_before="m010_gate_evidence")
    db.execute("INSERT INTO rollouts (name, stage) VALUES ('Old', 'pilot')")
    for text in (" sponsor NAMED ", "Our own item", "Decision log kept"):
        db.execute("INSERT INTO gate_items (rollout_id, transition, area, text) VALUES (1, 'pilot_to_scaling', "
                   "'people', ?)", [text])
    db.execute("UPDATE gate_template SET text = 'Reworded sponsor item' WHERE text = 'Sponsor named'")
    schema.migrations.apply(db)
    items = dict(db.execute("SELECT text, evidence_rule FROM gate_items").fetchall())
    assert items == {" sponsor NAMED ": "sponsor", "Our own item": "", "Decision log kept": "decision_log"}
    template = dict(db.execute("SELECT text, evidence_rule FROM gate_template").fetchall())
    assert template["Reworded sponsor item"] == ""  # reworded before: no match, stays manual
    assert template["Training completed in every highly affected team"] == "training"
    db.conn.close()


def test_new_checklists_take_the_template_link_and_reworded_items_keep_it(org):
    ws, rollout = org["ws"], org["rollout"]
    ws.delivery.gates.ensure_gate_items(rollout)
    sponsor = next(i for i in ws.delivery.gates.items(rollout) if i.text == "Sponsor named")
    assert sponsor.evidence_rule == "sponsor"
    ws.delivery.gates.update_item(sponsor.id, text="Executive sponsor confirmed")
    assert ws.delivery.gates.get(sponsor.id).evidence_rule == "sponsor"
    own = ws.delivery.gates.add_item(rollout_id=rollout, transition=GateTransition.PILOT_TO_SCALING,
                                     area=GateArea.PEOPLE, text="No severe resistance",
                                     evidence_rule="severe_signals")
    assert ws.delivery.gates.get(own).evidence_rule == "severe_signals"
    with pytest.raises(StoreValidationError, match="'moon' is not an evidence rule"):
        ws.delivery.gates.add_item(rollout_id=rollout, transition=GateTransition.PILOT_TO_SCALING,
                                   area=GateArea.PEOPLE, text="x", evidence_rule="moon")


def test_sponsor_champions_kpis_and_decisions_from_the_data(org):
    ws, rollout = org["ws"], org["rollout"]
    before = rollout_evidence(ws, rollout, AS_OF)
    assert not before[EvidenceRule.SPONSOR].met
    ws.rollouts.update(rollout, sponsor_id=org["boss"])
    ws.rollouts.set_impact(rollout, org["claims"], Impact.HIGH)
    ws.rollouts.set_impact(rollout, org["billing"], Impact.HIGH)
    champion = ws.roles.type_by_name("Champion").id
    ws.roles.assign(rollout, org["cy"], champion)  # Cy is in Claims
    kpi = ws.delivery.kpis.add(rollout_id=rollout, name="p95 latency", unit="ms", target=800,
                               direction=Direction.LOWER_BETTER)
    ws.delivery.kpis.record(kpi, AS_OF, 650, today=AS_OF)
    ws.delivery.decisions.add(rollout_id=rollout, decided_on=dt.date(2026, 2, 1), decision="Go",
                              decided_by="Board")
    e = rollout_evidence(ws, rollout, AS_OF)
    assert e[EvidenceRule.SPONSOR].text == f"Sponsor: Ada Boss (set {AS_OF.day} {AS_OF:%b %Y})"
    assert e[EvidenceRule.CHAMPIONS].text == "1 of 2 highly affected team(s) without a champion: Billing"
    assert e[EvidenceRule.LATENCY_KPI].met and e[EvidenceRule.KPIS_GREEN].met
    assert e[EvidenceRule.DECISION_LOG].text == "1 decision(s) logged, latest 1 Feb 2026"
    ws.roles.assign(rollout, org["bob"], champion)
    assert rollout_evidence(ws, rollout, AS_OF)[EvidenceRule.CHAMPIONS].met


def test_figures_the_small_group_rule_hides_build_no_evidence(org):
    """Two people per team, minimum group 5: the resistance count is hidden, so is its sentence."""
    ws, rollout = org["ws"], org["rollout"]
    ws.rollouts.set_impact(rollout, org["claims"], Impact.HIGH)
    ws.readiness.signals.log(rollout_id=rollout, team_id=org["claims"], type="job_security", severity=5,
                             source="survey", observed_on=AS_OF, as_of=AS_OF)
    e = rollout_evidence(ws, rollout, AS_OF)[EvidenceRule.SEVERE_SIGNALS]
    assert not e.met and "hidden" in e.text and not any(ch.isdigit() for ch in e.text)


def test_ticking_from_evidence_is_one_undoable_change(org):
    ws, rollout = org["ws"], org["rollout"]
    ws.delivery.gates.ensure_gate_items(rollout)
    item = next(i for i in ws.delivery.gates.items(rollout) if i.evidence_rule == "sponsor")
    changes = len(ws.audit.recent_changes())
    ws.delivery.gates.update_item(item.id, status=ItemStatus.DONE, evidence="Sponsor: Ada Boss")
    assert len(ws.audit.recent_changes()) == changes + 1
    ws.audit.undo(ws.audit.recent_changes()[0].id)
    back = ws.delivery.gates.get(item.id)
    assert back.status is ItemStatus.OPEN and back.evidence == ""
