"""Write docs/data-format.md and resources/template.xlsx from the format (tracker/domain/portable_*.py).

Run after changing the format: `.venv/bin/python scripts/write_format_docs.py`.
tests/scripts/test_format_docs.py fails while the two are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from format_docs import format_markdown, write_template  # noqa: E402  (beside this script)


def main() -> None:
    (ROOT / "docs" / "data-format.md").write_text(format_markdown(), encoding="utf-8")
    write_template(ROOT / "resources" / "template.xlsx")
    print("wrote docs/data-format.md and resources/template.xlsx")


if __name__ == "__main__":
    main()
