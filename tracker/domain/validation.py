"""Field rules shared by the forms (validate as you type), the store and the importers.

Each function returns None when the value is fine, or a sentence saying what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

# Deliberately loose: one @, something before, a dot in the domain, no spaces. Stricter
# patterns reject real corporate addresses (plus signs, apostrophes, long TLDs).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_required(value: str, what: str) -> str | None:
    return None if value and value.strip() else f"{what} is required."


def check_email(value: str) -> str | None:
    """Empty is allowed (not every HR export has emails); otherwise it must look like one."""
    if not value or not value.strip():
        return None
    if not _EMAIL.match(value.strip()):
        return f"'{value.strip()}' is not a valid email address."
    return None


def all_emails_valid(values: Iterable[str]) -> bool:
    """check_email() finds nothing wrong with any of these stripped values (one C-level pass:
    an importer's clean file is then read without a check per row)."""
    return all(map(_EMAIL.match, filter(None, values)))


def all_employee_ids_valid(values: Sequence[str]) -> bool:
    """check_employee_id() finds nothing wrong with any of these stripped ids, in C-level passes."""
    if not values:
        return True
    if not all(values) or max(map(len, values)) > 64:
        return False
    # Joined by a character that is not whitespace, the ids split in two only if one holds some.
    return len("\x00".join(values).split(None, 1)) == 1


def check_employee_id(value: str) -> str | None:
    text = value.strip() if value else ""
    if not text:
        return "Employee id is required."
    # str.split() breaks on exactly the characters str.isspace() accepts, so a stripped id
    # splits in two only if it holds whitespace: one C call instead of a loop per character
    # (an import checks every row's id).
    if len(text.split(None, 1)) > 1:
        return f"Employee id '{text}' must not contain spaces."
    if len(text) > 64:
        return "Employee id is longer than 64 characters."
    return None


def check_target_adoption(percent: float | None) -> str | None:
    if percent is None:
        return None
    if not 0 < percent <= 100:
        return "Target adoption must be between 1 and 100 percent."
    return None


def check_rollout_dates(
    start: dt.date | None, go_live: dt.date | None, target_date: dt.date | None
) -> str | None:
    if start and go_live and go_live < start:
        return "Go-live cannot be before the start date."
    if go_live and target_date and target_date < go_live:
        return "The target date cannot be before go-live."
    if start and target_date and target_date < start:
        return "The target date cannot be before the start date."
    return None


def would_create_cycle(team_id: int, new_parent_id: int | None, parent_of: dict[int, int | None]) -> bool:
    """True when making `new_parent_id` the parent of `team_id` loops the hierarchy."""
    seen: set[int] = set()
    node = new_parent_id
    while node is not None and node not in seen:
        if node == team_id:
            return True
        seen.add(node)
        node = parent_of.get(node)
    return False
