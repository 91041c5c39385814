"""Retention of usage rows: events before the cutoff go (from the file too), every adoption figure
stays as it was, later imports and roster changes leave the frozen weeks alone, and undoing an
import whose rows were purged is refused."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from adoption_fixtures import GO_LIVE, small_org

from tracker.store import Workspace
from tracker.store.errors import StoreValidationError
from tracker.store.retention import purge_expired, set_retention_months

TODAY = dt.date(2026, 12, 1)
MONTHS = 6
CUTOFF = dt.date(2026, 6, 1)  # TODAY less MONTHS
DISTINCT_PERSON = 7_654_321  # a person id whose bytes are easy to find in the file


def key(rollout, person, day) -> int:
    day = day if isinstance(day, int) else day.toordinal()
    return (rollout << 44) | (person << 20) | day


def record(ws, keys, source="log.csv"):
    return ws.adoption.import_usage(keys, source=source, rows=len(keys), unknown_people=0)


FIRST_DAY, LAST_DAY = GO_LIVE.toordinal() - 20, TODAY.toordinal() - 1  # the generated usage's span


def generated_usage(rollout, people, seed=7, first=FIRST_DAY, last=LAST_DAY):
    """Each person starts on a random day and uses the tool on a share of days for a while: some
    only before the cutoff, some across it, some only after, some with long gaps."""
    rng = random.Random(seed)
    keys = []
    for pid in people.values():
        start = rng.randint(first, last)
        stop = min(last, start + rng.randint(0, 300))
        share = rng.choice((0.05, 0.3, 0.7))
        keys += [key(rollout, pid, d) for d in range(start, stop + 1) if rng.random() < share]
    return keys


def figures(ws, rollout, teams):
    """Every figure adoption shows: the weekly rows, the rollout's and each team's history, the
    summaries the health rule and the report read (rate, forecast, speed, ...)."""
    return {
        "weekly": ws.query("SELECT * FROM adoption_weekly ORDER BY rollout_id, week_end, team_id"),
        "history": ws.adoption.history(rollout),
        "teams": {t: ws.adoption.history(rollout, tid) for t, tid in teams.items()},
        "summary": ws.adoption.summary(rollout, TODAY),
        "team_summaries": ws.adoption.team_summaries(rollout, TODAY),
    }


def recompute_all(ws):
    """Make every rollout stale and read: what any later recompute would show."""
    with ws.write("mark stale"):
        ws.conn.execute("INSERT OR IGNORE INTO adoption_stale (rollout_id) SELECT id FROM rollouts")
    ws.adoption.refresh()


def file_bytes(ws) -> bytes:
    data = ws.path.read_bytes()
    wal = ws.path.with_name(ws.path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def usage_record(person: int, day: int) -> bytes:
    """How a usage row stores person and day: two 24-bit big-endian integers side by side."""
    return person.to_bytes(3, "big") + day.to_bytes(3, "big")


@pytest.fixture
def org(workspace):
    rollout, teams, people = small_org(workspace)
    workspace.conn.execute(
        "INSERT INTO people (id, employee_id, name, team_id) VALUES (?, 'RARE-1', 'Rare Person', ?)",
        (DISTINCT_PERSON, teams["Sales"]))
    workspace.conn.commit()
    workspace.roles.assign(rollout, DISTINCT_PERSON, workspace.roles.type_by_name("End user").id)
    people["RARE"] = DISTINCT_PERSON
    return workspace, rollout, teams, people


def test_purge_keeps_every_figure_and_removes_the_rows(org):
    ws, rollout, teams, people = org
    keys = generated_usage(rollout, people)
    rare_days = [GO_LIVE.toordinal() + i for i in range(0, 120, 3)]  # all before the cutoff
    keys += [key(rollout, DISTINCT_PERSON, d) for d in rare_days]
    first = record(ws, keys[: len(keys) // 2], "first.csv")
    record(ws, keys[len(keys) // 2:], "second.csv")
    before = figures(ws, rollout, teams)
    old_rows = ws.scalar("SELECT count(*) FROM usage_events WHERE day < ?", (CUTOFF.toordinal(),))
    assert old_rows > 100 and ws.scalar("SELECT count(*) FROM usage_events WHERE day >= ?",
                                        (CUTOFF.toordinal(),)) > 100
    in_file = ws.engine == "sqlite"  # the bytes of the file and its WAL: a file's matter
    if in_file:
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert sum(file_bytes(ws).count(usage_record(DISTINCT_PERSON, d)) for d in rare_days) >= len(rare_days)
    set_retention_months(ws, MONTHS)

    result = purge_expired(ws, today=TODAY)

    assert result.cutoff == CUTOFF and result.usage_rows == old_rows
    assert result.frozen_weeks == ws.scalar(
        "SELECT count(DISTINCT week_end) FROM adoption_weekly WHERE week_end < "
        "(SELECT frozen_before FROM adoption_frozen)") > 0
    assert result.locked_imports == 2
    assert ws.scalar("SELECT count(*) FROM usage_events WHERE day < ?", (CUTOFF.toordinal(),)) == 0
    assert figures(ws, rollout, teams) == before
    recompute_all(ws)  # later recomputes read the frozen weeks and the kept counts
    assert figures(ws, rollout, teams) == before
    if in_file:  # person-level rows are gone from the file and its WAL, not only from the queries
        data = file_bytes(ws)
        assert not any(usage_record(DISTINCT_PERSON, d) in data for d in rare_days)
        ws.close()
        on_disk = ws.path.read_bytes()
        assert not any(usage_record(DISTINCT_PERSON, d) in on_disk for d in rare_days)
    assert first is not None


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_generated_usage_purged_then_imported_reads_like_never_purged(tmp_path, seed):
    """Two identical workspaces; one purges between two imports. Afterwards every week after
    the frozen ones is exactly the other's (new adopters included: someone who used the tool
    before the cutoff is not new again), and the frozen weeks are what they were."""
    spaces = []
    for name in ("purged", "kept"):
        ws = Workspace.open(tmp_path / f"{name}.tracker")
        rollout, teams, people = small_org(ws)
        keys = generated_usage(rollout, people, seed=seed, last=TODAY.toordinal() - 60)
        record(ws, keys)
        spaces.append((ws, rollout, teams, people))
    (ws, rollout, teams, people), (control, *_) = spaces
    before = figures(ws, rollout, teams)
    set_retention_months(ws, MONTHS)
    assert purge_expired(ws, today=TODAY).usage_rows > 0
    assert figures(ws, rollout, teams) == before
    # Later days, for people still on record and for people who never used it. Not for those
    # whose every use was purged: see the next test.
    kept = {k >> 20 & ((1 << 24) - 1) for k in ws.adoption.recorded_keys([rollout]).tolist()}
    gone = {k >> 20 & ((1 << 24) - 1) for k in control.adoption.recorded_keys([rollout]).tolist()} - kept
    later = [k for k in generated_usage(rollout, people, seed=seed + 100, first=TODAY.toordinal() - 59)
             if (k >> 20 & ((1 << 24) - 1)) not in gone]
    for target in (ws, control):
        record(target, later, "later.csv")
    start = ws.scalar("SELECT frozen_before FROM adoption_frozen")
    frozen = [r for r in before["weekly"] if r["week_end"] < start]
    assert ws.query("SELECT * FROM adoption_weekly WHERE week_end < ? ORDER BY 1, 2, 3", (start,)) == frozen
    assert ws.query("SELECT * FROM adoption_weekly WHERE week_end >= ? ORDER BY 1, 2, 3", (start,)) == \
        control.query("SELECT * FROM adoption_weekly WHERE week_end >= ? ORDER BY 1, 2, 3", (start,))
    assert ws.adoption.summary(rollout, TODAY) == control.adoption.summary(rollout, TODAY)
    for w in (ws, control):
        w.close()


def test_someone_back_after_all_their_uses_were_purged_counts_as_new(org):
    """Who used the tool before the cutoff is not kept per person, so a person whose every use
    was purged and who comes back is a new adopter again (someone still on record is not)."""
    ws, rollout, teams, people = org
    record(ws, [key(rollout, people["S0"], GO_LIVE), key(rollout, people["S1"], GO_LIVE),
                key(rollout, people["S1"], CUTOFF + dt.timedelta(days=40))])
    set_retention_months(ws, MONTHS)
    purge_expired(ws, today=TODAY)
    back = TODAY - dt.timedelta(days=8)
    record(ws, [key(rollout, people["S0"], back), key(rollout, people["S1"], back)], "back.csv")
    week = ws.adoption.history(rollout, teams["Sales"])[-1]
    assert (week.active, week.new_adopters) == (2, 1)


def test_a_roster_change_after_the_purge_leaves_the_frozen_weeks(org):
    ws, rollout, teams, people = org
    record(ws, generated_usage(rollout, people, seed=11))
    set_retention_months(ws, MONTHS)
    purge_expired(ws, today=TODAY)
    start = ws.scalar("SELECT frozen_before FROM adoption_frozen")
    frozen = ws.query("SELECT * FROM adoption_weekly WHERE week_end < ? ORDER BY 1, 2, 3", (start,))
    newcomer = ws.people.create(employee_id="N1", name="New Starter", team_id=teams["Ops"])
    ws.roles.assign(rollout, newcomer, ws.roles.type_by_name("End user").id)
    ops = ws.adoption.history(rollout, teams["Ops"])
    assert ws.query("SELECT * FROM adoption_weekly WHERE week_end < ? ORDER BY 1, 2, 3", (start,)) == frozen
    assert {p.eligible for p in ops if p.period_end.toordinal() < start} == {4}  # as it was then
    assert {p.eligible for p in ops if p.period_end.toordinal() >= start} == {5}  # the roster now


def test_undo_of_an_import_whose_rows_were_purged_is_refused(org):
    ws, rollout, teams, people = org
    old = record(ws, [key(rollout, people["S0"], GO_LIVE + dt.timedelta(days=i)) for i in range(0, 60, 2)], "old.csv")
    undone = record(ws, [key(rollout, people["S1"], GO_LIVE + dt.timedelta(days=3))], "undone.csv")
    ws.audit.undo(undone)
    recent = record(ws, [key(rollout, people["S2"], TODAY - dt.timedelta(days=10))], "recent.csv")
    set_retention_months(ws, MONTHS)
    result = purge_expired(ws, today=TODAY)
    assert result.locked_imports == 2  # old.csv, and undone.csv (its undo cannot be redone)
    before = figures(ws, rollout, teams)
    with pytest.raises(StoreValidationError, match="can no longer be undone or redone"):
        ws.audit.undo(old)
    redo = ws.audit.recent_changes(50)
    [undo_of_undone] = [c.id for c in redo if c.reverts_id == undone]
    with pytest.raises(StoreValidationError, match="can no longer be undone or redone"):
        ws.audit.undo(undo_of_undone)
    assert figures(ws, rollout, teams) == before
    ws.audit.undo(recent)  # nothing of it was purged or frozen: undone as usual
    assert ws.adoption.history(rollout)[-1].period_end < TODAY - dt.timedelta(days=10)
    frozen = [r for r in before["weekly"] if r["week_end"] < ws.scalar("SELECT frozen_before FROM adoption_frozen")]
    assert ws.query("SELECT * FROM adoption_weekly WHERE week_end < ? ORDER BY 1, 2, 3",
                    (ws.scalar("SELECT frozen_before FROM adoption_frozen"),)) == frozen


def test_uses_before_the_cutoff_are_not_recorded_again(org, tmp_path):
    from adoption_fixtures import write_csv

    from tracker.services.usage_import import apply_usage, preview_usage

    ws, rollout, teams, people = org
    record(ws, [key(rollout, people["S0"], GO_LIVE + dt.timedelta(days=i)) for i in range(0, 200, 3)])
    set_retention_months(ws, MONTHS)
    purge_expired(ws, today=TODAY)
    before = figures(ws, rollout, teams)
    assert ws.adoption.kept_from() == CUTOFF
    path = write_csv(tmp_path / "again.csv", [("S5", "Copilot", (GO_LIVE + dt.timedelta(days=1)).isoformat()),
                                              ("S6", "Copilot", (TODAY - dt.timedelta(days=3)).isoformat())])
    preview = preview_usage(ws, path, today=TODAY)
    assert preview.ok and preview.new == 1 and preview.before_cutoff == 1
    assert "before the retention cutoff" in preview.report()
    apply_usage(ws, preview)
    assert ws.scalar("SELECT count(*) FROM usage_events WHERE day < ?", (CUTOFF.toordinal(),)) == 0
    assert ws.adoption.recorded_keys([rollout]).size == ws.scalar("SELECT count(*) FROM usage_events")
    start = ws.scalar("SELECT frozen_before FROM adoption_frozen")
    assert [r for r in figures(ws, rollout, teams)["weekly"] if r["week_end"] < start] == \
        [r for r in before["weekly"] if r["week_end"] < start]


def test_the_audit_entry_and_the_summary_name_each_kind(org):
    ws, rollout, teams, people = org
    record(ws, [key(rollout, people["S0"], GO_LIVE + dt.timedelta(days=i)) for i in range(0, 30)])
    set_retention_months(ws, MONTHS)
    result = purge_expired(ws, today=TODAY)
    [change] = [c for c in ws.audit.recent_changes() if c.id == result.change_id]
    assert change.label == (f"Retention (6 months): erased the names from 0 resistance signals observed before "
                            f"{CUTOFF} and from 0 history entries; removed 30 usage rows from before {CUTOFF}, "
                            f"keeping {result.frozen_weeks} weeks as frozen team figures (1 usage imports can "
                            "no longer be undone)")
    assert result.summary() == (f"Removed 30 usage rows (person and day) from before {CUTOFF}; the "
                                f"{result.frozen_weeks} rollout weeks they counted in are kept as team figures.")
    again = purge_expired(ws, today=TODAY)
    assert (again.usage_rows, again.change_id) == (0, None)
    assert again.summary() == f"No named resistance signals or usage rows from before {CUTOFF}."
