"""Consecutive weekly snapshots: a date that did not move is one event, and the look-up that
finds what is new asks only about what the previous import did not record, as long as nothing
was written since (tracker/store/usage_lookup.py). Undo, an undone batch in the middle of the
others, and a write between preview and apply must each give the same answers as a workspace
that imported the files afresh."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from tracker.domain.enums import Impact
from tracker.services.usage_import import apply_usage, preview_usage
from tracker.store import usage_batches

TODAY = dt.date(2026, 6, 1)
ROLLOUT = "Microsoft 365 Copilot"
HEADER = ["Report Refresh Date", "User Principal Name", "Display Name", "Last Activity Date",
          "Microsoft Teams Copilot Last Activity Date", "Word Copilot Last Activity Date", "Report Period"]
PEOPLE = ("ann", "bob", "cy", "dee")


@pytest.fixture
def ws(workspace):
    team = workspace.teams.create("Sales")
    for n, name in enumerate(PEOPLE):
        workspace.people.create(employee_id=f"E{n}", name=name.title(), email=f"{name}@example.com", team_id=team)
    rollout = workspace.rollouts.create(name=ROLLOUT)
    workspace.rollouts.set_impact(rollout, team, Impact.HIGH)
    return workspace


def _report(folder, refresh: str, dates: dict[str, tuple[str, str]]):
    """A Graph report refreshed on `refresh`: person -> (Teams day, Word day), '' for none."""
    path = folder / f"copilot-{refresh}.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for person, (teams, word) in dates.items():
            out.writerow([refresh, f"{person}@example.com", person.title(), max(teams, word), teams, word, "7"])
    return path


@pytest.fixture
def weeks(tmp_path):
    """Three weekly reports: Ann's dates never move, Bob's Teams day moves every week, Cy starts
    in the second week, Dee uses Word only in the first."""
    return [
        _report(tmp_path, "2026-05-10", {"ann": ("2026-05-04", "2026-05-05"), "bob": ("2026-05-06", ""),
                                         "cy": ("", ""), "dee": ("", "2026-05-08")}),
        _report(tmp_path, "2026-05-17", {"ann": ("2026-05-04", "2026-05-05"), "bob": ("2026-05-13", ""),
                                         "cy": ("2026-05-14", ""), "dee": ("", "2026-05-08")}),
        _report(tmp_path, "2026-05-24", {"ann": ("2026-05-04", "2026-05-05"), "bob": ("2026-05-20", ""),
                                         "cy": ("2026-05-14", "2026-05-21"), "dee": ("", "2026-05-08")}),
    ]


def _preview(ws, path):
    preview = preview_usage(ws, path, rollout=ROLLOUT, today=TODAY)
    assert preview.ok, preview.report()
    return preview


def _import(ws, path):
    preview = _preview(ws, path)
    apply_usage(ws, preview)
    return preview


def _days(ws) -> dict[str, list[str]]:
    """person -> the days stored for them, ISO, sorted."""
    rollout = ws.rollouts.list()[0].id
    by_id = {p.id: p.email.split("@")[0] for p in ws.people.list()}
    out: dict[str, list[str]] = {}
    for key in ws.adoption.recorded_keys([rollout]).tolist():
        out.setdefault(by_id[(key >> 20) & 0xFFFFFF], []).append(dt.date.fromordinal(key & 0xFFFFF).isoformat())
    return {person: sorted(days) for person, days in out.items()}


def test_an_unchanged_date_is_one_event_and_a_changed_one_two(ws, weeks):
    first, second, _third = weeks
    assert _import(ws, first).new == 4  # Ann's two days, Bob's, Dee's
    again = _import(ws, second)
    assert (again.uses, again.new) == (5, 2)  # Bob's new Teams day and Cy's first: Ann and Dee did not move
    assert _days(ws) == {"ann": ["2026-05-04", "2026-05-05"], "bob": ["2026-05-06", "2026-05-13"],
                         "cy": ["2026-05-14"], "dee": ["2026-05-08"]}


def test_the_look_up_asks_only_about_what_the_previous_import_did_not_record(ws, weeks, monkeypatch):
    asked: list[int] = []
    real = usage_batches.unrecorded_among
    monkeypatch.setattr(usage_batches, "unrecorded_among", lambda conn, keys: asked.append(len(keys)) or real(conn, keys))
    first, second, third = weeks
    _import(ws, first)
    _import(ws, second)
    preview = _preview(ws, third)
    assert (preview.uses, preview.new) == (6, 2)  # Bob's and Cy's new days
    if ws.engine == "sqlite":
        assert asked == [2, 2]  # the second and third files' keys the previous file did not have
    else:  # a shared workspace has concurrent writers: every key is looked up
        assert asked == [5, 6]


def test_after_an_undo_the_undone_days_are_new_again(ws, weeks):
    first, second, _third = weeks
    _import(ws, first)
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    preview = _import(ws, second)
    assert preview.new == 5  # nothing of the first file is recorded any more
    assert _days(ws) == {"ann": ["2026-05-04", "2026-05-05"], "bob": ["2026-05-13"],
                         "cy": ["2026-05-14"], "dee": ["2026-05-08"]}


def test_an_undone_batch_between_live_ones_is_not_counted_as_recorded(ws, weeks, tmp_path):
    first, second, third = weeks
    extra = _report(tmp_path, "2026-05-31", {"ann": ("2026-05-27", ""), "bob": ("", ""), "cy": ("", ""),
                                             "dee": ("", "")})
    _import(ws, first)
    _import(ws, second)
    _import(ws, extra)
    second_change = ws.audit.recent_changes(2)[1].id
    ws.audit.undo(second_change)  # the live batches are now the first and the third: not one run
    assert _days(ws) == {"ann": ["2026-05-04", "2026-05-05", "2026-05-27"], "bob": ["2026-05-06"],
                         "dee": ["2026-05-08"]}
    preview = _preview(ws, second)
    assert preview.new == 2  # Bob's 13 May and Cy's 14 May, recorded only by the undone batch
    assert preview.new_keys is not None
    assert sorted(dt.date.fromordinal(k & 0xFFFFF).isoformat() for k in preview.new_keys.tolist()) == \
        ["2026-05-13", "2026-05-14"]
    assert _preview(ws, third).new == 3  # Bob's 20 May, Cy's 14 and 21 May


def test_a_write_between_preview_and_apply_is_not_trusted_for_the_next_look_up(ws, weeks):
    first, second, _third = weeks
    _import(ws, first)
    preview = _preview(ws, second)  # finds Ann's, Bob's first and Dee's days recorded
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)  # ... which this undo takes back
    apply_usage(ws, preview)  # writes only what it found new: Bob's second day and Cy's
    # The days the undo took back are not recorded, so they must show as new now.
    again = _preview(ws, second)
    assert again.new == 3
    assert _preview(ws, first).new == 4
