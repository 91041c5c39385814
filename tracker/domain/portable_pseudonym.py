"""Pseudonymising the portable workbook's rows for sharing (`export-data --pseudonymise`).

What happens to each kind of column, read from the format's own description
(tracker/domain/portable_format.py), so a column added there is covered without a list here:

- a person's own record: employee id and name become the stand-ins (P00042, "Person 0042"),
  the email is left empty;
- a column naming a person (owner, manager, trainer, the person a signal is about): that
  person's stand-in employee id;
- a column the format marks `personal` (notes and plans about people, exempt reasons, who
  decided): withheld whole, since a note about someone identifies them without naming them;
  where such text names a record (an account seat's account), each text gets its own stand-in
  ("(withheld 1)"), the same on every sheet that refers to the record;
- a reference's column that names a person or withheld text on the sheet defining the record
  (a seat decision's employee_id and account) is replaced as it is there;
- every other text column, keys and names of teams, rollouts, modules included: each known name,
  email and employee id in it is replaced by that person's stand-in
  (tracker/domain/name_scrub.py, the matcher erasure uses too).

Names of teams, rollouts, modules, sessions, responsibilities and KPIs are also references
from other sheets, so they are replaced the same way everywhere (without looking at the row
they are in), and two that would come out the same are told apart by " (2)", " (3)"; the same
goes for the other key texts of a sheet (a gate item's text, a decision), so the workbook
still imports. Only the settings sheet is left as it is: its values are numbers and choices.
Pure: rows in, rows changed in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tracker.domain.name_scrub import NameMatcher, person_entries
from tracker.domain.portable_format import ENTITIES, PSEUDONYM_TEXT, TEXT, Sheet, SheetRows, pseudonym
from tracker.domain.portable_plan import Key, norm_key


def matcher_for(people: Sequence[Mapping[str, Any]]) -> NameMatcher:
    """Everyone's name, email and employee id with their stand-ins (`people`: dicts with id,
    employee_id, name, email)."""
    entries = []
    for p in people:
        new_id, new_name = pseudonym(p["id"])
        entries += person_entries(new_name, new_id, name=p["name"], email=p["email"],
                                  employee_id=p["employee_id"])
    return NameMatcher(entries)


Defining = Mapping[str, Sheet]  # entity -> the exported sheet defining its records


def _through(sheet: Sheet, defining: Defining, kind: Callable[[Sheet, Defining], Iterable[str]]) -> set[str]:
    """The columns of a reference to a record that are of `kind` on the sheet defining it (a
    seat decision's employee_id and account, which name the seat's holder as the seats sheet does)."""
    out: set[str] = set()
    for ref in sheet.refs:
        source = defining.get(ref.entity)
        if ref.entity == "person" or source is None or source is sheet:
            continue
        theirs = set(kind(source, defining))
        out |= {mine for mine, their in zip(ref.columns, ENTITIES[ref.entity]) if their in theirs}
    return out


def _person_columns(sheet: Sheet, defining: Defining) -> list[str]:
    columns = {c for r in sheet.refs if r.entity == "person" for c in r.columns}
    if sheet.name in ("people", "usage"):
        columns.add("employee_id")
    return sorted(columns | _through(sheet, defining, _person_columns))


def _withheld_keys(sheet: Sheet, defining: Defining) -> set[str]:
    """Personal text that names a record (an account seat's account): withheld, but each text by
    its own stand-in in every sheet, so that references still find their record."""
    own = {c for c in ENTITIES[sheet.defines] if sheet.column(c).personal} if sheet.defines else set()
    return own | _through(sheet, defining, _withheld_keys)


def _identity_columns(sheet: Sheet, defining: Defining) -> set[str]:
    """Text columns that name a team, rollout, module, ... (its defining sheet or a reference)."""
    columns = {c for r in sheet.refs if r.entity != "person" for c in r.columns}
    if sheet.defines and sheet.defines != "person":
        columns |= set(ENTITIES[sheet.defines])
    if sheet.name == "usage":  # read by its own path, without declared references
        columns.add("rollout")
    columns -= {*_person_columns(sheet, defining), *_withheld_keys(sheet, defining)}
    return {c for c in columns if sheet.column(c).type == TEXT}


class _Withholder:
    """"(withheld 1)", "(withheld 2)", ...: one per text, whatever its case, in every sheet."""

    def __init__(self) -> None:
        self._done: dict[Key, str] = {}

    def __call__(self, value: object) -> object:
        if not isinstance(value, str) or not value:
            return value
        return self._done.setdefault(norm_key((value,)), f"(withheld {len(self._done) + 1})")


class _Renamer:
    """The same replacement for the same name in every sheet, never two names made one."""

    def __init__(self, matcher: NameMatcher):
        self.matcher = matcher
        self._done: dict[Key, str] = {}
        self._taken: dict[Key, Key] = {}
        self._by_value: dict[str, str] = {}

    def __call__(self, value: object) -> object:
        if not isinstance(value, str) or not value:
            return value
        if value in self._by_value:  # the same rollout or module on a million usage rows
            return self._by_value[value]
        key = norm_key((value,))
        if key not in self._done:
            new = self.matcher.scrub(value)
            n = 1
            while self._taken.get(norm_key((new,)), key) != key:
                n += 1
                new = f"{self.matcher.scrub(value)} ({n})"
            self._taken[norm_key((new,))] = key
            self._done[key] = new
        self._by_value[value] = self._done[key]
        return self._done[key]


def pseudonymise(sheets: list[SheetRows], people: Sequence[Mapping[str, Any]]) -> None:
    """Replace the personal data of `sheets` in place (see the module's description)."""
    matcher = matcher_for(people)
    stand_ins = {p["employee_id"].casefold(): pseudonym(p["id"]) for p in people}  # (id, name)
    rename = _Renamer(matcher)
    withhold = _Withholder()
    defining = {part.sheet.defines: part.sheet for part in sheets if part.sheet.defines}

    def new_ids(value: object) -> tuple[object, str | None]:  # (employee id, name) stand-ins
        found = stand_ins.get(str(value).casefold()) if value else None
        return found or (value, None)

    for part in sheets:
        sheet = part.sheet
        if sheet.name == "settings":
            continue
        person_columns = _person_columns(sheet, defining)
        identity = _identity_columns(sheet, defining)
        keys_withheld = _withheld_keys(sheet, defining)
        own = ("name", "email") if sheet.name == "people" else ()
        text = [c.name for c in sheet.columns if c.type == TEXT and not c.personal and c.name not in keys_withheld
                and c.name not in person_columns and c.name not in identity and c.name not in own]
        personal = [c.name for c in sheet.columns if c.personal and c.name not in keys_withheld]
        for row in part.rows:
            people_here = [new_ids(row.get(c)) for c in person_columns]
            if own:
                row["name"], row["email"] = new_ids(row["employee_id"])[1], ""
            for name, (new_id, _name) in zip(person_columns, people_here):
                row[name] = new_id
            for name in identity:
                row[name] = rename(row.get(name))
            for name in keys_withheld:
                row[name] = withhold(row.get(name))
            for name in personal:
                if row.get(name):
                    row[name] = PSEUDONYM_TEXT
            for name in text:
                value = row.get(name)
                if isinstance(value, str) and value:
                    row[name] = matcher.scrub(value, {n for _id, n in people_here if n})
        _keep_keys_apart(part, [c for c in (*personal, *text) if sheet.column(c).key])


def _keep_keys_apart(part: SheetRows, key_texts: list[str]) -> None:
    """Two rows whose keys became the same (a name and the same person's email in otherwise
    equal texts, two withheld descriptions) are told apart by a number after the first key text, so the file imports."""
    if not key_texts:
        return
    key = part.sheet.key
    seen: set[Key] = set()
    for row in part.rows:
        n, original = 1, row[key_texts[0]]
        while norm_key(tuple(row.get(k) for k in key)) in seen:
            n += 1
            row[key_texts[0]] = f"{original} ({n})"
        seen.add(norm_key(tuple(row.get(k) for k in key)))
