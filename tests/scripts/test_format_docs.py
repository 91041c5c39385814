"""The documented format and the template agree with the code (scripts/format_docs.py writes them)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tracker.store.areas import export_sheets

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def format_markdown():
    spec = importlib.util.spec_from_file_location("format_docs", ROOT / "scripts" / "format_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.format_markdown


def test_the_document_is_generated_from_the_format(format_markdown):
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert text == format_markdown(), "run scripts/write_format_docs.py"
    for sheet in export_sheets():
        assert f"## `{sheet.name}`" in text
        for column in sheet.columns:
            assert f"| `{column.name}` | {column.type} | {'yes' if column.required else 'no'} |" in text


def test_the_template_has_every_sheet_and_header():
    from openpyxl import load_workbook

    wb = load_workbook(ROOT / "resources" / "template.xlsx", read_only=True)
    try:
        found = {ws.title: next(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()
    for sheet in export_sheets():
        assert found.pop(sheet.name) == sheet.column_names
    assert list(found) == ["about"]
