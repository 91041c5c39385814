"""A WORKSPACE argument is a file or a server address; an address is checked before any
connection and shown without its password (tracker/store/engine/address.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.store.engine.address import (
    AddressError,
    ServerAddress,
    for_settings,
    is_server_address,
    parse_address,
    workspace_target,
)


def test_a_full_address_is_read_into_its_parts():
    address = parse_address("postgresql://ann:s3cret@db.example.com:6543/rollouts"
                            "?sslmode=verify-full&sslrootcert=/etc/tracker/ca.pem")
    assert (address.user, address.password, address.host, address.port, address.database) == (
        "ann", "s3cret", "db.example.com", 6543, "rollouts")
    assert address.sslmode == "verify-full"
    assert address.option("sslrootcert") == "/etc/tracker/ca.pem"


def test_the_short_scheme_and_a_bare_host_are_addresses_too():
    address = parse_address("postgres://db.example.com/rollouts")
    assert (address.host, address.port, address.user, address.database) == ("db.example.com", None, None, "rollouts")


def test_the_socket_form_names_the_folder_in_the_query():
    address = parse_address("postgresql://ann@/rollouts?host=/run/postgresql&port=5433")
    assert (address.host, address.port, address.user) == ("/run/postgresql", 5433, "ann")
    assert address.display() == "postgresql://ann@/rollouts?host=/run/postgresql&port=5433"
    assert address.server_text() == "the socket in /run/postgresql"


def test_escaped_characters_in_names_and_password_are_read_and_written_back():
    address = parse_address("postgresql://ann%40corp:p%40ss%23word@db/change%20team")
    assert (address.user, address.password, address.database) == ("ann@corp", "p@ss#word", "change team")
    assert parse_address(address.display()) == address.without_password()


def test_an_ipv6_host_keeps_its_brackets_in_the_display_form():
    address = parse_address("postgresql://[::1]:5432/rollouts")
    assert address.host == "::1"
    assert address.display() == "postgresql://[::1]:5432/rollouts"


def test_the_display_form_never_holds_the_password():
    address = parse_address("postgresql://ann:s3cret@db.example.com/rollouts?sslmode=require")
    assert "s3cret" not in address.display()
    assert "s3cret" not in repr(address)
    assert address.display() == "postgresql://ann@db.example.com/rollouts?sslmode=require"


def test_saving_an_address_drops_its_password_and_says_so():
    kept, dropped = for_settings(parse_address("postgresql://ann:s3cret@db/rollouts"))
    assert (kept, dropped) == ("postgresql://ann@db/rollouts", True)
    assert for_settings(parse_address("postgresql://ann@db/rollouts")) == ("postgresql://ann@db/rollouts", False)


@pytest.mark.parametrize(("text", "words"), [
    ("postgresql://db.example.com/", "has no database name"),
    ("postgresql://db.example.com", "has no database name"),
    ("postgresql://db/rollouts?sslmode=strict", "sslmode 'strict' is not one of disable, allow, prefer"),
    ("postgresql://db:port/rollouts", "port"),
    ("postgresql://db:70000/rollouts", "not a number from 1 to 65535"),
    ("postgresql://db/rollouts?sslmod=require", "unknown option 'sslmod'"),
    ("postgresql://a,b/rollouts", "several servers"),
    ("postgresql://db/rollouts?sslmode=require&sslmode=disable", "gives sslmode twice"),
    ("postgresql://db/rollouts?connect_timeout=soon", "connect_timeout 'soon'"),
    ("postgresql://db/a/b", "holds a '/'"),
])
def test_a_bad_address_gets_one_line_naming_what_is_wrong(text, words):
    with pytest.raises(AddressError) as caught:
        parse_address(text)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_password_never_appears_in_the_error_about_its_address():
    with pytest.raises(AddressError) as caught:
        parse_address("postgresql://ann:s3cret@db/rollouts?bogus=1")
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize("text", ["org.tracker", "/data/org.tracker", "C:\\Users\\ann\\org.tracker",
                                  "postgresql.tracker", "./postgresql:/x.tracker"])
def test_anything_else_is_a_file(text):
    assert not is_server_address(text)
    assert workspace_target(text) == Path(text)


def test_a_server_argument_becomes_a_checked_address():
    assert isinstance(workspace_target("POSTGRESQL://db/rollouts"), ServerAddress)
    with pytest.raises(AddressError):
        workspace_target("postgresql://db/")


def test_the_keyring_name_fills_libpq_defaults(monkeypatch):
    monkeypatch.delenv("PGUSER", raising=False)
    monkeypatch.delenv("PGHOST", raising=False)
    monkeypatch.delenv("PGPORT", raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "ann")
    assert parse_address("postgresql://db.example.com/rollouts").credential_key() == "ann@db.example.com:5432/rollouts"
    monkeypatch.setenv("PGUSER", "bob")
    monkeypatch.setenv("PGPORT", "6000")
    assert parse_address("postgresql:///rollouts").credential_key() == "bob@localhost:6000/rollouts"


def test_connection_arguments_carry_tls_options_and_only_what_is_set():
    address = parse_address("postgresql://ann@db:6543/rollouts?sslmode=verify-ca&sslrootcert=/ca.pem")
    assert address.connection_arguments() == {"dbname": "rollouts", "host": "db", "port": "6543", "user": "ann",
                                              "sslmode": "verify-ca", "sslrootcert": "/ca.pem"}
    assert address.connection_arguments("kept")["password"] == "kept"
    typed = parse_address("postgresql://ann:typed@db/rollouts")
    assert typed.connection_arguments("kept")["password"] == "typed"  # the address's own comes first
