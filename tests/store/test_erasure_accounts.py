"""Erasing a person removes their accounts in other systems: a UPN or login names them too."""

from __future__ import annotations

import pytest

from tracker.store.erasure import checkpoint, erase_person


@pytest.mark.sqlite_only("looks for the erased name in the file's bytes and its WAL")
def test_erasure_removes_the_persons_accounts_and_their_trace(org, tmp_path):
    ws = org["ws"]
    ws.accounts.link("upn", [(org["ann"], "a.claims@contoso.onmicrosoft.com"), (org["bob"], "bob@contoso.com")],
                     "Link accounts")
    ws.accounts.link("github", [(org["ann"], "annc-gh")], "Link GitHub")
    erase_person(ws, org["ann"])
    checkpoint(ws)
    assert ws.accounts.of_person(org["ann"]) == []
    assert ws.accounts.person_ids("upn") == {"bob@contoso.com": org["bob"]}
    data = (tmp_path / "test.tracker").read_bytes()
    wal = tmp_path / "test.tracker-wal"
    data += wal.read_bytes() if wal.exists() else b""
    assert b"a.claims@contoso.onmicrosoft.com" not in data and b"annc-gh" not in data
    assert b"bob@contoso.com" in data
