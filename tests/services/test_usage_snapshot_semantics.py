"""Snapshot semantics: twelve weekly Microsoft 365 Copilot reports made from a known daily truth.

A report says, per person, the last day they were active (overall and per app), not every use.
The 28-day active figures the app computes from the twelve snapshots must equal a hand count of
the distinct people whose reported last-activity days fall in each 28-day window; importing the
snapshots shuffled, with one twice, must leave exactly the same stored usage days.
"""

from __future__ import annotations

import csv
import datetime as dt
import random

import pytest

from tracker.domain.enums import Impact
from tracker.services.usage_import import apply_usage, preview_usage
from tracker.store import Workspace

APPS = ("Copilot Chat", "Microsoft Teams Copilot", "Word Copilot", "Excel Copilot", "Outlook Copilot")
HEADER = (["Report Refresh Date", "User Principal Name", "Display Name", "Last Activity Date"]
          + [f"{app} Last Activity Date" for app in APPS] + ["Report Period"])
FIRST_SUNDAY = dt.date(2026, 1, 11)
WEEKS = 12
PEOPLE = 40
TODAY = dt.date(2026, 6, 1)


def _truth(seed: int = 15) -> dict[tuple[int, str], list[dt.date]]:
    """(person index, app) -> the days they used Copilot in that app, from four weeks before the
    first report to the last: some people often, some rarely, some never, some only at first."""
    rng = random.Random(seed)
    start = FIRST_SUNDAY - dt.timedelta(days=34)
    days = [start + dt.timedelta(days=n) for n in range((FIRST_SUNDAY - start).days + 7 * (WEEKS - 1) + 1)]
    truth: dict[tuple[int, str], list[dt.date]] = {}
    for person in range(PEOPLE):
        rate = rng.choice((0.0, 0.02, 0.1, 0.3, 0.6))
        stop = rng.choice((days[-1], days[len(days) // 2]))  # some stop using it half way
        for app in APPS:
            used = [d for d in days if d <= stop and rng.random() < rate / 2]
            if used:
                truth[(person, app)] = used
    return truth


def _write_snapshots(folder, truth) -> list:
    """One Graph report (period D7) per Sunday: each person's last day overall and per app up to
    the refresh date, blank when none (the report's dates are "whatever the period")."""
    files = []
    for week in range(WEEKS):
        refresh = FIRST_SUNDAY + dt.timedelta(days=7 * week)
        path = folder / f"copilot-{refresh.isoformat()}.csv"
        with open(path, "w", newline="", encoding="utf-8-sig") as f:
            out = csv.writer(f)
            out.writerow(HEADER)
            for person in range(PEOPLE):
                last = [max((d for d in truth.get((person, app), ()) if d <= refresh), default=None) for app in APPS]
                overall = max((d for d in last if d), default=None)
                out.writerow([refresh.isoformat(), f"p{person}@example.com", f"Person {person}",
                              overall.isoformat() if overall else ""]
                             + [d.isoformat() if d else "" for d in last] + ["7"])
        files.append(path)
    return files


def _reported_days(files) -> dict[int, set[dt.date]]:
    """By hand from the files: person index -> every day a report names as a last activity."""
    seen: dict[int, set[dt.date]] = {}
    for path in files:
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                person = int(row["User Principal Name"][1:].split("@")[0])
                for column in HEADER[3:-1]:
                    if row[column]:
                        seen.setdefault(person, set()).add(dt.date.fromisoformat(row[column]))
    return seen


def _workspace(path) -> tuple[Workspace, int]:
    ws = Workspace.open(path)
    team = ws.teams.create("Everyone")
    for person in range(PEOPLE):
        ws.people.create(employee_id=f"E{person}", name=f"Person {person}", email=f"p{person}@example.com",
                         team_id=team)
    rollout = ws.rollouts.create(name="Microsoft 365 Copilot")
    ws.rollouts.set_impact(rollout, team, Impact.HIGH)
    return ws, rollout


def _import_all(ws, files) -> None:
    for path in files:
        preview = preview_usage(ws, path, rollout="Microsoft 365 Copilot", today=TODAY)
        assert preview.ok, preview.report()
        apply_usage(ws, preview)


@pytest.fixture
def snapshots(tmp_path):
    truth = _truth()
    return truth, _write_snapshots(tmp_path, truth)


def test_28_day_active_figures_equal_a_hand_count_of_reported_last_activity(tmp_path, snapshots):
    _truth_days, files = snapshots
    reported = _reported_days(files)
    ws, rollout = _workspace(tmp_path / "w.tracker")
    try:
        _import_all(ws, files)
        history = ws.adoption.history(rollout)
        assert len(history) >= WEEKS
        for point in history:
            window = (point.period_end - dt.timedelta(days=27), point.period_end)
            by_hand = sum(1 for days in reported.values() if any(window[0] <= d <= window[1] for d in days))
            assert point.active == by_hand, point.period_end
            assert point.eligible == PEOPLE
        assert any(point.active for point in history) and any(p.active < PEOPLE for p in history)
    finally:
        ws.close()


def test_what_a_snapshot_cannot_tell_several_days_in_a_week_count_once(tmp_path, snapshots):
    truth, files = snapshots
    reported = _reported_days(files)
    used = {(p, d) for (p, _app), days in truth.items() for d in days if d <= FIRST_SUNDAY + dt.timedelta(weeks=11)}
    recorded = {(p, d) for p, days in reported.items() for d in days}
    assert recorded <= used  # every day recorded was a day of use ...
    assert len(recorded) < len(used)  # ... but not every day of use shows in a weekly snapshot


def test_snapshots_shuffled_and_twice_store_identical_rows(tmp_path, snapshots):
    _truth_days, files = snapshots
    ws, rollout = _workspace(tmp_path / "in-order.tracker")
    other, other_rollout = _workspace(tmp_path / "shuffled.tracker")
    try:
        _import_all(ws, files)
        shuffled = files + files[3:6]
        random.Random(7).shuffle(shuffled)
        _import_all(other, shuffled)
        assert ws.adoption.recorded_keys([rollout]).tolist() == other.adoption.recorded_keys([other_rollout]).tolist()
        assert ws.adoption.history(rollout) == other.adoption.history(other_rollout)
    finally:
        ws.close()
        other.close()


def test_figures_updated_per_snapshot_equal_a_recount_after_each_one(tmp_path, snapshots):
    """Each import updates only the weeks its new uses touch (tracker/store/adoption_increment.py);
    after every snapshot, in order and then shuffled into a second workspace, the figures must
    be exactly those of a recount of every stored use."""
    from tracker.store import adoption_rollup

    _truth_days, files = snapshots
    order = list(files)
    random.Random(4).shuffle(order)
    for name, sequence in (("in-order.tracker", files), ("shuffled.tracker", order)):
        ws, rollout = _workspace(tmp_path / name)
        try:
            def weekly():
                return ws.conn.execute("SELECT week_end, team_id, eligible, active, new_adopters FROM adoption_weekly "
                                       "WHERE rollout_id = ? ORDER BY week_end, team_id", (rollout,)).fetchall()
            for n, path in enumerate(sequence):
                preview = preview_usage(ws, path, rollout="Microsoft 365 Copilot", today=TODAY)
                if n == 5:  # a write between preview and apply changes nothing in the figures
                    ws.teams.create("Unrelated")
                apply_usage(ws, preview)
                updated = weekly()
                ws.conn.execute("BEGIN")
                try:
                    adoption_rollup.recompute(ws.conn, [rollout])
                    assert updated == weekly() and updated, f"{name}: after {path.name}"
                finally:
                    ws.conn.execute("ROLLBACK")
        finally:
            ws.close()
