"""A connection that fails says what failed in one sentence (connection_errors.py), checked
against the test cluster (a wrong database, a wrong user, no server) and libpq's own texts."""

from __future__ import annotations

import pytest

from tracker.store.engine import connection_errors as errors
from tracker.store.engine.address import parse_address
from tracker.store.engine.connection_errors import ServerConnectionError, explain
from tracker.store.engine.credentials import FROM_KEYRING, Credential
from tracker.store.engine.server_connect import check_server, connect


def _reason(address_text: str) -> ServerConnectionError:
    with pytest.raises(ServerConnectionError) as caught:
        connect(parse_address(address_text)).close()
    assert "\n" not in str(caught.value)
    return caught.value


def test_a_database_that_does_not_exist_is_named(pg_cluster):
    error = _reason(pg_cluster.url("no_such_db"))
    assert error.reason == errors.NO_DATABASE
    assert str(error) == (f"The server at the socket in {pg_cluster.socket_dir} has no database 'no_such_db': "
                          "check the name, or ask its administrator to create it.")


def test_a_user_the_server_does_not_know_is_named(pg_cluster):
    error = _reason(pg_cluster.url("postgres", user="nobody_here"))
    assert error.reason == errors.NO_USER
    assert "has no user 'nobody_here'" in str(error)


def test_a_server_that_is_not_there_is_unreachable(pg_cluster, tmp_path):
    error = _reason(f"postgresql://tracker_test@/postgres?host={tmp_path}&port=5999")
    assert error.reason == errors.UNREACHABLE
    assert f"The server at the socket in {tmp_path} cannot be reached" in str(error)
    assert error.detail  # the driver's own words stay for the log


def test_test_connection_reports_the_server_and_whether_it_holds_a_workspace(pg_database):
    address = parse_address(pg_database)
    facts = check_server(address)
    assert facts.user == "tracker_test" and facts.version.split(".")[0].isdigit()
    assert facts.holds_workspace is False
    assert "opening it creates a new shared workspace" in facts.summary(address)


ADDRESS = parse_address("postgresql://ann@db.example.com/rollouts")


@pytest.mark.parametrize(("driver", "reason", "words"), [
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication '
     'failed for user "ann"', errors.AUTHENTICATION, "refused the password of 'ann' (the password kept in the system keyring)"),
    ("connection failed: fe_sendauth: no password supplied", errors.AUTHENTICATION,
     "none was found in the system keyring, PGPASSWORD or a pgpass file"),
    ('FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "ann", database "rollouts", no encryption',
     errors.NOT_ALLOWED, "does not accept 'ann' on database 'rollouts' from this computer"),
    ("connection failed: server does not support SSL, but SSL was required", errors.TLS,
     "does not offer TLS, which the address requires"),
    ('connection failed: root certificate file "/etc/ca.pem" does not exist', errors.TLS,
     "the root certificate file /etc/ca.pem does not exist"),
    ("connection failed: SSL error: certificate verify failed", errors.TLS, "not signed by the authority"),
    ("failed to resolve host 'db.example.com': [Errno -2] Name or service not known", errors.UNREACHABLE,
     "The server name 'db.example.com' is not known here"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: timeout expired', errors.UNREACHABLE,
     "cannot be reached"),
    ("connection failed: FATAL:  sorry, too many clients already", errors.BUSY, "busy or restarting"),
    ("connection failed: FATAL:  something new", errors.OTHER, "could not be opened: something new."),
])
def test_libpq_messages_become_one_sentence(driver, reason, words):
    error = explain(RuntimeError(driver), ADDRESS, Credential("x", FROM_KEYRING))
    assert error.reason == reason
    assert words in str(error)
    assert str(error).startswith(("The ", "'ann'"))
