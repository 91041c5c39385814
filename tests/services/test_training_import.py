"""LMS import: every rejection with its row, all or nothing, idempotence, never going back."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.training import TrainingStatus
from tracker.services.training_import import apply_training, preview_training
from tracker.store.errors import StoreValidationError
from tracker.store.training_queries import Scope

TODAY = dt.date(2026, 3, 15)
HEADER = "employee_id,email,module,status,completed_on,score"


@pytest.fixture
def lms(org):
    ws = org["ws"]
    end_user = ws.roles.type_by_name("End user").id
    for person in ("ann", "bob", "cy"):
        ws.roles.assign(org["rollout"], org[person], end_user)
    ws.training.create_module(org["rollout"], code="AI-101", title="AI basics", due_date=dt.date(2026, 4, 1),
                              available_from=dt.date(2025, 6, 1), role_ids=[end_user])
    ws.training.create_module(org["rollout"], code="AI-201", title="Prompting well", due_date=dt.date(2026, 5, 1),
                              available_from=dt.date(2026, 1, 1), role_ids=[end_user])
    return org


def write(tmp_path, *lines, name="lms.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def preview(ws, org, path):
    return preview_training(ws, path, org["rollout"], today=TODAY)


def records(ws, org):
    return {(r.employee_id, r.module_code): r for r in ws.training.people_modules(Scope(org["rollout"], as_of=TODAY))}


def test_import_applies_completions_by_code_title_and_email(lms, tmp_path):
    ws = lms["ws"]
    path = write(tmp_path, "E002,,AI-101,Completed,2026-02-03,88",
                 ",ada@example.com,ai basics,done,03/02/2026,",
                 "E003,,Prompting well,In Progress,,")
    result = preview(ws, lms, path)
    assert result.ok, result.report()
    assert "3 new, 0 changed, 0 unchanged (2 new completions)" in result.report()
    assert apply_training(ws, result) is not None
    stored = records(ws, lms)
    assert stored[("E002", "AI-101")].status is TrainingStatus.COMPLETED
    assert stored[("E002", "AI-101")].score == 88
    assert stored[("E003", "AI-201")].status is TrainingStatus.IN_PROGRESS
    ada = ws.scalar("SELECT status || ' ' || completed_on FROM training_records r JOIN people p ON p.id = r.person_id "
                    "WHERE p.employee_id = 'E001'")
    assert ada == "completed 2026-02-03"  # day first, and recorded though Ada has no requirement


@pytest.mark.parametrize("line, reason", [
    ("E002,,AI-101,finished-ish,2026-02-03,", "'finished-ish' is not a status"),
    ("E002,,AI-101,completed,2026-04-01,", "completion date 2026-04-01 is in the future"),
    ("E002,,AI-101,completed,31/02/2026,", "not a real date"),
    ("E002,,AI-101,completed,,", "completed, but no completion date"),
    ("E002,,AI-101,completed,2026-02-03,ninety", "'ninety' is not a score"),
    ("E002,,AI-101,completed,2026-02-03,120", "outside 0–100"),
])
def test_each_bad_row_is_rejected_with_its_number_and_nothing_changes(lms, tmp_path, line, reason):
    ws = lms["ws"]
    result = preview(ws, lms, write(tmp_path, "E003,,AI-101,completed,2026-02-03,", line))
    assert not result.ok
    assert [e.row for e in result.plan.errors] == [3]
    assert reason in result.plan.errors[0].reason
    with pytest.raises(StoreValidationError):
        apply_training(ws, result)
    assert ws.scalar("SELECT COUNT(*) FROM training_records") == 0


def test_rows_for_other_modules_and_unknown_people_are_skipped_counted_and_named(lms, tmp_path):
    """An LMS export covers the whole company: those rows are not errors, but the preview says
    which were left out and how many."""
    ws = lms["ws"]
    path = write(tmp_path, "E002,,AI-101,completed,2026-02-03,",
                 "E002,,Excel basics,completed,2026-01-03,", "E003,,Excel basics,in progress,,",
                 "E003,,AI-999,completed,not a date,",  # not validated: not this rollout's module
                 "E999,,AI-101,completed,2026-02-03,", ",nobody@example.com,AI-201,started,,")
    result = preview(ws, lms, path)
    assert result.ok, result.report()
    assert len(result.plan.new) == 1
    assert result.plan.skipped_modules == {"Excel basics": 2, "AI-999": 1}
    assert result.plan.unmatched_people == {"E999": 1, "nobody@example.com": 1}
    text = result.report()
    assert "3 rows skipped for modules this rollout does not have: 'Excel basics' (2 rows), 'AI-999' (1 row)" in text
    assert "2 rows skipped for 2 people not in the workspace: 'E999' (1 row), 'nobody@example.com' (1 row)" in text


def test_a_file_with_nothing_for_this_rollout_is_refused_and_says_why(lms, tmp_path):
    result = preview(lms["ws"], lms, write(tmp_path, "E002,,Excel basics,completed,2026-01-03,",
                                           "E999,,AI-101,completed,2026-02-03,"))
    assert not result.ok
    assert "no row of the file could be used" in result.report()
    assert "'Excel basics'" in result.report() and "'E999'" in result.report()


def test_missing_columns_reject_the_file(lms, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,course\nAnn,AI-101\n")
    result = preview(lms["ws"], lms, path)
    assert not result.ok and result.plan.errors[0].row is None
    assert "employee_id or an email" in result.report()


def test_reimporting_the_same_file_changes_nothing(lms, tmp_path):
    ws = lms["ws"]
    path = write(tmp_path, "E002,,AI-101,Completed,2026-02-03,88", "E003,,AI-201,started,,")
    assert apply_training(ws, preview(ws, lms, path)) is not None
    changes = ws.scalar("SELECT COUNT(*) FROM changes")
    again = preview(ws, lms, path)
    assert again.ok and not again.plan.has_changes and again.plan.unchanged == 2
    assert apply_training(ws, again) is None
    assert ws.scalar("SELECT COUNT(*) FROM changes") == changes


def test_a_later_in_progress_never_takes_a_completion_back(lms, tmp_path):
    ws = lms["ws"]
    apply_training(ws, preview(ws, lms, write(tmp_path, "E002,,AI-101,completed,2026-02-03,")))
    later = preview(ws, lms, write(tmp_path, "E002,,AI-101,in progress,,", "E003,,AI-101,in progress,,", name="b.csv"))
    assert later.plan.kept == 1 and len(later.plan.new) == 1
    apply_training(ws, later)
    assert records(ws, lms)[("E002", "AI-101")].status is TrainingStatus.COMPLETED


def test_duplicate_rows_in_one_file_keep_the_completion(lms, tmp_path):
    ws = lms["ws"]
    result = preview(ws, lms, write(tmp_path, "E002,,AI-101,completed,2026-02-03,", "E002,,AI-101,started,,"))
    assert result.ok and len(result.plan.new) == 1
    assert result.plan.new[0].after.status is TrainingStatus.COMPLETED


def test_excel_serial_dates_from_a_workbook(lms, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(["Employee ID", "Module", "Status", "Completed on", "Score"])
    sheet.append(["E002", "AI-101", "Passed", 46056, 75])  # 46056 = 2026-02-03
    path = tmp_path / "lms.xlsx"
    wb.save(path)
    result = preview(lms["ws"], lms, path)
    assert result.ok, result.report()
    assert result.plan.new[0].after.completed_on == dt.date(2026, 2, 3)


def test_an_lms_history_before_the_modules_creation_day_is_taken_with_a_note(org, tmp_path):
    """A module's "Available from" defaults to the day it was made in the app; an LMS export
    with earlier completions (the course existed in the LMS long before) must not be refused."""
    ws = org["ws"]
    ws.training.create_module(org["rollout"], code="AI-101", title="AI basics")  # available from today
    path = write(tmp_path, "E002,,AI-101,Completed,2024-05-02,", "E003,,AI-101,Completed,2023-11-20,")
    result = preview_training(ws, path, org["rollout"])
    assert result.ok, result.report()
    assert len(result.plan.new) == 2
    assert "2 completions dated before their module's available-from date" in result.report()
