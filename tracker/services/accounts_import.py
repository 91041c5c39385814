"""Importing people's accounts in other systems: preview, then all or nothing.

Usage reports and learning exports name people by the account they use there (a UPN, a GitHub
login, a ChatGPT email), so the workspace keeps, per person, their accounts per system
(tracker/store/accounts.py). They come from a roster's account column, from Microsoft Entra
ID's "Download users" file (UPNs, matched to people by mail), or from a file in the app's own
columns: ``employee_id`` (or ``email``) and ``account``, with the system named by the user.

A person is matched by employee id, else by email, else by the account itself read as an email
(a UPN usually is one), case-insensitively. An account matching no one is counted and the first
ones are listed, never silently dropped; it is not an error (directories hold service accounts,
guests and people who left).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tracker.collector import collector_paused
from tracker.domain.importing import RowError, cell_text
from tracker.domain.layouts import FIELDS, Layout, match, to_fields
from tracker.io.table_reader import ReadCancelled, TableReadError, read_table
from tracker.services.layout_choice import choose_layout
from tracker.store.workspace import Workspace

MAX_LISTED = 20  # unmatched accounts and errors listed in a report; the rest are counted
_SYSTEM = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")

# The app's own columns (no layout recognised): the system comes from --system.
OWN_COLUMNS = Layout(key="own_accounts", title="Rollout Tracker accounts", kind="accounts",
                     columns={f: (f,) for f in FIELDS["accounts"].all}, signature=frozenset())


class AccountSystemError(ValueError):
    """No usable system name for the file's accounts; ``str(e)`` is one line for the user."""


def check_system(name: str | None) -> str:
    """A system name as stored: lower case, a short word ("upn", "github", "chatgpt")."""
    system = (name or "").strip().lower()
    if not _SYSTEM.match(system):
        raise AccountSystemError(f"--system {name!r}: a system is a short word such as upn, github or chatgpt "
                                 "(letters, digits, '.', '-' or '_')")
    return system


@dataclass
class AccountsPreview:
    """What an accounts import would do. ``errors`` non-empty means it will not be applied."""

    source: Path
    system: str = ""
    layout_title: str | None = None
    raw_headers: list[str] = field(default_factory=list)
    missing: list[tuple[str, ...]] = field(default_factory=list)
    rows_read: int = 0
    links: list[tuple[int, str]] = field(default_factory=list)  # (person id, account) to add or move
    added: int = 0
    moved: int = 0
    unchanged: int = 0
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (row, account)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def missing_text(self) -> str:
        labels = FIELDS["accounts"].labels
        wanted = "; ".join(" or ".join(labels.get(f, f) for f in group) for group in self.missing)
        return (f"{self.source.name}: no column for {wanted} (the file's columns: "
                f"{', '.join(self.raw_headers)})")

    def report(self, *, max_errors: int | None = MAX_LISTED) -> str:
        lines = [f"Recognised: {self.layout_title}"] if self.layout_title else []
        where = f"; accounts in {self.system}" if self.system else ""
        lines.append(f"{self.source.name}: {self.rows_read:,} rows read{where}")
        if self.errors:
            lines.append(f"{len(self.errors):,} rows rejected; nothing will be changed:")
            shown = self.errors if max_errors is None else self.errors[:max_errors]
            lines.extend(f"  {e}" for e in shown)
            if len(shown) < len(self.errors):
                lines.append(f"  … and {len(self.errors) - len(shown):,} more")
            return "\n".join(lines)
        lines.append(f"{self.added:,} new, {self.moved:,} moved to another person, {self.unchanged:,} unchanged, "
                     f"{len(self.unmatched):,} matching no one")
        if self.unmatched:
            lines.append("matching no one in the workspace (not imported):")
            lines.extend(f"  row {row}: {account}" for row, account in self.unmatched[:MAX_LISTED])
            if len(self.unmatched) > MAX_LISTED:
                lines.append(f"  … and {len(self.unmatched) - MAX_LISTED:,} more")
        return "\n".join(lines)


def preview_accounts(ws: Workspace, path: str | Path, *, system: str | None = None, preset: str | None = None,
                     overrides: Mapping[str, str] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> AccountsPreview:
    """Read the file and match its accounts to people; writes nothing.

    ``system``: the accounts' system; a recognised directory (Entra) knows its own, a file in
    the app's columns needs it. Raises LayoutChoiceError (a preset or --map that does not fit)
    and AccountSystemError; ReadCancelled when ``cancelled()`` turns true.
    """
    with collector_paused():
        return _preview(ws, Path(path), system, preset, overrides, cancelled)


def _preview(ws: Workspace, path: Path, system: str | None, preset: str | None,
             overrides: Mapping[str, str] | None, cancelled: Callable[[], bool] | None) -> AccountsPreview:
    preview = AccountsPreview(path)
    try:
        table = read_table(path, cancelled=cancelled)
    except ReadCancelled:
        raise
    except TableReadError as e:
        preview.errors.append(RowError(None, str(e)))
        return preview
    preview.raw_headers = list(table.raw_headers)
    preview.rows_read = len(table.rows) + len(table.problems)
    recognition = choose_layout(ws, table.raw_headers, "accounts", preset=preset, overrides=overrides)
    if recognition is None:
        recognition = match(OWN_COLUMNS, table.raw_headers)
        assert recognition is not None  # the app's own columns have no signature: they always match
    else:
        preview.layout_title = recognition.layout.title
    if system is None and recognition.layout.account_system is None:
        raise AccountSystemError(f"{path.name}: say which system these accounts belong to with --system NAME "
                                 "(e.g. upn, github, chatgpt)")
    preview.system = check_system(system or recognition.layout.account_system)
    preview.missing = recognition.missing()
    if preview.missing:
        preview.errors.append(RowError(None, preview.missing_text()))
        return preview
    fields = to_fields(recognition, [(row.number, row.values) for row in table.rows])
    preview.errors.extend(RowError(p.row, f"{p.column}: {p.reason}" if p.column else p.reason)
                          for p in table.problems)
    preview.errors.extend(fields.errors)
    _match(ws, preview, fields.rows)
    preview.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
    return preview


def _match(ws: Workspace, preview: AccountsPreview, rows: Iterable[tuple[int, Mapping[str, object]]]) -> None:
    by_employee_id, by_email = people_index(ws)
    stored = ws.accounts.person_ids(preview.system)
    seen: dict[str, tuple[int, int]] = {}  # lower account -> (row, person id)
    for number, values in rows:
        account = cell_text(values.get("account"))
        if not account:
            preview.errors.append(RowError(number, "no account"))
            continue
        key = account.lower()
        person_id = (by_employee_id.get(cell_text(values.get("employee_id")))
                     or by_email.get(cell_text(values.get("email")).lower())
                     or by_email.get(key))
        if person_id is None:
            preview.unmatched.append((number, account))
            continue
        earlier = seen.get(key)
        if earlier is not None:
            if earlier[1] != person_id:
                preview.errors.append(RowError(number, f"account {account} is also on row {earlier[0]}, "
                                                       "for another person"))
            continue
        seen[key] = (number, person_id)
        holder = stored.get(key)
        if holder == person_id:
            preview.unchanged += 1
            continue
        preview.links.append((person_id, account))
        if holder is None:
            preview.added += 1
        else:
            preview.moved += 1


def people_index(ws: Workspace) -> tuple[dict[str, int], dict[str, int]]:
    """Employee id -> person id, and lower-cased email -> person id (an email two people share
    matches neither of them)."""
    people = ws.people.snapshot()
    by_employee_id = {eid: p["id"] for eid, p in people.items()}
    by_email: dict[str, int] = {}
    shared: set[str] = set()
    for p in people.values():
        email = (p["email"] or "").strip().lower()
        if not email:
            continue
        if email in by_email and by_email[email] != p["id"]:
            shared.add(email)
        by_email[email] = p["id"]
    for email in shared:
        del by_email[email]
    return by_employee_id, by_email


def apply_accounts(ws: Workspace, preview: AccountsPreview) -> int | None:
    """Link the previewed accounts in one audited change; returns how many were written (None:
    nothing to do)."""
    if not preview.ok:
        raise ValueError("An accounts file with errors is never applied.")
    if not preview.links:
        return None
    added, moved = ws.accounts.link(preview.system, preview.links,
                                    f"Import {preview.system} accounts from {preview.source.name}")
    return (added + moved) or None
