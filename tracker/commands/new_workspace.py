"""`tracker new WORKSPACE [--encrypted [--passphrase-file PATH | --passphrase]]`: an empty
workspace, plain or encrypted.

The command line's way to make an encrypted workspace (the window's is File → New workspace…).
The key goes to this computer's keyring under the id printed here (tracker/store/encryption.py),
or is derived from a passphrase (tracker/store/passphrase.py): given in a file, typed at the
prompt, and asked for anyway where this computer has no keyring.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands.common import workspace_argument

HELP = "create an empty workspace (--encrypted: encrypted, the key in the keyring or a passphrase)"
DESCRIPTION = (
    "Create an empty workspace at WORKSPACE; an existing file is never replaced. With --encrypted "
    "the file is encrypted with SQLCipher and its key is kept in the operating system's keyring "
    "(this needs the encryption extra: sqlcipher3 and keyring); with --passphrase-file or "
    "--passphrase, or where there is no keyring, the key is derived from a passphrase instead. If "
    "that keyring entry or the passphrase is lost, the workspace and its backups cannot be read by "
    "anyone. Exit status: 0 created, 2 usage error (the file exists, encryption is unavailable "
    "here, or no passphrase could be had), 3 the workspace cannot be created."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument, help="the new file (.tracker)")
    parser.add_argument("--encrypted", action="store_true",
                        help="encrypt the file; the key is kept in this computer's keyring")
    from tracker.commands.key_change import add_new_key_options

    add_new_key_options(parser, "--passphrase-file", "--passphrase")

def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, fail, warn_about_location
    from tracker.store import Workspace, WorkspaceError
    from tracker.store.encryption import KEYRING_SERVICE, EncryptionUnavailableError
    from tracker.store.workspace import WORKSPACE_SUFFIX

    if not isinstance(args.workspace, Path):
        return _new_shared(args)
    path: Path = args.workspace
    if path.suffix.lower() != WORKSPACE_SUFFIX:
        path = path.with_name(path.name + WORKSPACE_SUFFIX)
    if path.exists():
        return fail(f"{path} already exists; choose another name", EXIT_USAGE)
    if (args.new_passphrase_file or args.ask_new_passphrase) and not args.encrypted:
        return fail("--passphrase-file and --passphrase go with --encrypted", EXIT_USAGE)
    secret = None
    if args.encrypted:
        from tracker.commands.passphrases import new_passphrase
        from tracker.store.encryption import unavailable_reason

        reason = unavailable_reason()
        if reason:
            return fail(f"An encrypted workspace cannot be created here: {reason}.", EXIT_USAGE)
        secret = new_passphrase(args.new_passphrase_file, ask=args.ask_new_passphrase, what=path.name)
    try:
        ws = Workspace.open(path, encrypted=args.encrypted, passphrase=secret)
    except EncryptionUnavailableError as e:
        return fail(str(e), EXIT_USAGE)
    except (WorkspaceError, OSError) as e:
        return fail(str(e), EXIT_WORKSPACE)
    with ws:
        warn_about_location(ws.path)
        key = ws.key  # None: not encrypted
        if key is not None and key.source == "passphrase":
            print(f"Encrypted workspace created at {ws.path}, protected by your passphrase "
                  f"(workspace id {key.id}). Without the passphrase nobody can read it.")
        elif key is not None:
            print(f"Encrypted workspace created at {ws.path}")
            print(f"Its key is in this computer's keyring: service \"{KEYRING_SERVICE}\", "
                  f"name {key.id}. Without that entry the file cannot be read.")
        else:
            print(f"Workspace created at {ws.path}")
    return EXIT_OK


def _new_shared(args: argparse.Namespace) -> int:
    """`tracker new postgresql://…`: make the workspace in an empty database of a server."""
    from tracker.commands.common import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, fail, open_server_workspace
    from tracker.store import WorkspaceError
    from tracker.store.engine.address import ServerAddress
    from tracker.store.engine.server_connect import check_server

    address: ServerAddress = args.workspace
    if args.encrypted or args.new_passphrase_file or args.ask_new_passphrase:
        return fail("--encrypted is for workspace files; a shared workspace is protected by its server", EXIT_USAGE)
    try:
        if check_server(address).holds_workspace:
            return fail(f"{address.title()} already holds a workspace; open it, or choose another database",
                        EXIT_USAGE)
        with open_server_workspace(address):
            pass  # opening an empty database makes the workspace there
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    print(f"Shared workspace created at {address.display()}")
    return EXIT_OK
