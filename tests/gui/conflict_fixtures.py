"""What the stale-edit tests of the window share: another person's edit through a connection of
their own (as on a shared workspace), a window context on the `org` workspace, and the conflict dialog's answer given in advance.

Not a conftest.py: imported by name where wanted (`from conflict_fixtures import ...`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tracker.store import Workspace
from tracker.store.errors import StaleRecordError
from tracker.ui.context import AppContext
from tracker.ui.dialogs import conflict_dialog


@pytest.fixture
def context(org) -> AppContext:
    ctx = AppContext()
    ctx.set_workspace(org["ws"])
    return ctx


def someone_else(ws: Workspace, edit: Callable[[Workspace], object]) -> None:
    """`edit(other)` as the user "bea", on a second connection to the same workspace."""
    other = ws.for_thread()
    other.user = "bea"
    try:
        edit(other)
    finally:
        other.close()


@pytest.fixture
def answer(monkeypatch) -> Callable[[bool], list[StaleRecordError]]:
    """`answer(True)` ("Apply mine on top") or `answer(False)` ("Keep theirs") from now on;
    returns the list of refusals the user is asked about."""
    def set_answer(choice: bool) -> list[StaleRecordError]:
        asked: list[StaleRecordError] = []

        def ask(_parent, error):
            asked.append(error)
            return choice

        monkeypatch.setattr(conflict_dialog, "ask_conflict", ask)
        return asked
    return set_answer
