"""Planning an LMS import: compare a learning system's export with the stored progress.

Pure: rows and a snapshot of the workspace in, the plan out (new and changed records, how many
are unchanged, every rejected row with its reason). A plan with errors is never applied, so a
file with one bad row changes nothing; re-importing the same file plans no change at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.domain.dates import DateParseError, parse_date
from tracker.domain.importing import RowError, cell_text, loose_key
from tracker.domain.training import Progress, TrainingStatus, match_status, merge_progress, parse_score

# Column names as normalised by the table reader, with the spellings LMS exports use.
ALIASES = {
    "employee_id": ("employee_id", "employee_number", "employee_no", "emp_id", "staff_id", "person_id", "user_id"),
    "email": ("email", "e_mail", "email_address", "user_email", "mail"),
    "module": ("module", "module_code", "course", "course_code", "course_id", "course_title", "module_title",
               "training", "title"),
    "status": ("status", "completion_status", "course_status", "state"),
    "completed_on": ("completed_on", "completion_date", "completed", "date_completed", "completed_date",
                     "date", "completion"),
    "score": ("score", "result", "grade", "mark", "percent", "score_percent"),
}
EXEMPT_REASON = "Exempt in the LMS"


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    id: int
    code: str
    title: str
    available_from: dt.date


@dataclass(frozen=True, slots=True)
class PlannedRecord:
    row: int
    module_id: int
    person_id: int
    before: Progress | None  # None: no stored record yet
    after: Progress


@dataclass
class TrainingImportPlan:
    new: list[PlannedRecord] = field(default_factory=list)
    changed: list[PlannedRecord] = field(default_factory=list)
    unchanged: int = 0
    kept: int = 0  # rows that would have taken a completion back, ignored
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed)

    def completions(self) -> int:
        return sum(1 for r in (*self.new, *self.changed) if r.after.status is TrainingStatus.COMPLETED
                   and (r.before is None or r.before.status is not TrainingStatus.COMPLETED))

    def summary(self) -> str:
        text = (f"{len(self.new):,} new, {len(self.changed):,} changed, {self.unchanged:,} unchanged"
                f" ({self.completions():,} new completions)")
        if self.kept:
            text += f"; {self.kept:,} kept as they are (a completion never goes back to in progress)"
        return text


def find_columns(headers: list[str]) -> tuple[dict[str, str], list[RowError]]:
    """Which file column gives each field; errors when a required one is missing."""
    found: dict[str, str] = {}
    for name, spellings in ALIASES.items():
        for spelling in spellings:
            if spelling in headers and spelling not in found.values():
                found[name] = spelling
                break
    errors = []
    if "employee_id" not in found and "email" not in found:
        errors.append(RowError(None, "The file needs an employee_id or an email column."))
    for name in ("module", "status"):
        if name not in found:
            errors.append(RowError(None, f"The file has no {name} column (columns: {', '.join(headers)})."))
    return found, errors


def plan_training_import(
    headers: list[str],
    rows: Iterable[tuple[int, dict[str, object]]],
    *,
    people_by_employee_id: dict[str, int],
    people_by_email: dict[str, int],
    modules: list[ModuleInfo],
    records: dict[tuple[int, int], Progress],
    today: dt.date,
    row_problems: Iterable[tuple[int, str]] = (),
) -> TrainingImportPlan:
    plan = TrainingImportPlan()
    plan.errors.extend(RowError(n, reason) for n, reason in row_problems)
    columns, header_errors = find_columns(headers)
    if header_errors:
        plan.errors.extend(header_errors)
        return plan
    by_key: dict[str, ModuleInfo] = {}
    for m in modules:
        by_key.setdefault(loose_key(m.title), m)
    for m in modules:  # codes win over titles
        by_key[loose_key(m.code)] = m
    codes = ", ".join(m.code for m in modules) or "none"

    merged: dict[tuple[int, int], tuple[int, Progress]] = {}
    for number, values in rows:
        def cell(name: str) -> object:
            return values.get(columns[name], "") if name in columns else ""

        problems: list[str] = []
        person_id = _person(cell("employee_id"), cell("email"), people_by_employee_id, people_by_email, problems)
        module_text = cell_text(cell("module"))
        module = by_key.get(loose_key(module_text))
        if not module_text:
            problems.append("the module is empty")
        elif module is None:
            problems.append(f"unknown module '{module_text}' (this rollout has: {codes})")
        status_text = cell_text(cell("status"))
        status = match_status(status_text)
        if status is None:
            problems.append(f"'{status_text}' is not a status (use completed, in progress, not started or exempt)"
                            if status_text else "the status is empty")
        completed_on = None
        if status is TrainingStatus.COMPLETED:
            completed_on = _completion_date(cell("completed_on"), module, today, problems)
        score = None
        try:
            score = parse_score(cell("score"))
        except ValueError as e:
            problems.append(str(e))
        if problems:
            plan.errors.append(RowError(number, "; ".join(problems)))
            continue
        key = (module.id, person_id)
        incoming = Progress(status, completed_on, score)
        if key in merged:
            incoming = merge_progress(merged[key][1], incoming)
        merged[key] = (number, incoming)

    for key, (number, incoming) in merged.items():
        stored = records.get(key)
        after = merge_progress(stored, incoming)
        if stored is not None and after == stored:
            if incoming.status is not stored.status and stored.status is TrainingStatus.COMPLETED:
                plan.kept += 1
            else:
                plan.unchanged += 1
            continue
        (plan.new if stored is None else plan.changed).append(PlannedRecord(number, key[0], key[1], stored, after))
    plan.new.sort(key=lambda r: r.row)
    plan.changed.sort(key=lambda r: r.row)
    return plan


def _person(employee_id: object, email: object, by_id: dict[str, int], by_email: dict[str, int],
            problems: list[str]) -> int | None:
    eid, mail = cell_text(employee_id), cell_text(email).lower()
    if eid:
        if eid in by_id:
            return by_id[eid]
        problems.append(f"unknown person: employee id {eid}")
        return None
    if mail:
        if mail in by_email:
            return by_email[mail]
        problems.append(f"unknown person: email {mail}")
        return None
    problems.append("no employee id or email")
    return None


def _completion_date(value: object, module: ModuleInfo | None, today: dt.date, problems: list[str]) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append("completed, but no completion date")
        return None
    try:
        day = parse_date(value)
    except DateParseError as e:
        problems.append(f"completion date: {e}")
        return None
    if day > today:
        problems.append(f"completion date {day.isoformat()} is in the future")
    elif module is not None and day < module.available_from:
        problems.append(f"completion date {day.isoformat()} is before {module.code} existed "
                        f"(available from {module.available_from.isoformat()})")
    return day
