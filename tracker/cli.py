"""The `tracker` command: opens the window, or runs a headless job.

Imports no Qt: subcommands run on machines without a display and start fast. The window is
imported only when no subcommand is given. Each subcommand lives in its own module under
tracker/commands/ with `configure(parser)` and `run(args) -> int`; register it below.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from tracker import __version__
from tracker.commands.common import EXIT_USAGE

# Top-level commands: name -> module.
COMMANDS: dict[str, str] = {
    "demo": "tracker.commands.demo",
    "report": "tracker.commands.report",
    "retention": "tracker.commands.retention",
    "export-data": "tracker.commands.export_data",
    "import-data": "tracker.commands.import_data",
    "erase-person": "tracker.commands.erase_person",
    "new": "tracker.commands.new_workspace",
    "rollout": "tracker.commands.rollout",
    "encrypt": "tracker.commands.encrypt",
    "rekey": "tracker.commands.rekey",
    "decrypt": "tracker.commands.decrypt",
    "push": "tracker.commands.push",
    "pull": "tracker.commands.pull",
    "grant": "tracker.commands.grant",
    "revoke": "tracker.commands.revoke",
}

# Commands that open no existing workspace, so take no --passphrase-file.
NO_WORKSPACE = {"demo"}

# `tracker import KIND ...`: kind -> module.
IMPORT_KINDS: dict[str, str] = {
    "roster": "tracker.commands.import_roster",
    "training": "tracker.commands.import_training",
    "adkar": "tracker.commands.import_adkar",
    "kpis": "tracker.commands.import_kpis",
    "usage": "tracker.commands.import_usage",
    "adoption": "tracker.commands.import_adoption",
    "accounts": "tracker.commands.import_accounts",
    "seats": "tracker.commands.import_seats",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracker",
        description="Rollout Tracker: carry AI rollouts from pilot into production. "
        "Without a command, opens the window (on WORKSPACE, or the last one used).",
    )
    parser.add_argument("--version", action="version", version=f"Rollout Tracker {__version__}")
    from tracker.commands.passphrases import add_option

    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=module.HELP, description=module.DESCRIPTION)
        module.configure(command)
        if name not in NO_WORKSPACE:
            _add_passphrase_option(command, add_option)
    imp = sub.add_parser("import", help="import a file into a workspace (preview, then all or nothing)")
    kinds = imp.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, module_name in IMPORT_KINDS.items():
        module = importlib.import_module(module_name)
        command = kinds.add_parser(kind, help=module.HELP, description=module.DESCRIPTION)
        module.configure(command)
        add_option(command)
    return parser


def _add_passphrase_option(parser: argparse.ArgumentParser, add_option) -> None:
    """--passphrase-file on a command, or on each action of one that has actions (rollout)."""
    nested = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    for command in (nested.choices.values() if nested is not None else [parser]):
        add_option(command)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    known = set(COMMANDS) | {"import"}
    # `tracker some.tracker` opens the window; a workspace called "demo.tracker" still opens.
    if not argv or (argv[0] not in known and not argv[0].startswith("-")):
        if len(argv) > 1:
            build_parser().error(f"unknown command: {' '.join(argv)}")
        from tracker.app import run_gui

        return run_gui(argv[0] if argv else None)
    args = build_parser().parse_args(argv)
    if args.command is None:
        from tracker.app import run_gui

        return run_gui(None)
    module_name = IMPORT_KINDS[args.kind] if args.command == "import" else COMMANDS[args.command]
    from tracker.commands.passphrases import PassphraseUsageError, install
    from tracker.store import passphrase

    try:
        install(args)
        return importlib.import_module(module_name).run(args)
    except PassphraseUsageError as e:
        from tracker.commands.common import fail

        return fail(str(e), EXIT_USAGE)
    except KeyboardInterrupt:
        print("tracker: interrupted; nothing was changed by the unfinished step", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_USAGE
    except Exception as e:  # what a command did not expect still ends in one line, not a traceback
        if os.environ.get("TRACKER_TRACEBACK"):
            raise
        return _unexpected(e)
    finally:
        passphrase.set_provider(None)
        passphrase.forget_all()  # keys derived for this command live no longer than it
        from tracker.store.engine.credentials import forget_session

        forget_session()  # and so do passwords given in an address


def _unexpected(error: Exception) -> int:
    """One line and an exit status for an error no command caught: the store's (3), an I/O
    error (1), or a defect (1, said as such). Every write runs in one transaction, so whatever
    was under way when it happened was rolled back."""
    from tracker.commands.common import EXIT_REJECTED, EXIT_WORKSPACE, fail
    from tracker.store.errors import DatabaseEngineError, WorkspaceError

    if isinstance(error, WorkspaceError):
        return fail(str(error), EXIT_WORKSPACE)
    if isinstance(error, DatabaseEngineError):
        return fail(f"the workspace could not be read or written ({error}); the unfinished step "
                    "changed nothing", EXIT_WORKSPACE)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return fail(f"{where}{error.strerror or error}", EXIT_REJECTED)
    return fail(f"unexpected error ({type(error).__name__}: {error}); the unfinished step changed "
                "nothing. Please report it; TRACKER_TRACEBACK=1 shows where it happened", EXIT_REJECTED)
