"""A keyring in memory, so no test touches the user's real keyring (workspace keys, shared
workspaces' passwords).

Not a conftest.py: imported by name where wanted (`from keyring_fixtures import ...`).
"""

from __future__ import annotations

import pytest

keyring = pytest.importorskip("keyring", reason="keyring is not installed (the encryption extra)")

from keyring.backend import KeyringBackend  # noqa: E402
from keyring.errors import PasswordDeleteError  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict; `entries` lets a test lose or replace a key."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
