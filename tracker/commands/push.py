"""`tracker push FILE.tracker ADDRESS [--replace]`: copy a workspace file to a server, so a team
can share it (tracker/store/engine/workspace_copy.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands.common import workspace_argument

HELP = "copy a workspace file to a PostgreSQL server, as a shared workspace"
DESCRIPTION = (
    "Copy everything FILE holds (records, history, import mappings, seats) into the database at "
    "ADDRESS (postgresql://user@host/database), in one transaction: all of it or nothing. A "
    "database already holding a workspace with records is refused unless --replace, which "
    "replaces what it holds. The file is only read. Exit status: 0 copied, 1 refused (the "
    "database holds a workspace), 2 usage error, 3 the file or the server cannot be used "
    "(missing, damaged, newer; unreachable, no such database, password refused)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help="the workspace file (.tracker) to copy")
    parser.add_argument("address", metavar="ADDRESS", type=workspace_argument,
                        help="the server's database: postgresql://user@host[:port]/database[?sslmode=…]")
    parser.add_argument("--replace", action="store_true",
                        help="replace the workspace the database holds already")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import (
        EXIT_OK,
        EXIT_REJECTED,
        EXIT_USAGE,
        EXIT_WORKSPACE,
        fail,
        is_server,
        open_server_workspace,
        open_workspace,
    )
    from tracker.store import WorkspaceError
    from tracker.store.engine.workspace_copy import TargetNotEmptyError, copy_workspace

    if not is_server(args.address):
        return fail(f"{args.address}: push copies to a server; give a postgresql:// address "
                    "(a copy to a file is File → Save a copy)", EXIT_USAGE)
    try:
        with open_workspace(args.file, to_read=True, upgrade=True) as source, \
                open_server_workspace(args.address) as target:
            copied = copy_workspace(source, target, replace=args.replace, label=f"Pushed from {args.file.name}")
    except TargetNotEmptyError as e:
        return fail(f"{args.address.display()}: {e}", EXIT_REJECTED)
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    print(f"Copied {args.file.name} to {args.address.display()}: {copied.summary()}.")
    return EXIT_OK
