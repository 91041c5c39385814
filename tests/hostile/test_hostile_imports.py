"""Every importer against every hostile file: its documented error, and nothing written.

The files come from ``corpus.KINDS``, built per importer from that importer's own columns and a
row it accepts (the control test proves the row is accepted), so each failure is the hostile
part's doing. "Nothing written" is checked twice: a dump of every table, and SQLite's own count
of changes on the connection, before and after preview *and* an attempted apply.
"""

from __future__ import annotations

import datetime as dt

import pytest
from adoption_fixtures import small_org
from corpus import KINDS, valid_workbook_bytes

from tracker.services.adkar_import import apply_adkar, preview_adkar
from tracker.services.adoption_import import apply_team_figures, preview_team_figures
from tracker.services.kpi_import import apply_kpis, preview_kpis
from tracker.services.roster_import import apply_roster, preview_roster
from tracker.services.training_import import apply_training, preview_training
from tracker.services.usage_import import apply_usage, preview_usage
from tracker.store.errors import WorkspaceError

TODAY = dt.date(2026, 3, 15)

# name -> (header, a row the importer accepts, preview(ws, rollout, path), apply)
IMPORTERS = {
    "roster": ("employee_id,name,email,team,title,manager_id",
               "S20,Dee New,dee@example.com,Sales,Handler,S0",
               lambda ws, r, p: preview_roster(ws, p, partial=True), apply_roster),
    "training": ("employee_id,email,module,status,completed_on,score",
                 "S1,,AI-101,completed,2026-01-10,90",
                 lambda ws, r, p: preview_training(ws, p, r, today=TODAY), apply_training),
    "adkar": ("team,assessed_on,awareness,desire,knowledge,ability,reinforcement,respondents",
              "Sales,2026-01-31,4,4,3,2,1,12",
              lambda ws, r, p: preview_adkar(ws, p, r), apply_adkar),
    "kpis": ("kpi,measured_on,value", "Accuracy,2026-01-31,86",
             lambda ws, r, p: preview_kpis(ws, p, r, today=TODAY), apply_kpis),
    "usage": ("employee_id,rollout,used_on", "S1,Copilot,2026-01-06",
              lambda ws, r, p: preview_usage(ws, p, today=TODAY), apply_usage),
    "team-figures": ("rollout,team,period_end,eligible,active", "Copilot,Sales,2026-01-31,9,4",
                     lambda ws, r, p: preview_team_figures(ws, p, today=TODAY), apply_team_figures),
}


@pytest.fixture
def org(workspace):
    rollout, _teams, _people = small_org(workspace)
    workspace.delivery.kpis.add(rollout_id=rollout, name="Accuracy", unit="%", target=90,
                                direction="higher_better", tolerance=3)
    end_user = workspace.roles.type_by_name("End user").id
    workspace.training.create_module(rollout, code="AI-101", title="AI basics",
                                     due_date=dt.date(2026, 4, 1),
                                     available_from=dt.date(2025, 6, 1), role_ids=[end_user])
    return workspace, rollout


def dump(ws) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    tables = [r[0] for r in ws.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: sorted((tuple(row) for row in ws.conn.execute(f'SELECT * FROM "{t}"')), key=repr)
            for t in tables}


def errors(preview) -> list[str]:
    holder = getattr(preview, "plan", preview)
    return [str(e) for e in holder.errors]


@pytest.mark.parametrize("importer", IMPORTERS)
def test_control_the_good_row_is_accepted_from_csv_and_the_hand_made_workbook(
        importer, org, tmp_path):
    ws, rollout = org
    header, row, preview, _apply = IMPORTERS[importer]
    csv_file = tmp_path / "good.csv"
    csv_file.write_text(f"{header}\n{row}\n", encoding="utf-8")
    book = tmp_path / "good.xlsx"
    book.write_bytes(valid_workbook_bytes(header.split(","), row.split(",")))
    for path in (csv_file, book):
        result = preview(ws, rollout, path)
        assert result.ok, errors(result)


@pytest.mark.parametrize("importer", IMPORTERS)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_every_real_world_encoding_is_read(importer, encoding, org, tmp_path):
    ws, rollout = org
    header, row, preview, _apply = IMPORTERS[importer]
    path = tmp_path / "encoded.csv"
    separator = "\t" if encoding == "utf-16" else ","  # what Excel's "Unicode text" writes
    text = f"{header}\n{row}\n".replace(",", separator).replace("Dee New", "Dée Nöw")
    path.write_bytes(text.encode(encoding))
    result = preview(ws, rollout, path)
    assert result.ok, errors(result)


@pytest.mark.parametrize("importer", IMPORTERS)
@pytest.mark.parametrize("kind", KINDS)
def test_hostile_file_gets_its_documented_error_and_nothing_is_written(
        importer, kind, org, tmp_path):
    ws, rollout = org
    header, row, preview, apply = IMPORTERS[importer]
    path = KINDS[kind].build(tmp_path, header.split(","), row.split(","))
    before, changes = dump(ws), ws.conn.total_changes

    result = preview(ws, rollout, path)

    assert not result.ok
    found = errors(result)
    assert any(KINDS[kind].expect in e for e in found), found
    try:
        apply(ws, result)
    except (ValueError, WorkspaceError):
        pass  # refusing to apply is one of the two right answers; writing nothing is the other
    assert ws.conn.total_changes == changes
    assert dump(ws) == before


DATE_COLUMNS = {"training": "completed_on", "adkar": "assessed_on", "kpis": "measured_on",
                "usage": "used_on", "team-figures": "period_end"}


@pytest.mark.parametrize("importer", DATE_COLUMNS)
def test_an_unformatted_date_serial_reads_as_the_same_date(importer, org, tmp_path):
    """A date cell without a date format arrives from openpyxl as Excel's serial number."""
    from openpyxl import Workbook

    ws, rollout = org
    header, row, preview, apply = IMPORTERS[importer]
    names, values = header.split(","), row.split(",")
    at = names.index(DATE_COLUMNS[importer])
    day = dt.date.fromisoformat(values[at])
    serial = (day - dt.date(1899, 12, 30)).days
    csv_file = tmp_path / "same.csv"
    csv_file.write_text(f"{header}\n{row}\n", encoding="utf-8")
    book = Workbook()
    book.active.append(names)
    book.active.append([serial if i == at else v for i, v in enumerate(values)])
    book.save(tmp_path / "same.xlsx")

    from_book = preview(ws, rollout, tmp_path / "same.xlsx")
    assert from_book.ok, errors(from_book)
    assert apply(ws, from_book) is not None
    # the same row with the date written out finds its record already there: the same date
    from_csv = preview(ws, rollout, csv_file)
    assert from_csv.ok, errors(from_csv)
    assert apply(ws, from_csv) is None
