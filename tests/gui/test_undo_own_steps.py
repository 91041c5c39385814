"""Undo undoes your own steps only: on a shared workspace the window's undo list holds the
changes the trail records under this session's database user, not another person's."""

from __future__ import annotations

import pytest

from tracker.store import Workspace
from tracker.store.events import ChangeEvent


@pytest.mark.gui
def test_the_undo_list_skips_other_peoples_changes(pg_database, qtbot):
    from tracker.ui.undo_stack import UndoStack

    mine = Workspace.open(pg_database)
    theirs = Workspace.open(pg_database)
    theirs.user = "bea"  # another person: the trail records their name
    try:
        stack = UndoStack()
        stack.reset(mine)
        events: list[ChangeEvent] = []
        theirs.add_listener(events.append)
        theirs.teams.create("Billing")
        stack.on_change(events[-1])  # as a broadcast of their change would arrive
        assert not stack.can_undo()
        mine.add_listener(stack.on_change)
        mine.teams.create("Claims")
        assert stack.can_undo() and stack.undo_label() == "Add team Claims"
        stack.undo()
        assert {t.name for t in mine.teams.list()} == {"Billing"}
    finally:
        mine.close()
        theirs.close()
