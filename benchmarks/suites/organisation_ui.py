"""The window on the big workspace: switching pages, searching and sorting the people table.

All in this process, on one main window (benchmarks/gui.py), driven as a user would drive it:
clicks in the navigator and on the table header, key presses in the search box. Each clock
stops when the result has been painted, debounce timers included.
"""

from __future__ import annotations

from benchmarks.gui import all_widgets, gui, settle, time_until_painted
from benchmarks.harness import XL_INTERACTION, Bench, Sample, measurement

SEARCH_KEYS = "kjwbgvh"  # one character each repetition, each time from an empty search box


def _click(widget, pos) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def _click_item(tree, item) -> None:
    """A click on a navigator entry (QTreeWidget item), where the user would click it."""
    tree.scrollToItem(item)
    _click(tree.viewport(), tree.visualItemRect(item).center())


def _navigator_items(window):
    """(the Organisation entry, {rollout id: its entry}) from the navigator's tree."""
    from PySide6.QtCore import Qt

    tree = window.navigator.tree
    organisation, rollouts = None, {}
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top.data(0, Qt.ItemDataRole.UserRole) == "organisation":
            organisation = top
        for j in range(top.childCount()):
            child = top.child(j)
            if child.data(0, Qt.ItemDataRole.UserRole) == "rollout":
                rollouts[child.data(0, Qt.ItemDataRole.UserRole + 1)] = child
    return tree, organisation, rollouts


def _biggest_rollouts(ws, n: int) -> list[int]:
    """Rollout ids by how many role assignments they have, most first."""
    sizes = [(len(ws.roles.assignments(r.id)), r.id) for r in ws.rollouts.list()]
    return [rid for _size, rid in sorted(sizes, reverse=True)[:n]]


def _show_organisation(g) -> None:
    tree, organisation, _ = _navigator_items(g.window)
    if g.window.pages.currentWidget() is not g.window.organisation_page:
        _click_item(tree, organisation)
        settle(0.3)


def _people_view(g):
    page = g.window.organisation_page
    return page, page.view


def _counter(bench: Bench, key: str) -> int:
    counts = bench.shared(key, lambda: {"n": 0})
    counts["n"] += 1
    return counts["n"] - 1


@measurement("ui.switch_to_organisation", "switch to the Organisation page after a people edit, data shown",
             target_s=0.1, scale_targets=XL_INTERACTION, order=30)
def switch_to_organisation(bench: Bench) -> Sample:
    """From a rollout's page, a click on "Organisation" in the navigator until the people table
    has been painted. Before each click (untimed) one person's title is edited through the
    store, as any edit elsewhere would, so the page has to show fresh data."""
    g = gui(bench)
    n = _counter(bench, "switch-org")
    tree, organisation, rollouts = _navigator_items(g.window)
    rollout_id = sorted(rollouts)[n % len(rollouts)]
    if g.window.pages.currentWidget() is not g.window.rollout_page:
        _click_item(tree, rollouts[rollout_id])
        settle(0.3)
    g.ws.people.update(n + 1, title=f"Benchmark title {n}")
    settle(0.3)
    _page, view = _people_view(g)
    seconds = time_until_painted(lambda: _click_item(tree, organisation), [view.viewport()])
    return Sample(seconds, None, {"rows": view.model().rowCount()})


@measurement("ui.switch_to_rollout", "switch to a rollout's page (one of the 5 biggest), data shown",
             target_s=0.1, scale_targets=XL_INTERACTION, order=31)
def switch_to_rollout(bench: Bench) -> Sample:
    """From the Organisation page, a click on one of the five rollouts with the most role
    assignments (a different one each time) until the rollout page has been painted."""
    g = gui(bench)
    n = _counter(bench, "switch-rollout")
    biggest = bench.shared("biggest-rollouts", lambda: _biggest_rollouts(g.ws, 5))
    page = g.window.rollout_page
    rollout_id = biggest[n % len(biggest)]
    if rollout_id == page.rollout_id:  # the page would only be shown again, not loaded
        rollout_id = biggest[(n + 1) % len(biggest)]
    _show_organisation(g)
    tree, _organisation, rollouts = _navigator_items(g.window)
    seconds = time_until_painted(lambda: _click_item(tree, rollouts[rollout_id]), all_widgets(page))
    return Sample(seconds, None, {"rollout_id": rollout_id,
                                  "role_assignments": page.roles_panel.row_count()})


@measurement("ui.switch_to_rollout_first", "first switch to a rollout's page after opening the workspace",
             target_s=0.1, scale_targets=XL_INTERACTION, heavy=True, order=32)
def switch_to_rollout_first(bench: Bench) -> Sample:
    """As ui.switch_to_rollout, but the first one after the workspace was (re)opened, when the
    page also loads the people for its owner and sponsor fields. The reopening is untimed."""
    g = gui(bench)
    biggest = bench.shared("biggest-rollouts", lambda: _biggest_rollouts(g.ws, 5))
    g.context.set_workspace(None)
    settle(0.2)
    if not g.window.files.open_path(g.workspace_path):
        raise RuntimeError("could not reopen the workspace")
    settle(0.5)
    tree, _organisation, rollouts = _navigator_items(g.window)
    page = g.window.rollout_page
    seconds = time_until_painted(lambda: _click_item(tree, rollouts[biggest[0]]), all_widgets(page))
    return Sample(seconds, None, {"rollout_id": biggest[0]})


@measurement("ui.people_search", "people table: type one character in the search box, rows shown",
             target_s=0.1, scale_targets=XL_INTERACTION, order=33)
def people_search(bench: Bench) -> Sample:
    """On the Organisation page (all teams, search box empty), one key press in the search box
    until the filtered people table has been painted: the page's debounce delay is part of it,
    as the user waits through it too."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    g = gui(bench)
    n = _counter(bench, "search")
    _show_organisation(g)
    page, view = _people_view(g)
    if page.search.text():
        QTest.keyClick(page.search, Qt.Key.Key_Escape)
        settle(0.5)
    page.search.setFocus()
    settle(0.1)
    proxy = view.model()
    before = proxy.rowCount()
    key = SEARCH_KEYS[n % len(SEARCH_KEYS)]
    signals = [proxy.layoutChanged, proxy.modelReset, proxy.rowsRemoved, proxy.rowsInserted]
    seconds = time_until_painted(lambda: QTest.keyClicks(page.search, key), [view.viewport()], armed_by=signals)
    shown = proxy.rowCount()
    QTest.keyClick(page.search, Qt.Key.Key_Escape)  # back to the full table, untimed
    settle(0.5)
    return Sample(seconds, None, {"key": key, "rows_before": before, "rows_shown": shown})


@measurement("ui.edit_person", "save an edit to one person, Organisation page updated",
             target_s=0.1, scale_targets=XL_INTERACTION, order=35)
def edit_person(bench: Bench) -> Sample:
    """On the Organisation page, one person's title changed through the store (what the person
    dialog's OK does) until the people table has been repainted: every page listening to
    `data_changed` reacts first, hidden ones included. The issue sets no target for it; the
    page-switch budget (0.3 s) is the natural one."""
    g = gui(bench)
    n = _counter(bench, "edit")
    _show_organisation(g)
    _page, view = _people_view(g)
    proxy = view.model()
    signals = [proxy.layoutChanged, proxy.modelReset, proxy.dataChanged]
    seconds = time_until_painted(lambda: g.ws.people.update(1000 + n, title=f"Edited title {n}"),
                                 [view.viewport()], armed_by=signals)
    return Sample(seconds, None, {"rows": proxy.rowCount()})


SORT_COLUMNS = ("Team", "Name", "Email", "Title", "Employee id")


@measurement("ui.people_sort", "sort the people table by a column", target_s=0.1, scale_targets=XL_INTERACTION, order=34)
def people_sort(bench: Bench) -> Sample:
    """A click on a column header of the people table (all teams, no search; each time a
    different column than the current sort) until the re-sorted table has been painted."""
    from PySide6.QtCore import QPoint

    g = gui(bench)
    n = _counter(bench, "sort")
    _show_organisation(g)
    page, view = _people_view(g)
    header = view.horizontalHeader()
    model = view.model()
    titles = [model.headerData(c, _horizontal()) for c in range(model.columnCount())]
    wanted = SORT_COLUMNS[n % len(SORT_COLUMNS)]
    column = titles.index(wanted)
    if header.sortIndicatorSection() == column:
        column = titles.index(SORT_COLUMNS[(n + 1) % len(SORT_COLUMNS)])
    view.scrollTo(model.index(0, column))
    settle(0.1)
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2

    def click() -> None:
        if 0 <= x < header.viewport().width():
            _click(header.viewport(), QPoint(x, header.height() // 2))
        else:  # off screen: what the click would do
            header.setSortIndicator(column, _ascending())

    signals = [model.layoutChanged, model.modelReset]
    seconds = time_until_painted(click, [view.viewport()], armed_by=signals)
    return Sample(seconds, None, {"column": titles[column], "rows": model.rowCount()})


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _ascending():
    from PySide6.QtCore import Qt

    return Qt.SortOrder.AscendingOrder
