"""The workbook's gate checklist shows what the workspace's data says about each item the data
can answer, as the window's "From data" column does, through the same small-group rule."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tracker.domain.enums import Impact
from tracker.domain.gates import GateArea, GateTransition
from tracker.reports import write_status_report

AS_OF = dt.date.today()


def _gate_rows(path) -> dict[str, dict[str, object]]:
    sheet = load_workbook(path)["Gate checklist"]
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(n for n, r in enumerate(rows) if r[:3] == ("Gate", "Area", "Item"))
    header = rows[header_at]
    return {r[2]: dict(zip(header, r)) for r in rows[header_at + 1:] if r[2]}


def test_items_the_data_answers_show_its_evidence_and_manual_items_none(org, tmp_path):
    ws, rollout = org["ws"], org["rollout"]
    ws.delivery.gates.ensure_gate_items(rollout)
    ws.rollouts.update(rollout, sponsor_id=org["boss"])
    ws.rollouts.set_impact(rollout, org["claims"], Impact.HIGH)
    out = tmp_path / "status.xlsx"
    write_status_report(ws, out, as_of=AS_OF)
    rows = _gate_rows(out)
    assert rows["Sponsor named"]["From data"] == f"Met: Sponsor: Ada Boss (set {AS_OF.day} {AS_OF:%b %Y})"
    assert rows["A champion in every highly affected team"]["From data"] == (
        "Not met: 1 of 1 highly affected team(s) without a champion: Claims")
    assert rows["Decision log kept"]["From data"] == "Not met: No decision logged yet"
    manual = [i.text for i in ws.delivery.gates.items(rollout) if not i.evidence_rule]
    assert manual and all(rows[text]["From data"] in (None, "") for text in manual)


def test_a_count_the_small_group_rule_hides_is_not_printed_as_evidence(org, tmp_path):
    """Two people in Claims, minimum group 5: its severe signal is hidden, in the window and here."""
    ws, rollout = org["ws"], org["rollout"]
    ws.rollouts.set_impact(rollout, org["claims"], Impact.HIGH)
    ws.delivery.gates.add_item(rollout_id=rollout, transition=GateTransition.PILOT_TO_SCALING,
                               area=GateArea.PEOPLE, text="No severe resistance", evidence_rule="severe_signals")
    ws.readiness.signals.log(rollout_id=rollout, team_id=org["claims"], type="job_security", severity=5,
                             source="survey", observed_on=AS_OF, as_of=AS_OF)
    out = tmp_path / "status.xlsx"
    write_status_report(ws, out, as_of=AS_OF)
    cell = _gate_rows(out)["No severe resistance"]["From data"]
    assert cell.startswith("Not met: ") and "hidden" in cell and not any(ch.isdigit() for ch in cell)


def test_the_checklist_with_its_evidence_fits_one_page_across(org, tmp_path):
    """Eight columns at the smallest print scale: none runs on to a second page across."""
    from tracker.reports.printing import MIN_SCALE, PRINTABLE_POINTS, SAFETY, column_points

    ws, rollout = org["ws"], org["rollout"]
    ws.delivery.gates.ensure_gate_items(rollout)
    ws.delivery.gates.add_item(rollout_id=rollout, transition=GateTransition.PILOT_TO_SCALING, area=GateArea.PEOPLE,
                               text="A very long item text " * 6, evidence_rule="champions")
    out = tmp_path / "status.xlsx"
    write_status_report(ws, out, as_of=AS_OF)
    sheet = load_workbook(out)["Gate checklist"]
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"]
    assert sum(column_points(w) for w in widths) * MIN_SCALE / 100 <= PRINTABLE_POINTS * SAFETY
