"""How many examples a property test tries: its whole budget in a full run, a tenth in the fast loop.

The fast loop (`-m "not gui and not slow"`) is the edit-and-test cycle and must stay under a
minute; a full run (`pytest`, CI) or `-m slow` gives every property its whole budget.
tests/conftest.py sets FULL before any test module is imported, so a decorator reads it:
`@settings(max_examples=examples(300))`. Properties without a count of their own follow the
"fast-loop" profile registered there.
"""

from __future__ import annotations

FULL = True
FAST_SHARE = 10  # the fast loop tries one example in this many
FAST_DEFAULT = 10  # examples for a property without a count of its own, in the fast loop


def examples(count: int) -> int:
    return count if FULL else max(2, count // FAST_SHARE)
