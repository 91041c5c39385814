"""`tracker revoke ADDRESS USER`: take every role of a shared workspace from a server user."""

from __future__ import annotations

import argparse

HELP = "take a user's role in a shared workspace away"
DESCRIPTION = (
    "Take the viewer, editor and admin roles of the shared workspace at ADDRESS from USER: the "
    "server then refuses them even reading it (unless they own it). Run it as the workspace's "
    "owner or a user with CREATEROLE. Exit status: 0 done, 2 usage error, 3 the server refused "
    "or cannot be reached."
)


def configure(parser: argparse.ArgumentParser) -> None:
    from tracker.commands.grant import address_and_user

    address_and_user(parser)


def run(args: argparse.Namespace) -> int:
    from tracker.commands.grant import on_server
    from tracker.store.engine.server_roles import revoke_roles

    return on_server(args.address, lambda conn: revoke_roles(conn, args.user))
