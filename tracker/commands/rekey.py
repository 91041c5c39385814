"""`tracker rekey WORKSPACE [--passphrase-file OLD] [--new-passphrase-file NEW | --new-passphrase]`."""

from __future__ import annotations

import argparse

from tracker.commands.common import workspace_argument
from tracker.commands.key_change import EXITS, add_new_key_options

HELP = "change an encrypted workspace's key or passphrase"
DESCRIPTION = (
    "Write the encrypted workspace WORKSPACE (and its automatic backups) anew with a new key, in "
    "one step that keeps a copy until the new file passed its checks. The new key goes to this "
    "computer's keyring, or, with --new-passphrase-file or --new-passphrase (or where there is no "
    "keyring), it is derived from a new passphrase. The current passphrase, if it has one, comes "
    "from --passphrase-file or the prompt. " + EXITS
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument, help="an existing, encrypted workspace")
    add_new_key_options(parser, "--new-passphrase-file", "--new-passphrase")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.key_change import run as run_change
    from tracker.store.rekeying import REKEY

    return run_change(args, REKEY)
