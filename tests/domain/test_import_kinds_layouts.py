"""A dropped file that a layout recognises opens the import of that layout's kind."""

from __future__ import annotations

from tracker.domain.import_kinds import detect_import_kinds
from tracker.domain.importing import normalise_header


def _kinds(raw):
    return [kind.key for kind in detect_import_kinds([normalise_header(h) for h in raw])]


def test_hr_exports_are_rosters_and_plain_files_unchanged():
    assert _kinds(["Employee_ID", "Preferred_Name", "Supervisory_Organization", "Business_Title"]) == ["roster"]
    assert _kinds(["STATUS", "USERID", "USERNAME", "FIRSTNAME", "LASTNAME", "DEPARTMENT"]) == ["roster"]
    assert _kinds(["employeeNumber", "firstName", "lastName", "department", "supervisorEId"]) == ["roster"]
    assert _kinds(["employee_id", "name", "team"]) == ["roster"]
    assert _kinds(["userPrincipalName", "displayName", "mail", "accountEnabled"]) == []  # accounts: no drop import
    assert _kinds(["Id", "Full name"]) == []
