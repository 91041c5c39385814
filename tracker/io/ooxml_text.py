"""Text XML cannot carry, written and read the way Excel does: ``_xHHHH_``.

XML 1.0 has no way to hold most C0 control characters (all but tab, line feed and carriage
return), U+FFFE, U+FFFF or lone surrogates, not even as character references: one of them in
a sheet makes the whole part malformed (Excel offers to "repair" the file, LibreOffice stops
reading the sheet, openpyxl refuses it). A carriage return is legal but does not survive:
every XML parser turns it into a line feed. Office Open XML's answer, which Excel and
LibreOffice both write and read in cell text, is to spell such a character as ``_x`` + four
hex digits + ``_`` (a vertical tab is ``_x000B_``), and an underscore that would otherwise
start such a spelling as ``_x005F_``, so that text which merely looks like an escape reads
back as itself.

The app keeps such characters as they came (an HR export's stray control character is part of
the value that other systems match on) and writes every cell through :func:`escape`; readers
of workbooks undo it with :func:`unescape`, so a value goes out and comes back unchanged.
Workbook names and properties that are not cell text (sheet names, the author) have no such
convention; :func:`plain` replaces the characters there.

Every writer of cell text (the reports, the portable export) goes through :func:`xml_cell_text`
(cut to Excel's cell limit, then escaped) and marks text :func:`is_formula_like` as text.

Pure string functions, no openpyxl: the readers and the writers share them.
"""

from __future__ import annotations

import re

# What XML 1.0 forbids in text, plus the carriage return its parsers rewrite; and an underscore
# that starts something that reads as an escape. One pass finds both.
_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]|_(?=x[0-9A-Fa-f]{4}_)")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")
# First characters a spreadsheet may read as the start of a formula, including full-width forms.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MAX_CELL_TEXT = 32_767  # Excel's limit for the text of one cell


def _spelled(match: re.Match[str]) -> str:
    return f"_x{ord(match.group(0)):04X}_"


def escape(text: str) -> str:
    """``text`` as a cell must hold it: XML-safe, and read back by :func:`unescape` (and by
    Excel and LibreOffice) as exactly ``text``."""
    return _ESCAPE.sub(_spelled, text)


def unescape(text: str) -> str:
    """Undo :func:`escape` (and Excel's own escaping): ``_x000B_`` becomes a vertical tab.

    A surrogate pair spelled as two escapes (as UTF-16 software writes an emoji) becomes its
    character; a surrogate on its own stays, for :func:`lone_surrogate` to find.
    """
    if "_x" not in text:  # nearly every cell: one substring test
        return text
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return text


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in ``text`` as "U+D800", or None. A surrogate is half of a
    UTF-16 pair, not a character: no UTF-8 file and no SQLite text can hold one."""
    found = _SURROGATE.search(text)
    return f"U+{ord(found.group(0)):04X}" if found else None


def plain(text: str, replacement: str = "\ufffd") -> str:
    """``text`` with what XML cannot hold replaced, for names and properties outside cells."""
    return _FORBIDDEN.sub(replacement, text)


def xml_cell_text(value: object) -> str:
    """The text a cell holds for `value`: at most Excel's limit, escaped so that XML can carry
    it and readers (Excel, LibreOffice, this app's importers) get the same text back."""
    return escape(str(value)[:MAX_CELL_TEXT])


def is_formula_like(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_STARTS)
