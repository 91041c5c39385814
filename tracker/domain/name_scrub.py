"""Finding people's names and emails typed into text, and putting stand-ins in their place.

A decision's text, a gate item, a dependency's description: people type names into them, and a
pseudonymised export or an erasure that replaced only the person columns would leave those.
The export (tracker/services/portable_export.py) and the erasure (tracker/store/erasure.py) use
this one matcher, so both agree on what counts as a mention:

- **Whole words.** A name is found where it starts and ends at a word boundary: "Ann Lee" in
  "ask Ann Lee." and "Ann Lee's plan", not in "Ann Leeson", "Ann Lee-Smith" or "Mary-Ann Lee"
  (other people's names, which are looked for on their own).
- **Case, spacing, Unicode.** Names of two or more words and emails are found in any case and
  with any white space between the words (a line break typed in a cell); text and names are
  compared in NFC, so a name saved with combining accents (NFD) is found in composed text and
  the other way round, and a typographic apostrophe matches a straight one.
- **Both orders.** "Ann Lee" is also looked for as "Lee, Ann", and "Lee, Ann" as "Ann Lee".
- **Longest first.** "Mary Ann Lee" is replaced whole, not as "Mary" plus someone called "Ann Lee".
- **One-word names** (a roster entry such as "Madonna") are found only as written, capital
  included: found case-insensitively, a one-word name that is also a common word ("Will",
  "May", "Grace") would replace that word throughout the prose. Names of a single character
  identify no one and are not looked for.
- **Namesakes.** A name several people share cannot say which of them is meant. When the
  record the text belongs to names exactly one of them (the owner of the gate item, the person
  a signal is about), that one's stand-in is used; otherwise all of theirs ("Person 0009 or
  Person 1704"), the same in every cell, and never a guess. An email says who it is.

First names alone ("ask Ann") are not recognised: they match too many words and people. The
columns that hold notes about a person are withheld whole by the export for that reason.
Pure: text in, text out; no SQL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence

_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
# A word joined to another by one of these is part of a longer name or address: "Lee-Smith",
# "ann.lee@x.org", "O'Brien". An apostrophe after a name is a possessive ("Lee's"), so it only
# joins on the left.
_JOINS_BEFORE = "-.@+_'’"
_JOINS_AFTER = "-.@+_"
JOINT_LIMIT = 3  # namesakes named one by one; more than this are summarised


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _loose(text: str) -> str:
    """How a name of several words, or an email, is compared: NFC, one space, no case."""
    return " ".join(_nfc(text).replace("’", "'").split()).casefold()


def _forms(name: str) -> list[str]:
    """The ways a name is written: as given, and with the last word first ("Lee, Ann")."""
    name = " ".join(name.split())
    forms = [name]
    if "," in name:
        last, _, first = name.partition(",")
        if last.strip() and first.strip():
            forms.append(f"{first.strip()} {last.strip()}")
    elif "@" not in name:
        words = name.split(" ")
        if len(words) >= 2:
            forms.append(f"{words[-1]}, {' '.join(words[:-1])}")
    return forms


def joint_stand_in(stand_ins: list[str]) -> str:
    """What a name shared by several people becomes: theirs, in order ("Person 0009 or Person 1704")."""
    if len(stand_ins) <= JOINT_LIMIT:
        return " or ".join(stand_ins)
    return f"one of {len(stand_ins)} people of that name ({', '.join(stand_ins[:JOINT_LIMIT])}, …)"


class NameMatcher:
    """The names and emails of some people, each with the stand-in that replaces it.

    `people`: (stand-in, texts) per person, the texts being their name and email (empty ones
    are skipped). Build it once and call `scrub` for every text.
    """

    def __init__(self, people: Iterable[tuple[str, Iterable[str | None]]]):
        self._loose: dict[str, list[str]] = {}  # loose form -> stand-ins (several: namesakes)
        self._exact: dict[str, list[str]] = {}  # one-word names, as written (NFC)
        self._first_words: set[str] = set()  # the first word of each loose form: a cheap first test
        self._longest = 1
        for stand_in, texts in people:
            for text in texts:
                if not text or len(text.strip()) < 2:
                    continue
                for form in _forms(_nfc(text)):
                    words = _WORD.findall(form)
                    if not words:
                        continue
                    if len(words) == 1 and "@" not in form:
                        target = self._exact.setdefault(words[0], [])
                    else:
                        key = _loose(form)
                        target = self._loose.setdefault(key, [])
                        first_word = _WORD.search(key) if not target else None
                        if first_word is not None:  # a new loose form (it has words: checked above)
                            self._first_words.add(first_word.group(0))
                    if stand_in not in target:
                        target.append(stand_in)
                    self._longest = max(self._longest, len(words))

    def __bool__(self) -> bool:
        return bool(self._loose or self._exact)

    def find(self, text: str) -> list[tuple[int, int, list[str]]]:
        """(start, end, stand-ins) of every mention in NFC(`text`), left to right, longest first."""
        if not text or not self:
            return []
        text = _nfc(text)
        words = list(_WORD.finditer(text))
        found = []
        i = 0
        while i < len(words):
            match = self._match_at(text, words, i)
            if match is None:
                i += 1
                continue
            j, stand_ins = match
            found.append((words[i].start(), words[j].end(), stand_ins))
            i = j + 1
        return found

    def _match_at(self, text: str, words: list[re.Match[str]], i: int) -> tuple[int, list[str]] | None:
        start = words[i].start()
        if start >= 2 and text[start - 1] in _JOINS_BEFORE and text[start - 2].isalnum():
            return None  # the second half of "Mary-Ann" or of "x.ann@..."
        first = words[i].group(0)
        candidates: Sequence[int] = ()
        if first.casefold() in self._first_words:
            candidates = range(min(len(words), i + self._longest) - 1, i, -1)
        for j in [*candidates, i]:
            end = words[j].end()
            if end + 1 < len(text) and text[end] in _JOINS_AFTER and text[end + 1].isalnum():
                continue  # "Ann Lee-Smith", "ann.lee@x.org.uk" read only to ".org"
            span = text[start:end]
            stand_ins = self._loose.get(_loose(span))
            if stand_ins is None and j == i:
                stand_ins = self._exact.get(span)
            if stand_ins:
                return j, stand_ins
        return None

    def mentions(self, text: str | None) -> bool:
        """Whether `text` names anyone of this matcher (a quick test before `scrub`)."""
        return bool(text) and isinstance(text, str) and bool(self.find(text))

    def scrub(self, text: str, nearby: Collection[str] = ()) -> str:
        """`text` with every mention replaced by its stand-in. `nearby`: the stand-ins of the
        people the text's record names (its owner, the person it is about), which settle a
        namesake. Text without a mention comes back unchanged (not even normalised)."""
        found = self.find(text) if isinstance(text, str) else []
        if not found:
            return text
        composed = _nfc(text)
        out, at = [], 0
        for start, end, stand_ins in found:
            chosen = [s for s in stand_ins if s in nearby] if len(stand_ins) > 1 else stand_ins
            out += [composed[at:start], chosen[0] if len(chosen) == 1 else joint_stand_in(stand_ins)]
            at = end
        out.append(composed[at:])
        return "".join(out)


def looks_for_id(employee_id: str) -> bool:
    """An employee id worth looking for in text: letters and digits together ("E00123"). A
    number alone ("10442") is left: in prose it is far more often a figure than an id."""
    return _LETTER.search(employee_id) is not None and _DIGIT.search(employee_id) is not None


def person_entries(name_stand_in: str, id_stand_in: str, *, name: str | None, email: str | None,
                   employee_id: str | None = None) -> list[tuple[str, list[str | None]]]:
    """A person's entries for NameMatcher: name and email become the name stand-in, an
    employee id typed into text ("ask E00123") becomes the id stand-in."""
    entries: list[tuple[str, list[str | None]]] = [(name_stand_in, [name, email])]
    if employee_id and looks_for_id(employee_id.strip()):
        entries.append((id_stand_in, [employee_id.strip()]))
    return entries
