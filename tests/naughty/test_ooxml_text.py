"""Excel's _xHHHH_ spelling: what XML cannot hold goes out spelled and comes back as itself."""

from __future__ import annotations

from xml.etree import ElementTree
from xml.sax.saxutils import escape as xml_escape

import pytest
from naughty_strings import CORPUS, UNSTORABLE, XML_FORBIDDEN

from tracker.io.ooxml_text import escape, lone_surrogate, plain, unescape


def test_every_corpus_string_comes_back_as_itself_and_is_legal_xml_text():
    for _category, text in CORPUS + UNSTORABLE:
        spelled = escape(text)
        assert unescape(spelled) == text, repr(text)
        assert XML_FORBIDDEN.isdisjoint(spelled) and "\r" not in spelled and not lone_surrogate(spelled)
        parsed = ElementTree.fromstring(f"<t>{xml_escape(spelled)}</t>".encode()).text or ""
        assert unescape(parsed) == text, repr(text)  # through a real XML parser too


@pytest.mark.parametrize(("text", "spelled"), [
    ("\x0b", "_x000B_"), ("a\rb", "a_x000D_b"), ("\ufffe", "_xFFFE_"), ("tab\tand\nline", "tab\tand\nline"),
    ("_x0041_", "_x005F_x0041_"), ("_x005F_", "_x005F_x005F_"), ("_x41_", "_x41_"), ("_xZZZZ_", "_xZZZZ_"),
])
def test_the_spelling_is_excels(text, spelled):
    assert escape(text) == spelled


def test_excels_lower_case_spelling_reads_too():
    assert unescape("a_x000b_b") == "a\x0bb"


def test_plain_replaces_what_has_no_spelling_outside_cells():
    assert plain("Ann\x01Lee\ufffe") == "Ann\ufffdLee\ufffd"
    assert plain("tab\tline\nreturn\r") == "tab\tline\nreturn\r"
