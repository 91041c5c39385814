"""`tracker demo PATH [--seed N] [--force]`."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "write the seeded sample workspace to PATH"
DESCRIPTION = "Write a realistic sample organisation with rollouts. The same seed gives the same content."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path)
    parser.add_argument("--seed", type=int, default=1, help="same seed, same content (default 1)")
    parser.add_argument("--force", action="store_true", help="replace an existing file at PATH")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, fail
    from tracker.demo import write_demo_workspace
    from tracker.store import WorkspaceError

    if args.path.exists() and not args.force:
        return fail(f"{args.path} already exists; use --force to replace it", EXIT_USAGE)
    try:
        path = write_demo_workspace(args.path, seed=args.seed, overwrite=args.force)
    except (WorkspaceError, OSError) as e:
        return fail(str(e), EXIT_WORKSPACE)
    print(f"Sample workspace written to {path}")
    return EXIT_OK
