"""Every picture and document the README links to is in the repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_links_point_at_files_that_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(((?:docs/|benchmarks/|resources/|CONTRIBUTING)[^)#]*)\)", text)
    assert targets  # the screenshots at least
    missing = [t for t in targets if not (ROOT / t).exists()]
    assert missing == []
    assert "../" not in text  # nothing it points to lies outside the repository
