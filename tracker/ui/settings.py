"""Per-user window settings (geometry, recent files, column widths), with typed accessors.

One place knows the keys; the rest of the UI calls these functions instead of scattering
QSettings string keys around.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from tracker.store.engine.address import ServerAddress, for_settings

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

MAX_RECENT = 8


def _settings() -> QSettings:
    # INI format everywhere (not the Windows registry), so the tests can point it at a folder
    # of their own with QSettings.setPath.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "RolloutTracker", "Rollout Tracker")


def recent_files() -> list[Path]:
    return [Path(v) for v in _string_list("recent_files")]


def add_recent_file(path: Path) -> None:
    path = Path(path).absolute()
    items = [p for p in recent_files() if p != path]
    items.insert(0, path)
    _settings().setValue("recent_files", [str(p) for p in items[:MAX_RECENT]])


def remove_recent_file(path: Path) -> None:
    _settings().setValue("recent_files", [str(p) for p in recent_files() if p != Path(path)])


# Shared workspaces (servers) are kept apart from files, by their address without password
# (address.for_settings): a password never reaches the settings file.
def recent_shared() -> list[str]:
    return _string_list("recent_shared")


def add_recent_shared(address: ServerAddress) -> None:
    kept, _dropped = for_settings(address)
    items = [a for a in recent_shared() if a != kept]
    items.insert(0, kept)
    _settings().setValue("recent_shared", items[:MAX_RECENT])


def remove_recent_shared(address: str) -> None:
    _settings().setValue("recent_shared", [a for a in recent_shared() if a != address])


def last_workspace() -> Path | None:
    items = recent_files()
    return items[0] if items else None


def last_folder() -> str:
    return str(_settings().value("last_folder", str(Path.home())))


def set_last_folder(folder: Path | str) -> None:
    _settings().setValue("last_folder", str(folder))


# Exports (status report, training plan, data, chart images) go to another folder than the
# files imported or opened: a shared drive for leaders versus the HR system's downloads. Each
# save dialog starts where the last export went; until the first, where the workspace is.
def last_export_folder() -> str:
    return str(_settings().value("last_export_folder", last_folder()))


def set_last_export_folder(folder: Path | str) -> None:
    _settings().setValue("last_export_folder", str(folder))


def window_geometry() -> QByteArray | None:
    value = _settings().value("window/geometry")
    return value if isinstance(value, QByteArray) else None


def set_window_geometry(geometry: QByteArray) -> None:
    _settings().setValue("window/geometry", geometry)


def window_state() -> QByteArray | None:
    value = _settings().value("window/state")
    return value if isinstance(value, QByteArray) else None


def set_window_state(state: QByteArray) -> None:
    _settings().setValue("window/state", state)


# Column widths change in bursts (a page sizing its table's columns when built, a user dragging
# a column): each write waits for the disk (10 ms, far more on a busy machine), which made a
# page's first build pause the window for a tenth of a second. They are written together, a
# moment after the burst and before the application quits; until then they are read from here.
# Keyed by the settings file as well, so settings pointed elsewhere (the tests) never see them.
HEADER_WRITE_DELAY_MS = 1000
_unwritten_headers: dict[tuple[str, str], QByteArray] = {}
_writes_on_quit = False


def header_state(table_key: str) -> QByteArray | None:
    """A table's saved column widths and order (QHeaderView.saveState)."""
    store = _settings()
    value = _unwritten_headers.get((store.fileName(), table_key))
    if value is None:
        value = store.value(f"tables/{table_key}")
    return value if isinstance(value, QByteArray) else None


def set_header_state(table_key: str, state: QByteArray) -> None:
    """Remember a table's column state, written with the others of its burst (above)."""
    from PySide6.QtCore import QCoreApplication, QTimer

    global _writes_on_quit
    app = QCoreApplication.instance()
    if app is None:  # no event loop to write it later
        _settings().setValue(f"tables/{table_key}", state)
        return
    if not _unwritten_headers:
        QTimer.singleShot(HEADER_WRITE_DELAY_MS, write_header_states)
    if not _writes_on_quit:
        app.aboutToQuit.connect(write_header_states)
        _writes_on_quit = True
    _unwritten_headers[(_settings().fileName(), table_key)] = QByteArray(state)


def write_header_states() -> None:
    """Write the column states remembered since the last write, each to its own settings file."""
    by_file: dict[str, list[tuple[str, QByteArray]]] = {}
    for (file_name, key), state in _unwritten_headers.items():
        by_file.setdefault(file_name, []).append((key, state))
    _unwritten_headers.clear()
    for file_name, states in by_file.items():
        store = QSettings(file_name, QSettings.Format.IniFormat)
        for key, state in states:
            store.setValue(f"tables/{key}", state)


def splitter_state(key: str) -> QByteArray | None:
    value = _settings().value(f"splitters/{key}")
    return value if isinstance(value, QByteArray) else None


def set_splitter_state(key: str, state: QByteArray) -> None:
    _settings().setValue(f"splitters/{key}", state)


def appearance() -> str:
    """View → Appearance: "system" (the default), "light" or "dark"."""
    value = str(_settings().value("appearance", "system"))
    return value if value in ("system", "light", "dark") else "system"


def set_appearance(value: str) -> None:
    _settings().setValue("appearance", value)


def workspace_location(ws: Workspace) -> Path | str:
    """Where a workspace is, as settings and the window name it: its file, or a shared
    workspace's address (which holds no password)."""
    return ws.path if ws.engine == "sqlite" else (ws.address or ws.name)


def _location_key(workspace: Path | str) -> str:
    return workspace if isinstance(workspace, str) else str(Path(workspace).absolute())


def first_steps_hidden(workspace: Path | str) -> bool:
    """Whether the user hid the dashboard's first steps for this workspace (see workspace_location)."""
    return _location_key(workspace) in _string_list("first_steps_hidden")


def set_first_steps_hidden(workspace: Path | str, hidden: bool = True) -> None:
    key = _location_key(workspace)
    items = [p for p in _string_list("first_steps_hidden") if p != key] + ([key] if hidden else [])
    _settings().setValue("first_steps_hidden", items[-50:])


def _string_list(key: str) -> list[str]:
    """A list of strings; anything else a hand-edited or foreign settings file holds is none."""
    value = _settings().value(key, [])
    if isinstance(value, str):  # QSettings returns a bare string for a one-item list
        return [value]
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def navigator_width_chosen() -> bool:
    """Whether the user dragged the navigator's splitter (then the window keeps that width)."""
    return _settings().value("navigator_width_chosen", "false") in (True, "true")


def set_navigator_width_chosen(chosen: bool = True) -> None:
    _settings().setValue("navigator_width_chosen", "true" if chosen else "false")
