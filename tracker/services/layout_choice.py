"""Which layout reads a file: the user's explicit choice, a mapping saved for its header row,
or a recognised system export, in that order; `--map FIELD=COLUMN` adjusts any of them.

Every importer (roster, training, usage, accounts) asks here, so the command line and the
window choose the same way. None means "no layout": the importer reads the app's own columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from tracker.domain.importing import normalise_header
from tracker.domain.layouts import BY_KEY, FIELDS, LAYOUTS, Layout, Recognition, header_names, match, recognise

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace


class LayoutChoiceError(ValueError):
    """The chosen preset or mapping cannot read this file; ``str(e)`` says why in one line."""


def parse_map_options(options: list[str] | None) -> dict[str, str]:
    """`--map FIELD=COLUMN` options as {field: column}; a malformed one raises LayoutChoiceError."""
    mapping: dict[str, str] = {}
    for option in options or ():
        field, sep, column = option.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise LayoutChoiceError(f"--map {option!r}: write FIELD=COLUMN, e.g. --map team=Department")
        mapping[field.strip().lower()] = column.strip()
    return mapping


def choose_layout(ws: Workspace, raw_headers: list[str], kind: str, *, preset: str | None = None,
                  overrides: Mapping[str, str] | None = None) -> Recognition | None:
    """The layout for a file of ``kind`` with this header row, matched to its columns.

    ``preset``: a saved mapping's name or a built-in layout's key; it must fit the file.
    ``overrides``: field -> column (as written in the file, any spelling the normalisation
    folds together) taking precedence over what the layout would pick.
    """
    if preset:
        layout = ws.import_mappings.get(preset) or BY_KEY.get(preset)
        if layout is None:
            known = [m.title for m in ws.import_mappings.list()] + [key for key, lay in BY_KEY.items() if lay.kind == kind]
            raise LayoutChoiceError(f"there is no mapping or layout called '{preset}' "
                                    f"(known: {', '.join(known) or 'none'})")
        if layout.kind != kind:
            raise LayoutChoiceError(f"'{preset}' is for a {layout.kind} import, not a {kind} import")
        found = match(layout, raw_headers) if not layout.saved else _match_saved(layout, raw_headers)
        if found is None:
            raise LayoutChoiceError(f"'{preset}' does not fit this file: its columns are not "
                                    f"{', '.join(sorted(layout.signature))}")
    else:
        saved = ws.import_mappings.for_header(raw_headers, kind)
        found = _match_saved(saved, raw_headers) if saved else recognise(raw_headers, LAYOUTS, kind=kind)
    if overrides:
        found = _override(found, kind, raw_headers, overrides)
    return found


def _match_saved(layout: Layout, raw_headers: list[str]) -> Recognition | None:
    """A saved mapping names the columns directly; it fits when they are all in the file."""
    present = {name: full for raw in raw_headers for full in [normalise_header(raw)]
               for name in header_names(raw)}
    column_of = {}
    for field, (column, *_rest) in layout.columns.items():
        if column not in present:
            return None
        column_of[field] = present[column]
    return Recognition(layout, MappingProxyType(column_of))


def _override(found: Recognition | None, kind: str, raw_headers: list[str],
              overrides: Mapping[str, str]) -> Recognition:
    fields = FIELDS[kind].all
    unknown = [f for f in overrides if f not in fields]
    if unknown:
        raise LayoutChoiceError(f"a {kind} import has no field {', '.join(unknown)} "
                                f"(its fields: {', '.join(fields)})")
    present = {name: normalise_header(raw) for raw in raw_headers for name in header_names(raw)}
    column_of = dict(found.column_of) if found else {}
    for field, column in overrides.items():
        key = normalise_header(column)
        if key not in present:
            raise LayoutChoiceError(f"--map {field}={column}: the file has no column '{column}'")
        column_of = {f: c for f, c in column_of.items() if c != present[key]}  # one column, one field
        column_of[field] = present[key]
    layout = found.layout if found else Layout(
        key="mapping:--map", title="columns chosen with --map", kind=kind,
        columns={f: (c,) for f, c in column_of.items()}, signature=frozenset(), saved=True)
    return Recognition(layout, MappingProxyType(column_of))
