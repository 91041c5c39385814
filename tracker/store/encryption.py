"""Optional encryption at rest: SQLCipher (the `sqlcipher3` package) with the key in the
operating system's keyring (the `keyring` package: Windows Credential Manager, the macOS
Keychain, the Secret Service on Linux desktops), or derived from a passphrase where no keyring
exists or the user prefers one (tracker/store/passphrase.py).

Both packages are optional (the `encryption` extra); nothing here imports them until an
encrypted workspace is created or opened, so plain workspaces, the command line's start-up
and machines without a wheel for sqlcipher3 are unaffected. `unavailable_reason()` says why
the option cannot be offered; `keyring_unavailable_reason()` why the keyring cannot keep a
key (a passphrase is then the way).

The keyring's key is a random 256-bit raw key (no passphrase, so no key derivation on every open) with a
random 128-bit salt given explicitly. SQLCipher writes the salt, in clear, as the file's first
16 bytes; that salt is the workspace's id and the keyring entry's name. Why the salt and not
the path or a sidecar file: the id travels inside the file, so renaming or moving the file
keeps working, and nothing beside it can be lost or left behind. Every copy (daily backups,
Save a copy, the copy before an upgrade) is written with the same key and salt, so a copy is
encrypted like its original and opens with the same keyring entry. The rest of the file,
page 1 included, is ciphertext: no table name, person's name or "SQLite format 3" in it, nor
in its -wal file.

sqlcipher3's exceptions are its own classes, not sqlite3's: the connection is wrapped so that
its errors are sqlite3's (tracker/store/cipher_connection.py).
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from pathlib import Path

from tracker.store.cipher_connection import CipherConnection
from tracker.store.errors import NotAWorkspaceError, WorkspaceError

KEYRING_SERVICE = "Rollout Tracker workspace key"
SQLITE_MAGIC = b"SQLite format 3\x00"
SALT_BYTES = 16  # the clear header SQLCipher writes: the salt, our workspace id
PAGE_SIZE = 4096  # SQLCipher's default page size; an encrypted file is whole pages


class EncryptionUnavailableError(WorkspaceError):
    """An encrypted workspace cannot be created here; the message says why."""


class EncryptedWorkspaceError(NotAWorkspaceError):
    """An encrypted workspace cannot be opened: no sqlcipher3, no key, or the wrong key."""


class PassphraseNeededError(EncryptedWorkspaceError):
    """An encrypted workspace whose key is neither in the keyring nor known in this process, and
    no passphrase was given: the window asks for one, the command line says how to give it."""

    def __init__(self, message: str, path: Path, salt: str):
        super().__init__(message)
        self.path = Path(path)
        self.salt = salt


class WrongPassphraseError(EncryptedWorkspaceError):
    """The passphrase given does not decrypt the workspace (or the file is damaged)."""


@dataclass(frozen=True)
class WorkspaceKey:
    """A workspace's raw key and salt (hex). The salt is its id: the file's first 16 bytes."""

    key: str = field(repr=False)  # never in a log line or a traceback's locals
    salt: str
    source: str = "keyring"  # or "passphrase": derived from one (passphrase.py), in no keyring

    @property
    def id(self) -> str:
        return self.salt

    def pragma_value(self) -> str:
        # x'…' with 64 + 32 hex digits: a raw key plus an explicit salt, no key derivation.
        return f"\"x'{self.key}{self.salt}'\""


# ---------------------------------------------------------------- availability
def unavailable_reason() -> str | None:
    """None when encrypted workspaces can be made and read here (with a passphrase at least);
    otherwise why not, as a phrase."""
    try:
        import sqlcipher3  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return "sqlcipher3 is not installed (it comes with the encryption extra)"
    return None


def keyring_unavailable_reason(keeping: str = "the key") -> str | None:
    """None when this computer's keyring can keep a workspace key (or what ``keeping`` names:
    a shared workspace's password); otherwise why not."""
    try:
        import keyring
    except ImportError:
        return "keyring is not installed (it comes with the encryption extra)"
    if not _usable(keyring.get_keyring()):
        return f"no keyring backend is available on this computer to keep {keeping}"
    return None


def is_available() -> bool:
    return unavailable_reason() is None


def keyring_available() -> bool:
    return unavailable_reason() is None and keyring_unavailable_reason() is None


def _usable(backend: object) -> bool:
    from keyring.backends import chainer, fail

    if isinstance(backend, fail.Keyring) or type(backend).__module__ == "keyring.backends.null":
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    return True


# ---------------------------------------------------------------- telling files apart
def file_header(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(len(SQLITE_MAGIC))


def looks_encrypted(path: Path, head: bytes | None = None) -> bool:
    """Whether `path` could be an encrypted workspace: whole pages, no SQLite header.

    A text file or an image renamed to .tracker is usually not a whole number of 4 KiB pages,
    so it is still called "not a workspace" rather than "encrypted, key missing".
    """
    path = Path(path)
    head = file_header(path) if head is None else head
    if len(head) < SALT_BYTES or head == SQLITE_MAGIC:
        return False
    size = path.stat().st_size
    return size >= PAGE_SIZE and size % PAGE_SIZE == 0


def workspace_id(path: Path) -> str:
    """The id of an encrypted workspace file: its salt, in hex."""
    return file_header(Path(path))[:SALT_BYTES].hex()


# ---------------------------------------------------------------- keys in the keyring
def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in string.hexdigits for c in text)


def create_key() -> WorkspaceKey:
    """A new random key, stored in the keyring (and read back) before any file uses it."""
    reason = unavailable_reason() or keyring_unavailable_reason()
    if reason:
        raise EncryptionUnavailableError(f"An encrypted workspace cannot be created here: {reason}.")
    import keyring
    from keyring.errors import KeyringError

    key = WorkspaceKey(secrets.token_hex(32), secrets.token_hex(SALT_BYTES))
    try:
        keyring.set_password(KEYRING_SERVICE, key.id, key.key)
        stored = keyring.get_password(KEYRING_SERVICE, key.id)
    except KeyringError as e:
        raise EncryptionUnavailableError(
            f"The key for a new encrypted workspace could not be stored in the keyring ({e}).") from e
    if stored != key.key:  # a backend that accepts a secret and loses it would lose the data
        raise EncryptionUnavailableError(
            "The keyring did not keep the key for a new encrypted workspace; nothing was created.")
    return key


def forget_key(key: WorkspaceKey) -> None:
    """Remove a key whose workspace was never made (creation failed after storing it)."""
    if key.source == "passphrase":
        from tracker.store import passphrase

        passphrase.forget(key.salt)
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, key.id)
    except (PasswordDeleteError, KeyringError):
        pass  # already gone, or the keyring went away: an unused entry harms nothing


def load_key(path: Path) -> WorkspaceKey:
    """The key of the encrypted file at `path`: one this process already used for it (a
    passphrase's), the keyring's, or one derived from the passphrase the provider gives
    (passphrase.set_provider). EncryptedWorkspaceError saying what is missing otherwise;
    PassphraseNeededError when only a passphrase can open it."""
    from tracker.store import passphrase

    path = Path(path)
    salt = workspace_id(path)
    reason = unavailable_reason()
    if reason:
        # Random bytes look exactly like an encrypted file; without a key nothing tells them
        # apart, so the likelier reading comes first.
        raise EncryptedWorkspaceError(
            f"{path.name} is not a Rollout Tracker workspace, or it is an encrypted one, which "
            f"cannot be opened here: {reason}.")
    known: WorkspaceKey | None = passphrase.known(salt)
    if known is not None:
        return known
    secret = None
    if keyring_unavailable_reason() is None:
        import keyring
        from keyring.errors import KeyringError

        try:
            secret = keyring.get_password(KEYRING_SERVICE, salt)
        except KeyringError as e:
            raise EncryptedWorkspaceError(
                f"{path.name} is encrypted, and the keyring holding its key cannot be read ({e}).") from e
    if secret and _is_hex(secret, 64):
        return WorkspaceKey(secret, salt)
    given: WorkspaceKey | None = passphrase.key_from_provider(path, salt)
    if given is not None:
        return given
    raise PassphraseNeededError(
        f"{path.name} is not a Rollout Tracker workspace, or it is an encrypted one whose key "
        f"is not in this computer's keyring (workspace id {salt}) and whose passphrase was not "
        "given (on the command line: --passphrase-file PATH, or run it on a terminal to be asked); "
        "without its key or passphrase an encrypted workspace cannot be read.", path, salt)


def key_for_file(path: Path) -> WorkspaceKey | None:
    """None for a plain (or empty, or unrecognisable) file; the key for an encrypted one."""
    path = Path(path)
    head = file_header(path)
    if not looks_encrypted(path, head):
        return None
    return load_key(path)


# ---------------------------------------------------------------- connections
def connect_encrypted(path: Path, key: WorkspaceKey, *, readonly: bool = False,
                      timeout: float = 10.0, read_uri: str | None = None) -> CipherConnection:
    """Open `path` with SQLCipher and `key`; EncryptedWorkspaceError when the key does not
    decrypt it. A missing or empty file becomes a new encrypted database. `read_uri`: how to
    read it when `readonly` (file_access.read_only_uri; default `mode=ro`)."""
    import sqlcipher3

    if readonly:
        raw = sqlcipher3.connect(read_uri or Path(path).resolve().as_uri() + "?mode=ro", uri=True,
                                 timeout=timeout, check_same_thread=False)
    else:
        raw = sqlcipher3.connect(str(path), timeout=timeout, check_same_thread=False)
    try:
        # A wrong key would otherwise print SQLCipher's HMAC complaints to stderr.
        raw.execute("PRAGMA cipher_log_level = NONE")
        raw.execute(f"PRAGMA key = {key.pragma_value()}")
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as e:
        raw.close()
        if key.source == "passphrase":
            from tracker.store import passphrase

            passphrase.forget(key.salt)
            raise WrongPassphraseError(
                f"{Path(path).name} cannot be decrypted with this passphrase: the passphrase is "
                f"wrong or the file is damaged (workspace id {key.id}); nothing was changed.") from e
        raise EncryptedWorkspaceError(
            f"{Path(path).name} cannot be decrypted with the key kept for it in this computer's "
            f"keyring (workspace id {key.id}): the key is wrong or the file is damaged ({e}).") from e
    except BaseException:
        raw.close()
        raise
    from tracker.store import passphrase

    passphrase.remember(key)  # it decrypts the file: copies and worker threads need no asking
    return CipherConnection(raw, key, sqlcipher3.Error)
