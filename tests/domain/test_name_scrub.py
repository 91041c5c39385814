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


# ------------------------------------------------------------------ generated texts
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from property_budget import examples  # noqa: E402

_WORDS = ("Ann", "Lee", "Zoë", "Müller", "O'Brien", "Jean-Luc", "Ng", "Ærø", "Smith", "Søren", "Ana", "Li")
_FILLER = st.sampled_from(("ask", "the", "plan", "data", "42", "—", "ok", "lee", "ann", "smithy", "müllers"))
_SEPARATORS = st.sampled_from((" ", "  ", "\n", ", ", ". ", "; ", " (", ") ", "! ", ": "))


@st.composite
def _people_and_text(draw):
    names = draw(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_WORDS)).map(" ".join),
                          min_size=1, max_size=5, unique=True))
    people = [(f"Person {i:04d}", [name, f"p{i}@example.org"]) for i, name in enumerate(names, start=1)]
    pieces = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            name = draw(st.sampled_from(names))
            first, last = name.split(" ", 1)
            form = draw(st.sampled_from((name, name.upper(), name.lower(), f"{last}, {first}", f"{name}'s")))
            pieces.append(unicodedata.normalize(draw(st.sampled_from(("NFC", "NFD"))), form))
        elif kind == 1:
            pieces.append(f"p{draw(st.integers(1, len(names)))}@EXAMPLE.org")
        else:
            pieces.append(draw(_FILLER))
        pieces.append(draw(_SEPARATORS))
    return names, people, "".join(pieces)


def _whole(value: str, text: str) -> bool:
    import re

    text = unicodedata.normalize("NFC", text).casefold()
    value = unicodedata.normalize("NFC", value).casefold()
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", " ".join(text.split())) is not None


@settings(max_examples=examples(300), deadline=None)
@given(_people_and_text())
def test_no_generated_mention_survives(case):
    names, people, text = case
    matcher = NameMatcher(people)
    scrubbed = matcher.scrub(text)
    reversed_names = [f"{n.split(' ', 1)[1]}, {n.split(' ', 1)[0]}" for n in names]
    left = [n for n in (*names, *reversed_names) if _whole(n, scrubbed)]
    left += [f"p{i}@example.org" for i in range(1, len(names) + 1) if _whole(f"p{i}@example.org", scrubbed)]
    assert left == [], (text, scrubbed)
    assert matcher.scrub(scrubbed) == scrubbed  # stand-ins name no one
