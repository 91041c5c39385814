"""Choosing the layout for a file: preset, saved mapping, recognised export, --map overrides."""

from __future__ import annotations

import pytest

from tracker.services.layout_choice import LayoutChoiceError, choose_layout, parse_map_options

WORKDAY = ["Employee_ID", "Preferred_Name", "Supervisory_Organization", "Business_Title", "Department"]


def test_a_recognised_export_needs_no_choice(workspace):
    found = choose_layout(workspace, WORKDAY, "roster")
    assert found.layout.title == "Workday worker report"
    assert choose_layout(workspace, WORKDAY, "usage") is None


def test_map_overrides_take_precedence_and_free_the_column(workspace):
    found = choose_layout(workspace, WORKDAY, "roster", overrides=parse_map_options(["team=department"]))
    assert found.column_of["team"] == "department"


def test_a_saved_mapping_wins_over_the_recognised_layout_and_a_preset_must_fit(workspace):
    workspace.import_mappings.save("Ours", "roster", {"employee_id": "employee_id", "name": "preferred_name",
                                                      "team": "department"}, WORKDAY)
    assert choose_layout(workspace, list(reversed(WORKDAY)), "roster").layout.title == "Ours"
    with pytest.raises(LayoutChoiceError, match="does not fit"):
        choose_layout(workspace, ["Employee_ID", "Name", "Unit"], "roster", preset="Ours")
    with pytest.raises(LayoutChoiceError, match="no mapping or layout called 'Theirs'"):
        choose_layout(workspace, WORKDAY, "roster", preset="Theirs")


def test_map_without_any_layout_builds_one_and_bad_options_say_why(workspace):
    header = ["Id", "Full name", "Unit"]
    found = choose_layout(workspace, header, "roster",
                          overrides=parse_map_options(["employee_id=Id", "name=Full name", "team=unit"]))
    assert dict(found.column_of) == {"employee_id": "id", "name": "full_name", "team": "unit"}
    with pytest.raises(LayoutChoiceError, match="FIELD=COLUMN"):
        parse_map_options(["team"])
    with pytest.raises(LayoutChoiceError, match="no column 'Dept'"):
        choose_layout(workspace, header, "roster", overrides={"team": "Dept"})
    with pytest.raises(LayoutChoiceError, match="no field colour"):
        choose_layout(workspace, header, "roster", overrides={"colour": "Unit"})
