"""Column widths are remembered at once but written to the settings file together, a moment after
a burst of changes (a page sizing its columns as it is built paused the window on each write)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSettings

from tracker.ui import settings

pytestmark = pytest.mark.gui


def _on_disk(key: str):
    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "RolloutTracker", "Rollout Tracker")
    return store.value(f"tables/{key}")


def test_a_burst_of_column_changes_is_read_back_at_once_and_written_once_later(qtbot, monkeypatch):
    settings.write_header_states()  # what earlier tests left waiting goes first: not this burst's
    writes = []
    original = QSettings.setValue
    monkeypatch.setattr(QSettings, "setValue", lambda self, key, value: (writes.append(key), original(self, key, value)))
    for width in range(10):
        settings.set_header_state("people", QByteArray(bytes([width])))
    assert settings.header_state("people") == QByteArray(bytes([9]))  # the newest, before it is written
    assert writes == [] and _on_disk("people") is None
    qtbot.waitUntil(lambda: writes == ["tables/people"], timeout=settings.HEADER_WRITE_DELAY_MS * 5)
    assert _on_disk("people") == QByteArray(bytes([9]))


def test_unwritten_column_states_stay_with_their_settings_file(qtbot, tmp_path):
    settings.set_header_state("teams", QByteArray(b"first file"))
    first = _on_disk_file()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    assert settings.header_state("teams") is None  # another settings file: not this one's state
    settings.write_header_states()
    assert _on_disk("teams") is None
    assert QSettings(first, QSettings.Format.IniFormat).value("tables/teams") == QByteArray(b"first file")


def _on_disk_file() -> str:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "RolloutTracker",
                     "Rollout Tracker").fileName()
