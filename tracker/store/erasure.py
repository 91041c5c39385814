"""Erasing a person on request: their name, email and the notes about them go; their records stay.

The person keeps their record (and so their training, roles, usage, seats, leave marks and every
figure counted from them) under a stable pseudonym (tracker.domain.portable_format.pseudonym).
What is removed: name, email, job title, employee id, their accounts in other systems (a UPN or
login names them as surely as their email), the notes about them that the areas declare
(`person_notes` in tracker/store/areas.py: stakeholder entries, resistance signals, exemption
reasons, the reasons given for reclaim decisions on their seats), and their name, email,
accounts or employee id wherever they were typed into other text of the tables the areas let it
search (found by the same matcher as a pseudonymised export: tracker/domain/name_scrub.py), such
as an account seat listed under their email. The erasure is one audited change ("Erase personal
data of Person 0042") like any other write.

The audit trail would otherwise keep the name for ever in the before/after copies of old
changes (and in labels such as "Mark Ann's AI-101 completed"), so the erasure also rewrites
those copies, in the same transaction: the one place where the trail is edited, because the
right to erasure outranks a perfect history. With `secure_delete` on (tracker/store/connection.py)
the replaced bytes do not linger in free pages; `checkpoint()` folds the WAL into the file so
that the old pages leave the WAL too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tracker.domain.name_scrub import NameMatcher, looks_for_id, person_entries
from tracker.domain.portable_format import PSEUDONYM_TEXT, pseudonym
from tracker.store.areas import name_scanned_tables, person_notes
from tracker.store.audit import _ENCODE
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter
    from tracker.store.workspace import Workspace


def erase_person(ws: Workspace, person_id: int) -> int:
    """Erase one person's personal data; returns the change id. Raises StoreValidationError."""
    person = ws.query("SELECT id, employee_id, name, email FROM people WHERE id = ?", (person_id,))
    if not person:
        raise StoreValidationError("That person no longer exists.")
    p = person[0]
    new_id, new_name = pseudonym(person_id)
    accounts = ws.conn.execute("SELECT id, account FROM accounts WHERE person_id = ?", (person_id,)).fetchall()
    entries = person_entries(new_name, new_id, name=p["name"], email=p["email"], employee_id=p["employee_id"])
    entries[0][1].extend(account for _id, account in accounts)  # a UPN or login names them too
    matcher = NameMatcher(entries)
    probes = _probes([p["name"], p["email"], *(account for _id, account in accounts),
                      p["employee_id"] if looks_for_id(p["employee_id"]) else None])
    with ws.write(f"Erase personal data of {new_name}") as w:
        w.update("people", person_id, {"name": new_name, "email": "", "title": "", "employee_id": new_id})
        for account_id, _account in accounts:
            w.delete("accounts", account_id)
        _clear_notes(w, ws, person_id)
        _scrub_text(w, ws, matcher, probes)
        _scrub_trail(ws, matcher, probes, (p["employee_id"], new_id))
        _clear_trail_notes(ws, person_id)
    assert w.change_id is not None  # the people row was written above
    return w.change_id


def _clear_notes(w: AuditedWriter, ws: Workspace, person_id: int) -> None:
    """What the areas declare as notes about a person (tracker/store/areas.py: person_notes):
    emptied, or "(withheld)" where a rule needs the column filled; rows left as they were skipped."""
    for notes in person_notes():
        columns = (*notes.cleared, *notes.withheld)
        selected = ", ".join(("id", *columns))
        person = "?" if notes.through is None else f"(SELECT id FROM {notes.through[0]} WHERE {notes.through[1]} = ?)"
        rows = ws.conn.execute(f"SELECT {selected} FROM {notes.table} WHERE {notes.person_column} IN ({person})",
                               (person_id,)).fetchall()
        for row_id, *values in rows:
            current = dict(zip(columns, values))
            changes = {c: "" for c in notes.cleared if current[c]}
            changes |= {c: PSEUDONYM_TEXT for c in notes.withheld if current[c]}
            if changes:
                w.update(notes.table, row_id, changes)


def _clear_trail_notes(ws: Workspace, person_id: int) -> None:
    """The same notes in the trail's copies of their rows (a rejection's reason stays in the
    copy its insert recorded, also of rows since deleted), emptied or withheld alike, this
    erasure's own copies included: undoing the erasure cannot bring them back."""
    conn = ws.conn
    for notes in person_notes():
        owners = {person_id}
        table, column = notes.through or (None, notes.person_column)
        if table is not None:  # the rows naming the person, now or in the trail's copies
            owners = {r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE {column} = ?", (person_id,))}
            owners |= {r[0] for r in conn.execute(
                f"""SELECT DISTINCT entity_id FROM audit WHERE entity = ? AND
                    (CAST(json_extract(before, '$.{column}') AS INTEGER) = ?
                     OR CAST(json_extract(after, '$.{column}') AS INTEGER) = ?)""",
                (table, person_id, person_id))}
        if not owners:
            continue
        marks = "(" + ", ".join("?" * len(owners)) + ")"
        values = {**dict.fromkeys(notes.cleared, ""), **dict.fromkeys(notes.withheld, PSEUDONYM_TEXT)}
        for copy in ("before", "after"):
            # In Python, row by row, as replace_fields does: the same on both engines.
            rows = conn.execute(
                f"""SELECT id, {copy} FROM audit WHERE entity = ?
                    AND CAST(json_extract({copy}, '$.{notes.person_column}') AS INTEGER) IN {marks}""",
                (notes.table, *sorted(owners))).fetchall()
            for row_id, text in rows:
                row = json.loads(text)
                changed = {name: value for name, value in values.items() if row.get(name) not in (None, "", value)}
                if changed:
                    conn.execute(f"UPDATE audit SET {copy} = ? WHERE id = ?", (_ENCODE({**row, **changed}), row_id))


def _probes(texts: list[str | None]) -> list[str] | None:
    """Lower-case ASCII pieces of the person's texts that every mention contains, whatever its
    case, Unicode form or JSON escaping (the longest run of ASCII letters and digits of each
    word-group): SQL finds the rows that may hold a mention, the matcher decides. None when a
    text has no such piece (a name in another script): then every row is asked. Read from the
    composed (NFC) text, whose runs stop at an accented letter, so they are in the decomposed
    spelling too ("Ren" of "Renée" is in "Rene\u0301e"; "Rene" would not be in "Renée")."""
    import re
    import unicodedata

    probes = []
    for text in texts:
        if not text or len(text.strip()) < 2:
            continue
        runs = re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFC", text))
        if not runs or max(map(len, runs)) < 2:
            return None
        probes.append(max(runs, key=len).lower())
    return probes


def _candidates(ws: Workspace, table: str, column: str, probes: list[str] | None) -> list[tuple[int, str]]:
    """(id, text) of the rows of `table` whose `column` may mention the person."""
    if probes is None:
        rows = ws.conn.execute(f"SELECT id, {column} FROM {table} WHERE {column} <> ''")
    else:
        where = " OR ".join(f"instr(lower({column}), ?) > 0" for _ in probes) or "false"
        rows = ws.conn.execute(f"SELECT id, {column} FROM {table} WHERE {where}", probes)
    return [(row_id, text) for row_id, text in rows if isinstance(text, str)]


def _text_columns(ws: Workspace) -> dict[str, list[str]]:
    """The text columns of the tables the areas let erasure search (rows with an id only: the
    audited writer addresses rows by id)."""
    out: dict[str, list[str]] = {}
    for table in name_scanned_tables():
        info = ws.conn.execute(f"PRAGMA table_info({table})").fetchall()
        if not any(c[1] == "id" for c in info):
            continue
        columns = [c[1] for c in info if (c[2] or "").upper() == "TEXT"]
        if columns:
            out[table] = columns
    return out


def _scrub_text(w: AuditedWriter, ws: Workspace, matcher: NameMatcher, probes: list[str] | None) -> None:
    """The person's name, email or employee id typed into any other text (a decision's 'decided
    by', a rollout's description) is replaced by the pseudonym, through the audited writer; the
    same matcher as a pseudonymised export (tracker/domain/name_scrub.py)."""
    for table, columns in _text_columns(ws).items():
        for column in columns:
            for row_id, text in _candidates(ws, table, column, probes):
                scrubbed = matcher.scrub(text)
                if scrubbed != text:
                    w.update(table, row_id, {column: scrubbed})


def _scrub_json(value: object, matcher: NameMatcher) -> object:
    if isinstance(value, str):
        return matcher.scrub(value)
    if isinstance(value, dict):
        return {k: _scrub_json(v, matcher) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_json(v, matcher) for v in value]
    return value


def _scrub_trail(ws: Workspace, matcher: NameMatcher, probes: list[str] | None,
                 employee_id: tuple[str, str]) -> None:
    """Rewrite the trail's copies of rows and its labels with the same matcher; the employee id
    also as a whole value of an `employee_id` field, whatever its form (a short id like 42 that
    is never looked for in prose)."""
    conn = ws.conn
    for column in ("before", "after"):
        for row_id, text in _candidates(ws, "audit", column, probes):
            row = json.loads(text)
            scrubbed = _scrub_json(row, matcher)
            if isinstance(scrubbed, dict) and scrubbed.get("employee_id") == employee_id[0]:
                scrubbed["employee_id"] = employee_id[1]
            if scrubbed != row:
                conn.execute(f"UPDATE audit SET {column} = ? WHERE id = ?", (_ENCODE(scrubbed), row_id))
        replace_fields(ws, column, "entity = 'people' AND json_extract({column}, '$.employee_id') = ?",
                        (employee_id[0],), {"employee_id": employee_id[1]})
    for row_id, label in _candidates(ws, "changes", "label", probes):
        scrubbed = matcher.scrub(label)
        if scrubbed != label:
            conn.execute("UPDATE changes SET label = ? WHERE id = ?", (scrubbed, row_id))


def replace_fields(ws: Workspace, column: str, where: str, params: tuple[object, ...],
                    values: dict[str, object]) -> int:
    """Set `values`' fields in the trail's row images (`column` of audit) that `where` picks;
    returns how many were rewritten. In Python, one row at a time, so that it is the same on
    both engines (PostgreSQL has no json_set for text) and the rows keep the trail's own JSON."""
    rows = ws.conn.execute(f"SELECT id, {column} FROM audit WHERE {where.format(column=column)}", params).fetchall()
    for row_id, text in rows:
        ws.conn.execute(f"UPDATE audit SET {column} = ? WHERE id = ?", (_ENCODE({**json.loads(text), **values}), row_id))
    return len(rows)


def checkpoint(ws: Workspace) -> None:
    """Fold the WAL into the file and empty it, so erased values leave the WAL as well (a
    file's matter: a server's own log is its administrators')."""
    if ws.engine == "sqlite":
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
