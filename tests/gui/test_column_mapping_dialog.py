"""The column mapping dialog: a drop-down per field, a live preview, and the mapping's name."""

from __future__ import annotations

import pytest

from tracker.domain.importing import normalise_header
from tracker.ui.dialogs.column_mapping_dialog import NOT_IN_FILE, ColumnMappingDialog

pytestmark = pytest.mark.gui

HEADER = ["Personalnummer", "Vorname", "Nachname", "Abteilung", "Eintritt", "Kostenstelle"]
ROWS = [(n, dict(zip([normalise_header(h) for h in HEADER], values))) for n, values in enumerate([
    ["1001", "Zoë", "Brandt", "Kasse", "03/15/2024", "K1"],
    ["1002", "Jan", "Ott", "Kasse", "12/01/2023", "K1"],
], start=2)]


def _choose(dialog, field, column):
    combo = dialog.combos[field]
    combo.setCurrentIndex(combo.findText(column))


def test_choosing_columns_updates_the_preview_and_enables_ok_when_every_field_is_there(qtbot):
    dialog = ColumnMappingDialog("roster", HEADER, ROWS, initial={"employee_id": "personalnummer"},
                                 file_name="mitarbeiter.csv")
    qtbot.addWidget(dialog)
    assert dialog.combos["employee_id"].currentText() == "Personalnummer"
    assert dialog.combos["team"].currentText() == NOT_IN_FILE
    assert not dialog.ok_button.isEnabled()
    assert "Still needed: Name or First name; Team." in dialog.status.text()
    _choose(dialog, "first_name", "Vorname")
    _choose(dialog, "last_name", "Nachname")
    _choose(dialog, "team", "Abteilung")
    _choose(dialog, "hire_date", "Eintritt")
    assert "Give the mapping a name" in dialog.status.text() and not dialog.ok_button.isEnabled()
    dialog.name_edit.setText("SAP HCM (DE)")
    assert dialog.ok_button.isEnabled(), dialog.status.text()
    model = dialog.preview_model
    assert model.headers == ["Employee id", "Name", "Team", "Hire date"]
    assert model.rows[0] == ["1001", "Zoë Brandt", "Kasse", "15 Mar 2024"]
    assert dialog.overrides() == {"employee_id": "Personalnummer", "first_name": "Vorname",
                                  "last_name": "Nachname", "team": "Abteilung", "hire_date": "Eintritt"}
    assert dialog.mapping_name() == "SAP HCM (DE)"
    dialog.save_check.setChecked(False)
    assert dialog.mapping_name() is None and dialog.ok_button.isEnabled()


def test_one_column_for_two_fields_is_refused_and_unreadable_dates_are_named(qtbot):
    dialog = ColumnMappingDialog("roster", HEADER, ROWS, name="x")
    qtbot.addWidget(dialog)
    _choose(dialog, "employee_id", "Personalnummer")
    _choose(dialog, "name", "Vorname")
    _choose(dialog, "team", "Vorname")
    assert "used twice: Vorname" in dialog.status.text() and not dialog.ok_button.isEnabled()
    _choose(dialog, "team", "Abteilung")
    _choose(dialog, "hire_date", "Nachname")
    assert "2 of the first 2 rows cannot be read" in dialog.status.text()
    assert dialog.preview_model.rows == []
