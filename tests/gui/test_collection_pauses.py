"""Full garbage collections skip what the window holds once charts are drawn, and come less often."""

from __future__ import annotations

import gc

import pytest

from tracker.ui import collection_pauses

pytestmark = pytest.mark.gui  # the drawing thread calls it in a window's process


def test_what_is_alive_is_frozen_and_collections_are_spaced_out(monkeypatch):
    monkeypatch.setattr(collection_pauses, "_done", False)
    before = gc.get_threshold()
    kept = [object() for _ in range(10)]  # noqa: F841 - alive while frozen
    try:
        collection_pauses.reduce_collection_pauses()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] >= collection_pauses.YOUNG_OBJECTS
        frozen = gc.get_freeze_count()
        collection_pauses.reduce_collection_pauses()  # once per process
        assert gc.get_freeze_count() == frozen
    finally:
        gc.set_threshold(*before)
