"""Names a user typed never become formulas in either workbook, whatever they start with."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import load_workbook

from tracker.domain.dependencies import DependencyKind, DependencyStatus
from tracker.domain.enums import Impact, Stage
from tracker.domain.gates import GateArea, GateTransition
from tracker.domain.kpis import Direction
from tracker.domain.readiness import SignalSource, SignalType, SupportLevel
from tracker.domain.training import TrainingFormat
from tracker.reports import write_status_report, write_training_plan
from tracker.store import Workspace

AS_OF = dt.date(2026, 6, 1)
HOSTILE = [
    '=HYPERLINK("http://evil.example","Click me")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\uff1dcmd|' /C calc'!A0",  # full-width equals sign
    "=1+1",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A workspace in which every name a sheet shows is hostile."""
    path = tmp_path_factory.mktemp("hostile") / "h.tracker"
    with Workspace.open(path) as ws:
        teams = [ws.teams.create(name) for name in HOSTILE]
        people = []
        for n, team in enumerate(teams):
            for k in range(6):
                people.append(ws.people.create(employee_id=f"=E{n}{k}", name=f"{HOSTILE[(n + k) % len(HOSTILE)]} {k}",
                                               team_id=team))
        rollout = ws.rollouts.create(name=HOSTILE[0], stage=Stage.PILOT, owner_id=people[0], sponsor_id=people[1],
                                     start_date=dt.date(2026, 1, 1), go_live_date=dt.date(2026, 3, 1),
                                     target_adoption=0.7, target_date=dt.date(2026, 12, 1))
        for team in teams:
            ws.rollouts.set_impact(rollout, team, Impact.HIGH)
        module = ws.training.create_module(rollout, code="=M1", title=HOSTILE[1], format=TrainingFormat.WORKSHOP,
                                           due_date=dt.date(2026, 5, 1), available_from=dt.date(2026, 1, 1),
                                           team_ids=teams)
        ws.training.sessions.create(module_id=module, starts=dt.datetime(2026, 7, 1, 9), duration_minutes=120,
                                    capacity=10, place=HOSTILE[2])
        ws.delivery.dependencies.add(rollout_id=rollout, needer_team_id=teams[0], provider_team_id=teams[1],
                                     description=HOSTILE[3], kind=DependencyKind.DATA,
                                     status=DependencyStatus.BLOCKED, blocked_reason=HOSTILE[4],
                                     due_date=dt.date(2026, 4, 1), owner_id=people[2])
        ws.delivery.gates.add_item(rollout_id=rollout, transition=GateTransition.PILOT_TO_SCALING,
                                   area=GateArea.PEOPLE, text=HOSTILE[5], evidence=HOSTILE[0])
        resp = ws.delivery.raci.add_responsibility(rollout, HOSTILE[2])
        ws.delivery.raci.set_role(resp, "A", person_id=people[3])
        ws.delivery.kpis.add(rollout_id=rollout, name=HOSTILE[3], unit=HOSTILE[1], target=90,
                             direction=Direction.HIGHER_BETTER, tolerance=2)
        ws.readiness.stakeholders.add(rollout_id=rollout, person_id=people[4], influence=5, interest=4,
                                      current_support=SupportLevel.NEUTRAL, needed_support=SupportLevel.CHAMPION,
                                      as_of=AS_OF)
        for team in teams:
            ws.readiness.signals.log(rollout_id=rollout, team_id=team, observed_on=dt.date(2026, 4, 1),
                                     type=SignalType.JOB_SECURITY, severity=4, source=SignalSource.SURVEY,
                                     description=HOSTILE[0], person_id=people[0], as_of=AS_OF)
    return path


def _formulas(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
                and ("<f>" in z.read(n).decode() or "<f " in z.read(n).decode())]


def _strings(book) -> set:
    found = set()
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if cell.data_type == "s" and isinstance(cell.value, str):
                    found.add(cell.value)
    return found


def test_status_report_writes_every_hostile_name_as_text(hostile, tmp_path):
    out = tmp_path / "status.xlsx"
    with Workspace.open(hostile, readonly=True) as ws:
        write_status_report(ws, out, as_of=AS_OF)
    assert _formulas(out) == []
    book = load_workbook(out)
    strings = _strings(book)
    for name in HOSTILE:  # team names on the rollout sheet, the rollout on Summary, ...
        assert name in strings
    rollout_sheet = book.worksheets[1]
    assert rollout_sheet["A1"].value == HOSTILE[0] and rollout_sheet["A1"].quotePrefix


def test_status_report_names_no_person_on_the_resistance_sheet(hostile, tmp_path):
    out = tmp_path / "status.xlsx"
    with Workspace.open(hostile, readonly=True) as ws:
        write_status_report(ws, out, as_of=AS_OF)
        names = {p.name for p in ws.people.list()}
    sheet = load_workbook(out)["Resistance"]
    values = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert not values & names


def test_training_plan_writes_every_hostile_name_as_text(hostile, tmp_path):
    out = tmp_path / "plan.xlsx"
    with Workspace.open(hostile, readonly=True) as ws:
        write_training_plan(ws, out, as_of=AS_OF)
    assert _formulas(out) == []
    strings = _strings(load_workbook(out))
    assert {"=M1", HOSTILE[1], "=E00", f"{HOSTILE[0]} 0"} <= strings
