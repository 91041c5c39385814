"""What `tracker encrypt`, `tracker rekey` and `tracker decrypt` share: the new key's source,
the run through rekeying.change_key (one step, a copy kept until it succeeded), the report."""

from __future__ import annotations

import argparse
from pathlib import Path

EXITS = ("Exit status: 0 done, 2 usage error (no passphrase could be had, or the workspace is "
         "already (not) encrypted), 3 the workspace cannot be used (missing, damaged, read-only, "
         "open elsewhere, a wrong passphrase); the workspace is unchanged unless the status is 0.")


def add_new_key_options(parser: argparse.ArgumentParser, file_option: str, ask_option: str) -> None:
    parser.add_argument(file_option, metavar="PATH", type=Path, default=None, dest="new_passphrase_file",
                        help="protect it with the passphrase in this file (its first line) instead of "
                             "a key in this computer's keyring")
    parser.add_argument(ask_option, action="store_true", dest="ask_new_passphrase",
                        help="protect it with a passphrase you type (twice, not shown) instead of a key "
                             "in the keyring; without a keyring you are asked anyway")


def run(args: argparse.Namespace, action: str) -> int:
    from tracker.commands.common import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, fail
    from tracker.commands.passphrases import new_passphrase
    from tracker.store import WorkspaceError, encryption, passphrase
    from tracker.store.rekeying import DECRYPT, ENCRYPT, KeyChangeRefusedError, change_key

    if not isinstance(args.workspace, Path):
        return fail("encryption is for workspace files; a shared workspace is protected by its server "
                    "(TLS to it, and the server's own storage)", EXIT_USAGE)
    path: Path = args.workspace
    if action == ENCRYPT and args.new_passphrase_file is not None:
        # A file encrypted already opens with it, to be told so (exit 2) rather than "no key".
        from tracker.commands.passphrases import from_file

        given = from_file(args.new_passphrase_file)
        passphrase.set_provider(lambda _path: given)

    def make_key():
        if action == DECRYPT:
            return None
        reason = encryption.unavailable_reason()
        if reason:
            raise encryption.EncryptionUnavailableError(f"Encryption is unavailable here: {reason}.")
        text = new_passphrase(args.new_passphrase_file, ask=args.ask_new_passphrase, what=path.name)
        if text is None:
            return encryption.create_key()
        return passphrase.new_key(text)

    def progress(step: int, steps: int, what: str) -> None:
        print(f"[{step + 1}/{steps}] {what}…", flush=True)

    try:
        change = change_key(path, action, make_key, progress)
    except (KeyChangeRefusedError, encryption.EncryptionUnavailableError) as e:
        return fail(str(e), EXIT_USAGE)
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    print(change.summary())
    return EXIT_OK
