"""The naughty strings' journey: roster import -> report -> training plan -> export-data ->
import-data into a new workspace -> export-data again.

The sample workspace gives every area records; the corpus arrives three ways:
- a roster CSV: names, teams, titles (and employee ids, where a string is a valid id),
- a roster .xlsx for the strings that hold C0 control characters other than tab and line
  breaks (a CSV holding them is taken for a binary file and refused whole, rightly: HR systems
  do not export them to CSV), with cells spelled the way Excel writes them (``_x0000_``),
- "typed earlier": every free-text column of the sample's records set in the file directly, as
  text saved by the window or an older version would be (the app writes no filter there).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from naughty_strings import CORPUS

from tracker.domain.portable_plan import norm_key
from tracker.domain.validation import check_employee_id
from tracker.io.ooxml_text import escape

# table -> free-text columns set "typed earlier"; a column marked True is part of the record's
# natural key and stays unique as import-data matches it (text without case or surrounding space).
TYPED_EARLIER: dict[str, tuple[tuple[str, bool], ...]] = {
    "rollouts": (("name", True), ("description", False)),
    "training_modules": (("title", False),),
    "training_records": (("exempt_reason", False),),
    "training_sessions": (("place", True),),
    "stakeholders": (("engagement_plan", False), ("notes", False)),
    "resistance_signals": (("description", True), ("mitigation", False)),
    "dependencies": (("description", True), ("blocked_reason", False)),
    "gate_template": (("text", True),),
    "gate_items": (("text", True), ("evidence", False), ("waiver_reason", False)),
    "raci_responsibilities": (("name", True),),
    "decisions": (("decision", True), ("decided_by", False), ("rationale", False), ("links", False)),
    "kpis": (("name", True), ("unit", False)),
}


@dataclass
class Journey:
    folder: Path
    source: Path  # the first workspace
    copy: Path  # the workspace import-data made
    roster_csv: Path
    roster_xlsx: Path
    accepted: dict[str, dict[str, str]]  # employee id -> {name, team, title} as the files gave them
    refused: list[str]  # the first preview's errors
    blank: list[str] = field(default_factory=list)  # employee ids of rows with a blank name or team
    workbooks: dict[str, Path] = field(default_factory=dict)


def _texts() -> list[str]:
    return [text for _category, text in CORPUS]


def roster_rows() -> list[dict[str, str]]:
    """One person per corpus string: it is the name; other strings are team and title."""
    texts = _texts()
    n = len(texts)
    used: set[tuple] = set()
    rows = []
    for i, text in enumerate(texts):
        candidate = text.strip()
        key = norm_key((candidate,))
        if check_employee_id(candidate) is None and not _binary(candidate) and key not in used:
            employee_id = candidate
        else:
            employee_id = f"Q{i:04d}"
            key = norm_key((employee_id,))
        used.add(key)
        rows.append({"employee_id": employee_id, "name": text, "team": texts[(i * 7 + 3) % n],
                     "title": texts[(i * 13 + 5) % n]})
    return rows


_BINARY = frozenset(chr(c) for c in range(32)) - set("\t\n\r\f\v")


def _binary(text: str) -> bool:
    return not _BINARY.isdisjoint(text)


def write_roster_files(folder: Path) -> tuple[Path, Path, list[dict], list[dict]]:
    """The CSV (rows without control characters) and the .xlsx (rows with them); their rows."""
    from openpyxl import Workbook

    rows = roster_rows()
    controlled = [r for r in rows if any(_binary(v) for v in r.values())]
    plain = [r for r in rows if not any(_binary(v) for v in r.values())]
    csv_path = folder / "naughty roster.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(plain[0]))
        writer.writeheader()
        writer.writerows(plain)
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    controlled = [r for r in controlled if r["name"].strip() and r["team"].strip()]
    for i, row in enumerate(controlled, start=2):
        row["employee_id"] = f"Z{i:03d}"
        for column, value in enumerate(row.values(), start=1):
            cell = sheet.cell(row=i, column=column, value=escape(value))
            cell.data_type = "s"  # text, as Excel stores a typed "=1+1" that starts with '

    xlsx_path = folder / "naughty roster with control characters.xlsx"
    book.save(xlsx_path)
    return csv_path, xlsx_path, plain, controlled


def type_earlier(ws) -> int:
    """Set the free-text columns of every record in TYPED_EARLIER to corpus strings, as the
    window or an older version may have saved them; returns how many values were set."""
    texts = [t.strip() for t in _texts() if t.strip()]
    at = 0
    count = 0
    with ws.write("Naughty text typed earlier") as w:
        for table, columns in TYPED_EARLIER.items():
            ids = [r[0] for r in w.conn.execute(f"SELECT id FROM {table} ORDER BY id")]
            used: set[tuple] = set()
            for row_id in ids:
                for column, unique in columns:
                    while True:
                        text = texts[at % len(texts)]
                        at += 1
                        if not unique or norm_key((text,)) not in used:
                            break
                    used.add(norm_key((text,)))
                    w.conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (text, row_id))
                    count += 1
    return count


def _assign_end_users(ws, employee_ids: list[str]) -> None:
    """The imported people become end users of a rollout with training, so the training plan
    lists them by name."""
    rollout = next(r for r in ws.rollouts.list() if ws.training.has_modules(r.id))
    end_user = ws.roles.type_by_name("End user").id
    people = dict(ws.conn.execute("SELECT employee_id, id FROM people").fetchall())
    for employee_id in employee_ids:
        ws.roles.assign(rollout.id, people[employee_id], end_user)


def import_roster(ws, journey: Journey, plain: list[dict], controlled: list[dict]) -> None:
    """The corpus's roster files into `ws`: the CSV, whose blank names and teams are refused
    (recorded in `journey`) and then left out, and the .xlsx; `journey.accepted` is filled."""
    from tracker.services.roster_import import apply_roster, preview_roster

    csv_path = journey.roster_csv
    preview = preview_roster(ws, csv_path, partial=True)
    journey.refused = [str(e) for e in preview.plan.errors]
    # A name or team that is only white space is refused (the rows are named); the rest of
    # the file is then taken, as a user would after fixing or dropping those rows.
    kept = [r for r in plain if r["name"].strip() and r["team"].strip()]
    journey.blank = [r["employee_id"] for r in plain if r not in kept]
    with open(csv_path.with_name("kept.csv"), "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(plain[0]))
        writer.writeheader()
        writer.writerows(kept)
    preview = preview_roster(ws, csv_path.with_name("kept.csv"), partial=True)
    assert preview.ok, preview.report(max_errors=20)
    apply_roster(ws, preview)
    nul_preview = preview_roster(ws, journey.roster_xlsx, partial=True)
    assert nul_preview.ok, nul_preview.report(max_errors=20)
    apply_roster(ws, nul_preview)
    journey.accepted = {r["employee_id"]: r for r in [*kept, *controlled]}


def run_journey(folder: Path, sample_copy) -> Journey:
    """The whole journey, from a copy of the sample (`sample_copy`: the session's fixture)."""
    from tracker.demo.readiness import DEMO_AS_OF
    from tracker.reports.status_workbook import write_status_report
    from tracker.reports.training_plan import write_training_plan
    from tracker.services.portable_export import export_workbook
    from tracker.store import Workspace

    source = sample_copy(folder / "naughty.tracker")
    csv_path, xlsx_path, plain, controlled = write_roster_files(folder)
    journey = Journey(folder, source, folder / "copy.tracker", csv_path, xlsx_path, {}, [])
    with Workspace.open(source) as ws:
        import_roster(ws, journey, plain, controlled)
        _assign_end_users(ws, list(journey.accepted))
        type_earlier(ws)
        journey.workbooks["report"] = write_status_report(ws, folder / "report.xlsx", as_of=DEMO_AS_OF)
        journey.workbooks["training plan"] = write_training_plan(ws, folder / "plan.xlsx", as_of=DEMO_AS_OF)
        journey.workbooks["export"] = export_workbook(ws, folder / "export.xlsx")
    _import_back(journey)
    return journey


def run_people_journey(folder: Path, empty: Path) -> Journey:
    """The journey's roster and round trip without the sample, for the fast loop: the corpus's
    roster into a new workspace with one rollout, the rollout's name and description and the
    default gate checklist typed earlier, export-data, import-data into another new workspace
    and export-data again. `empty`: a new workspace file to copy (no report or training plan:
    they need the sample's records)."""
    import shutil

    from tracker.services.portable_export import export_workbook
    from tracker.store import Workspace

    source = Path(shutil.copyfile(empty, folder / "people.tracker"))
    csv_path, xlsx_path, plain, controlled = write_roster_files(folder)
    journey = Journey(folder, source, folder / "copy.tracker", csv_path, xlsx_path, {}, [])
    shutil.copyfile(empty, journey.copy)
    with Workspace.open(source) as ws:
        import_roster(ws, journey, plain, controlled)
        ws.rollouts.create(name="Naughty rollout")
        assert type_earlier(ws) > 20
        journey.workbooks["export"] = export_workbook(ws, folder / "export.xlsx")
    _import_back(journey)
    return journey


def _import_back(journey: Journey) -> None:
    """import-data of the journey's export into `journey.copy`, then export-data of that."""
    from tracker.services.portable_export import export_workbook
    from tracker.services.portable_import import apply_portable, preview_portable
    from tracker.store import Workspace

    with Workspace.open(journey.copy) as target:
        back = preview_portable(target, journey.workbooks["export"])
        assert back.ok, back.report(max_errors=20)
        apply_portable(target, back)
        journey.workbooks["export of the copy"] = export_workbook(target, journey.folder / "export-again.xlsx")
