"""`tracker import training` with LMS exports: recognised layouts, --preset, --map, one-line refusals."""

from __future__ import annotations

from test_cli import _training_workspace as _workspace  # Ann (E1), rollout Triage, AI-101 "Basics" from 2025

from tracker.cli import main
from tracker.store import Workspace

TRANSCRIPT = ("User - User ID,Training - Training Title,Transcript - Transcript Status,"
              "Transcript - Transcript Completed Date\r\n"
              "E1,Basics,Completed,12/05/2024\r\nE1,Other course,Completed,12/05/2024\r\n")


def test_a_cornerstone_transcript_imports_with_no_flags_but_the_rollout(tmp_path, capsys):
    ws_path, lms = tmp_path / "org.tracker", tmp_path / "transcript.csv"
    _workspace(ws_path)
    lms.write_text(TRANSCRIPT, encoding="utf-8-sig")
    assert main(["import", "training", str(ws_path), str(lms), "--rollout", "Triage"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Recognised: Cornerstone transcript report\n")
    assert "1 row skipped for modules this rollout does not have: 'Other course'" in out
    assert "1 completion dated before their module's available-from date" in out
    with Workspace.open(ws_path) as ws:
        assert ws.scalar("SELECT status || ' ' || completed_on FROM training_records") == "completed 2024-12-05"
    assert main(["import", "training", str(ws_path), str(lms), "--rollout", "Triage"]) == 0
    assert "Nothing to change" in capsys.readouterr().out


def test_a_missing_field_is_one_line_and_exit_1_and_map_names_the_column(tmp_path, capsys):
    ws_path, lms = tmp_path / "org.tracker", tmp_path / "t.csv"
    _workspace(ws_path)
    lms.write_text("Login,Training Title,Transcript Status,Transcript Completed Date\nE1,Basics,In Progress,\n")
    assert main(["import", "training", str(ws_path), str(lms), "--rollout", "Triage"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "no column gives Employee id or Email or User account" in err
    mapped = ["--map", "employee_id=Login"]
    assert main(["import", "training", str(ws_path), str(lms), "--rollout", "Triage", *mapped]) == 0
    with Workspace.open(ws_path) as ws:
        assert ws.scalar("SELECT status FROM training_records") == "in_progress"


def test_preset_and_map_mistakes_are_one_line_and_exit_1(tmp_path, capsys):
    ws_path, lms = tmp_path / "org.tracker", tmp_path / "transcript.csv"
    _workspace(ws_path)
    lms.write_text(TRANSCRIPT)
    for extra, says in ((["--preset", "nope"], "there is no mapping or layout called 'nope'"),
                        (["--preset", "moodle_course_completion"], "'moodle_course_completion' does not fit"),
                        (["--map", "employee_id"], "write FIELD=COLUMN"),
                        (["--map", "module=Course Code"], "the file has no column 'Course Code'")):
        assert main(["import", "training", str(ws_path), str(lms), "--rollout", "Triage", *extra]) == 1, extra
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and says in err, err
    with Workspace.open(ws_path) as ws:
        assert ws.scalar("SELECT COUNT(*) FROM training_records") == 0


def test_help_names_the_recognised_layouts_and_the_options(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["import", "training", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for words in ("Cornerstone transcript report", "SAP SuccessFactors Learning history",
                  "LinkedIn Learning learner detail report", "Moodle course completion report",
                  "--preset NAME", "--map FIELD=COLUMN", "docs/imports.md"):
        assert words in out
