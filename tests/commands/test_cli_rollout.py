"""`tracker rollout add` and `tracker rollout list`: rollouts for scripted imports."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.cli import main
from tracker.services.rollout_setup import RolloutSetupError, parse_rate
from tracker.store import Workspace


@pytest.fixture
def ws_path(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,name,team\nE1,Ann,Claims\nE2,Bo,Billing\n", encoding="utf-8")
    path = tmp_path / "w.tracker"
    assert main(["import", "roster", str(path), str(roster)]) == 0
    return path


def test_add_with_dates_target_and_teams_then_list(ws_path, capsys):
    assert main(["rollout", "add", str(ws_path), "Claims triage assistant", "--go-live", "2026-09-01",
                 "--target-rate", "65%", "--target-date", "2027-03-31", "--team", "claims", "--team", "Billing"]) == 0
    assert main(["rollout", "add", str(ws_path), "Copilot", "--target-rate", "0.5", "--target-date", "2027-01-01"]) == 0
    with Workspace.open(ws_path, readonly=True) as ws:
        rollout = ws.rollouts.by_name("Claims triage assistant")
        assert (rollout.go_live_date, rollout.target_adoption, rollout.target_date) == (
            dt.date(2026, 9, 1), 0.65, dt.date(2027, 3, 31))
        assert sorted(p.team_name for p in ws.rollouts.participation(rollout.id)) == ["Billing", "Claims"]
    capsys.readouterr()
    assert main(["rollout", "list", str(ws_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Claims triage assistant | Pilot | go-live 2026-09-01 | target 65% by 2027-03-31 | teams: Billing, Claims",
        "Copilot | Pilot | no go-live date | target 50% by 2027-01-01 | no teams",
    ]


@pytest.mark.parametrize(("extra", "message"), [
    (["--team", "Legal"], "--team 'Legal': there is no such team"),
    (["--target-rate", "65%"], "--target-rate and --target-date go together"),
    (["--target-rate", "165%", "--target-date", "2027-01-01"], "at most 100%"),
    (["--target-rate", "most", "--target-date", "2027-01-01"], "such as 0.65 or 65%"),
    (["--go-live", "next week"], "--go-live 'next week': write the date as YYYY-MM-DD"),
    (["--go-live", "2027-02-01", "--target-rate", "1", "--target-date", "2027-01-01"], "before go-live"),
])
def test_bad_values_are_one_line_and_change_nothing(ws_path, capsys, extra, message):
    assert main(["rollout", "add", str(ws_path), "Copilot", *extra]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    with Workspace.open(ws_path, readonly=True) as ws:
        assert ws.rollouts.list() == []


def test_a_name_taken_is_refused_and_a_missing_workspace_is_not_listed(ws_path, tmp_path, capsys):
    assert main(["rollout", "add", str(ws_path), "Copilot"]) == 0
    assert main(["rollout", "add", str(ws_path), "copilot"]) == 1
    assert "already a rollout called 'copilot'" in capsys.readouterr().err
    assert main(["rollout", "list", str(tmp_path / "none.tracker")]) == 3
    assert not (tmp_path / "none.tracker").exists()


def test_rates_as_shares_or_percentages():
    assert parse_rate("0.65") == 0.65 and parse_rate("65%") == 0.65 and parse_rate(" 65 % ") == 0.65
    with pytest.raises(RolloutSetupError):
        parse_rate("0")
