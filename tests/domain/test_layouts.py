"""The layout framework: recognising a system's export by its header row, and turning its rows
into the importers' fields (NFC text, one date order per column, status words)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tracker.domain.dates import DateParseError, parse_date, slashed_order
from tracker.domain.layouts import LAYOUTS, Layout, header_names, mapping_layout, recognise, to_fields

WORKDAY_HEADER = ["Hire_Date", "Employee_ID", "First_Name", "Last_Name", "Email_Address",
                  "Supervisory_Organization", "Business_Title", "Manager_ID", "Worker_Status",
                  "Cost_Center_Code"]


def _rows(header, *lines):
    from tracker.domain.importing import normalise_header

    keys = [normalise_header(h) for h in header]
    return [(n, dict(zip(keys, line))) for n, line in enumerate(lines, start=2)]


def test_section_prefixes_answer_to_their_tail():
    assert header_names("User - User ID") == ("user_user_id", "user_id")
    assert header_names("Employee_ID") == ("employee_id",)


def test_workday_report_is_recognised_in_any_column_order_with_extra_columns():
    found = recognise(list(reversed(WORKDAY_HEADER)), LAYOUTS)
    assert found is not None and found.layout.key == "workday_worker"
    assert found.column_of["team"] == "supervisory_organization"
    assert found.missing() == []


def test_a_header_row_of_no_known_system_is_not_recognised():
    assert recognise(["Id", "Full name", "Unit"], LAYOUTS) is None


def test_rows_become_fields_with_us_dates_statuses_and_nfc_names():
    found = recognise(WORKDAY_HEADER, LAYOUTS)
    decomposed = unicodedata.normalize("NFD", "Zoë")
    rows = _rows(WORKDAY_HEADER,
                 ["05/06/2024", "E1", decomposed, "Brandt", "z@x.test", "Claims", "Analyst", "", "Terminated", "C1"],
                 ["12/31/2023", "E2", "Al", "", "", "Claims", "Lead", "E1", "Active", "C1"])
    result = to_fields(found, rows)
    assert result.errors == []
    first, second = (values for _n, values in result.rows)
    assert first["name"] == "Zoë Brandt" and unicodedata.is_normalized("NFC", first["name"])
    assert first["hire_date"] == dt.date(2024, 5, 6)  # the column is month first: 6 May
    assert first["status"] == "leaver" and second["status"] == "active"
    assert second["name"] == "Al"


def test_an_ambiguous_column_takes_the_layouts_order_for_every_row():
    found = recognise(WORKDAY_HEADER, LAYOUTS)
    rows = _rows(WORKDAY_HEADER, ["05/06/2024", "E1", "A", "B", "", "T", "X", "", "Active", ""],
                 ["07/08/2024", "E2", "C", "D", "", "T", "X", "", "Active", ""])
    dates = [values["hire_date"] for _n, values in to_fields(found, rows).rows]
    assert dates == [dt.date(2024, 5, 6), dt.date(2024, 7, 8)]


def test_a_day_first_value_in_a_month_first_column_is_a_row_error_not_a_silent_swap():
    layout = Layout(key="t", title="t", kind="roster", signature=frozenset({"id"}),
                    columns={"employee_id": ("id",), "name": ("n",), "team": ("t",), "hire_date": ("d",)})
    found = recognise(["id", "n", "t", "d"], [layout])
    rows = _rows(["id", "n", "t", "d"], ["1", "A", "T", "12/31/2024"], ["2", "B", "T", "31/12/2024"])
    result = to_fields(found, rows)
    assert result.rows == [] and len(result.errors) == 1
    assert "mixes day-first" in str(result.errors[0])


def test_dates_as_systems_write_them():
    assert parse_date("JAN-15-2025 10:00:00 UTC") == dt.date(2025, 1, 15)
    assert parse_date("2025-01-15T10:00:00Z  ") == dt.date(2025, 1, 15)
    assert parse_date("01/15/2025 10:00 AM") == dt.date(2025, 1, 15)
    assert slashed_order(["05/06/2026", "02/28/2026"]) is False
    assert slashed_order(["05/06/2026"]) is None
    with pytest.raises(DateParseError):
        parse_date("13/05/2026", day_first=False, strict=True)


def test_a_saved_mapping_recognises_its_header_row_and_feeds_the_chosen_columns():
    header = ["Personalnummer", "Anzeigename", "Abteilung", "Eintritt"]
    layout = mapping_layout("roster", "SAP HCM DE", {"employee_id": "personalnummer", "name": "anzeigename",
                                                      "team": "abteilung", "hire_date": "eintritt"}, header)
    found = recognise(list(reversed(header)), [layout, *LAYOUTS])
    assert found is not None and found.layout.saved
    result = to_fields(found, _rows(header, ["7", "Ana", "Kasse", "2024-03-01"]))
    assert result.rows[0][1] == {"employee_id": "7", "name": "Ana", "team": "Kasse",
                                 "hire_date": dt.date(2024, 3, 1)}


def test_a_layout_naming_a_field_its_kind_does_not_have_is_refused():
    with pytest.raises(ValueError):
        Layout(key="bad", title="bad", kind="usage", signature=frozenset(), columns={"team": ("team",)})
