"""`tracker grant ADDRESS USER ROLE`: give a server user a role in a shared workspace (viewer,
editor or admin; tracker/store/engine/server_roles.py). The server enforces it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from tracker.commands.common import is_server, workspace_argument

HELP = "give a user of a shared workspace's server a role: viewer, editor or admin"
DESCRIPTION = (
    "Make USER (a login on the server of ADDRESS) a viewer (reads everything), an editor (also "
    "changes the records, not the roster or the settings) or an admin (everything) of the shared "
    "workspace, in place of any role they held; the server itself refuses what the role does not "
    "allow. Run it as the workspace's owner or a user with CREATEROLE. Exit status: 0 granted, "
    "2 usage error, 3 the server refused or cannot be reached."
)


def configure(parser: argparse.ArgumentParser) -> None:
    address_and_user(parser)
    parser.add_argument("role", metavar="ROLE", help="viewer, editor or admin")


def address_and_user(parser: argparse.ArgumentParser) -> None:
    """ADDRESS USER, as grant and revoke both take them."""
    parser.add_argument("address", metavar="ADDRESS", type=workspace_argument,
                        help="the server's database: postgresql://user@host[:port]/database[?sslmode=…]")
    parser.add_argument("user", metavar="USER", help="the login name on the server")


def run(args: argparse.Namespace) -> int:
    from tracker.store.engine.server_roles import grant_role

    return on_server(args.address, lambda conn: grant_role(conn, args.user, args.role))


def on_server(address: object, action: Callable[[Any], str]) -> int:
    """Connect to `address` (a server's, else a usage error), run `action(connection)` and print
    the sentence it returns; a refusal is one line and exit status 3."""
    from tracker.commands.common import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, fail
    from tracker.store import WorkspaceError
    from tracker.store.engine.connection_errors import failures_explained
    from tracker.store.engine.server_connect import connect

    if not is_server(address):
        return fail(f"{address}: roles belong to a shared workspace; give its postgresql:// address", EXIT_USAGE)
    try:
        with failures_explained(address), connect(address, autocommit=True) as conn:
            print(action(conn))
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    return EXIT_OK
