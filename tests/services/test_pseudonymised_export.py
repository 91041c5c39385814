"""A pseudonymised export holds none of the workspace's names, emails or employee ids.

The sample workspace, with names typed into every text column the workbook carries (found from
the format's description, so a new column is covered without touching this test): in several
spellings (upper case, decomposed accents, "Last, First", possessive) and with namesakes.
Then the workbook is unzipped and every XML part searched for every name and email.
"""

from __future__ import annotations

import html
import random
import re
import unicodedata
import zipfile
from collections import Counter

import pytest

from tracker.domain.portable_format import TEXT, pseudonym
from tracker.services.portable_export import export_workbook
from tracker.services.portable_import import preview_portable
from tracker.store import Workspace
from tracker.store.areas import export_sheets

_OWN = {("people", "employee_id"), ("people", "name"), ("people", "email")}
_CODES = {("seats", "currency")}  # a three-letter code, refused as anything else: no text to type into
# Rows whose column may hold text: a seat held by a person has no account (the format says one or the other).
_ROWS = {("seats", "account"): "person_id IS NULL"}


def _free_text_columns():
    """(table, stored column) of every text column of the format, the person's own fields aside."""
    out = []
    for sheet in export_sheets():
        if sheet.name == "settings":
            continue
        for column in sheet.columns:
            if column.type == TEXT and column.field and (sheet.name, column.name) not in _OWN | _CODES:
                out.append((sheet.table, column.field))
    return out


def _spellings(person: dict, rng: random.Random) -> str:
    name = person["name"]
    forms = [name, name.upper(), unicodedata.normalize("NFD", name), f"{name}'s"]
    words = name.split(" ")
    if len(words) >= 2:
        forms.append(f"{words[-1]}, {' '.join(words[:-1])}")
    text = f"ask {rng.choice(forms)}"
    if person["email"]:
        text += f" ({person['email'].upper() if rng.random() < 0.3 else person['email']})"
    return text + f" or {person['employee_id']}"


_CELL_MARKUP = re.compile(r'/?(c|v|row)( [a-z]+="[^"]*")*/?')


def _all_xml_text(path) -> str:
    """Every part's text and markup, each distinct piece once (the usage sheet repeats itself),
    less the markup of cells and rows (`c r="A2" t="s"`), which only holds coordinates."""
    pieces: set[str] = set()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            pieces.update(re.split(r"[<>]", z.read(name).decode("utf-8")))
    pieces = {p for p in pieces if not _CELL_MARKUP.fullmatch(p)}
    return unicodedata.normalize("NFC", html.unescape("\n".join(pieces))).casefold()


def _found(value: str, content: str, words: set[str]) -> bool:
    """`value` as a whole word (or words) of `content`; `words`, the content's words, ask first."""
    value = unicodedata.normalize("NFC", value).casefold()
    if not all(w in words for w in re.findall(r"\w+", value)):
        return False
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", content) is not None


@pytest.fixture(scope="module")
def exported(sample_copy, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pseudonymised")
    source = sample_copy(folder / "demo.tracker")
    rng = random.Random(7)
    with Workspace.open(source) as ws:
        people = ws.query("SELECT id, employee_id, name, email FROM people ORDER BY id")
        by_name = Counter(p["name"] for p in people)
        namesakes = [p for p in people if by_name[p["name"]] > 1]
        columns = _free_text_columns()
        typed = 0
        for table, column in columns:
            where = _ROWS.get((table, column), "1")
            ids = [r[0] for r in ws.conn.execute(f"SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT 3")]
            for row_id in ids:
                person = rng.choice(namesakes if rng.random() < 0.4 else people)
                ws.conn.execute(f"UPDATE {table} SET {column} = coalesce({column}, '') || ' ' || ? WHERE id = ?",
                                (_spellings(person, rng), row_id))
                typed += 1
        # A text naming a namesake with no one else on its record, and one naming them by email.
        sam, other = namesakes[0], next(p for p in namesakes[1:] if p["name"] == namesakes[0]["name"])
        ws.conn.execute("UPDATE rollouts SET description = ? WHERE id = 1",
                        (f"Ask {sam['name']}, or mail {other['email']}",))
        # The usage sheet is 53,000 rows of employee id, rollout and day, and writing (and the
        # slow test's reading) them was most of this module's time: its last week carries the
        # same columns (every employee id in them checked below) in 1,900 rows.
        ws.conn.execute("DELETE FROM usage_events WHERE day < (SELECT max(day) - 7 FROM usage_events)")
        ws.conn.commit()
        out = folder / "shared.xlsx"
        export_workbook(ws, out, pseudonymise=True)
    return {"path": out, "people": people, "columns": columns, "typed": typed, "sam": sam, "other": other,
            "folder": folder}


def test_every_text_column_is_covered(exported):
    tables = {t for t, _ in exported["columns"]}
    assert {"dependencies", "gate_items", "decisions", "training_records", "resistance_signals",
            "stakeholders", "teams", "rollouts"} <= tables
    assert exported["typed"] >= 3 * len(exported["columns"]) - 10


def test_no_name_email_or_employee_id_is_left_in_any_part(exported):
    content = _all_xml_text(exported["path"])
    words = set(re.findall(r"\w+", content))
    leaked = [value for p in exported["people"] for value in (p["name"], p["email"], p["employee_id"])
              if value and _found(value, content, words)]
    assert leaked == []
    assert "person 0001" in content


def test_namesakes_and_emails_get_the_stand_ins_of_their_own_records(exported):
    from openpyxl import load_workbook

    sam, other = exported["sam"], exported["other"]
    wb = load_workbook(exported["path"], read_only=True)
    try:
        rows = list(wb["rollouts"].iter_rows(values_only=True))
    finally:
        wb.close()
    header = rows[0]
    description = rows[1][header.index("description")]
    namesakes = sorted(pseudonym(p["id"])[1] for p in exported["people"] if p["name"] == sam["name"])
    assert description.startswith("Ask " + " or ".join(namesakes[:3]))
    assert description.endswith(f"or mail {pseudonym(other['id'])[1]}")


@pytest.mark.slow  # reading 7,000 rows back: 3 s of CPU. The fast loop keeps the checks of the file
# above and the importer's round trips (test_portable_generated.py, test_portable_accounts.py)
def test_the_pseudonymised_workbook_still_imports(exported):
    with Workspace.open(exported["folder"] / "consultant.tracker") as ws:
        preview = preview_portable(ws, exported["path"])
        assert preview.ok, preview.report()
