"""File → Connect to shared workspace…: the dialog's fields make a checked address, Test
connection runs off the GUI thread against the test cluster, opening goes through
WorkspaceFiles.open_address, and the recent list shows the address without its password."""

from __future__ import annotations

import pytest
from keyring_fixtures import memory_keyring  # noqa: F401 - fixture
from PySide6.QtWidgets import QDialog
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace
from tracker.store.engine.address import ServerAddress, parse_address
from tracker.store.engine.connection_errors import AUTHENTICATION, ServerConnectionError
from tracker.store.engine.credentials import KEYRING_SERVICE, find_password, forget_session
from tracker.ui import settings
from tracker.ui.dialogs.connect_dialog import ConnectDialog

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def no_typed_passwords():
    yield
    forget_session()


def _fill(dialog: ConnectDialog, *, host="db.example.com", port=5432, database="rollouts", user="ann",
          password="", tls="verify-full", remember=False) -> None:
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.database.setText(database)
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.tls.setCurrentIndex(dialog.tls.findData(tls))
    dialog.remember_box.setChecked(remember)


def test_the_fields_make_a_checked_address_shown_without_password(qtbot):
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    assert not dialog.connect_button.isEnabled()
    assert "Type the server's name" in dialog.shown_address.text()
    _fill(dialog, database="")
    assert not dialog.connect_button.isEnabled() and "Type the database's name" in dialog.shown_address.text()
    _fill(dialog, password="s3cret")
    dialog.root_certificate.setText("/etc/tracker/ca.pem")
    assert dialog.connect_button.isEnabled()
    address = dialog.address()
    assert (address.host, address.database, address.user, address.password, address.sslmode) == (
        "db.example.com", "rollouts", "ann", "s3cret", "verify-full")
    shown = dialog.shown_address.text()
    assert shown == ("Address: postgresql://ann@db.example.com:5432/rollouts"
                     "?sslmode=verify-full&sslrootcert=/etc/tracker/ca.pem")


def test_a_recent_address_fills_the_fields(qtbot):
    start = ServerAddress(database="rollouts", host="db.example.com", port=6543, user="ann",
                          options=(("sslmode", "require"),))
    dialog = ConnectDialog(start=start)
    qtbot.addWidget(dialog)
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(), dialog.tls.currentData()) == (
        "db.example.com", 6543, "rollouts", "require")
    assert dialog.address() == start


def test_remember_is_offered_only_with_a_keyring(qtbot):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = ConnectDialog()
        qtbot.addWidget(dialog)
    finally:
        keyring.set_keyring(previous)
    assert not dialog.remember_box.isEnabled()
    assert "no keyring backend" in dialog.remember_box.toolTip()


def _fill_cluster(dialog: ConnectDialog, pg_cluster, database: str) -> None:
    _fill(dialog, host=str(pg_cluster.socket_dir), port=pg_cluster.port, database=database,
          user="tracker_test", tls="disable")


def test_test_connection_reports_the_server_off_the_gui_thread(qtbot, pg_cluster, pg_database):
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    _fill_cluster(dialog, pg_cluster, parse_address(pg_database).database)
    dialog.test_button.click()
    assert dialog.outcome.text() == "Connecting…" and not dialog.test_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.outcome.text() != "Connecting…", timeout=15000)
    assert dialog.outcome.text().startswith("Connected to ")
    assert "as tracker_test (PostgreSQL " in dialog.outcome.text()
    assert dialog.test_button.isEnabled()


def test_test_connection_says_what_failed(qtbot, pg_cluster):
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    _fill_cluster(dialog, pg_cluster, "no_such_db")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.outcome.text() != "Connecting…", timeout=15000)
    assert dialog.outcome.text().startswith("Cannot connect: The server at the socket in ")
    assert "has no database 'no_such_db'" in dialog.outcome.text()


@pytest.fixture
def server_opens(monkeypatch, tmp_path):
    """Workspace.open of an address answered by a workspace file; returns the addresses asked."""
    asked: list[ServerAddress] = []
    stand_in = tmp_path / "server.tracker"
    Workspace.open(stand_in).close()
    real_open = Workspace.open.__func__  # type: ignore[attr-defined]

    def open_(cls, path, **options):
        if not Workspace.is_shared_address(path):
            return real_open(cls, path, **options)
        asked.append(parse_address(path))
        return real_open(cls, stand_in, create=False)

    monkeypatch.setattr(Workspace, "open", classmethod(open_))
    return asked


def test_connecting_opens_the_server_and_keeps_the_password_only_in_the_keyring(
        window, server_opens, memory_keyring, monkeypatch, messages, qtbot):
    def accept(dialog):
        _fill(dialog, password="s3cret", remember=True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConnectDialog, "exec", accept)
    window.menu.connect_shared.trigger()
    qtbot.waitUntil(lambda: window.context.workspace is not None)  # connected off the GUI thread
    [address] = server_opens
    assert address.password is None  # the store keeps and shows the address without it ...
    assert find_password(address).password == "s3cret"  # ... and this session's connections use it
    assert window.context.workspace is not None
    assert settings.recent_shared() == ["postgresql://ann@db.example.com:5432/rollouts?sslmode=verify-full"]
    assert memory_keyring.entries == {(KEYRING_SERVICE, "ann@db.example.com:5432/rollouts"): "s3cret"}
    window.menu.rebuild_recent()
    listed = [a.text() for a in window.menu.recent_menu.actions() if a.data()]
    assert listed == ["postgresql://ann@db.example.com:5432/rollouts?sslmode=verify-full"]
    assert messages == []


def test_a_recent_server_opens_from_the_menu(window, server_opens, messages, qtbot):
    settings.add_recent_shared(ServerAddress(database="rollouts", host="db.example.com", user="ann",
                                             password="never-saved"))
    assert settings.recent_shared() == ["postgresql://ann@db.example.com/rollouts"]
    window.menu.rebuild_recent()
    [entry] = [a for a in window.menu.recent_menu.actions() if a.data()]
    entry.trigger()
    qtbot.waitUntil(lambda: window.context.workspace is not None)
    assert [a.display() for a in server_opens] == ["postgresql://ann@db.example.com/rollouts"]
    assert window.context.workspace is not None and messages == []


def test_a_password_refused_offers_the_dialog_with_the_reason(window, monkeypatch, messages, qtbot):
    def refuse(cls, path, **options):
        raise ServerConnectionError("The server at db.example.com:5432 refused the password of 'ann'.",
                                    AUTHENTICATION)

    shown = []

    def cancel(dialog):
        shown.append((dialog.host.text(), dialog.outcome.text()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(Workspace, "open", classmethod(refuse))
    monkeypatch.setattr(ConnectDialog, "exec", cancel)
    assert window.files.open_recent_shared("postgresql://ann@db.example.com/rollouts") is True  # started
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("db.example.com", "The server at db.example.com:5432 refused the password of 'ann'.")]
    assert window.context.workspace is None


def test_an_unreachable_server_is_one_message_and_nothing_changes(window, monkeypatch, messages, qtbot):
    def unreachable(cls, path, **options):
        raise ServerConnectionError("The server at db.example.com:5432 cannot be reached: check the address.",
                                    "unreachable")

    monkeypatch.setattr(Workspace, "open", classmethod(unreachable))
    window.files.open_path("postgresql://ann@db.example.com/rollouts")
    qtbot.waitUntil(lambda: bool(messages))
    assert messages.texts() == ["The server at db.example.com:5432 cannot be reached: check the address."]
    assert settings.recent_shared() == []


def test_the_window_opens_a_real_server(window, pg_cluster, pg_database, monkeypatch, messages, qtbot):
    pytest.importorskip("tracker.store.engine.postgres_schema",
                        reason="the server's schema (engine/postgres_schema.py, issue 17) is not in this tree")
    address = parse_address(pg_database)

    def accept(dialog):
        _fill_cluster(dialog, pg_cluster, address.database)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConnectDialog, "exec", accept)
    window.menu.connect_shared.trigger()
    qtbot.waitUntil(lambda: window.context.workspace is not None, timeout=30000)
    ws = window.context.workspace
    assert ws.engine == "postgresql" and messages == []
    assert window.windowTitle().startswith(f"{address.database} — ")
    assert window.path_label.text() == ws.address == settings.recent_shared()[0]
    assert not window.menu.save_copy.isEnabled() and not window.menu.encrypt.isEnabled()
