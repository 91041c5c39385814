"""`tracker import accounts WORKSPACE FILE [--system NAME] [--preset NAME] [--map FIELD=COLUMN]...
[--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands.common import add_layout_options, workspace_argument

HELP = "import people's accounts in other systems (UPN, GitHub login, ...): a Microsoft Entra ID user list or CSV/XLSX"
DESCRIPTION = (
    "Link people to their accounts in another system, so that usage reports naming people by "
    "that account are matched to them. Recognised as it is: the Microsoft Entra ID 'Download "
    "users' file (its userPrincipalName becomes the person's 'upn' account; people are matched "
    "by mail). Any other file needs the columns employee_id (or email) and account, and --system "
    "NAME saying which system the accounts belong to (e.g. upn, github, chatgpt). People are "
    "matched by employee id, else email, else the account read as an email, ignoring case; "
    "accounts matching no one are counted and the first ones listed, not imported. An account "
    "held by someone else moves to the person the file names. Exit status: 0 applied (or "
    "previewed with --dry-run), 1 rejected (nothing changed), 2 usage error, 3 the workspace "
    "cannot be opened."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--system", metavar="NAME",
                        help="the system the accounts belong to (upn, github, chatgpt, ...); "
                             "not needed for the Entra file, which holds UPNs")
    add_layout_options(parser, layouts="entra_users", fields="employee_id, email, account, name")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import run_layout_import
    from tracker.services.accounts_import import AccountSystemError, apply_accounts, preview_accounts

    return run_layout_import(
        args, apply=apply_accounts, refuse=(AccountSystemError,), create=False,
        preview=lambda ws, overrides: preview_accounts(ws, args.file, system=args.system, preset=args.preset,
                                                       overrides=overrides))
