"""The leaders' status workbook, read back and checked against the store's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from report_sample import AS_OF

from tracker.domain.health import HEALTH_RULE_TEXT
from tracker.domain.privacy import suppress
from tracker.reports import ReportCancelled, write_status_report
from tracker.reports.summary_sheet import HEADERS
from tracker.services.rollout_status import portfolio_status
from tracker.store import Workspace
from tracker.store.training_queries import Scope

SUMMARY_HEADERS = ["Rollout", "Stage", "Health", "Reasons", "Adoption %", "Target %", "Target date",
                   "Forecast date", "Training %", "Overdue training", "Open signals", "High-severity signals",
                   "Blocked dependencies", "Overdue dependencies", "Open gate items", "Seats", "Inactive seats",
                   "Recoverable / month"]
TEAM_HEADERS = ["Team", "Impact", "Eligible", "Active", "Adoption %", "Training %", "ADKAR barrier", "Open signals"]


@pytest.fixture(scope="module")
def report(sample_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("status") / "status.xlsx"
    steps = []
    with Workspace.open(sample_path, readonly=True) as ws:
        write_status_report(ws, out, as_of=AS_OF, progress=lambda p, t: steps.append((p, t)))
    return out, load_workbook(out), steps


@pytest.fixture(scope="module")
def statuses(sample_path):
    with Workspace.open(sample_path, readonly=True) as ws:
        return {s.rollout.name: s for s in portfolio_status(ws, as_of=AS_OF)}


def _table(sheet, header_row=1):
    header = [c.value for c in sheet[header_row]]
    rows = []
    for row in sheet.iter_rows(min_row=header_row + 1):
        if row[0].value is None:
            break
        rows.append({h: c for h, c in zip(header, row) if h})
    return rows


def _rollout_sheet(book, name):
    return next(s for s in book.worksheets if s["A1"].value == name)


def test_sheets_in_order(report, statuses):
    _out, book, _steps = report
    names = book.sheetnames
    fixed = ["Training", "Seats", "Resistance", "Change load", "Dependencies", "Gate checklist", "RACI", "KPIs", "About"]
    assert names[0] == "Summary" and names[-len(fixed):] == fixed
    assert sorted(names[1:-len(fixed)]) == sorted(statuses)


def test_summary_columns_are_exactly_the_documented_ones(report):
    _out, book, _steps = report
    assert [c.value for c in book["Summary"][1]] == SUMMARY_HEADERS == list(HEADERS)


def test_summary_values_match_the_rollout_status(report, statuses):
    _out, book, _steps = report
    rows = _table(book["Summary"])
    assert len(rows) == len(statuses)
    for row in rows:
        s = statuses[row["Rollout"].value]
        assert row["Stage"].value == s.rollout.stage.label
        assert row["Health"].value == s.health.label
        assert row["Reasons"].value == ("\n".join(s.reasons) if s.reasons else "All factors green.")
        for header, value in (("Adoption %", s.adoption_rate), ("Target %", s.target_rate),
                              ("Training %", s.training_percent)):
            assert row[header].value == (pytest.approx(value) if value is not None else None)
            assert row[header].number_format == "0%"
        cell = row["Target date"]
        assert (cell.value.date() if cell.value else None) == s.target_date
        if s.target_date:
            assert cell.is_date
        cell, outcome = row["Forecast date"], s.facts.adoption.forecast
        if s.forecast_date:
            assert cell.is_date and cell.value.date() == s.forecast_date
        else:  # the forecast's answer in words, or nothing when there is no forecast
            assert cell.value == (outcome.short() if outcome else None)
        for header, value in (("Overdue training", s.overdue_training), ("Open signals", s.open_signals),
                              ("High-severity signals", s.high_severity_signals),
                              ("Blocked dependencies", s.blocked_dependencies),
                              ("Overdue dependencies", s.overdue_dependencies),
                              ("Open gate items", s.open_gate_items)):
            assert row[header].value == value and row[header].data_type == "n"


def test_summary_is_worst_first_and_health_is_a_word_on_a_colour(report, statuses):
    _out, book, _steps = report
    rows = _table(book["Summary"])
    ranks = [statuses[r["Rollout"].value].health.rank for r in rows]
    assert ranks == sorted(ranks)
    colours = {"Red": "F4C7C3", "Amber": "FCE8B2", "Green": "C8E6C9", "No data": "E0E0E0"}
    for r in rows:
        assert r["Health"].fill.start_color.rgb.endswith(colours[r["Health"].value])


def test_summary_prints_landscape_at_readable_size_with_frozen_filtered_repeated_header(report):
    _out, book, _steps = report
    sheet = book["Summary"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:R")
    assert sheet.page_setup.orientation == "landscape"
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage and 82 <= sheet.page_setup.scale <= 100
    assert sheet.print_title_rows == "$1:$1" and sheet.print_area.endswith("$A$1:$R$" + str(sheet.max_row))
    assert sheet.oddHeader.right.text == "As of 30 Nov 2026" and sheet.oddFooter.center.text == "Page &P of &N"
    assert sheet["H1"].alignment.horizontal == "right" and sheet["H2"].alignment.horizontal == "right"
    assert sheet["G2"].number_format == "d mmm yyyy" and sheet["B2"].border.left.style == "thin"
    assert all(sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOPQR")


def test_rollout_sheet_teams_match_the_store(report, sample_path, statuses):
    _out, book, _steps = report
    with Workspace.open(sample_path, readonly=True) as ws:
        rollout = ws.rollouts.by_name("Claims triage assistant")
        participation = ws.rollouts.participation(rollout.id)
        training = {t.team_id: t for t in ws.training.team_progress(Scope(rollout.id, as_of=AS_OF))}
        adoption = ws.adoption.team_summaries(rollout.id, AS_OF)
    privacy = statuses[rollout.name].privacy
    sheet = _rollout_sheet(book, rollout.name)
    assert [c.value for c in sheet[5]] [:8] == TEAM_HEADERS
    assert sheet.freeze_panes == "A6"
    rows = _table(sheet, 5)
    assert [r["Team"].value for r in rows] == [p.team_name for p in participation]
    for r, p in zip(rows, participation):
        assert r["Impact"].value == p.impact.label
        t = training.get(p.team_id)
        expected = t.percent if t else None
        if privacy.training_hidden(p.team_id):
            assert r["Training %"].value == "hidden"
        else:
            assert r["Training %"].value == (pytest.approx(expected) if expected is not None else None)
        a = adoption.get(p.team_id)
        if privacy.adoption_hidden(p.team_id):
            assert r["Eligible"].value == r["Active"].value == r["Adoption %"].value == "hidden"
        elif a is not None and a.has_data:
            assert r["Eligible"].value == a.eligible and r["Active"].value == a.active
            assert r["Adoption %"].value == (pytest.approx(a.rate) if a.rate is not None else None)
    assert any(isinstance(r["Training %"].value, float) for r in rows)
    assert any(isinstance(r["Eligible"].value, int) and r["Eligible"].value for r in rows)


def test_rollout_sheet_has_a_native_adoption_chart_and_pictures(report, statuses):
    _out, book, _steps = report
    with_usage = [n for n, s in statuses.items() if s.adoption is not None and s.adoption.has_data]
    assert with_usage
    for name in with_usage:
        sheet = _rollout_sheet(book, name)
        assert len(sheet._charts) == 1
    assert any(len(_rollout_sheet(book, n)._images) >= 1 for n in statuses)


def test_rollout_sheet_lists_dependencies_gates_raci_and_kpis(report, sample_path):
    _out, book, _steps = report
    with Workspace.open(sample_path, readonly=True) as ws:
        rollout = ws.rollouts.by_name("Claims triage assistant")
        deps = ws.delivery.dependencies.list(rollout.id)
        items = ws.delivery.gates.items(rollout.id)
        kpis = ws.delivery.kpis.list(rollout.id)
        responsibilities = ws.delivery.raci.responsibilities(rollout.id)
    sheet = _rollout_sheet(book, rollout.name)
    assert "ADKAR, latest assessment per team" in [c.value for c in sheet["A"]]
    # Each area on a sheet of its own, the rollout's section under its name.
    for area in ("Dependencies", "Gate checklist", "RACI", "KPIs"):
        assert rollout.name in [c.value for c in book[area]["A"]], area
    column_a = [c.value for c in book["Dependencies"]["A"]]
    assert all((d.description in [c.value for c in book["Dependencies"]["C"]]) == d.unfinished for d in deps)
    done = sum(not d.unfinished for d in deps)
    assert not done or any(str(v).startswith("Not listed:") and f"{done} done" in str(v) for v in column_a)
    assert all(i.text in [c.value for c in book["Gate checklist"]["C"]] for i in items)
    assert all(k.name in [c.value for c in book["KPIs"]["A"]] for k in kpis)
    assert all(r.name in [c.value for c in book["RACI"]["A"]] for r in responsibilities)


def test_rollout_sheet_adkar_heatmap_cells(report, sample_path):
    _out, book, _steps = report
    with Workspace.open(sample_path, readonly=True) as ws:
        rollout = ws.rollouts.by_name("Claims triage assistant")
        latest = ws.readiness.adkar.latest(rollout.id)
    sheet = _rollout_sheet(book, rollout.name)
    start = next(c.row for c in sheet["A"] if c.value == "ADKAR, latest assessment per team") + 1
    rows = _table(sheet, start)
    assert [r["Team"].value for r in rows] == [a.team_name for a in latest] and latest
    for r, a in zip(rows, latest):
        scores = tuple(r[e].value for e in ("Awareness", "Desire", "Knowledge", "Ability", "Reinforcement"))
        assert scores == pytest.approx(a.scores)
        assert r["Barrier"].value == (a.barrier.label if a.barrier else "None")
        if a.barrier:
            assert r[a.barrier.label].font.b, "the barrier is bold, not only coloured"
    ranges = [str(cf.sqref) for cf in sheet.conditional_formatting]
    assert f"D{start + 1}:H{start + len(latest)}" in ranges


def test_training_sheet_matches_team_progress_per_module(report, sample_path, statuses):
    """Every team the small-group rule shows, with the store's figures; no hidden team."""
    _out, book, _steps = report
    rows = _table(book["Training"])
    got = {(r["Rollout"].value, r["Team"].value, r["Module"].value): (r["Required"].value, r["Completed"].value,
                                                                       r["Overdue"].value) for r in rows}
    masked = {key for key, figures in got.items() if figures == ("hidden",) * 3}
    expected, hidden = {}, 0
    with Workspace.open(sample_path, readonly=True) as ws:
        for rollout in ws.rollouts.list():
            privacy = statuses[rollout.name].privacy
            hidden += len(privacy.training.hidden)
            for m in ws.training.modules(rollout.id):
                for t in ws.training.team_progress(Scope(rollout.id, module_id=m.id, as_of=AS_OF)):
                    if not privacy.training_hidden(t.team_id):
                        expected[(rollout.name, t.team_name, m.code)] = (t.required, t.completed, t.overdue)
    assert got.keys() == expected.keys() and expected
    # A module few of a shown team must take says "hidden" in every figure of that row.
    assert {k for k, (required, _c, _o) in expected.items() if required < 5} <= masked
    assert {k: v for k, v in got.items() if k not in masked} == {k: v for k, v in expected.items() if k not in masked}
    assert hidden, "the sample has small teams in training"
    notes = [c.value for c in book["Training"]["A"] if isinstance(c.value, str) and "left out" in c.value]
    assert notes == [f"The figures of {hidden} team(s) are left out: fewer than 5 people must take training "
                     "there, or hidden so that a small team cannot be worked out from the totals."]
    assert all(r["Training %"].number_format == "0%" for r in rows if r["Training %"].value != "hidden")


def test_resistance_sheet_counts_signals_of_shown_teams(report, sample_path):
    _out, book, _steps = report
    sheet = book["Resistance"]
    rows = _table(sheet, 3)
    got = {(r["Rollout"].value, r["Team"].value, r["Signal type"].value): (r["Open"].value, r["Resolved"].value)
           for r in rows}
    expected: dict = {}
    with Workspace.open(sample_path, readonly=True) as ws:
        minimum = ws.settings.minimum_group_size
        heads = {t.id: t.headcount for t in ws.teams.list()}
        for rollout in ws.rollouts.list():
            signals = ws.readiness.signals.list(rollout.id)
            teams = {p.team_id for p in ws.rollouts.participation(rollout.id)} | {s.team_id for s in signals}
            counts = {t: heads.get(t, 0) for t in teams}
            hidden = suppress(counts, minimum, total=sum(counts.values())).hidden
            for s in signals:
                if s.team_id in hidden:
                    continue
                entry = expected.setdefault((rollout.name, s.team_name, s.type.label), [0, 0])
                entry[0 if s.unresolved else 1] += 1
    assert got == {k: tuple(v) for k, v in expected.items()} and expected


def test_change_load_sheet_is_numbers_with_a_colour_scale(report):
    _out, book, _steps = report
    sheet = book["Change load"]
    header = [c.value for c in sheet[4]]
    assert header[:3] == ["Team", "Peak", "Months over"] and len(header) == 15
    rows = list(sheet.iter_rows(min_row=5, max_row=sheet.max_row))
    loads = [c.value for r in rows if isinstance(r[1].value, int) for c in r[3:15]]
    assert loads and all(isinstance(v, int) for v in loads)
    assert sheet.conditional_formatting, "a colour scale over the months"


def test_change_load_sheet_matches_the_dashboards_computation(report, sample_path):
    from tracker.services.rollout_status import change_load

    _out, book, _steps = report
    with Workspace.open(sample_path, readonly=True) as ws:
        load = change_load(ws, 12, first=AS_OF)
    sheet = book["Change load"]
    assert [c.value for c in sheet[4]][3:] == [m.strftime("%b %Y") for m in load.months]
    got = [(r[0].value, r[1].value, r[2].value, tuple(c.value for c in r[3:15]))
           for r in sheet.iter_rows(min_row=5, max_row=4 + len(load.teams))]
    assert got == [(t.team_name, t.peak, t.months_over, t.loads) for t in load.teams] and got
    saturated = [(r, c) for r, t in enumerate(load.teams, start=5) for c, v in enumerate(t.loads, start=4)
                 if v > load.threshold]
    assert all(sheet.cell(row=r, column=c).font.b for r, c in saturated)


def test_about_sheet_explains_the_report(report, sample_path):
    _out, book, _steps = report
    sheet = book["About"]
    text = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    joined = "\n".join(str(v) for v in text)
    assert "s.tracker" in joined
    assert dt.datetime(AS_OF.year, AS_OF.month, AS_OF.day) in text
    for line in HEALTH_RULE_TEXT.splitlines():
        assert line in text
    from tracker.domain.adoption import METRIC_DEFINITIONS

    assert all(name in text for name in METRIC_DEFINITIONS)
    assert all(h in text for h in ("Training %", "Open signals", "Open gate items"))
    assert "Minimum group size" in text and 5 in text


def test_document_properties_and_progress(report):
    out, book, steps = report
    assert book.properties.title == "Rollout status as of 30 Nov 2026"
    assert book.properties.creator
    percents = [p for p, _t in steps]
    assert percents == sorted(percents) and percents[-1] == 100


def test_small_teams_are_hidden_with_the_applications_rule(sample_path, tmp_path):
    """A team of 3 with a signal and an ADKAR assessment: its figures, and those of whichever
    team would let them be worked out from the totals, say "hidden" on every sheet."""
    from tracker.domain.enums import Impact
    from tracker.domain.readiness import SignalSource, SignalType

    copy = tmp_path / "small.tracker"
    with Workspace.open(sample_path, readonly=True) as ws:
        ws.save_copy(copy)
    with Workspace.open(copy) as ws:
        rollout = ws.rollouts.by_name("Claims triage assistant")
        small = ws.teams.create("Tiny Pilot Cell")
        for k in range(3):
            ws.people.create(employee_id=f"T{k}", name=f"Tiny {k}", team_id=small)
        ws.rollouts.set_impact(rollout.id, small, Impact.HIGH)
        ws.readiness.signals.log(rollout_id=rollout.id, team_id=small, observed_on=dt.date(2026, 11, 1),
                                 type=SignalType.JOB_SECURITY, severity=5, source=SignalSource.ONE_TO_ONE,
                                 as_of=AS_OF)
        ws.readiness.adkar.record(rollout_id=rollout.id, team_id=small, assessed_on=dt.date(2026, 11, 1),
                                  scores=(2, 2, 2, 2, 2), respondents=3, as_of=AS_OF)
        participation = ws.rollouts.participation(rollout.id)
        signals = ws.readiness.signals.list(rollout.id)
        heads = {t.id: t.headcount for t in ws.teams.list()}
        teams = {p.team_id for p in participation} | {s.team_id for s in signals}
        counts = {t: heads.get(t, 0) for t in teams}
        hidden = suppress(counts, 5, total=sum(counts.values())).hidden
        latest = ws.readiness.adkar.latest(rollout.id)
        adkar_hidden = suppress({a.team_id: a.respondents for a in latest}, 5,
                                total=sum(a.respondents for a in latest)).hidden
        # That rollout's report alone: the others' sheets hold nothing of the small team.
        write_status_report(ws, tmp_path / "small.xlsx", rollout_ids=[rollout.id], as_of=AS_OF)
    assert small in hidden and small in adkar_hidden
    assert len(adkar_hidden) >= 2, "the next-smallest team is hidden too, or 3 could be worked out"
    book = load_workbook(tmp_path / "small.xlsx")
    sheet = _rollout_sheet(book, rollout.name)
    rows = _table(sheet, 5)
    by_team = {p.team_name: p.team_id for p in participation}
    for r in rows:
        team = by_team[r["Team"].value]
        assert (r["Open signals"].value == "hidden") == (team in hidden)
        assert (r["ADKAR barrier"].value == "hidden") == (team in adkar_hidden)
    assert any("not shown, to protect groups smaller than 5" in str(c.value) for c in sheet["A"])
    shown = {(r["Rollout"].value, r["Team"].value) for r in _table(book["Resistance"], 3)}
    assert (rollout.name, "Tiny Pilot Cell") not in shown
    assert "left out" in book["Resistance"]["A2"].value


def test_cancel_leaves_the_previous_report(sample_path, tmp_path):
    out = tmp_path / "status.xlsx"
    out.write_bytes(b"previous")
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3

    with Workspace.open(sample_path, readonly=True) as ws, pytest.raises(ReportCancelled):
        write_status_report(ws, out, as_of=AS_OF, cancelled=cancelled)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["status.xlsx"]
