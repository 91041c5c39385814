"""Encrypted workspaces without a keyring: the key derived from a passphrase.

Where the operating system keeps no keyring (a Linux desktop without the Secret Service, a
terminal server), or where the user prefers it, an encrypted workspace's key comes from a
passphrase the user types (the window) or gives in a file or at a prompt (the command line).

Key derivation: scrypt (`hashlib.scrypt`, OpenSSL's implementation; in the standard library,
so no new dependency) with N = 2**16, r = 8, p = 1: 64 MiB of memory and about half a second
per derivation on the machine this was measured on (0.57 s; 2**15 took 0.36 s, 2**17 1.2 s).
Why scrypt and not SQLCipher's own PBKDF2 (`PRAGMA key = 'passphrase'`): SQLCipher would run
its 256,000 PBKDF2-SHA512 rounds (0.56 s here) on *every* connection, and the app opens
several per session (worker threads, the deferred check, daily backups, copies); scrypt runs
once when the passphrase is given, and its memory cost makes guessing on GPUs dearer than
PBKDF2's at the same time. The derived 256-bit key is then used as a raw SQLCipher key, like
a keyring key (tracker/store/encryption.py), so everything downstream is the same.

The salt: SQLCipher's own, the file's first 16 bytes (random, written in clear by SQLCipher;
it is also the workspace id). The salt needs no secrecy and travels inside the file, so a
moved, renamed or copied workspace (and every backup, written with the same key and salt)
opens with the same passphrase, and nothing beside the file can be lost. The scrypt
parameters are fixed here (`KDF_VERSION` 1); a future change would add a parameter set and
try them in order, never change this one, so files made today keep opening.

Derived keys are kept in this process's memory, by workspace id, once they decrypted the file
(`remember`), so copies, backups and worker threads open without asking again; nothing about
the passphrase is ever written anywhere.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used at run time: encryption imports this module
    from tracker.store.encryption import WorkspaceKey

KDF_VERSION = 1
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1
_SCRYPT_MAXMEM = 2 * 128 * SCRYPT_N * SCRYPT_R  # twice what it needs: OpenSSL's limit is strict
SALT_BYTES = 16
MIN_LENGTH = 8  # shorter passphrases are refused; the strength hint says more
MAX_LENGTH = 1024

PassphraseProvider = Callable[[Path], "str | None"]

_known: dict[str, WorkspaceKey] = {}  # workspace id (salt hex) -> WorkspaceKey that decrypted it
_known_lock = threading.Lock()
_provider: PassphraseProvider | None = None


def derive_key(passphrase: str, salt: str) -> WorkspaceKey:
    """The WorkspaceKey for `passphrase` and the workspace id (salt, hex) `salt`."""
    from tracker.store.encryption import WorkspaceKey

    raw = hashlib.scrypt(passphrase.encode("utf-8"), salt=bytes.fromhex(salt), n=SCRYPT_N, r=SCRYPT_R,
                         p=SCRYPT_P, maxmem=_SCRYPT_MAXMEM, dklen=32)
    return WorkspaceKey(raw.hex(), salt, source="passphrase")


def new_key(passphrase: str) -> WorkspaceKey:
    """A key for a file about to be written: a new random salt, the passphrase's key."""
    refusal = refusal_reason(passphrase)
    if refusal:
        from tracker.store.encryption import EncryptionUnavailableError

        raise EncryptionUnavailableError(refusal)
    return derive_key(passphrase, secrets.token_hex(SALT_BYTES))


def refusal_reason(passphrase: str) -> str | None:
    """Why `passphrase` cannot protect a workspace, or None."""
    if len(passphrase) < MIN_LENGTH:
        return f"The passphrase is too short: use at least {MIN_LENGTH} characters."
    if len(passphrase) > MAX_LENGTH:
        return f"The passphrase is too long: use at most {MAX_LENGTH} characters."
    if passphrase != passphrase.strip():
        return "The passphrase starts or ends with a space, which is easy to lose; remove it."
    return None


# ---------------------------------------------------------------- keys of this session
def remember(key: WorkspaceKey) -> None:
    """Keep a passphrase key that decrypted its file, for this process only."""
    if key.source == "passphrase":
        with _known_lock:
            _known[key.salt] = key


def known(salt: str) -> WorkspaceKey | None:
    with _known_lock:
        return _known.get(salt)


def forget(salt: str) -> None:
    with _known_lock:
        _known.pop(salt, None)


def forget_all() -> None:
    with _known_lock:
        _known.clear()


# ---------------------------------------------------------------- where a passphrase comes from
def set_provider(provider: PassphraseProvider | None) -> None:
    """Who is asked for the passphrase of an encrypted workspace whose key is neither known
    in this process nor in the keyring: the command line's `--passphrase-file` or prompt.
    The window asks by itself (it catches PassphraseNeededError and opens a dialog)."""
    global _provider
    _provider = provider


def key_from_provider(path: Path, salt: str) -> WorkspaceKey | None:
    """The key from the provider's passphrase, or None when there is no provider or it has none."""
    if _provider is None:
        return None
    passphrase = _provider(Path(path))
    if passphrase is None:
        return None
    return derive_key(passphrase, salt)


def read_passphrase_file(path: Path) -> str:
    """The passphrase in the file `path`: its text without the final line break. ValueError
    (one line, never the passphrase) when it cannot serve."""
    path = Path(path)
    try:
        data = path.read_bytes()[: MAX_LENGTH * 4 + 3]
    except OSError as e:
        raise ValueError(f"the passphrase file {path} cannot be read: {e.strerror or e}") from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"the passphrase file {path} is not UTF-8 text") from e
    if text.endswith("\n"):
        text = text[:-1]
    text = text.removesuffix("\r")
    if not text:
        raise ValueError(f"the passphrase file {path} is empty")
    if "\n" in text or "\r" in text:
        raise ValueError(f"the passphrase file {path} holds more than one line; it must hold the passphrase alone")
    return text
