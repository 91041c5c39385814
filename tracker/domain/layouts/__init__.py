"""Recognised export formats of HR, learning and AI-tool systems (see base.py for the idea).

Each kind's layouts live in their own module; ``LAYOUTS`` is all of them, the order in which
ties are broken. docs/imports.md documents every one of them.
"""

from __future__ import annotations

from tracker.domain.layouts import identity, lms, rosters, usage
from tracker.domain.layouts.base import (
    ALSO_USED_ON,
    FIELDS,
    KINDS,
    FieldRows,
    KindFields,
    Layout,
    Recognition,
    header_key,
    header_names,
    mapping_layout,
    match,
    recognise,
    to_fields,
)
from tracker.domain.layouts.columns import FieldColumns, to_columns

LAYOUTS: tuple[Layout, ...] = rosters.LAYOUTS + lms.LAYOUTS + usage.LAYOUTS + identity.LAYOUTS
BY_KEY = {layout.key: layout for layout in LAYOUTS}

__all__ = [
    "ALSO_USED_ON", "BY_KEY", "FIELDS", "KINDS", "LAYOUTS", "FieldColumns", "FieldRows", "KindFields", "Layout",
    "Recognition",
    "header_key", "header_names", "mapping_layout", "match", "recognise", "to_columns", "to_fields",
]
