"""`tracker pull ADDRESS FILE.tracker`: a local copy of a shared workspace, as a workspace file
(tracker/store/engine/workspace_copy.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands.common import workspace_argument

HELP = "copy a shared workspace from a PostgreSQL server into a new workspace file"
DESCRIPTION = (
    "Copy everything the shared workspace at ADDRESS holds (records, history, import mappings, "
    "seats) into the new file FILE, as it is at one moment; the server is only read. An "
    "existing file is never replaced. Exit status: 0 copied, 2 usage error (the file exists), "
    "3 the server or the file cannot be used (its folder is missing; a half-made file is removed)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("address", metavar="ADDRESS", type=workspace_argument,
                        help="the server's database: postgresql://user@host[:port]/database[?sslmode=…]")
    parser.add_argument("file", metavar="FILE", type=Path, help="the new workspace file (.tracker)")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import (
        EXIT_OK,
        EXIT_USAGE,
        EXIT_WORKSPACE,
        fail,
        is_server,
        open_server_workspace,
        open_workspace,
        warn_about_location,
    )
    from tracker.store import WorkspaceError
    from tracker.store.engine.workspace_copy import copy_workspace
    from tracker.store.file_access import remove_new_workspace
    from tracker.store.workspace import WORKSPACE_SUFFIX

    if not is_server(args.address):
        return fail(f"{args.address}: pull copies from a server; give a postgresql:// address", EXIT_USAGE)
    path: Path = args.file
    if path.suffix.lower() != WORKSPACE_SUFFIX:
        path = path.with_name(path.name + WORKSPACE_SUFFIX)
    if path.exists():
        return fail(f"{path} already exists; choose another name", EXIT_USAGE)
    if not path.absolute().parent.is_dir():
        return fail(f"the folder {path.absolute().parent} does not exist", EXIT_WORKSPACE)
    made = False
    try:
        with open_server_workspace(args.address, readonly=True) as source:
            with open_workspace(path, create=True) as target:
                made = True
                copied = copy_workspace(source, target, replace=True, label=f"Pulled from {args.address.title()}")
    except (WorkspaceError, OSError) as e:
        if made:
            remove_new_workspace(path)  # closed by now; nothing was in it before
        return fail(str(e), EXIT_WORKSPACE)
    warn_about_location(path)
    print(f"Copied {args.address.display()} to {path}: {copied.summary()}.")
    return EXIT_OK
