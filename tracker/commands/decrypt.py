"""`tracker decrypt WORKSPACE [--passphrase-file PATH]`: make an encrypted workspace plain."""

from __future__ import annotations

import argparse

from tracker.commands.common import workspace_argument
from tracker.commands.key_change import EXITS

HELP = "decrypt an encrypted workspace (and its backups) into plain files"
DESCRIPTION = (
    "Write the encrypted workspace WORKSPACE (and its automatic backups) anew without encryption, "
    "in one step that keeps a copy until the plain file passed its checks. Its passphrase, if it "
    "has one, comes from --passphrase-file or the prompt. Afterwards anyone who can read the file "
    "can read its contents. " + EXITS
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument, help="an existing, encrypted workspace")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.key_change import run as run_change
    from tracker.store.rekeying import DECRYPT

    args.new_passphrase_file, args.ask_new_passphrase = None, False
    return run_change(args, DECRYPT)
