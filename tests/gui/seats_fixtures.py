"""What the Seats tab's tests share: a context on the org workspace with the pages' day pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from area_context import pinned_context

AS_OF = dt.date(2026, 6, 1)


@pytest.fixture
def context(org, qtbot, monkeypatch):
    yield from pinned_context(org["ws"], monkeypatch, AS_OF)
