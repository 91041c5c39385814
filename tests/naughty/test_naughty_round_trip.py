"""The naughty strings through roster import -> report -> training plan -> export-data ->
import-data: every written workbook is well-formed XML and everything accepted comes back exactly.

Before the cell writer escaped what XML cannot hold, the report had malformed sheets and
export-data wrote sheets that import-data called damaged (issue 22).

Two journeys (tests/naughty/journey.py): the whole one starts from the sample and pushes it
through a round trip (about 20 s of CPU), so it runs with the slow tests; the fast loop runs the
same checks on the people-only journey (the corpus's roster, a rollout and the gate checklist
typed earlier, export-data and import-data), and the cell writer's escaping is checked fast in
test_ooxml_text.py and tests/reports/test_cells.py.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from xml.etree import ElementTree

import pytest
from naughty_strings import CORPUS, XML_FORBIDDEN
from workbook_reading import workbook_cells

from tracker.io.ooxml_text import unescape
from tracker.services.portable_export import collect
from tracker.store import Workspace

_XML_PART = re.compile(r"\.(xml|rels|vml)$")


def test_the_corpus_is_the_size_and_breadth_asked_for():
    categories = {category for category, _text in CORPUS}
    assert 480 <= len(CORPUS) <= 600
    assert {"c0", "c1", "noncharacter", "zero-width or bidi", "right to left", "combining", "emoji",
            "NFC", "NFD", "formula start", "injection", "long", "reserved word", "number as text",
            "whitespace only", "ooxml escape lookalike"} <= categories
    text = "".join(t for _, t in CORPUS)
    assert all(chr(c) in text for c in [*range(0x20), *range(0x7F, 0xA0)])  # every C0 and C1 control


WORKBOOKS = {"sample": {"report", "training plan", "export", "export of the copy"},
             "people only": {"export", "export of the copy"}}


@pytest.fixture(params=["people only", pytest.param("sample", marks=pytest.mark.slow)])
def each_journey(request):
    """(kind, journey): the people-only journey, and the whole one with the slow tests."""
    return request.param, request.getfixturevalue("journey" if request.param == "sample" else "people_journey")


def test_every_xml_part_of_every_workbook_is_well_formed(each_journey):
    kind_of_journey, journey = each_journey
    assert set(journey.workbooks) == WORKBOOKS[kind_of_journey]
    for kind, path in journey.workbooks.items():
        with zipfile.ZipFile(path) as archive:
            parts = [n for n in archive.namelist() if _XML_PART.search(n)]
            assert any(n.startswith("xl/worksheets/") for n in parts), kind
            for name in parts:
                try:
                    ElementTree.fromstring(archive.read(name))
                except ElementTree.ParseError as e:
                    raise AssertionError(f"{kind}: {name} is not well-formed: {e}") from None


def test_blank_names_and_teams_are_refused_row_by_row(each_journey):
    _kind, journey = each_journey
    assert journey.blank, "the corpus has white-space-only strings"
    for employee_id in journey.blank:
        assert any(re.match(r"row \d+: (empty name|no team) for employee ", e) and employee_id in e
                   for e in journey.refused), employee_id
    assert len({e.split(":")[0] for e in journey.refused}) == len(journey.blank)


def _people(path) -> dict[str, tuple[str, str, str]]:
    with Workspace.open(path, readonly=True) as ws:
        rows = ws.conn.execute("""SELECT p.employee_id, p.name, t.name, p.title FROM people p
                                  JOIN teams t ON t.id = p.team_id""").fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_the_roster_is_stored_as_the_files_gave_it(each_journey):
    """As given, in Unicode NFC (issue 15: an NFD copy of a roster must match what is stored)."""
    _kind, journey = each_journey
    people = _people(journey.source)
    odd = 0
    for employee_id, row in journey.accepted.items():
        name, team, title = people[employee_id]
        assert name == nfc(row["name"].strip()), employee_id
        assert team.lower() == nfc(row["team"].strip()).lower(), employee_id  # first spelling of a team wins
        assert title == nfc(row["title"].strip()), employee_id
        odd += not XML_FORBIDDEN.isdisjoint(name)
    assert len(journey.accepted) > 450 and odd > 60  # the control characters came in too


def test_import_data_gives_back_every_record_exactly(each_journey):
    _kind, journey = each_journey
    with Workspace.open(journey.source, readonly=True) as a, Workspace.open(journey.copy, readonly=True) as b:
        before, after = collect(a), collect(b)
    assert [s.sheet.name for s in before] == [s.sheet.name for s in after]
    forbidden_seen = 0
    for one, other in zip(before, after):
        if one.sheet.name == "gate_template":  # a new workspace starts with the default checklist,
            missing = [x for x in one.rows if x not in other.rows]  # which import-data keeps
            assert not missing, missing[:3]
            continue
        assert len(one.rows) == len(other.rows), one.sheet.name
        for n, (x, y) in enumerate(zip(one.rows, other.rows)):
            assert x == y, f"{one.sheet.name} row {n + 2}: {x} != {y}"
            forbidden_seen += any(isinstance(v, str) and not XML_FORBIDDEN.isdisjoint(v) for v in x.values())
    assert forbidden_seen > 100  # people and typed-in text alike


def test_the_two_exports_are_the_same_cell_for_cell(each_journey):
    _kind, journey = each_journey
    first = workbook_cells(journey.workbooks["export"])
    second = workbook_cells(journey.workbooks["export of the copy"])
    assert list(first) == list(second)
    for name in first:
        if name != "gate_template":  # the copy's has the default checklist too (see above)
            assert first[name] == second[name], name


@pytest.mark.slow  # the sample's journey only: see the module's docstring
def test_the_training_plan_and_report_show_the_text_exactly(journey):
    people = _people(journey.source)
    plan = workbook_cells(journey.workbooks["training plan"])
    header = plan["People"][0]
    listed = {unescape(r[header.index("Name")]) for r in plan["People"][1:] if r[header.index("Name")]}
    names = {people[e][0] for e in journey.accepted}
    assert names <= listed, sorted(names - listed)[:5]
    report = workbook_cells(journey.workbooks["report"])
    with Workspace.open(journey.source, readonly=True) as ws:
        rollouts = [r.name for r in ws.rollouts.list()]
    summary = {unescape(v) for row in report["Summary"] for v in row if isinstance(v, str)}
    assert set(rollouts) <= summary
    assert any(not XML_FORBIDDEN.isdisjoint(r) for r in rollouts)
