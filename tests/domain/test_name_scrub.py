"""The one matcher that finds names and emails in typed-in text (export and erasure)."""

from __future__ import annotations

import unicodedata

from tracker.domain.name_scrub import NameMatcher, joint_stand_in

ANN, BOB, ZOE, MONO = "Person 0001", "Person 0002", "Person 0003", "Person 0004"


def _matcher(*extra):
    return NameMatcher([(ANN, ["Ann Lee", "ann.lee@example.org"]), (BOB, ["Bob O'Brien", ""]),
                        (ZOE, ["Zoë Müller", None]), (MONO, ["Madonna"]), *extra])


def test_whole_names_in_any_case_and_spacing_and_possessive():
    m = _matcher()
    assert m.scrub("Ask ANN  LEE first; ann\nlee's plan. Bob O’Brien agrees") == \
        f"Ask {ANN} first; {ANN}'s plan. {BOB} agrees"


def test_other_peoples_longer_names_are_left_alone():
    m = _matcher()
    for text in ("Ann Leeson", "Ann Lee-Smith", "Mary-Ann Lee", "Joann Lee", "xann.lee@example.org",
                 "ann.lee@example.org.uk"):
        assert m.scrub(text) == text, text


def test_emails_and_the_reversed_name():
    m = _matcher()
    assert m.scrub("Mail ANN.LEE@example.org, or Lee, Ann.") == f"Mail {ANN}, or {ANN}."


def test_decomposed_accents_are_found():
    m = _matcher()
    decomposed = unicodedata.normalize("NFD", "Thanks Zoë Müller")
    assert m.scrub(decomposed) == f"Thanks {ZOE}"
    nfd_matcher = NameMatcher([(ZOE, [unicodedata.normalize("NFD", "Zoë Müller")])])
    assert nfd_matcher.scrub("Thanks zoë müller!") == f"Thanks {ZOE}!"


def test_one_word_names_only_as_written():
    m = _matcher()
    assert m.scrub("Madonna said madonna") == f"{MONO} said madonna"
    will = NameMatcher([(ANN, ["Will"])])
    assert will.scrub("We will ask Will") == f"We will ask {ANN}"
    assert NameMatcher([(ANN, ["X"])]).scrub("X marks") == "X marks"  # one character: no one


def test_longest_name_first():
    m = NameMatcher([(ANN, ["Ann Lee"]), (BOB, ["Mary Ann Lee"])])
    assert m.scrub("Mary Ann Lee and Ann Lee") == f"{BOB} and {ANN}"


def test_namesakes_get_the_same_joint_stand_in_unless_the_record_says_who():
    m = NameMatcher([(ANN, ["Sam Roe", "sam1@example.org"]), (BOB, ["Sam Roe", "sam2@example.org"])])
    assert m.scrub("Sam Roe") == f"{ANN} or {BOB}"
    assert m.scrub("Sam Roe", nearby={BOB}) == BOB
    assert m.scrub("sam2@example.org") == BOB  # an email says who
    many = NameMatcher([(f"Person {i:04d}", ["Sam Roe"]) for i in range(1, 6)])
    assert many.scrub("Sam Roe") == joint_stand_in([f"Person {i:04d}" for i in range(1, 6)])
    assert "5 people" in many.scrub("Sam Roe")


def test_text_without_a_mention_comes_back_as_it_was():
    m = _matcher()
    text = unicodedata.normalize("NFD", "Café plan")
    assert m.scrub(text) is text
    assert not m.mentions(text) and m.mentions("ask Ann Lee")
    assert NameMatcher([]).scrub("Ann Lee") == "Ann Lee"
