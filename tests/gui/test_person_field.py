"""The person field: resolving what was typed, and building its lookups only when needed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFocusEvent

from tracker.domain.models import Person
from tracker.ui.widgets.person_field import PersonField

pytestmark = pytest.mark.gui


def person(pid: int, name: str, active: bool = True) -> Person:
    return Person(pid, f"E{pid}", name, "", "", None, None, active)


PEOPLE = [person(1, "Ann Lee"), person(2, "Bob Ray"), person(3, "Bob Ray"), person(4, "Cy Gone", active=False)]


@pytest.fixture
def field(qtbot):
    field = PersonField()
    qtbot.addWidget(field)
    return field


def test_resolves_labels_ids_and_unique_names(field):
    field.set_people(PEOPLE)
    for text, expected in (("Ann Lee (E1)", 1), ("e2", 2), ("ann lee", 1), ("Bob Ray", None), ("", None)):
        field.setText(text)
        assert field.person_id() == expected, text
    field.setText("Bob Ray")
    assert "More than one person" in field.problem()
    field.setText("Cy Gone (E4)")
    assert "has left" in field.problem()


def test_a_stored_choice_shows_without_building_the_lookups(field):
    field.set_people(PEOPLE)
    field.set_person(4)  # deactivated, but the stored choice stays valid
    assert field.text() == "Cy Gone (E4)"
    assert (field.person_id(), field.problem()) == (4, None)
    assert field._by_text == {} and field.completer().model().rowCount() == 0  # nothing built
    field.focusInEvent(QFocusEvent(QEvent.Type.FocusIn))
    assert field.completer().model().rowCount() == 3  # the active people, for completion


def test_a_loader_runs_only_when_the_field_is_used(field):
    loads, looked_up = [], []
    field.set_people_loader(lambda: loads.append(1) or PEOPLE,
                            lambda pid: looked_up.append(pid) or next(p for p in PEOPLE if p.id == pid))
    field.set_person(2)
    assert field.text() == "Bob Ray (E2)" and field.person_id() == 2
    assert (loads, looked_up) == ([], [2])
    field.setText("ann")
    assert field.person_id() is None and loads == [1]  # "ann" is nobody's full name
    field.setText("Ann Lee")
    assert field.person_id() == 1 and loads == [1]  # fetched once


def test_a_partial_name_says_how_many_the_list_offers_not_that_no_one_matches(field):
    field.set_people(PEOPLE + [person(5, "Zoë Brandt"), person(6, "Zoë Okafor"), person(7, "Zoë Left", active=False)])
    field.setText("Zoë")
    assert field.problem() == "2 people match 'Zoë'; pick one from the list."
    field.setText("Okaf")
    assert field.problem() == "1 person matches 'Okaf'; pick one from the list."
    field.setText("Quentin")
    assert field.problem() == "No one matches 'Quentin'; pick a person from the list."
