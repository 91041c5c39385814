"""`tracker new WORKSPACE [--encrypted]`: an empty workspace, plain or encrypted.

The command line's way to make an encrypted workspace (the window's is File → New workspace…).
The key goes to this computer's keyring under the id printed here; see tracker/store/encryption.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "create an empty workspace (--encrypted: encrypted, the key in this computer's keyring)"
DESCRIPTION = (
    "Create an empty workspace at WORKSPACE; an existing file is never replaced. With --encrypted "
    "the file is encrypted with SQLCipher and its key is kept in the operating system's keyring "
    "(this needs the encryption extra: sqlcipher3 and keyring). If that keyring entry is lost, the "
    "workspace and its backups cannot be read by anyone. Exit status: 0 created, 2 usage error "
    "(the file exists, or encryption is unavailable here), 3 the workspace cannot be created."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=Path, help="the new file (.tracker)")
    parser.add_argument("--encrypted", action="store_true",
                        help="encrypt the file; the key is kept in this computer's keyring")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, fail, warn_about_location
    from tracker.store import Workspace, WorkspaceError
    from tracker.store.encryption import KEYRING_SERVICE, EncryptionUnavailableError
    from tracker.store.workspace import WORKSPACE_SUFFIX

    path: Path = args.workspace
    if path.suffix.lower() != WORKSPACE_SUFFIX:
        path = path.with_name(path.name + WORKSPACE_SUFFIX)
    if path.exists():
        return fail(f"{path} already exists; choose another name", EXIT_USAGE)
    try:
        ws = Workspace.open(path, encrypted=args.encrypted)
    except EncryptionUnavailableError as e:
        return fail(str(e), EXIT_USAGE)
    except (WorkspaceError, OSError) as e:
        return fail(str(e), EXIT_WORKSPACE)
    with ws:
        warn_about_location(ws.path)
        if ws.key is not None:  # (an encrypted workspace)
            print(f"Encrypted workspace created at {ws.path}")
            print(f"Its key is in this computer's keyring: service \"{KEYRING_SERVICE}\", "
                  f"name {ws.key.id}. Without that entry the file cannot be read.")
        else:
            print(f"Workspace created at {ws.path}")
    return EXIT_OK
