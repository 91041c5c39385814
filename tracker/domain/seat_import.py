"""Planning a seats import: the licence admin's list of who holds a seat of a rollout's tool.

Rows (keyed by field, as tracker/domain/layouts gives them) are compared with a snapshot of the
workspace: new seats, changed ones (assigned date, cost or currency), unchanged ones, and rows
that cannot be used, each named by its row. Pure; the store applies the plan in one change.

A holder is found by employee id (an unknown one is a row error: the roster is the app's own
key), else by email, else by their account in any system (as a usage report names them), else
by the account read as an email, all ignoring case. An email or account that matches no one is
still a seat someone pays for (a guest, a service account, a leaver never in the roster): it is
kept as an account seat and counted in the preview. A seat the file does not list is left as it
is: a seats file may be partial, and reclaim goes through a decision, not through an import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.domain.importing import RowError, cell_text

# What a seats file's columns may be called (after header normalisation), first present wins.
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_id": ("employee_id", "employeeid", "employee_number", "personnel_number"),
    "email": ("email", "mail", "work_email", "email_address"),
    "account": ("account", "user_principal_name", "userprincipalname", "upn", "login", "username", "user"),
    "assigned_on": ("assigned_on", "assigned_date", "license_assigned_date", "seat_assigned_on", "assigned",
                    "created_at"),
    "cost_per_seat": ("cost_per_seat", "monthly_cost", "cost_per_month", "cost", "price"),
    "currency": ("currency", "currency_code"),
}
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


@dataclass(frozen=True)
class SeatImportSnapshot:
    """What the plan compares rows with. Keys of the maps are lower case (employee ids as stored).

    ``by_account``: lower account -> person id, over every system; None when two systems give
    the same account to different people. ``stored``: (person id, lower account or '') -> (seat
    id, its fields as stored)."""

    rollout_id: int
    by_employee_id: Mapping[str, int]
    by_email: Mapping[str, int]
    by_account: Mapping[str, int | None]
    stored: Mapping[tuple[int | None, str], tuple[int, Mapping[str, Any]]]
    today: dt.date


@dataclass
class SeatImportPlan:
    """``new``: rows to insert (without the rollout); ``changed``: (seat id, changed fields)."""

    rollout_id: int
    new: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (row, account) kept as account seats
    errors: list[RowError] = field(default_factory=list)


def parse_cost(value: object) -> float | None:
    """A cost cell as a number (``1,234.50``, ``30``; a spreadsheet's number as it is); None when
    empty. Raises ValueError with the reason."""
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not an amount")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = cell_text(value)
        if not text:
            return None
        if not _NUMBER.match(text):
            raise ValueError(f"'{text}' is not an amount (write it as 30 or 1,234.50, without a currency sign)")
        number = float(text.replace(",", ""))
    if number < 0 or number != number or number > 1e9:
        raise ValueError(f"{number:g} is not a cost per seat (0 or more)")
    return round(number, 2)


def plan_seats(rows: Iterable[tuple[int, Mapping[str, object]]], snapshot: SeatImportSnapshot) -> SeatImportPlan:
    """The seats import's plan (see the module's docstring)."""
    plan = SeatImportPlan(snapshot.rollout_id)
    seen: dict[tuple[int | None, str], tuple[int, dict[str, Any]]] = {}
    for number, values in rows:
        holder = _holder(number, values, snapshot, plan)
        if holder is None:
            continue
        fields = _fields(number, values, snapshot.today, plan)
        if fields is None:
            continue
        earlier = seen.get(holder)
        if earlier is not None:
            if earlier[1] != fields:
                plan.errors.append(RowError(number, f"the same seat is on row {earlier[0]} with another date or cost"))
            continue
        seen[holder] = (number, fields)
        person_id, account = holder
        stored = snapshot.stored.get(holder)
        if stored is None:
            plan.new.append({"person_id": person_id, "account": account if person_id is None else "", **fields})
            if person_id is None:
                plan.unmatched.append((number, account))
            continue
        seat_id, before = stored
        changes = {k: v for k, v in fields.items() if before.get(k) != v}
        if changes:
            plan.changed.append((seat_id, changes))
        else:
            plan.unchanged += 1
    return plan


def _holder(number: int, values: Mapping[str, object], snapshot: SeatImportSnapshot,
            plan: SeatImportPlan) -> tuple[int | None, str] | None:
    employee_id = cell_text(values.get("employee_id"))
    email = cell_text(values.get("email")).lower()
    account = cell_text(values.get("account"))
    if employee_id:
        person = snapshot.by_employee_id.get(employee_id)
        if person is None:
            plan.errors.append(RowError(number, f"employee id {employee_id} is not in the workspace"))
            return None
        return person, ""
    if not email and not account:
        plan.errors.append(RowError(number, "no employee id, email or account says whose seat this is"))
        return None
    if email and email in snapshot.by_email:
        return snapshot.by_email[email], ""
    key = account.lower()
    if key in snapshot.by_account:
        person = snapshot.by_account[key]
        if person is None:
            plan.errors.append(RowError(number, f"account {account} belongs to two people in different systems; "
                                                "name the holder by employee id"))
            return None
        return person, ""
    if key and key in snapshot.by_email:
        return snapshot.by_email[key], ""
    return None, (account or email)


def _fields(number: int, values: Mapping[str, object], today: dt.date, plan: SeatImportPlan) -> dict[str, Any] | None:
    assigned = values.get("assigned_on")
    if isinstance(assigned, dt.datetime):
        assigned = assigned.date()
    if assigned and not isinstance(assigned, dt.date):  # to_fields parses the date column
        plan.errors.append(RowError(number, f"assigned_on: '{assigned}' is not a date"))
        return None
    if isinstance(assigned, dt.date) and assigned > today:
        plan.errors.append(RowError(number, f"assigned_on {assigned.isoformat()} is in the future"))
        return None
    try:
        cost = parse_cost(values.get("cost_per_seat"))
    except ValueError as e:
        plan.errors.append(RowError(number, f"cost_per_seat: {e}"))
        return None
    currency = cell_text(values.get("currency")).upper()
    if currency and not _CURRENCY.match(currency):
        plan.errors.append(RowError(number, f"currency '{currency}' is not a three-letter code such as EUR or USD"))
        return None
    return {"assigned_on": assigned.isoformat() if isinstance(assigned, dt.date) else None,
            "monthly_cost": cost, "currency": currency, "source": "import"}
