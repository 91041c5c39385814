"""`tracker rollout add WORKSPACE NAME [--go-live DATE] [--target-rate R --target-date DATE]
[--team TEAM]...` and `tracker rollout list WORKSPACE`: rollouts for scripted imports."""

from __future__ import annotations

import argparse

from tracker.commands.common import workspace_argument

HELP = "add a rollout or list them, so scheduled imports can be scripted"
DESCRIPTION = (
    "add: create a rollout (stage Pilot) with its go-live date, target adoption rate and date, and "
    "the teams taking part (medium impact; the teams must exist, e.g. from a roster import). "
    "list: one line per rollout. Exit status: 0 done, 1 refused (a name already taken, an unknown "
    "team, a bad value; nothing changed), 2 usage error, 3 the workspace cannot be opened."
)


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="rollout_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create a rollout",
                             description="Create a rollout, with its dates, target and teams, in one go.")
    add.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                     help="created if it does not exist (a file, or a postgresql:// address)")
    add.add_argument("name", metavar="NAME", help="the rollout's name, e.g. 'Claims triage assistant'")
    add.add_argument("--go-live", metavar="DATE", help="go-live date, YYYY-MM-DD")
    add.add_argument("--target-rate", metavar="R",
                     help="target adoption: a share of the eligible people, 0.65 or 65%% (with --target-date)")
    add.add_argument("--target-date", metavar="DATE", help="when the target rate should be reached, YYYY-MM-DD")
    add.add_argument("--team", metavar="TEAM", action="append", default=[],
                     help="a team taking part (repeatable), by its name in the workspace")
    listing = actions.add_parser("list", help="list the rollouts",
                                 description="One line per rollout: name, stage, go-live, target, teams.")
    listing.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                         help="an existing workspace (a file, or a postgresql:// address)")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_OK, EXIT_REJECTED, EXIT_WORKSPACE, fail, open_workspace, warn_about_location
    from tracker.services.rollout_setup import RolloutSetupError, add_rollout, list_rollouts, parse_day, parse_rate
    from tracker.store import WorkspaceError

    adding = args.rollout_action == "add"
    try:
        if adding:
            go_live = parse_day("--go-live", args.go_live)
            target_rate = parse_rate(args.target_rate) if args.target_rate is not None else None
            target_date = parse_day("--target-date", args.target_date)
        # Listing only reads: it works on a read-only file or folder and writes nothing beside it.
        ws = open_workspace(args.workspace, create=True, to_read=not adding)
    except RolloutSetupError as e:
        return fail(str(e), EXIT_REJECTED)
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    warn_about_location(args.workspace)
    with ws:
        if not adding:
            for summary in list_rollouts(ws):
                print(summary.line())
            return EXIT_OK
        try:
            add_rollout(ws, args.name, teams=args.team, go_live=go_live, target_rate=target_rate,
                        target_date=target_date)
        except (RolloutSetupError, WorkspaceError) as e:
            return fail(str(e), EXIT_REJECTED)
        print(f"Added rollout {args.name.strip()}" + (f" with {len(set(args.team))} teams" if args.team else ""))
    return EXIT_OK
