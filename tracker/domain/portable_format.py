"""The portable workbook: everything a workspace holds, one sheet per kind of record.

The one description of the format is in three places that each say one thing: the types here
(a sheet, its columns and references), the sheets themselves grouped by area
(tracker/domain/portable_sheets.py), and which areas export which groups in which order (the
areas' declaration, tracker/store/areas.py: `export_sheets()`). The exporter writes that, the
importer reads it, `scripts/write_format_docs.py` turns it into docs/data-format.md and
resources/template.xlsx, and a test checks that those two still agree with it. Records refer to
each other by natural keys (employee id, team name, rollout name, module code, ...), never by
the workspace's internal ids, so a workbook can be written by hand or by another tool, and a
workspace can be rebuilt from it on another machine or version.

A sheet's `key` columns identify a record: importing into a populated workspace updates the
record with the same key and adds the others. A `Ref` turns key columns into the id of a
record of another (or the same) sheet; `deferred` ones are set after every sheet's records
exist, for records that point at each other (a team's lead is a person in a team).
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMAT_VERSION = 1

TEXT, INTEGER, NUMBER, DATE, TIME, YES_NO, CHOICE, JSON = (
    "text", "integer", "number", "date", "time (HH:MM)", "yes/no", "choice", "JSON")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str = TEXT
    required: bool = False
    key: bool = False
    field: str | None = None  # the stored field for a plain value; None: a reference's key column
    choices: tuple[str, ...] = ()
    default: object = None  # stored when the cell is empty (and the column is not required)
    personal: bool = False  # free text about people: withheld from a pseudonymised export
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Ref:
    """`field` holds the id of the `entity` record named by `columns` (all empty: no reference)."""

    field: str
    entity: str
    columns: tuple[str, ...]
    deferred: bool = False


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    table: str
    doc: str
    columns: tuple[Column, ...]
    refs: tuple[Ref, ...] = ()
    defines: str | None = None  # the entity (see ENTITIES) whose records this sheet holds
    one_of: tuple[str, ...] = ()  # exactly one of these columns must be filled
    # A key column numbering the records that share the rest of the key (1, 2, ... in the order
    # they were made), for a history whose entries may repeat (a seat approved, rejected and
    # approved again on one day). Not stored: an export writes it, an import adds the numbers
    # the workspace lacks, in that order.
    numbered: str | None = None

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


# entity -> the sheet columns that name one (in the sheet that defines it)
ENTITIES: dict[str, tuple[str, ...]] = {
    "team": ("name",), "person": ("employee_id",), "rollout": ("name",), "role": ("name",),
    "module": ("rollout", "code"), "session": ("rollout", "module", "starts_on", "start_time", "place"),
    "responsibility": ("rollout", "responsibility"), "kpi": ("rollout", "kpi"),
    "seat": ("rollout", "employee_id", "account"),
}

RETENTION_SHEETS = ("usage_retention", "frozen_adoption_weeks", "earlier_adopters")
"""What a retention purge keeps in place of the usage it removed; an export leaves them out when
they are empty (a workspace never purged writes the same workbook as before they existed)."""

USAGE_ROW_LIMIT = 1_000_000
"""Above this many usage rows the export leaves the usage sheet out (a worksheet holds at most
1,048,576 rows); the logs are then re-imported from the tool's own export (import-usage)."""

PSEUDONYM_TEXT = "(withheld)"


@dataclass
class SheetRows:
    """One sheet's records as plain values keyed by column name (what the exporter writes)."""

    sheet: Sheet
    rows: list[dict[str, object]] = field(default_factory=list)


def pseudonym(person_id: int) -> tuple[str, str]:
    """The stable stand-ins for a person: (employee id, name). Derived from the workspace's own
    record number, so every export of a workspace gives a person the same one."""
    return f"P{person_id:05d}", f"Person {person_id:04d}"
