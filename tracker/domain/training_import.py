"""Planning an LMS import: compare a learning system's export with the stored progress.

Pure: rows and a snapshot of the workspace in, the plan out (new and changed records, how many
are unchanged, every rejected row with its reason). A plan with errors is never applied, so a
file with one bad row changes nothing; re-importing the same file plans no change at all.

Forgiving where an LMS export is simply bigger than the rollout: a transcript covers every
course and every learner of the company, so rows for modules the rollout does not have and
rows for people the workspace does not know are skipped and counted (and named in the
preview), never errors; a completion dated before the module's "available from" day is taken
(the course existed in the LMS long before it was added here) and counted in a note.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

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
_LISTED = 5  # skipped modules, unknown people and statuses named in a note; the rest counted


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


@dataclass(frozen=True)
class People:
    """Who the workspace knows, by each identifier an LMS export may carry (keys lower-cased
    for emails and accounts). ``by_account``: the accounts of the layout's system, if any."""

    by_employee_id: Mapping[str, int]
    by_email: Mapping[str, int]
    by_account: Mapping[str, int] = field(default_factory=dict)

    def find(self, employee_id: str, email: str, account: str) -> int | None:
        """Employee id, else email, else account; an LMS "user id" may be either an employee id
        or a login, so each value is also tried against the other table."""
        if employee_id:
            found = self.by_employee_id.get(employee_id) or self.by_account.get(employee_id.lower())
            if found:
                return found
        if email:
            found = self.by_email.get(email.lower()) or self.by_account.get(email.lower())
            if found:
                return found
        if account:
            return self.by_account.get(account.lower()) or self.by_employee_id.get(account)
        return None


@dataclass
class TrainingImportPlan:
    new: list[PlannedRecord] = field(default_factory=list)
    changed: list[PlannedRecord] = field(default_factory=list)
    unchanged: int = 0
    kept: int = 0  # rows that would have taken a completion back, ignored
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_modules: Counter[str] = field(default_factory=Counter)  # module as written -> rows
    unmatched_people: Counter[str] = field(default_factory=Counter)  # identifier as written -> rows
    unknown_statuses: Counter[str] = field(default_factory=Counter)  # status word -> rows skipped
    before_available: Counter[str] = field(default_factory=Counter)  # module code -> completions

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
    """Which file column gives each field (the app's own columns); errors when a required
    one is missing."""
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


def irrelevant_rows(errors: Iterable[RowError], raw_rows: Mapping[int, Mapping[str, object]],
                    module_columns: Iterable[str | None], modules: list[ModuleInfo]) -> dict[int, str]:
    """Of the rows a layout could not read (a bad date, say), those for modules the rollout
    does not have: row number -> the module as written. They are skipped like the rows for other
    modules that could be read, not errors: a company-wide transcript is not refused for a
    course nobody here asked about."""
    keys = {module_key(m.code) for m in modules} | {module_key(m.title) for m in modules}
    columns = [c for c in module_columns if c]
    found: dict[int, str] = {}
    for error in errors:
        values = raw_rows.get(error.row) if error.row is not None else None
        if error.row is None or values is None:
            continue
        texts = [cell_text(values.get(c, "")) for c in columns]
        if any(texts) and not any(module_key(t) in keys for t in texts if t):
            found[error.row] = next(t for t in texts if t)
    return found


def module_key(text: object) -> str:
    """How module codes and titles are compared: NFC, case, spaces, '-' and '_' folded."""
    return loose_key(unicodedata.normalize("NFC", cell_text(text)))


def plan_training_import(
    columns: Mapping[str, str],
    rows: Iterable[tuple[int, Mapping[str, object]]],
    *,
    people: People,
    modules: list[ModuleInfo],
    records: dict[tuple[int, int], Progress],
    today: dt.date,
    lenient_statuses: bool = False,
    row_problems: Iterable[tuple[int, str]] = (),
    skipped_before: Mapping[str, int] | None = None,
) -> TrainingImportPlan:
    """The plan for rows whose values sit under ``columns`` (field -> key in each row).

    ``lenient_statuses`` (a recognised LMS layout): a status word the layout does not know is
    skipped and named in a note rather than rejected (SAP SuccessFactors Learning's completion
    statuses are each customer's own), and an empty status is read from the row: a completion
    date means completed, some progress means in progress, else not started.
    ``skipped_before``: rows already left out for modules the rollout does not have (module ->
    rows), counted with the others.
    """
    plan = TrainingImportPlan()
    plan.skipped_modules.update(skipped_before or {})
    plan.errors.extend(RowError(n, reason) for n, reason in row_problems)
    by_key: dict[str, ModuleInfo] = {}
    for m in modules:
        by_key.setdefault(module_key(m.title), m)
    for m in modules:  # codes win over titles
        by_key[module_key(m.code)] = m

    found_modules: dict[tuple[str, str], ModuleInfo | None] = {}
    merged: dict[tuple[int, int], tuple[int, Progress]] = {}
    for number, values in rows:
        def cell(name: str) -> object:
            return values.get(columns[name], "") if name in columns else ""

        module_text = cell_text(cell("module"))
        title_text = cell_text(cell("module_title"))
        pair = (module_text, title_text)
        if pair in found_modules:
            module = found_modules[pair]
        else:  # a few distinct modules over many rows: look each one up once
            module = by_key.get(module_key(module_text)) or (by_key.get(module_key(title_text)) if title_text else None)
            found_modules[pair] = module
        if not module_text and not title_text:
            plan.errors.append(RowError(number, "the module is empty"))
            continue
        if module is None:
            plan.skipped_modules[module_text or title_text] += 1
            continue
        eid, mail, account = cell_text(cell("employee_id")), cell_text(cell("email")), cell_text(cell("account"))
        if not (eid or mail or account):
            plan.errors.append(RowError(number, "no employee id, email or user account"))
            continue
        person_id = people.find(eid, mail, account)
        if person_id is None:
            plan.unmatched_people[eid or mail or account] += 1
            continue
        problems: list[str] = []
        progress = _number("progress", cell("progress"), problems)
        score = _number("score", cell("score"), problems)
        status_text = cell_text(cell("status"))
        status = _status(status_text, cell("completed_on"), progress, lenient_statuses, "status" in columns,
                         problems)
        if status is _UNKNOWN:
            plan.unknown_statuses[status_text] += 1
            continue
        completed_on = None
        if status is TrainingStatus.COMPLETED:
            completed_on = _completion_date(cell("completed_on"), today, problems)
            if completed_on is not None and completed_on < module.available_from:
                plan.before_available[module.code] += 1
        if problems or status is None:  # no status: _status said why
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
    plan.warnings.extend(_notes(plan, modules))
    if not merged and not plan.errors and (plan.skipped_modules or plan.unmatched_people or plan.unknown_statuses):
        plan.errors.append(RowError(None, "no row of the file could be used: " + "; ".join(plan.warnings)))
    return plan


class _Skip(Enum):
    UNKNOWN = "unknown"  # a status word a lenient layout skips


_UNKNOWN = _Skip.UNKNOWN


def _status(text: str, completed_on: object, progress: float | None, lenient: bool, has_column: bool,
            problems: list[str]) -> TrainingStatus | _Skip | None:
    if text:
        status = match_status(text)
        if status is not None:
            return status
        if lenient:
            return _UNKNOWN
        problems.append(f"'{text}' is not a status (use completed, in progress, not started or exempt)")
        return None
    if has_column and not lenient:
        problems.append("the status is empty")
        return None
    if isinstance(completed_on, dt.date) or cell_text(completed_on):
        return TrainingStatus.COMPLETED
    return TrainingStatus.IN_PROGRESS if progress else TrainingStatus.NOT_STARTED


def _number(name: str, value: object, problems: list[str]) -> float | None:
    try:
        return parse_score(value)
    except ValueError as e:
        problems.append(str(e) if name == "score"
                        else f"progress '{cell_text(value)}' is not a percentage from 0 to 100")
        return None


def _completion_date(value: object, today: dt.date, problems: list[str]) -> dt.date | None:
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
    return day


def _rows(n: int) -> str:
    return f"{n:,} row{'s' if n != 1 else ''}"


def _listed(counts: Counter[str]) -> str:
    shown = [f"'{name}' ({_rows(n)})" for name, n in counts.most_common(_LISTED)]
    rest = len(counts) - len(shown)
    return ", ".join(shown) + (f" and {rest:,} more" if rest > 0 else "")


def _notes(plan: TrainingImportPlan, modules: list[ModuleInfo]) -> list[str]:
    """The preview's sentences about what was skipped or taken leniently, with counts."""
    notes = []
    if plan.skipped_modules:
        have = ", ".join(m.code for m in modules[:_LISTED]) + (", …" if len(modules) > _LISTED else "")
        notes.append(f"{_rows(sum(plan.skipped_modules.values()))} skipped for modules this rollout does not "
                     f"have: {_listed(plan.skipped_modules)} (its modules: {have or 'none'})")
    if plan.unmatched_people:
        people = len(plan.unmatched_people)
        notes.append(f"{_rows(sum(plan.unmatched_people.values()))} skipped for {people:,} "
                     f"{'person' if people == 1 else 'people'} not in the workspace: {_listed(plan.unmatched_people)}")
    if plan.unknown_statuses:
        notes.append(f"{_rows(sum(plan.unknown_statuses.values()))} skipped with a status this layout does not "
                     f"know: {_listed(plan.unknown_statuses)}")
    if plan.before_available:
        n = sum(plan.before_available.values())
        per_module = ", ".join(f"{code}: {k:,}" for code, k in sorted(plan.before_available.items()))
        notes.append(f"{n:,} completion{'s' if n != 1 else ''} dated before their module's available-from "
                     f"date, taken as they are ({per_module})")
    return notes
