"""A shared workspace's password: the keyring first, then what libpq finds itself
(PGPASSWORD, the pgpass file), never written anywhere in clear (credentials.py)."""

from __future__ import annotations

import pytest
from keyring_fixtures import memory_keyring  # noqa: F401 - fixture

from tracker.store.engine import credentials
from tracker.store.engine.address import parse_address
from tracker.store.engine.credentials import (
    FROM_ADDRESS,
    FROM_ENVIRONMENT,
    FROM_KEYRING,
    FROM_PGPASS,
    KEYRING_SERVICE,
    CredentialsError,
    find_password,
    forget_password,
    remember_password,
)

ADDRESS = parse_address("postgresql://ann@db.example.com/rollouts")


@pytest.fixture(autouse=True)
def no_libpq_sources(monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def test_a_remembered_password_is_kept_in_the_keyring_under_user_host_port_db(memory_keyring):
    remember_password(ADDRESS, "s3cret")
    assert memory_keyring.entries == {(KEYRING_SERVICE, "ann@db.example.com:5432/rollouts"): "s3cret"}
    found = find_password(ADDRESS)
    assert (found.password, found.source) == ("s3cret", FROM_KEYRING)
    assert "s3cret" not in repr(found)


def test_the_address_password_comes_before_the_keyring(memory_keyring):
    remember_password(ADDRESS, "kept")
    found = find_password(parse_address("postgresql://ann:typed@db.example.com/rollouts"))
    assert (found.password, found.source) == ("typed", FROM_ADDRESS)


def test_another_database_or_user_has_its_own_entry(memory_keyring):
    remember_password(ADDRESS, "s3cret")
    assert find_password(parse_address("postgresql://ann@db.example.com/other")).password is None
    assert find_password(parse_address("postgresql://bob@db.example.com/rollouts")).password is None


def test_without_a_kept_password_libpq_is_left_to_find_one(memory_keyring, monkeypatch, tmp_path):
    assert find_password(ADDRESS) == credentials.Credential(None, None)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("db.example.com:5432:rollouts:ann:frompgpass\n")
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    found = find_password(ADDRESS)
    assert (found.password, found.source) == (None, FROM_PGPASS)  # libpq reads the file itself
    assert "password" not in ADDRESS.connection_arguments(found.password)
    monkeypatch.setenv("PGPASSWORD", "fromenv")
    assert find_password(ADDRESS) == credentials.Credential(None, FROM_ENVIRONMENT)  # libpq's order


def test_forgetting_removes_the_entry(memory_keyring):
    remember_password(ADDRESS, "s3cret")
    assert forget_password(ADDRESS) is True
    assert memory_keyring.entries == {}
    assert forget_password(ADDRESS) is False


def test_without_a_keyring_remembering_is_refused_in_one_line(monkeypatch):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(CredentialsError) as caught:
            remember_password(ADDRESS, "s3cret")
        assert find_password(ADDRESS).password is None  # and nothing to find either
    finally:
        keyring.set_keyring(previous)
    assert "no keyring backend is available on this computer to keep a password" in str(caught.value)


def test_a_typed_password_serves_this_session_only_and_leaves_the_address(memory_keyring):
    typed = parse_address("postgresql://ann:typed@db.example.com/rollouts")
    kept = credentials.keep_for_session(typed)
    assert kept == ADDRESS and kept.password is None
    assert find_password(ADDRESS) == credentials.Credential("typed", credentials.FROM_TYPED)
    assert memory_keyring.entries == {}  # never written anywhere
    credentials.forget_session()
    assert find_password(ADDRESS).password is None
