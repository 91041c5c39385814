"""Gate items linked to the evidence the workspace holds (tracker/domain/gate_evidence.py).

A key on template and checklist items names the rule that can answer the item ("sponsor",
"training", …); empty is a manual item. Items of existing workspaces get their key by matching
the built-in template's texts (case and surrounding spaces ignored), so "Sponsor named" shows
its sponsor in every workspace, also those whose checklists were made before this step. No
CHECK on the values: the store checks a key on every write, and a later version may add rules
without rebuilding these tables.
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.domain.gate_evidence import BUILTIN_RULES
from tracker.store.schema_sql import run_statements


def m010_gate_evidence(db: Database) -> None:
    run_statements(
        db,
        """
        ALTER TABLE gate_template ADD COLUMN evidence_rule TEXT NOT NULL DEFAULT '';
        ALTER TABLE gate_items ADD COLUMN evidence_rule TEXT NOT NULL DEFAULT ''
        """,
    )
    for text, rule in BUILTIN_RULES.items():
        for table in ("gate_template", "gate_items"):
            db.execute(f"UPDATE {table} SET evidence_rule = ? WHERE lower(trim(text)) = ?",
                       [rule.value, text.lower()])
