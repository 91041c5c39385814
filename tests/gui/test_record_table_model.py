"""The shared table model: sorting and filtering in Python, and updating a few records in place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tracker.domain.models import Person
from tracker.ui.models.people_model import NAME, TITLE, make_people_model
from tracker.ui.widgets.data_table_view import DataTableView

pytestmark = pytest.mark.gui

DESC = Qt.SortOrder.DescendingOrder
ASC = Qt.SortOrder.AscendingOrder


def person(pid: int, name: str, title: str = "Analyst", active: bool = True, team: str = "Claims") -> Person:
    return Person(pid, f"E{pid}", name, f"{name.split()[0].lower()}@example.com", title, 1, None,
                  active, team, "")


@pytest.fixture
def view(qtbot):
    view = DataTableView(make_people_model(), "test/records")
    qtbot.addWidget(view)
    view.horizontalHeader().setSortIndicator(NAME, ASC)
    view.set_rows([person(1, "Cy Claims"), person(2, "Ann Claims", "Lead"), person(3, "Bob Billing", team="Billing")])
    return view


def shown(view) -> list[str]:
    model = view.model()
    return [model.index(r, NAME).data() for r in range(model.rowCount())]


class Signals:
    def __init__(self, model):
        self.names: list[str] = []
        for name in ("modelReset", "layoutChanged", "dataChanged"):
            getattr(model, name).connect(lambda *_a, n=name: self.names.append(n))


def test_rows_arrive_sorted_by_the_header_and_sort_by_another_column(view):
    assert shown(view) == ["Ann Claims", "Bob Billing", "Cy Claims"]
    view.sortByColumn(TITLE, DESC)  # Lead before Analyst; the analysts in the order given
    assert shown(view) == ["Ann Claims", "Cy Claims", "Bob Billing"]
    view.sortByColumn(NAME, DESC)
    assert shown(view) == ["Cy Claims", "Bob Billing", "Ann Claims"]
    assert view.source_model.record(0).name == "Cy Claims"


def test_search_and_predicate_filter_together_and_keep_the_selection(view):
    view.select_where(lambda p: p.id == 1)
    model = view.source_model
    model.set_search("CLAIMS")
    assert shown(view) == ["Ann Claims", "Cy Claims"]
    assert [p.id for p in view.selected_records()] == [1]  # Cy stayed selected on its new row
    model.set_predicate(lambda p: p.title == "Lead")
    assert shown(view) == ["Ann Claims"]
    assert view.selected_records() == []  # filtered away
    model.set_search("")
    model.set_predicate(None)
    assert len(model.rows()) == 3 and len(shown(view)) == 3


def test_a_changed_record_is_repainted_in_place(view):
    signals = Signals(view.model())
    view.select_where(lambda p: p.id == 3)
    view.update_records([person(3, "Bob Billing", "Manager", team="Billing")])
    assert signals.names == ["dataChanged"]  # no reset, no re-sort: only that row repaints
    row = shown(view).index("Bob Billing")
    assert view.model().index(row, TITLE).data() == "Manager"
    assert [p.title for p in view.selected_records()] == ["Manager"]


def test_a_change_to_the_sorted_column_moves_the_record_and_keeps_it_selected(view):
    view.select_where(lambda p: p.id == 2)
    signals = Signals(view.model())
    view.update_records([person(2, "Zoe Claims", "Lead")])
    assert signals.names == ["layoutChanged"]
    assert shown(view) == ["Bob Billing", "Cy Claims", "Zoe Claims"]
    assert [p.name for p in view.selected_records()] == ["Zoe Claims"]


def test_a_change_that_hides_a_record_refilters(view):
    model = view.source_model
    model.set_predicate(lambda p: p.active)
    model.set_search("claims")
    model.update_records([person(1, "Cy Claims", active=False)])
    assert shown(view) == ["Ann Claims"]
    model.update_records([person(3, "Bob Claims", team="Claims")])  # now matches the search
    assert shown(view) == ["Ann Claims", "Bob Claims"]


def test_new_and_removed_records(view):
    model = view.source_model
    model.update_records([person(4, "Aaron New")], removed=[1])
    assert shown(view) == ["Aaron New", "Ann Claims", "Bob Billing"]
    assert sorted(p.id for p in model.rows()) == [2, 3, 4]


def test_many_search_words_must_all_match(view):
    view.source_model.set_search("ann lead")
    assert shown(view) == ["Ann Claims"]
    view.source_model.set_search("ann billing")
    assert shown(view) == []


def test_empty_values_sort_first_and_mixed_types_do_not_raise(qtbot):
    from tracker.ui.models.record_table_model import sorted_positions

    assert sorted_positions([3, None, 1], descending=False) == [1, 2, 0]
    assert sorted_positions([3, None, 1], descending=True) == [0, 2, 1]
    assert sorted_positions(["b", 2, None], descending=False) == [2, 1, 0]
