"""What the Seats tab's tests share: a context on the org workspace with the pages' day pinned."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.ui.context import AppContext
from tracker.ui.pages.rollout_area_page import RolloutAreaPage

AS_OF = dt.date(2026, 6, 1)


@pytest.fixture
def context(org, qtbot, monkeypatch):
    monkeypatch.setattr(RolloutAreaPage, "today", staticmethod(lambda: AS_OF))
    ctx = AppContext()
    ctx.set_workspace(org["ws"])
    yield ctx
    ctx.workspace = None  # the workspace fixture closes it
