"""Telling import files apart by their headers (for files dropped on the window)."""

from __future__ import annotations

import pytest

from tracker.domain.import_kinds import BY_KEY, TEAM_FIGURE_COLUMNS, USAGE_COLUMNS, detect_import_kinds
from tracker.io.table_reader import normalise_header
from tracker.services import adoption_import, usage_import


def kinds(*headers: str) -> list[str]:
    return [k.key for k in detect_import_kinds([normalise_header(h) for h in headers])]


@pytest.mark.parametrize("headers, expected", [
    (("Employee ID", "Name", "Email", "Team", "Manager ID"), ["roster"]),
    (("employee_id", "course", "completion_status", "completion_date", "score"), ["training"]),
    (("email", "module", "status"), ["training"]),
    (("employee_id", "rollout", "used_on"), ["usage"]),
    (("Personnel number", "Tool", "Timestamp"), ["usage"]),
    (("team", "assessed_on", "awareness", "desire", "knowledge", "ability", "reinforcement", "respondents"),
     ["adkar"]),
    (("KPI", "Date", "Value"), ["kpis"]),
    (("rollout", "team", "period_end", "eligible", "active", "proficient"), ["team_figures"]),
    (("first", "second"), []),
])
def test_each_importer_s_file_is_recognised(headers, expected):
    assert kinds(*headers) == expected


def test_a_file_fitting_two_kinds_offers_both_best_first():
    # A usage log that also carries the columns of a roster: both fit; the user chooses.
    found = kinds("employee_id", "name", "team", "rollout", "used_on", "email", "title")
    assert found == ["roster", "usage"]


def test_which_kinds_need_a_rollout():
    assert {k for k, spec in BY_KEY.items() if spec.needs_rollout} == {"training", "adkar", "kpis"}


def test_the_copied_column_lists_match_the_importers():
    assert USAGE_COLUMNS == usage_import.SYNONYMS
    assert TEAM_FIGURE_COLUMNS == adoption_import.REQUIRED
