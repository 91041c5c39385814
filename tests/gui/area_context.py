"""A window context on the `org` workspace for the rollout area pages' tests, with the pages'
"today" pinned, so figures that depend on the day stay put. Each test file pins its own day:

    @pytest.fixture
    def context(org, monkeypatch):
        yield from pinned_context(org["ws"], monkeypatch, AS_OF)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from tracker.store import Workspace
from tracker.ui.context import AppContext
from tracker.ui.pages.rollout_area_page import RolloutAreaPage


def pinned_context(ws: Workspace, monkeypatch, as_of: dt.date) -> Iterator[AppContext]:
    monkeypatch.setattr(RolloutAreaPage, "today", staticmethod(lambda: as_of))
    ctx = AppContext()
    ctx.set_workspace(ws)
    yield ctx
    ctx.workspace = None  # the workspace fixture closes it
