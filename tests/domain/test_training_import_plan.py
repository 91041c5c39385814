"""The LMS import planner on its own: module matching, people by id/email/account, statuses
read from the row, and lenient vs strict status words."""

from __future__ import annotations

import datetime as dt
import unicodedata

from tracker.domain.training import TrainingStatus
from tracker.domain.training_import import ModuleInfo, People, plan_training_import

TODAY = dt.date(2026, 3, 15)
MODULES = [ModuleInfo(1, "AI-101", "Café basics", dt.date(2025, 1, 1)),
           ModuleInfo(2, "SF-7", "Prompting well", dt.date(2025, 1, 1))]
PEOPLE = People({"E1": 10, "E2": 20}, {"ann@example.com": 10}, {"ann.login": 10, "bob.login": 20})
FIELDS = ("employee_id", "email", "account", "module", "module_title", "status", "completed_on", "progress")


def plan(*rows, lenient=True):
    return plan_training_import({f: f for f in FIELDS}, [(n, dict(r)) for n, r in enumerate(rows, start=2)],
                                people=PEOPLE, modules=MODULES, records={}, today=TODAY, lenient_statuses=lenient)


def test_modules_match_by_code_or_title_across_case_spaces_dashes_and_unicode_form():
    nfd = unicodedata.normalize("NFD", "CAFÉ  basics")
    result = plan({"employee_id": "E1", "module": nfd, "status": "completed", "completed_on": "2025-03-01"},
                  {"employee_id": "E2", "module": "ai_101", "status": "in progress"},
                  {"employee_id": "E2", "module": "COURSE-0042", "module_title": "prompting WELL",
                   "status": "completed", "completed_on": dt.date(2025, 2, 1)})
    assert result.ok, result.errors
    assert sorted((r.module_id, r.person_id) for r in result.new) == [(1, 10), (1, 20), (2, 20)]
    assert not result.skipped_modules


def test_people_by_employee_id_then_email_then_account_and_a_user_id_that_is_a_login():
    result = plan({"employee_id": "ANN.LOGIN", "module": "AI-101", "status": "in progress"},
                  {"email": "Ann@Example.com", "module": "SF-7", "status": "in progress"},
                  {"account": "Bob.Login", "module": "SF-7", "status": "in progress"},
                  {"account": "nobody", "module": "SF-7", "status": "in progress"})
    assert sorted((r.module_id, r.person_id) for r in result.new) == [(1, 10), (2, 10), (2, 20)]
    assert result.unmatched_people == {"nobody": 1}


def test_an_empty_status_is_read_from_the_completion_date_and_progress():
    result = plan({"employee_id": "E1", "module": "AI-101", "completed_on": "2025-03-01", "progress": "100%"},
                  {"employee_id": "E2", "module": "AI-101", "progress": "40"},
                  {"employee_id": "E2", "module": "SF-7", "progress": "0%"})
    assert [r.after.status for r in result.new] == [TrainingStatus.COMPLETED, TrainingStatus.IN_PROGRESS,
                                                    TrainingStatus.NOT_STARTED]
    bad = plan({"employee_id": "E2", "module": "SF-7", "progress": "lots"})
    assert [str(e) for e in bad.errors] == ["row 2: progress 'lots' is not a percentage from 0 to 100"]


def test_an_unknown_status_is_skipped_and_named_for_a_layout_but_an_error_in_the_apps_own_columns():
    row = {"employee_id": "E1", "module": "AI-101", "status": "ATTENDED_PARTIAL"}
    lenient = plan(row, {"employee_id": "E2", "module": "AI-101", "status": "in progress"})
    assert lenient.ok and lenient.unknown_statuses == {"ATTENDED_PARTIAL": 1}
    strict = plan(row, lenient=False)
    assert "'ATTENDED_PARTIAL' is not a status" in str(strict.errors[0])
