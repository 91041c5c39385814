"""ADKAR survey import: both layouts, every rejection, all or nothing, idempotence, the CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.cli import main
from tracker.services.adkar_import import apply_adkar, preview_adkar

TEAM_HEADER = "team,assessed_on,awareness,desire,knowledge,ability,reinforcement,respondents"
PERSON_HEADER = "team,assessed_on,awareness,desire,knowledge,ability,reinforcement"
ROLLOUT = "Claims triage assistant"


def write(tmp_path, lines, name="survey.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(ws):
    return {(a.team_name, a.assessed_on): a for a in ws.readiness.adkar.list(ws.rollouts.by_name(ROLLOUT).id)}


def test_one_row_per_team(org, tmp_path):
    ws = org["ws"]
    path = write(tmp_path, [TEAM_HEADER, "Claims,2026-01-31,4.2,3.8,2.9,2.5,2,12", "billing,31/01/2026,4,4,4,4,4,7"])
    preview = preview_adkar(ws, path, ROLLOUT)
    assert preview.ok, preview.report()
    assert apply_adkar(ws, preview) is not None
    got = stored(ws)
    claims = got[("Claims", dt.date(2026, 1, 31))]
    assert claims.scores == (4.2, 3.8, 2.9, 2.5, 2.0) and claims.respondents == 12
    assert got[("Billing", dt.date(2026, 1, 31))].respondents == 7


def test_one_row_per_respondent_is_averaged(org, tmp_path):
    ws = org["ws"]
    path = write(tmp_path, [PERSON_HEADER, "Claims,2026-01-31,4,4,3,2,1", "Claims,2026-01-31,5,3,3,3,2",
                            "Claims,2026-01-31,3,2,4,3,2", "Billing,2026-01-31,5,5,5,5,5"])
    preview = preview_adkar(ws, path, ROLLOUT)
    assert preview.ok and preview.plan.per_respondent
    apply_adkar(ws, preview)
    claims = stored(ws)[("Claims", dt.date(2026, 1, 31))]
    assert claims.scores == (4.0, 3.0, 3.33, 2.67, 1.67) and claims.respondents == 3


def test_reimporting_changes_nothing_and_a_correction_updates(org, tmp_path):
    ws = org["ws"]
    path = write(tmp_path, [PERSON_HEADER, "Claims,2026-01-31,4,4,3,2,1", "Claims,2026-01-31,5,3,3,3,2"])
    apply_adkar(ws, preview_adkar(ws, path, ROLLOUT))
    changes = len(ws.audit.recent_changes())
    again = preview_adkar(ws, path, ROLLOUT)
    assert again.ok and again.plan.unchanged == 1 and not again.plan.has_changes
    assert apply_adkar(ws, again) is None
    assert len(ws.audit.recent_changes()) == changes
    fixed = write(tmp_path, [PERSON_HEADER, "Claims,2026-01-31,4,4,3,2,1", "Claims,2026-01-31,5,3,3,3,4"], "fixed.csv")
    preview = preview_adkar(ws, fixed, ROLLOUT)
    assert len(preview.plan.changed) == 1
    apply_adkar(ws, preview)
    assert stored(ws)[("Claims", dt.date(2026, 1, 31))].reinforcement == 2.5
    assert len(ws.readiness.adkar.list(org["rollout"])) == 1


@pytest.mark.parametrize("row, reason", [
    ("Claims,2026-01-31,0,4,4,4,4,5", "awareness 0 is outside 1–5"),
    ("Claims,2026-01-31,4,5.5,4,4,4,5", "desire 5.5 is outside 1–5"),
    ("Claims,2026-01-31,4,4,lots,4,4,5", "knowledge 'lots' is not a number"),
    ("Claims,2026-01-31,4,4,4,,4,5", "ability is empty"),
    ("Nowhere,2026-01-31,4,4,4,4,4,5", "there is no team called 'Nowhere'"),
    (",2026-01-31,4,4,4,4,4,5", "team is empty"),
    ("Claims,someday,4,4,4,4,4,5", "assessed_on:"),
    ("Claims,2026-01-31,4,4,4,4,4,0", "respondents '0'"),
    ("Claims,2026-01-31,4,4,4,4,4,2.5", "respondents '2.5'"),
    ("Claims,2026-01-31,4,4,4,4,4", "has 7 fields, the header has 8"),
    ("Billing,2026-01-31,4,4,4,4,4,5", "already in row 2"),
])
def test_each_rejection_is_reported_by_row_and_nothing_is_applied(org, tmp_path, row, reason):
    ws = org["ws"]
    first = "Billing,2026-01-31,4,4,4,4,4,5"
    path = write(tmp_path, [TEAM_HEADER, first, row])
    preview = preview_adkar(ws, path, ROLLOUT)
    assert not preview.ok
    assert [e.row for e in preview.plan.errors] == [3], preview.report()
    assert reason in preview.report()
    with pytest.raises(ValueError):
        apply_adkar(ws, preview)
    assert stored(ws) == {}


def test_missing_columns_and_unknown_rollout(org, tmp_path):
    ws = org["ws"]
    preview = preview_adkar(ws, write(tmp_path, ["team,assessed_on,awareness", "Claims,2026-01-31,4"]), ROLLOUT)
    assert not preview.ok and "no column desire" in preview.report()
    preview = preview_adkar(ws, write(tmp_path, [TEAM_HEADER, "Claims,2026-01-31,4,4,4,4,4,5"]), "No such")
    assert not preview.ok and "no rollout called 'No such'" in preview.report()


def test_workbook_layout(org, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(TEAM_HEADER.split(","))
    sheet.append(["Claims", dt.datetime(2026, 2, 28), 4.5, 4, 3.5, 3, 2.5, 11])
    wb.save(tmp_path / "survey.xlsx")
    ws = org["ws"]
    preview = preview_adkar(ws, tmp_path / "survey.xlsx", ROLLOUT)
    assert preview.ok, preview.report()
    apply_adkar(ws, preview)
    assert stored(ws)[("Claims", dt.date(2026, 2, 28))].ability == 3.0


def test_command_line(org, tmp_path, capsys):
    ws = org["ws"]
    path = write(tmp_path, [TEAM_HEADER, "Claims,2026-01-31,4,4,4,4,4,5"])
    bad = write(tmp_path, [TEAM_HEADER, "Claims,2026-01-31,9,4,4,4,4,5"], "bad.csv")
    ws_path = ws.location
    ws.close()
    assert main(["import", "adkar", str(ws_path), str(bad), "--rollout", ROLLOUT]) == 1
    assert "outside 1–5" in capsys.readouterr().err
    assert main(["import", "adkar", str(ws_path), str(path), "--rollout", ROLLOUT, "--dry-run"]) == 0
    assert "Dry run" in capsys.readouterr().out
    assert main(["import", "adkar", str(ws_path), str(path), "--rollout", ROLLOUT]) == 0
    assert main(["import", "adkar", str(ws_path), str(path), "--rollout", ROLLOUT]) == 0
    assert "Nothing to change" in capsys.readouterr().out
    from tracker.store import Workspace

    with Workspace.open(ws_path) as again:
        assert len(again.readiness.adkar.list(again.rollouts.by_name(ROLLOUT).id)) == 1


def test_per_respondent_answers_leave_no_respondent_level_row(org, tmp_path):
    """Retention has nothing to purge for surveys: only each team's means and how many answered
    are stored, in the record and in the history, never a respondent's own answers."""
    ws = org["ws"]
    tables = {t: ws.scalar(f'SELECT count(*) FROM "{t}"') for t in ws.table_names() if not t.startswith("sqlite_")}
    header = PERSON_HEADER + ",respondent_email"
    path = write(tmp_path, [header, "Claims,2026-01-31,1,5,1,5,1,first-rare-respondent@example.com",
                            "Claims,2026-01-31,5,1,5,1,5,second-rare-respondent@example.com"])
    preview = preview_adkar(ws, path, ROLLOUT)
    assert preview.ok and preview.plan.per_respondent
    apply_adkar(ws, preview)
    after = {t: ws.scalar(f'SELECT count(*) FROM "{t}"') for t in ws.table_names() if not t.startswith("sqlite_")}
    grown = {t: after[t] - tables.get(t, 0) for t in after if after[t] != tables.get(t, 0)}
    assert grown == {"adkar_assessments": 1, "changes": 1, "audit": 1}
    [claims] = ws.query("SELECT awareness, desire, knowledge, ability, reinforcement, respondents "
                        "FROM adkar_assessments")
    assert claims == {"awareness": 3.0, "desire": 3.0, "knowledge": 3.0, "ability": 3.0,
                      "reinforcement": 3.0, "respondents": 2}
    if ws.engine == "sqlite":  # nor in the file's free pages (a server's storage is its own)
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert b"rare-respondent" not in ws.path.read_bytes()
