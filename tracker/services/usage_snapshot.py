"""A recognised usage report (a snapshot) as usage keys: the layout path of the usage import.

A snapshot (Microsoft 365 Copilot usage user detail, the GitHub Copilot activity report, the
ChatGPT Enterprise user engagement export; see tracker/domain/layouts/usage.py) has one row per
licensed user with the days they were last active. Each such day becomes one use, the same
int64 key the app's own usage log makes (rollout << 44 | person << 20 | day), and from there the
import is the usage log's: duplicates collapse, what is recorded already is not new, and the
weekly figures are recomputed from the stored days. Because the stored usage is a *set* of
(rollout, person, day), snapshots imported in any order, overlapping, or twice give the same
stored days.

What a snapshot cannot tell: several days of use in one period show as one day (the last), so
figures that count days of use see fewer than there were; a person active only early in a
week whose snapshot came later shows only the later day. Weekly snapshots therefore give exact
weekly "active" figures; monthly ones can miss a week. The per-app dates of Microsoft 365
Copilot each name another day of use (a Monday in Teams, a Thursday in Word), so they are used.

Person matching: an employee id column matches the roster; an email column matches people's
work email; an account column matches the layout's account system (UPN, GitHub login, ChatGPT
email), and an account that is an email address also matches people's work email. Unmatched
accounts are counted and the first ones listed, never dropped silently. Column by column with
C-level loops, like the usage log: a dozen snapshots of 100,000 users import in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import not_
from typing import TYPE_CHECKING, cast

from tracker.domain.importing import RowError, loose_key
from tracker.domain.layouts import ALSO_USED_ON, FIELDS, Recognition, to_columns
from tracker.io.table_columns import ColumnTable

if TYPE_CHECKING:
    import numpy as np

    from tracker.services.usage_import import UsagePreview
    from tracker.store.workspace import Workspace

DAY_FIELDS = ("used_on",) + ALSO_USED_ON
SYSTEM_WORDS = {"upn": "user principal name", "github": "GitHub login", "chatgpt": "ChatGPT account"}
NO_ROLLOUT = ("this file has no rollout column: choose the rollout it is for (--rollout NAME on the "
              "command line; in the window, import it from the rollout's Adoption page)")


def scan_recognised(ws: Workspace, table: ColumnTable, recognition: Recognition, preview: UsagePreview, *,
                    rollout: str | None, last_day: int) -> np.ndarray:
    """The uses in a recognised file as int64 keys (numpy), or an empty array with the preview's
    errors filled in. ``rollout``: the rollout for a file without a rollout column."""
    import numpy as np

    empty = np.zeros(0, dtype=np.int64)
    missing = recognition.missing()
    if missing:
        labels = FIELDS["usage"].labels
        needs = "; ".join(" or ".join(labels.get(f, f) for f in group) for group in missing)
        preview.missing = [list(group) for group in missing]
        preview.add_error(RowError(None, f"{table.source}: no column for {needs} (its columns: "
                                       f"{', '.join(table.raw_headers)})"))
        return empty
    found = to_columns(recognition, table.numbers, table.columns, text_only=table.text_only,
                       keep_text=DAY_FIELDS)  # each distinct date text becomes a day number once
    for error in found.errors:
        preview.add_error(error)
    if found.errors:
        return empty
    n = len(table)
    columns = found.columns
    r = _rollout_codes(ws, columns.get("rollout"), rollout, found.numbers, preview)
    if r is None:
        return empty
    p, ids, what = _person_codes(ws, recognition, columns, n, text_only=table.text_only)
    preview.unknown_what = what
    preview.snapshot = not recognition.layout.saved
    days = [(name, columns[name]) for name in DAY_FIELDS if name in columns]
    parts, active = [], np.zeros(n, dtype=bool)
    for name, values in days:
        value_of = found.distinct.get(name)  # the texts' values, when the column was kept as text
        codes = ({v: _day_code(value, last_day) for v, value in value_of.items()} if value_of is not None
                 else {v: _day_code(v, last_day) for v in set(values)})
        d = np.fromiter(map(codes.__getitem__, values), dtype=np.int64, count=n)
        for i in np.flatnonzero(d == -2).tolist():
            column = recognition.column_of[name]
            day = values[i] if value_of is None else value_of[values[i]]  # a date: only dates have a code of -2
            shown = day.isoformat() if isinstance(day, dt.date) else str(day)
            preview.add_error(RowError(found.numbers[i], f"{column}: {shown} is in the future"))
        used = d >= 0
        active |= used
        keep = used & (p >= 0)
        parts.append(r[keep] | p[keep] | d[keep])
    blank = np.fromiter(map(not_, ids), dtype=bool, count=n)  # the reader strips its cells
    for i in np.flatnonzero(blank).tolist():
        preview.add_error(RowError(found.numbers[i], f"{recognition.column_of[_id_field(columns)]}: the user is empty"))
    unknown = (p < 0) & ~blank
    preview.unknown_rows = int(unknown.sum())
    preview.unknown_ids = sorted({ids[i] for i in np.flatnonzero(unknown).tolist()})
    preview.no_activity = int((~active & ~blank).sum())
    reported = set().union(*(set(columns.get(name, ())) for name in ("report_date", "period_end")))
    preview.snapshot_days = sorted(v for v in reported if isinstance(v, dt.date))
    return np.concatenate(parts) if parts else empty


def _rollout_codes(ws: Workspace, values: list[object] | None, rollout: str | None, numbers: list[int],
                   preview: UsagePreview) -> np.ndarray | None:
    """rollout id << 44 per row, or None (errors in the preview)."""
    import numpy as np

    names = {loose_key(r.name): (r.id << 44, r.name) for r in ws.rollouts.list()}
    if values is None:
        if not rollout or not rollout.strip():
            preview.add_error(RowError(None, NO_ROLLOUT))
            return None
        found = names.get(loose_key(rollout))
        if found is None:
            known = ", ".join(sorted(name for _, name in names.values())) or "none yet"
            preview.add_error(RowError(None, f"there is no rollout called '{rollout}' (rollouts: {known})"))
            return None
        preview.chosen_rollout = found[1]
        return np.full(len(numbers), found[0], dtype=np.int64)
    codes: dict[object, int | None] = {}
    for value in set(values):
        text = str(value or "").strip()
        codes[value] = names.get(loose_key(text), (None,))[0] if text else None
    if any(code is None for code in codes.values()):
        for number, value in zip(numbers, values):
            if codes[value] is None:
                text = str(value or "").strip()
                preview.add_error(RowError(number, f"there is no rollout called '{text}'" if text
                                           else "the rollout is empty"))
        return None
    return np.fromiter(map(codes.__getitem__, values), dtype=np.int64, count=len(values))


def _id_field(columns: Mapping[str, object]) -> str:
    return next(f for f in ("employee_id", "email", "account") if f in columns)


def _person_codes(ws: Workspace, recognition: Recognition, columns: Mapping[str, Sequence[object]],
                  n: int, *, text_only: bool = False) -> tuple[np.ndarray, list[str], str]:
    """(person id << 20 per row, -1 when nobody matches; the ids as written; what they are).
    ``text_only``: every cell is known to be a str (a CSV read by column)."""
    import numpy as np

    field = _id_field(columns)
    cells = columns[field]
    # All text (a CSV's, most workbooks'): kept as it is; else workbook cells, numbers as ids.
    ids = (cast(list[str], cells) if text_only or set(map(type, cells)) <= {str}
           else [str(v) for v in cells])
    if field == "employee_id":
        lookup, keys, what = ws.adoption.person_keys(), ids, "employee ids that are not in the roster"
    else:
        lookup = ws.adoption.person_keys_by_email()
        system = recognition.layout.account_system
        if field == "account" and system:
            lookup.update(ws.adoption.person_keys_by_account(system))  # the system's own word first
            what = f"accounts that match nobody (by {SYSTEM_WORDS.get(system, system + ' account')} or work email)"
        else:
            what = "emails that match nobody's work email"
        keys = list(map(str.lower, ids))
    p = np.fromiter(map(lookup.get, keys, repeat(-1)), dtype=np.int64, count=n)
    return p, ids, what


def _day_code(value: object, last_day: int) -> int:
    """A day ordinal; -1 no activity (blank); -2 a day after today."""
    if not isinstance(value, dt.date):
        return -1
    day = value.toordinal()
    return -2 if day > last_day else day

