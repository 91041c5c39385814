"""`tracker erase-person WORKSPACE EMPLOYEE_ID --yes`: erase one person's personal data on request.

Name, email, title and employee id are replaced by a pseudonym ("Person 0042"), notes about
them are cleared and their name is scrubbed from other text and from the history; their
records (training, roles, signals) stay, counted against the pseudonym, so no figure changes.
Recorded in the audit trail as one change. Without --yes nothing is changed: the command says
what it would do, because an erasure cannot be taken back.
"""

from __future__ import annotations

import argparse

from tracker.commands.common import workspace_argument

HELP = "erase one person's personal data on request (keeps their records under a pseudonym)"
DESCRIPTION = (
    "Replaces the person's name, email, title and employee id with a pseudonym, clears notes about "
    "them and scrubs their name from other text and the history; their records stay, so figures do "
    "not change. Needs --yes. Exit status: 0 erased, 1 no such person or not confirmed, 2 usage "
    "error, 3 the workspace cannot be opened."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("employee_id", metavar="EMPLOYEE_ID", help="the person's employee id")
    parser.add_argument("--yes", action="store_true", help="confirm: the erasure cannot be undone")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_OK, EXIT_WORKSPACE, fail, open_workspace, workspace_name
    from tracker.store import WorkspaceError
    from tracker.store.erasure import checkpoint, erase_person

    try:
        # Without --yes it only says what it would do, so it only reads.
        ws = open_workspace(args.workspace, to_read=not args.yes)
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    with ws:
        person = ws.people.by_employee_id(args.employee_id)
        if person is None:
            return fail(f"No person with employee id {args.employee_id} in {workspace_name(args.workspace)}.", 1)
        if not args.yes:
            return fail(f"Would erase the personal data of {person.name} ({args.employee_id}); "
                        "run again with --yes to do it. This cannot be undone.", 1)
        try:
            erase_person(ws, person.id)
        except WorkspaceError as e:
            return fail(str(e), 1)
        checkpoint(ws)  # the erased text leaves the WAL too, not only the main file
        print(f"Erased the personal data of employee {args.employee_id}; their records are kept "
              "under a pseudonym.")
    return EXIT_OK
