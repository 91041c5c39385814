"""Export and import of a workspace whose usage a retention purge removed: the frozen weeks, the
cutoffs and the earlier-adopter counts travel, so the copy shows every adoption figure, health
status and forecast the purged workspace shows, now and after any later recompute."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from adoption_fixtures import GO_LIVE, small_org
from test_portable_roundtrip import workbook_cells

from tracker.demo.readiness import DEMO_AS_OF
from tracker.reports.rollout_tables import adoption_rows
from tracker.services.portable_export import export_workbook
from tracker.services.portable_import import apply_portable, preview_portable
from tracker.services.rollout_status import portfolio_status
from tracker.store import Workspace
from tracker.store.retention import months_before, purge_expired, set_retention_months

MONTHS = 6
RETENTION_SHEETS = ("usage_retention", "frozen_adoption_weeks", "earlier_adopters")


def picture(ws, as_of=DEMO_AS_OF):
    """Every adoption figure, by natural keys (the copy's record ids need not be the source's)."""
    rollouts = {r.id: r.name for r in ws.rollouts.list()}
    teams = {t: n for t, n in ws.conn.execute("SELECT id, name FROM teams")}
    summaries = ws.adoption.summaries(as_of)
    return {
        "weekly": sorted((rollouts[r], teams[t], w, e, a, n) for r, w, t, e, a, n in ws.conn.execute(
            "SELECT rollout_id, week_end, team_id, eligible, active, new_adopters FROM adoption_weekly")),
        "frozen": sorted((rollouts[r], p, f) for r, p, f in ws.conn.execute(
            "SELECT rollout_id, purged_before, frozen_before FROM adoption_frozen")),
        "earlier": sorted((rollouts[r], teams[t], w, n) for r, w, t, n in ws.conn.execute(
            "SELECT rollout_id, week_end, team_id, people FROM adoption_earlier_adopters")),
        "kept_from": ws.adoption.kept_from(),
        "summaries": {rollouts[r]: s for r, s in summaries.items()},
        "history": {n: ws.adoption.history(r) for r, n in rollouts.items()},
        "teams": {n: {teams[t]: s for t, s in ws.adoption.team_summaries(r, as_of).items()}
                  for r, n in rollouts.items()},
        "report": {rollouts[r]: adoption_rows(s, as_of) for r, s in summaries.items()},
        "status": [(s.rollout.name, s.health, s.reasons, s.training_percent, s.adoption_rate,
                    s.forecast_date, s.factors) for s in portfolio_status(ws, as_of)],
    }


def mark_all_stale(ws):
    with ws.write("mark stale"):
        ws.conn.execute("INSERT OR IGNORE INTO adoption_stale (rollout_id) SELECT id FROM rollouts")


@pytest.fixture(scope="module")
def purged(sample_copy, tmp_path_factory):
    """The purged sample out and back twice: a minute of CPU, so only slow tests use it (the fast
    loop keeps the purged small workspace's round trip below)."""
    folder = tmp_path_factory.mktemp("portable_retention")
    source = sample_copy(folder / "sample.tracker", seed=1)
    first, second = folder / "first.xlsx", folder / "second.xlsx"
    with Workspace.open(source) as ws:
        cutoff = months_before(DEMO_AS_OF, MONTHS).toordinal()
        assert ws.scalar("SELECT count(*) FROM usage_events WHERE day < ?", (cutoff,)) > 1000
        set_retention_months(ws, MONTHS)
        result = purge_expired(ws, today=DEMO_AS_OF)
        assert result.usage_rows > 1000 and result.frozen_weeks > 0
        before = picture(ws)
        export_workbook(ws, first)
    target = Workspace.open(folder / "copy.tracker")
    preview = preview_portable(target, first)
    assert preview.ok, preview.report()
    assert apply_portable(target, preview) is not None
    after = picture(target)
    export_workbook(target, second)
    again = preview_portable(target, first)
    mark_all_stale(target)
    recomputed = picture(target)
    target.close()
    return {"before": before, "after": after, "recomputed": recomputed, "first": first,
            "second": second, "again": again, "source": source}


@pytest.mark.slow  # the purged sample out and back: see `purged`
def test_the_copy_shows_every_figure_of_the_purged_workspace(purged):
    before, after = purged["before"], purged["after"]
    assert before["frozen"] and before["kept_from"]
    assert len(before["weekly"]) > 100
    for part in before:
        assert after[part] == before[part], part


TODAY = dt.date(2026, 12, 1)


def _generated_usage(rollout, people, seed=7):
    """People start on random days and use the tool on a share of days for a while, some with
    long gaps across the cutoff: the earlier-adopter counts are not empty."""
    rng = random.Random(seed)
    keys = []
    for pid in people.values():
        for _ in range(2):
            start = rng.randint(GO_LIVE.toordinal() - 20, TODAY.toordinal() - 1)
            stop = min(TODAY.toordinal() - 1, start + rng.randint(0, 120))
            share = rng.choice((0.05, 0.3, 0.7))
            keys += [(rollout << 44) | (pid << 20) | d for d in range(start, stop + 1) if rng.random() < share]
    return keys


def test_a_purged_small_workspace_with_earlier_adopters_travels_and_keeps_counting(tmp_path):
    with Workspace.open(tmp_path / "a.tracker") as src:
        rollout, _, people = small_org(src)
        keys = _generated_usage(rollout, people)
        src.adoption.import_usage(keys, source="log.csv", rows=len(keys), unknown_people=0)
        for months in (9, 6):  # two purges, the second further on
            set_retention_months(src, months)
            assert purge_expired(src, today=TODAY).usage_rows
        before = picture(src, TODAY)
        assert before["earlier"] and before["frozen"] and sum(w[-1] for w in before["weekly"]) > 0
        export_workbook(src, tmp_path / "a.xlsx")
        with Workspace.open(tmp_path / "b.tracker") as dst:
            preview = preview_portable(dst, tmp_path / "a.xlsx")
            assert preview.ok, preview.report()
            apply_portable(dst, preview)
            assert picture(dst, TODAY) == before
            # More usage later, some of it from before the cutoff (not recorded in either): the
            # two go on showing the same figures.
            for ws in (src, dst):
                ids = {e: pid for e, pid in ws.conn.execute("SELECT employee_id, id FROM people")}
                rid = ws.scalar("SELECT id FROM rollouts")
                more = [(rid << 44) | (ids[e] << 20) | (TODAY.toordinal() + k) for e in ("S0", "S3", "O1")
                        for k in range(0, 9, 2)]
                more += [(rid << 44) | (ids["S5"] << 20) | (TODAY.toordinal() - 300)]
                ws.adoption.import_usage(more, source="more.csv", rows=len(more), unknown_people=0)
                mark_all_stale(ws)
            later = TODAY + dt.timedelta(days=14)
            assert picture(dst, later) == picture(src, later)
            assert picture(dst, later)["weekly"] != before["weekly"]


@pytest.mark.slow  # the purged sample out and back: see `purged`
def test_a_recompute_in_the_copy_changes_nothing(purged):
    for part, value in purged["before"].items():
        assert purged["recomputed"][part] == value, part


@pytest.mark.slow  # the purged sample out and back: see `purged`
def test_the_source_still_reads_the_same_after_a_recompute(purged):
    with Workspace.open(purged["source"]) as ws:
        mark_all_stale(ws)
        assert picture(ws) == purged["before"]


@pytest.mark.slow  # the purged sample out and back: see `purged`
def test_the_copy_exports_the_same_workbook_and_reimports_as_unchanged(purged):
    a, b = workbook_cells(purged["first"]), workbook_cells(purged["second"])
    assert list(a) == list(b) and "usage_retention" in a and len(a["frozen_adoption_weeks"]) > 100
    # The chat assistant's people who stopped using it for good before the cutoff are remembered
    # as earlier adopters (their usage was purged), and travel with the workbook.
    assert len(a["earlier_adopters"]) > 1
    for name in a:
        assert a[name] == b[name], name
    again = purged["again"]
    assert again.ok and not again.plan.has_changes
    assert again.plan.sheets["frozen_adoption_weeks"].unchanged > 100


def test_a_workspace_never_purged_has_no_retention_sheets(tmp_path, org):
    export_workbook(org["ws"], tmp_path / "out.xlsx")
    assert not set(RETENTION_SHEETS) & set(workbook_cells(tmp_path / "out.xlsx"))


def _folder(tmp_path, files: dict[str, str]):
    folder = tmp_path / "tracker"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


BASE = {"teams.csv": "name\nClaims\n", "rollouts.csv": "name\nTriage\n"}


def test_bad_retention_rows_are_reported_by_row_and_nothing_changes(workspace, tmp_path):
    folder = _folder(tmp_path, {
        **BASE,
        "usage_retention.csv": "rollout,purged_before,frozen_before\nTriage,2026-01-01,2026-02-01\n",
        "frozen_adoption_weeks.csv": ("rollout,team,week_end,eligible,active,new_adopters\n"
                                      "Triage,Claims,2026-01-25,10,4,2\n"  # fine
                                      "Triage,Claims,2026-01-27,10,4,2\n"  # not a Sunday
                                      "Triage,Claims,2026-02-01,10,4,2\n"  # not frozen
                                      "Triage,Claims,2026-01-18,3,4,2\n"  # active > eligible
                                      "Triage,Nowhere,2026-01-11,3,2,1\n"),  # unknown team
        "earlier_adopters.csv": "rollout,team,week_end,people\nTriage,Claims,2026-01-25,1\n"
                                "Triage,Claims,2026-02-08,-1\n",
    })
    preview = preview_portable(workspace, folder)
    errors = {(e.sheet, e.row, e.column) for e in preview.plan.errors}
    assert errors == {
        ("frozen_adoption_weeks", 3, "week_end"), ("frozen_adoption_weeks", 4, "week_end"),
        ("frozen_adoption_weeks", 5, "active"), ("frozen_adoption_weeks", 6, "team"),
        ("earlier_adopters", 2, "week_end"), ("earlier_adopters", 3, "people"),
    }, preview.report()
    assert not preview.ok
    assert workspace.scalar("SELECT count(*) FROM teams") == 0


def test_frozen_weeks_need_their_rollouts_cutoff_and_cutoffs_never_move_back(workspace, tmp_path):
    week = "rollout,team,week_end,eligible,active,new_adopters\nTriage,Claims,2026-01-25,10,4,2\n"
    alone = _folder(tmp_path / "a", {**BASE, "frozen_adoption_weeks.csv": week})
    preview = preview_portable(workspace, alone)
    assert [(e.sheet, e.row, e.column) for e in preview.plan.errors] == [("frozen_adoption_weeks", 2, "rollout")]

    cutoff = "rollout,purged_before,frozen_before\nTriage,2026-01-01,2026-02-01\n"
    full = _folder(tmp_path / "b", {**BASE, "usage_retention.csv": cutoff, "frozen_adoption_weeks.csv": week})
    preview = preview_portable(workspace, full)
    assert preview.ok, preview.report()
    apply_portable(workspace, preview)
    assert workspace.adoption.kept_from().isoformat() == "2026-01-01"
    rollout = workspace.scalar("SELECT id FROM rollouts")
    assert [(p.period_end.isoformat(), p.eligible, p.active) for p in workspace.adoption.history(rollout)] == \
        [("2026-01-25", 10, 4)]

    earlier = "rollout,purged_before,frozen_before\nTriage,2025-12-01,2026-02-01\n"
    back = _folder(tmp_path / "c", {"usage_retention.csv": earlier})
    preview = preview_portable(workspace, back)
    assert [(e.sheet, e.row, e.column) for e in preview.plan.errors] == [("usage_retention", 2, "purged_before")]
