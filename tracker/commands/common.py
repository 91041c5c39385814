"""Exit statuses and helpers shared by the subcommands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

if TYPE_CHECKING:
    import argparse

    from tracker.store.engine.address import ServerAddress
    from tracker.store.workspace import Workspace

# 0 done; 1 the input was rejected (row errors on stderr, nothing changed); 2 usage error;
# 3 the workspace itself cannot be used (in use elsewhere, damaged, or from a newer version).
EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_WORKSPACE = 0, 1, 2, 3


def fail(message: str, status: int = EXIT_REJECTED) -> int:
    """Say what went wrong on one line of stderr (messages quoting SQLite can hold line breaks)."""
    print(f"tracker: {' '.join(str(message).split())}", file=sys.stderr)
    return status


def warn_about_location(path: Path | ServerAddress | str | None) -> None:
    """On stderr: a workspace file on a network drive or in a synced folder can be corrupted
    (a server's workspace is not a file: nothing to warn about)."""
    from tracker.domain.locations import location_risk, location_warning

    if not isinstance(path, Path):
        return
    reason = location_risk(path)
    if reason is not None:
        print(f"tracker: warning: {location_warning(Path(path).name, reason)}", file=sys.stderr)


def workspace_argument(text: str) -> Path | ServerAddress:
    """argparse's ``type`` for every WORKSPACE: a file path, or a checked server address (a bad
    one is a usage error naming what is wrong with it)."""
    import argparse

    from tracker.store.engine.address import AddressError, workspace_target

    try:
        return workspace_target(text)
    except AddressError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def is_server(target: object) -> TypeGuard[ServerAddress]:
    from tracker.store.engine.address import ServerAddress

    return isinstance(target, ServerAddress)


def workspace_name(target: Path | ServerAddress) -> str:
    """How messages name a workspace: the file's name, or "rollouts on db.example.com"."""
    return target.name if isinstance(target, Path) else target.title()


def open_workspace(target: Path | ServerAddress, *, create: bool = False, to_read: bool = False,
                   upgrade: bool = False, defer_check: bool = False) -> Workspace:
    """The one way a command opens its WORKSPACE, a file or a server.

    A file: ``to_read`` opens it for a job that only reads (see Workspace.open_to_read, with
    ``upgrade`` and ``defer_check``), else for writing (``create``: make it when missing). A
    server: its database is opened (the store creates or upgrades the workspace there), read-only
    when ``to_read``; a connection that fails raises ServerConnectionError (a WorkspaceError)
    in one sentence: unreachable, no such database or user, password refused, TLS.
    """
    from tracker.store import Workspace

    if isinstance(target, Path):
        if to_read:
            return Workspace.open_to_read(target, upgrade=upgrade, defer_check=defer_check)
        return Workspace.open(target, create=create)
    return open_server_workspace(target, readonly=to_read)


def open_server_workspace(address: ServerAddress, *, readonly: bool = False) -> Workspace:
    """A shared workspace on its server (the store's Workspace.open of an address)."""
    from tracker.store import Workspace
    from tracker.store.engine.connection_errors import failures_explained
    from tracker.store.engine.credentials import keep_for_session

    if address.password is not None:
        print("tracker: note: a password written in the address can be seen by other users of this computer; "
              "keep it in the system keyring (the window's Remember) or a pgpass file instead", file=sys.stderr)
    with failures_explained(address):
        # The store keeps and shows the address without its password; this process still uses it.
        return Workspace.open(keep_for_session(address).display(), readonly=readonly)


class Preview(Protocol):
    """What every import's preview offers the command line (and a Refusal too)."""

    @property
    def ok(self) -> bool: ...

    def report(self) -> str: ...


# A kind's preview function, and its apply function (which takes that kind's own preview).
PreviewOf = Callable[["Workspace"], Preview]
ApplyTo = Callable[["Workspace", Any], object]


def run_import(workspace_path: Path | ServerAddress, file: Path, *, dry_run: bool, preview: PreviewOf, apply: ApplyTo,
               create: bool = True) -> int:
    """The shared shape of every `tracker import KIND`: open, preview, print, apply or not.

    `preview(ws)` returns an object with `.ok` and `.report()`; `apply(ws, preview)` writes it.
    A dry run opens the workspace read-only and changes nothing (not even creating it). A
    workspace created for an import that is then rejected (or fails) is removed again.
    """
    from tracker.store import Workspace, WorkspaceError
    from tracker.store.file_access import remove_new_workspace

    if not file.exists():
        return fail(f"{file}: no such file", EXIT_USAGE)
    if not isinstance(workspace_path, Path):  # a server: opened (and its workspace made) there
        try:
            ws = open_workspace(workspace_path, to_read=dry_run)
        except WorkspaceError as e:
            return fail(str(e), EXIT_WORKSPACE)
        with ws:
            return _preview_and_maybe_apply(ws, preview, apply, dry_run=dry_run)
    if dry_run and not workspace_path.exists():
        if not create:
            return fail(f"there is no workspace at {workspace_path}", EXIT_WORKSPACE)
        if not workspace_path.absolute().parent.is_dir():  # the real run could not create it
            return fail(f"the folder {workspace_path.absolute().parent} does not exist", EXIT_WORKSPACE)
        import tempfile

        with tempfile.TemporaryDirectory() as tmp, Workspace.open(Path(tmp) / "empty.tracker") as ws:
            return _preview_and_maybe_apply(ws, preview, apply, dry_run=True)
    created = create and not dry_run and not workspace_path.exists()
    try:
        ws = open_workspace(workspace_path, to_read=dry_run, create=create)
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    warn_about_location(ws.path)
    status = EXIT_REJECTED
    try:
        with ws:
            status = _preview_and_maybe_apply(ws, preview, apply, dry_run=dry_run)
    finally:
        if created and status != EXIT_OK:
            remove_new_workspace(ws.path)  # closed by now; it held nothing before this import
    return status


def _preview_and_maybe_apply(ws: Workspace, preview: PreviewOf, apply: ApplyTo, *, dry_run: bool) -> int:
    result = preview(ws)
    if not result.ok:
        print(result.report(), file=sys.stderr)
        return EXIT_REJECTED
    print(result.report())
    if dry_run:
        print("Dry run: nothing was changed.")
        return EXIT_OK
    change = apply(ws, result)
    print("Applied." if change else "Nothing to change: the workspace already matches the file.")
    return EXIT_OK


@dataclass
class Refusal:
    """A preview refused before it is shown, in one line: `run_import` prints `report()` on
    stderr and exits 1 (a layout that does not fit, a missing field, an unconfirmed mass
    deactivation)."""

    message: str
    ok: bool = False

    def report(self) -> str:
        return f"tracker: {self.message}"


def add_layout_options(parser: argparse.ArgumentParser, *, layouts: str, fields: str) -> None:
    """`--preset NAME` and `--map FIELD=COLUMN` for an import that reads exports through layouts
    (``layouts``: the built-in layout keys; ``fields``: the import's fields, for the help)."""
    parser.add_argument("--preset", metavar="NAME",
                        help=f"read the file with this saved mapping or built-in layout ({layouts})")
    parser.add_argument("--map", metavar="FIELD=COLUMN", action="append", dest="map",
                        help=f"read FIELD from the file's COLUMN (repeatable), e.g. --map team=Department; "
                             f"fields: {fields}")


def run_layout_import(args: argparse.Namespace, *, preview: Callable[[Workspace, dict[str, str]], Any],
                      apply: ApplyTo, refuse: tuple[type[Exception], ...] = (),
                      check: Callable[[Any], str | None] | None = None, create: bool = True) -> int:
    """`run_import` for an import read through a layout: `--map` is checked first; a preset or
    mapping that does not fit (LayoutChoiceError, or one of ``refuse``), a missing field
    (``result.missing``) or what ``check(result)`` objects to is refused in one line.

    ``preview(ws, overrides)`` returns the preview; ``check`` returns a refusal or None.
    """
    from tracker.services.layout_choice import LayoutChoiceError, parse_map_options

    try:
        overrides = parse_map_options(args.map)
    except LayoutChoiceError as e:
        return fail(str(e))

    refused: tuple[type[Exception], ...] = (LayoutChoiceError, *refuse)

    def checked(ws: Workspace) -> Preview:
        try:
            result = preview(ws, overrides)
        except refused as e:
            return Refusal(str(e))
        if result.missing:
            return Refusal(f"{result.missing_text()}; name them with --map FIELD=COLUMN")
        refusal = check(result) if check is not None else None
        return Refusal(refusal) if refusal else result

    return run_import(args.workspace, args.file, dry_run=args.dry_run, preview=checked, apply=apply, create=create)
