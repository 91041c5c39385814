"""`tracker encrypt WORKSPACE [--passphrase-file PATH | --passphrase]`: encrypt a plain workspace."""

from __future__ import annotations

import argparse

from tracker.commands.common import workspace_argument
from tracker.commands.key_change import EXITS, add_new_key_options

HELP = "encrypt an existing workspace (the key in the keyring, or a passphrase)"
DESCRIPTION = (
    "Encrypt the plain workspace WORKSPACE and its automatic backups with SQLCipher, in one step: "
    "a copy is kept until the encrypted file passed its checks and replaced the original. The key "
    "goes to this computer's keyring; with --passphrase-file or --passphrase (or where there is "
    "no keyring) it is derived from a passphrase instead, which nobody can recover if it is "
    "forgotten. " + EXITS
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument, help="an existing, plain workspace")
    add_new_key_options(parser, "--passphrase-file", "--passphrase")

def run(args: argparse.Namespace) -> int:
    from tracker.commands.key_change import run as run_change
    from tracker.store.rekeying import ENCRYPT

    return run_change(args, ENCRYPT)
