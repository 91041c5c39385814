"""Shared fixtures: offscreen Qt, isolated settings, a fresh workspace per test."""

from __future__ import annotations

import os
import shutil

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bytecode_cache  # noqa: F401 - importing it caches compiled modules outside the checkout
import pytest
from sample_workspaces import SampleWorkspaces

from tracker.store import Workspace

ENGINES = ("sqlite", "postgresql")
#: Test folders whose `workspace` (and `org`) run on both engines; others follow as they pass.
BOTH_ENGINES_UNDER = ("store", "services", "io", "reports", "commands")


def pytest_addoption(parser):
    parser.addoption(
        "--engine", choices=("sqlite", "postgresql", "both"), default=None,
        help="the engine(s) the workspace fixture runs on: a file (sqlite), a server (postgresql) or "
             "both (the default where PostgreSQL's binaries are installed, else sqlite; sqlite in the "
             "fast loop, -m \"not slow\")")


def _engines(config) -> tuple[str, ...]:
    chosen = config.getoption("engine")
    if chosen is None and _fast_loop(config):
        chosen = "sqlite"  # the fast loop: SQLite alone, unless --engine says otherwise
    if chosen is None:
        import postgres_cluster

        chosen = "both" if postgres_cluster.find_binaries() is not None else "sqlite"
    return ENGINES if chosen == "both" else (chosen,)


def _fast_loop(config) -> bool:
    """The fast loop is a marker expression that leaves out slow tests (`-m "not gui and not slow"`)."""
    return "not slow" in " ".join((config.getoption("markexpr") or "").split())


def pytest_generate_tests(metafunc):
    """`workspace` (and what builds on it) once per engine, in the folders that run on both;
    a test (or module) marked `sqlite_only(reason)` keeps SQLite alone."""
    if "workspace" not in metafunc.fixturenames:
        return
    folder = metafunc.definition.path.parent.name
    engines = _engines(metafunc.config)
    if folder not in BOTH_ENGINES_UNDER or metafunc.definition.get_closest_marker("sqlite_only"):
        engines = tuple(e for e in engines if e == "sqlite") or ("sqlite",)
    metafunc.parametrize("engine", engines, scope="function")


def pytest_collection_modifyitems(config, items):
    """When the run is SQLite's alone (the fast loop, or `--engine sqlite`), the tests that need
    a PostgreSQL server of their own (push/pull, roles, live updates, the four writers) are left
    out: starting a cluster and exercising it is a third of the fast loop's time. The whole run
    (and `--engine both` or `postgresql` with any marker) keeps them."""
    if "postgresql" in _engines(config):
        return
    kept, left_out = [], []
    for item in items:
        (left_out if "pg_cluster" in getattr(item, "fixturenames", ()) else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_configure(config):
    """In the fast loop (a marker expression that leaves out slow tests), property tests try a
    tenth of their examples (tests/property_budget.py); any other run tries all of them."""
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test is about the workspace file (or does not yet pass on "
                   "PostgreSQL, saying what is missing): its workspace is SQLite's alone")
    import property_budget
    from hypothesis import settings

    fast = _fast_loop(config)
    property_budget.FULL = not fast
    settings.register_profile("fast-loop", max_examples=property_budget.FAST_DEFAULT)
    if fast:
        settings.load_profile("fast-loop")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory, monkeypatch):
    """Keep window settings (recent files, widths) out of the user's real profile."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    yield home


@pytest.fixture(autouse=True)
def isolated_qt_settings(request, tmp_path_factory):
    """GUI tests write window settings into a folder of their own."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qt-settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory):
    """`sample_copy(path, seed=1)`: a copy of the seeded sample workspace at `path`, the sample
    itself written once per session (tests/sample_workspaces.py)."""
    return SampleWorkspaces(tmp_path_factory.mktemp("samples")).copy


@pytest.fixture(scope="session")
def empty_workspace_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("empty") / "empty.tracker"
    Workspace.open(path).close()
    return path


@pytest.fixture
def engine():
    """The engine of the `workspace` fixture: parametrized by pytest_generate_tests."""
    return "sqlite"


@pytest.fixture
def workspace(request, engine, tmp_path):
    """A new, empty workspace: on SQLite a copy of a file made once per session (making one runs
    every migration, about 20 ms of CPU; copying and opening takes 6, and a third of the tests
    ask); on PostgreSQL a database holding an empty workspace, emptied after the test for the next
    (tests/shared_workspace_pool.py)."""
    if engine == "postgresql":
        address = request.getfixturevalue("shared_workspace_copy")
        ws = Workspace.open(address)
    else:
        path = tmp_path / "test.tracker"
        shutil.copyfile(request.getfixturevalue("empty_workspace_file"), path)
        ws = Workspace.open(path)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def shared_workspace_pool(pg_cluster):
    """Databases holding an empty workspace (tests/shared_workspace_pool.py): copied from a
    template made once per session, emptied after each test for the next one."""
    from shared_workspace_pool import WorkspacePool

    template = "tracker_empty_workspace"
    Workspace.open(pg_cluster.create_database(template)).close()
    pool = WorkspacePool(pg_cluster, template)
    yield pool
    pool.drop_all()


@pytest.fixture
def shared_workspace_copy(shared_workspace_pool):
    """The address of a database holding an empty workspace, for one test alone."""
    address = shared_workspace_pool.take()
    yield address
    shared_workspace_pool.give_back(address)


@pytest.fixture
def org(workspace):
    """A small organisation: two teams under a parent, four people, one rollout."""
    ws = workspace
    root = ws.teams.create("Operations")
    claims = ws.teams.create("Claims", parent_id=root)
    billing = ws.teams.create("Billing", parent_id=root)
    boss = ws.people.create(employee_id="E001", name="Ada Boss", email="ada@example.com", team_id=root)
    ann = ws.people.create(employee_id="E002", name="Ann Claims", team_id=claims, manager_id=boss)
    bob = ws.people.create(employee_id="E003", name="Bob Billing", team_id=billing, manager_id=boss)
    cy = ws.people.create(employee_id="E004", name="Cy Claims", team_id=claims, manager_id=ann)
    rollout = ws.rollouts.create(name="Claims triage assistant", owner_id=boss)
    return {
        "ws": ws, "root": root, "claims": claims, "billing": billing,
        "boss": boss, "ann": ann, "bob": bob, "cy": cy, "rollout": rollout,
    }


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the session (tests/postgres_cluster.py), or a skip
    that says how to get one; TRACKER_TEST_POSTGRES=required (CI) turns the skip into a failure."""
    import postgres_cluster

    binaries = postgres_cluster.find_binaries()
    if binaries is None:
        if os.environ.get(postgres_cluster.REQUIRED_ENV) == "required":
            pytest.fail(f"PostgreSQL is required here but not installed: {postgres_cluster.INSTALL_HINT}")
        pytest.skip(postgres_cluster.INSTALL_HINT)
    cluster = postgres_cluster.start_cluster(binaries)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_database(pg_cluster, request):
    """The address of a new, empty database on the session's cluster, for one test."""
    import re
    import uuid

    name = re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    yield pg_cluster.create_database(name)
    pg_cluster.drop_database(name)
