"""A keyring in memory for the encryption tests, so no test touches the user's real keyring.

Not a conftest.py: imported by name where wanted (`from encryption_fixtures import ...`).
"""

from __future__ import annotations

import pytest

pytest.importorskip("keyring", reason="keyring is not installed (the encryption extra)")
pytest.importorskip("sqlcipher3", reason="sqlcipher3 has no wheel for this platform (the encryption extra)")

from keyring_fixtures import MemoryKeyring, keyring, memory_keyring

__all__ = ["MemoryKeyring", "keyring", "memory_keyring"]
