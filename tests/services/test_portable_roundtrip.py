"""Whole-workspace export and import: the sample workspace out, into an empty one, and out again."""

from __future__ import annotations

import zipfile

import pytest
from workbook_reading import workbook_cells

from tracker.demo.readiness import DEMO_AS_OF
from tracker.services.portable_export import export_workbook
from tracker.services.portable_import import apply_portable, preview_portable
from tracker.services.rollout_status import portfolio_status
from tracker.store import Workspace

# The whole sample out and back (60,000 rows, 53,000 of them usage) takes about a minute of
# CPU: run with the slow tests. The fast loop keeps the round trip of small workspaces
# (test_portable_generated.py, test_portable_accounts.py, test_portable_format.py).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def round_trip(sample_copy, tmp_path_factory):
    folder = tmp_path_factory.mktemp("portable")
    source = sample_copy(folder / "demo.tracker")
    first, second = folder / "first.xlsx", folder / "second.xlsx"
    with Workspace.open(source) as ws:
        export_workbook(ws, first)
    target = Workspace.open(folder / "copy.tracker")
    preview = preview_portable(target, first)
    assert preview.ok, preview.report()
    assert apply_portable(target, preview) is not None
    export_workbook(target, second)
    again = preview_portable(target, first)
    target.close()
    return {"source": source, "copy": folder / "copy.tracker", "first": first, "second": second, "again": again}


def test_the_two_workbooks_hold_the_same_data_cell_for_cell(round_trip):
    a, b = workbook_cells(round_trip["first"]), workbook_cells(round_trip["second"])
    assert list(a) == list(b)
    for name in a:
        assert a[name] == b[name], name
    # and it is the whole workspace, not two empty files agreeing
    assert len(a["people"]) == 1 + 1967 and len(a["usage"]) > 10_000 and len(a["training_records"]) > 1000
    # the sample's seats, leave marks, reclaim decisions (approvals and a rejection) and rules
    assert len(a["seats"]) > 100 and len(a["leave"]) > 1 and len(a["seat_decisions"]) > 5
    assert {row[a["seat_decisions"][0].index("decision")] for row in a["seat_decisions"][1:]} == {
        "approved", "rejected"}


def test_the_seat_verdicts_are_the_same(round_trip):
    def verdicts(ws):
        ids = {r.name: r.id for r in ws.rollouts.list()}
        people = {p.id: p.employee_id for p in ws.people.list()}
        return {(name, people.get(line.seat.person_id), line.seat.account, line.category.value, line.reclaimed,
                 line.decision.decision.value if line.decision else None)
                for name, rid in ids.items() for line in ws.seats.reclaim_list(rid, DEMO_AS_OF).lines}

    with Workspace.open(round_trip["source"], readonly=True) as src, \
            Workspace.open(round_trip["copy"], readonly=True) as dst:
        before = verdicts(src)
        assert verdicts(dst) == before and len(before) > 100


def test_every_figure_the_app_shows_is_the_same(round_trip):
    with Workspace.open(round_trip["source"], readonly=True) as src, \
            Workspace.open(round_trip["copy"], readonly=True) as dst:
        before = {s.rollout.name: s for s in portfolio_status(src, DEMO_AS_OF)}
        after = {s.rollout.name: s for s in portfolio_status(dst, DEMO_AS_OF)}
        assert set(before) == set(after) and len(before) == 5
        for name, s in before.items():
            t = after[name]
            assert (t.health, t.reasons, t.training_percent, t.overdue_training, t.adoption_rate,
                    t.forecast_date, t.open_signals, t.blocked_dependencies, t.open_gate_items,
                    t.kpis_off_target) == \
                   (s.health, s.reasons, s.training_percent, s.overdue_training, s.adoption_rate,
                    s.forecast_date, s.open_signals, s.blocked_dependencies, s.open_gate_items,
                    s.kpis_off_target), name
        assert any(s.adoption_rate for s in before.values())

        def barriers(ws):
            ids = {r.name: r.id for r in ws.rollouts.list()}
            return {(n, a.team_name, a.assessed_on): a.barrier
                    for n, rid in ids.items() for a in ws.readiness.adkar.latest(rid)}

        assert barriers(src) == barriers(dst) and barriers(src)


def test_the_same_file_twice_changes_nothing(round_trip):
    again = round_trip["again"]
    assert again.ok and not again.plan.has_changes
    assert again.plan.sheets["usage"].unchanged > 10_000


def test_dates_are_dates_and_keys_are_natural(round_trip):
    import datetime as dt

    from openpyxl import load_workbook

    wb = load_workbook(round_trip["first"], read_only=True)
    rows = list(wb["training_records"].iter_rows(values_only=True))
    wb.close()
    header = rows[0]
    assert header[:3] == ("rollout", "module", "employee_id")
    completed = [r[header.index("completed_on")] for r in rows[1:] if r[header.index("completed_on")]]
    assert completed and all(isinstance(d, dt.datetime) for d in completed)
    assert all(isinstance(r[0], str) and not r[0].isdigit() for r in rows[1:])


def test_the_xlsx_is_a_plain_zip_of_sheets(round_trip):
    with zipfile.ZipFile(round_trip["first"]) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 32  # 31 sheets of data and the About sheet
        assert b"<dimension" in z.read(sheets[0])
