"""The password for a shared workspace's server: found, remembered, never written in clear.

Where a password comes from, first found wins:
1. the address itself, or one typed in this session (`keep_for_session`: a typed password
   serves this process's connections to that address, the worker threads' too, and is never
   written anywhere; the address the store keeps and shows has none: address.for_settings);
2. the operating system's keyring, service "Rollout Tracker", named ``user@host:port/database``
   (the same optional `keyring` package that keeps encrypted workspaces' keys);
3. whatever libpq finds on its own when no password is given: the PGPASSWORD variable, then the
   pgpass file (PGPASSFILE, else ~/.pgpass or %APPDATA%\\postgresql\\pgpass.conf). We never pass
   a password or a pgpass path of our own in that case, so IT's usual setup keeps working.

Settings keep the address without its password; a password is stored only in the keyring, and
only when the user asks for it ("Remember in the system keyring").
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from tracker.store.engine.address import ServerAddress
from tracker.store.errors import WorkspaceError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "Rollout Tracker"

#: Where a password came from, as a message names it.
FROM_ADDRESS, FROM_TYPED, FROM_KEYRING, FROM_ENVIRONMENT, FROM_PGPASS = (
    "the password in the address", "the password typed", "the password kept in the system keyring",
    "the password in PGPASSWORD", "the password in the pgpass file")


#: Passwords typed in this process, by the address's keyring name; gone when the process ends.
_SESSION: dict[str, str] = {}


class CredentialsError(WorkspaceError):
    """A password could not be kept in (or read from, or removed from) the keyring."""


@dataclass(frozen=True)
class Credential:
    """A password found for an address (None: libpq is left to find one, or the server needs
    none) and ``source``, where it is (or would be) found, for messages; None when nowhere."""

    password: str | None = field(repr=False)
    source: str | None


def keyring_reason() -> str | None:
    """None when this computer's keyring can keep a password; otherwise why not."""
    from tracker.store.encryption import keyring_unavailable_reason

    return keyring_unavailable_reason(keeping="a password")


def find_password(address: ServerAddress) -> Credential:
    """The password to connect to ``address`` with, and where it was found (see the module)."""
    if address.password is not None:
        return Credential(address.password, FROM_ADDRESS)
    typed = _SESSION.get(address.credential_key())
    if typed is not None:
        return Credential(typed, FROM_TYPED)
    stored = _from_keyring(address)
    if stored is not None:
        return Credential(stored, FROM_KEYRING)
    if os.environ.get("PGPASSWORD"):
        return Credential(None, FROM_ENVIRONMENT)
    if pgpass_file() is not None:
        return Credential(None, FROM_PGPASS)
    return Credential(None, None)


def connection_arguments(address: ServerAddress) -> tuple[dict[str, str], Credential]:
    """psycopg.connect()'s keywords for ``address`` with the password found, and the credential."""
    found = find_password(address)
    return address.connection_arguments(found.password), found


def keep_for_session(address: ServerAddress) -> ServerAddress:
    """Keep the password written in ``address`` (if any) for this process's connections to it,
    and return the address without it: what the store is given, keeps and shows."""
    if address.password is not None:
        _SESSION[address.credential_key()] = address.password
    return address.without_password()


def forget_session() -> None:
    """Drop every password typed in this process (a command's end, a test)."""
    _SESSION.clear()


def remember_password(address: ServerAddress, password: str) -> None:
    """Keep ``password`` in the keyring under the address's name (replacing one kept before)."""
    reason = keyring_reason()
    if reason is not None:
        raise CredentialsError(f"The password cannot be remembered on this computer: {reason}.")
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, address.credential_key(), password)
    except KeyringError as e:
        raise CredentialsError(f"The keyring did not keep the password ({e}).") from e


def forget_password(address: ServerAddress) -> bool:
    """Remove the address's password from the keyring; False when none was kept there."""
    if keyring_reason() is not None:
        return False
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, address.credential_key())
    except PasswordDeleteError:
        return False
    except KeyringError as e:
        raise CredentialsError(f"The password could not be removed from the keyring ({e}).") from e
    return True


def pgpass_file() -> Path | None:
    """The pgpass file libpq will read, when there is one (it is libpq that reads it)."""
    named = os.environ.get("PGPASSFILE")
    if named:
        candidate = Path(named).expanduser()
    elif os.name == "nt":
        candidate = Path(os.environ.get("APPDATA", "~")).expanduser() / "postgresql" / "pgpass.conf"
    else:
        candidate = Path.home() / ".pgpass"
    return candidate if candidate.is_file() else None


def _from_keyring(address: ServerAddress) -> str | None:
    """The kept password, or None. A keyring that cannot be read (locked, its service gone) is
    logged and passed over: the environment or the pgpass file may still serve."""
    if keyring_reason() is not None:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, address.credential_key())
    except KeyringError:
        log.warning("The keyring could not be read for %s", address.display(), exc_info=True)
        return None
