"""Passphrases on the command line: from a file (`--passphrase-file PATH`) or, on a terminal
only, from a prompt that does not echo (getpass). Never from an argument: argv is visible to
every user of the machine (ps, /proc) and kept in shell histories.

`install(args)` runs before every subcommand: an encrypted workspace whose key is neither in
the keyring nor known yet is then opened with the file's passphrase, or the one typed at the
prompt; without either (a script, a pipe) the command says in one line how to give it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

PASSPHRASE_FILE_HELP = ("the passphrase of an encrypted workspace that has no key in this computer's "
                        "keyring: the file's first line (on a terminal, you are asked instead when it is needed)")


class PassphraseUsageError(Exception):
    """No usable passphrase could be had; the message says why and how (exit 2)."""


def add_option(parser: argparse.ArgumentParser, help_text: str = PASSPHRASE_FILE_HELP) -> None:
    if not any("--passphrase-file" in a.option_strings for a in parser._actions):
        parser.add_argument("--passphrase-file", metavar="PATH", type=Path, default=None, help=help_text)


def on_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced stdin
        return False


def from_file(path: Path) -> str:
    from tracker.store.passphrase import read_passphrase_file

    try:
        return read_passphrase_file(path)
    except ValueError as e:
        raise PassphraseUsageError(str(e)) from e


def install(args: argparse.Namespace) -> None:
    """Give the store the passphrase of `--passphrase-file`, or a prompt on a terminal."""
    from tracker.store import passphrase

    file = getattr(args, "passphrase_file", None)
    if file is not None:
        text = from_file(file)
        passphrase.set_provider(lambda _path: text)
    elif on_terminal():
        asked: dict[Path, str] = {}  # once per file: a wrong one is one line, not a loop

        def ask(path: Path) -> str | None:
            if path not in asked:
                asked[path] = getpass.getpass(f"Passphrase for {path.name}: ")
            return asked[path] or None

        passphrase.set_provider(ask)
    else:
        passphrase.set_provider(None)


def new_passphrase(file: Path | None, *, ask: bool, what: str) -> str | None:
    """The passphrase for a new key: from `file`, or asked twice at the prompt when `ask` or
    when this computer has no keyring; None means "use the keyring". PassphraseUsageError
    when none can be had or it is refused."""
    from tracker.store.encryption import keyring_unavailable_reason
    from tracker.store.passphrase import refusal_reason

    if file is not None:
        text = from_file(file)
    else:
        no_keyring = keyring_unavailable_reason()
        if not ask and no_keyring is None:
            return None
        if not on_terminal():
            why = f"{no_keyring}; " if no_keyring else ""
            raise PassphraseUsageError(f"{why}give the passphrase for {what} with --passphrase-file PATH "
                                       "(or run this on a terminal to be asked for it)")
        text = getpass.getpass(f"New passphrase for {what}: ")
        if getpass.getpass("The same passphrase again: ") != text:
            raise PassphraseUsageError("the two passphrases differ; nothing was changed")
    refusal = refusal_reason(text)
    if refusal:
        raise PassphraseUsageError(refusal.rstrip(".") + "; nothing was changed")
    _hint(text)
    return text


def _hint(text: str) -> None:
    from tracker.domain.passphrase_strength import estimate

    strength = estimate(text)
    if strength.word == "weak":
        print(f"tracker: note: {strength.hint}", file=sys.stderr)
