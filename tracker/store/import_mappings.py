"""Column mappings users saved for files no built-in layout recognises.

A mapping is stored as the fields it feeds and the columns that feed them, under a name, with
the key of the header row it was made for: the next file with the same columns gets it without
asking (tracker/domain/layouts/base.py `header_key`).
"""

from __future__ import annotations

import builtins
import json
from typing import TYPE_CHECKING, Any

from tracker.domain.layouts import Layout
from tracker.domain.layouts.base import header_key
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

_SELECT = "SELECT id, name, kind, header_key, columns, day_first, account_system FROM import_mappings"


def _layout(row: tuple[Any, ...]) -> Layout:
    _id, name, kind, key, columns, day_first, account_system = row
    column_of = json.loads(columns)
    return Layout(key=f"mapping:{name}", title=name, kind=kind,
                  columns={f: (c,) for f, c in column_of.items()},
                  signature=frozenset(key.split("|")),
                  day_first=None if day_first is None else bool(day_first),
                  account_system=account_system, saved=True)


class ImportMappings:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def list(self) -> list[Layout]:
        return [_layout(r) for r in self.ws.conn.execute(_SELECT + " ORDER BY name")]

    def get(self, name: str) -> Layout | None:
        row = self.ws.conn.execute(_SELECT + " WHERE name = ? COLLATE NOCASE", (name.strip(),)).fetchone()
        return _layout(row) if row else None

    def for_header(self, raw_headers: builtins.list[str], kind: str | None = None) -> Layout | None:
        """The mapping saved for exactly this header row (any order), newest first."""
        sql = _SELECT + " WHERE header_key = ?" + (" AND kind = ?" if kind else "") + " ORDER BY id DESC"
        params = (header_key(raw_headers), kind) if kind else (header_key(raw_headers),)
        row = self.ws.conn.execute(sql, params).fetchone()
        return _layout(row) if row else None

    def save(self, name: str, kind: str, column_of: dict[str, str], raw_headers: builtins.list[str], *,
             day_first: bool | None = None, account_system: str | None = None) -> int:
        """Save (or replace, by name) a mapping: ``column_of`` is field -> normalised header."""
        name = (name or "").strip()
        if not name:
            raise StoreValidationError("A mapping needs a name.")
        values = {"name": name, "kind": kind, "header_key": header_key(raw_headers),
                  "columns": json.dumps(column_of, sort_keys=True),
                  "day_first": None if day_first is None else int(day_first),
                  "account_system": account_system}
        existing: int | None = self.ws.scalar("SELECT id FROM import_mappings WHERE name = ? COLLATE NOCASE", (name,))
        with self.ws.write(f"Save column mapping {name}") as w:
            if existing is not None:
                w.update("import_mappings", existing, values)
                return existing
            return w.insert("import_mappings", values)

    def delete(self, name: str) -> bool:
        row_id = self.ws.scalar("SELECT id FROM import_mappings WHERE name = ? COLLATE NOCASE", (name.strip(),))
        if row_id is None:
            return False
        with self.ws.write(f"Delete column mapping {name}") as w:
            return w.delete("import_mappings", row_id)
