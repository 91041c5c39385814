"""Writing cells safely and consistently: user text never becomes a formula, numbers stay numbers.

Every sheet writes through `put()` and `write_table()`, so the rules hold everywhere:

- Text is stored as a string (`data_type = "s"` set *after* the value, because openpyxl turns
  any string starting with "=" into a live formula) and, when it starts with a character a
  spreadsheet reads as the start of a formula (= + - @, a tab, a carriage return, or their
  full-width forms), it also gets `quotePrefix`, so editing the cell in Excel keeps it text.
  Characters XML cannot hold (control characters, U+FFFE/U+FFFF) are written the way Excel
  writes them, ``_x000B_`` (tracker/io/ooxml_text.py, shared with the portable export), so the workbook stays well-formed
  and reads back exactly; over-long text is cut to Excel's cell limit first.
- Percentages are fractions formatted as percent, dates are dates, counts are integers:
  a leader can sort, filter and chart them.
- Health is a word *and* a colour, never a colour alone (printing in greyscale, colour-blind
  readers).

openpyxl is imported inside the functions (the command line must start fast).
"""

from __future__ import annotations

import copy
import datetime as dt
import weakref
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.io.ooxml_text import MAX_CELL_TEXT, is_formula_like, xml_cell_text

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Border
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# What the sheets write into a cell: text, yes/no, a number, a date or a moment, or nothing.
CellValue = str | bool | int | float | dt.date | dt.datetime | None
# A row of a table: a status column may take a (word, colour key) pair instead of the word.
RowValue = CellValue | tuple[str, str | None]
Row = tuple[RowValue, ...]

PERCENT = "0%"
DATE = "d mmm yyyy"  # 1 Feb 2027, as the window and the charts write dates
DATE_TIME = "d mmm yyyy hh:mm"
INTEGER = "#,##0"
NUMBER = "#,##0.##"
MAX_ROWS = 1_048_576  # the rows of a sheet in Excel (and openpyxl)

# Fill and font colours per status word (pale fill, dark text: readable printed in greyscale).
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "red": ("F4C7C3", "8B1A1A"),
    "amber": ("FCE8B2", "7A4F01"),
    "green": ("C8E6C9", "1B5E20"),
    "no data": ("E0E0E0", "424242"),
    "no_data": ("E0E0E0", "424242"),
}
HEADER_FILL, HEADER_FONT = "1F3864", "FFFFFF"
NOTE_COLOUR = "595959"
GRID_COLOUR = "A6A6A6"


def _store(cell: Cell, value: CellValue) -> tuple[str | None, bool]:
    """Set the value by the rules above; returns (the number format the value implies, whether
    it needs a quote prefix)."""
    # The value goes in as openpyxl's setter would leave it, without the setter's type lookup
    # and text scan (a big report writes a million cells): escaped text holds nothing openpyxl
    # refuses, and the number format the setter would guess for a date is always set after.
    held: Any = cell  # openpyxl's stored value, `_value`, is left out of its type hints
    if isinstance(value, str):
        held._value = xml_cell_text(value)[:MAX_CELL_TEXT]  # (openpyxl cuts escaped text there too)
        cell.data_type = "s"  # never "f": text starting with "=" stays text
        return None, is_formula_like(value)
    if isinstance(value, bool):
        held._value = "Yes" if value else "No"
        cell.data_type = "s"
        return None, False
    if isinstance(value, dt.datetime):
        held._value = value.replace(tzinfo=None)
        cell.data_type = "d"
        return DATE_TIME, False
    if isinstance(value, dt.date):
        held._value = value
        cell.data_type = "d"
        return DATE, False
    if type(value) is int or type(value) is float:
        held._value = value
        cell.data_type = "n"
        return None, False
    cell.value = value
    return None, False


def writable_cell(sheet: Worksheet, row: int, column: int) -> Cell:
    """The cell at (`row`, `column`), to be written. One inside merged cells cannot hold a value
    (only the first cell of the range does): writing there is a mistake in laying out a sheet."""
    from openpyxl.cell.cell import MergedCell

    cell = sheet.cell(row=row, column=column)
    if isinstance(cell, MergedCell):
        raise ValueError(f"{sheet.title}: row {row}, column {column} is inside merged cells; "
                         "write to the first cell of the range")
    return cell


def first_sheet(book: Workbook) -> Worksheet:
    """The sheet a new workbook starts with (openpyxl makes one; its hints allow none)."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet = book.active
    if not isinstance(sheet, Worksheet):
        raise ValueError("a new workbook starts with a worksheet")
    return sheet


def put(sheet: Worksheet, row: int, column: int, value: CellValue, number_format: str | None = None, *,
        bold: bool = False, wrap: bool = False) -> Cell:
    """Write one value; strings always as literal text. Returns the cell."""
    cell = writable_cell(sheet, row, column)
    if value is None:  # empty, but formatted: a figure typed in later shows as the column does
        if number_format:
            cell.number_format = number_format
        return cell
    implied, quote = _store(cell, value)
    if quote:
        cell.quotePrefix = True
    if implied or (number_format and not isinstance(value, str)):
        chosen = number_format if number_format and implied != DATE_TIME else implied
        if chosen:  # always, by the condition above
            cell.number_format = chosen
    if bold or wrap:
        from openpyxl.styles import Alignment, Font

        if bold:
            cell.font = Font(bold=True)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def put_status(sheet: Worksheet, row: int, column: int, word: str, key: str | None = None) -> Cell:
    """A status (health, RAG) as its word on its colour."""
    from openpyxl.styles import Font, PatternFill

    cell = put(sheet, row, column, word)
    fill, font = STATUS_COLOURS.get((key or word).strip().lower(), ("FFFFFF", "000000"))
    cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
    cell.font = Font(bold=True, color=font)
    return cell


@dataclass(frozen=True)
class Column:
    """One table column: its header, how values are formatted, and width limits."""

    title: str
    kind: str = "text"  # text, wrap, int, number, percent, date, status
    width: float | None = None  # fixed width; None fits the content
    max_width: float = 50

    @property
    def number_format(self) -> str | None:
        return {"int": INTEGER, "number": NUMBER, "percent": PERCENT, "date": DATE}.get(self.kind)

    @property
    def horizontal(self) -> str | None:
        """Numbers and dates sit at the right of their cells, and so do their header and any
        word among them ("hidden"): a value always lines up with its own header."""
        return "right" if self.kind in NUMERIC_KINDS else None


NUMERIC_KINDS = frozenset({"int", "number", "percent", "date"})
# A table written on a sheet: its columns, header row and last row (widths are fitted after all
# of a sheet's tables are written, since tables may share columns).
Table = tuple[Sequence[Column], int, int]


def thin_border() -> Border:
    """The light grid around every table cell: printed without gridlines, a value is still
    seen to belong to its column."""
    from openpyxl.styles import Border, Side

    side = Side(style="thin", color=GRID_COLOUR)
    return Border(left=side, right=side, top=side, bottom=side)


def write_header(sheet: Worksheet, row: int, columns: Sequence[Column], first_column: int = 1) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    border = thin_border()
    for i, col in enumerate(columns):
        cell = put(sheet, row, first_column + i, col.title)
        cell.fill = fill
        cell.font = Font(bold=True, color=HEADER_FONT)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal=col.horizontal)
        cell.border = border


# Per workbook: a style key (number format, alignment, quote prefix, horizontal) -> its style.
_STYLE_CACHE: weakref.WeakKeyDictionary[Workbook, dict[Hashable, StyleArray]] = weakref.WeakKeyDictionary()


def _apply_style(sheet: Worksheet, cell: Cell, key: tuple[str | None, str | None, bool, str | None]) -> None:
    """Give `cell` the style named by `key` (number format, alignment, quote prefix).

    Assigning style objects cell by cell makes openpyxl hash them every time (a third of the
    time of a big report); each combination is built once per workbook and copied after that.
    """
    _styled(_styles_of(sheet), cell, key)


def _styles_of(sheet: Worksheet) -> dict[Hashable, StyleArray]:
    book = sheet.parent
    return _STYLE_CACHE.setdefault(book, {}) if book is not None else {}


def _styled(cache: dict[Hashable, StyleArray], cell: Cell, key: tuple[str | None, str | None, bool, str | None]) -> None:
    template = cache.get(key)
    if template is not None:
        # openpyxl's private style array (left out of its type hints): one copy instead of a
        # hash of every style object.
        cell._style = copy.copy(template)  # type: ignore[attr-defined]
        return
    from openpyxl.styles import Alignment

    number_format, alignment, quote, horizontal = key
    if number_format:
        cell.number_format = number_format
    if alignment == "wrap":
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal=horizontal)
    elif alignment == "top" or horizontal:
        cell.alignment = Alignment(vertical="top" if alignment else None, horizontal=horizontal)
    cell.border = thin_border()
    if quote:
        cell.quotePrefix = True
    cache[key] = copy.copy(cell._style)  # type: ignore[attr-defined]  # (the same)


def write_rows(sheet: Worksheet, first_row: int, columns: Sequence[Column], rows: Iterable[Sequence[RowValue]],
               first_column: int = 1) -> int:
    """Write rows under a header; returns the last row written (first_row - 1 when none).

    A status column takes the word, or a (word, colour key) pair. Cells are top-aligned
    throughout when a column wraps: in a row made tall by one wrapped cell, the others line up
    with its first line instead of sinking to the bottom.
    """
    from openpyxl.cell.cell import Cell

    has_wrap = any(col.kind == "wrap" for col in columns)
    alignments = [("wrap" if col.kind == "wrap" else "top" if has_wrap else None) for col in columns]
    formats = [col.number_format for col in columns]
    styles = _styles_of(sheet)
    # The sheet's own cell map (openpyxl's private dict, what `sheet.cell` fills): a new cell is
    # made and placed directly, without `sheet.cell`'s checks on every one of a table's cells.
    cells = sheet._cells
    r = first_row - 1
    for r, values in enumerate(rows, start=first_row):
        if r > MAX_ROWS:  # (`sheet.cell` would refuse it; a placed cell would make a broken file)
            raise ValueError(f"{sheet.title}: more than {MAX_ROWS:,} rows, the most a sheet can hold")
        for i, (col, value) in enumerate(zip(columns, values)):
            c = first_column + i
            if col.kind == "status" and value is not None:
                word, key = value if isinstance(value, tuple) else (str(value), None)
                cell = put_status(sheet, r, c, word, key)
                cell.border = thin_border()
                if alignments[i]:
                    from openpyxl.styles import Alignment

                    cell.alignment = Alignment(vertical="top")
                continue
            if isinstance(value, tuple):
                raise ValueError(f"{sheet.title}: row {r}, column {c}: a (word, colour) pair outside a status column")
            if (r, c) not in cells:
                cell = cells[(r, c)] = Cell(sheet, row=r, column=c)
            else:  # written before (formatted, say): refused inside merged cells, saying where
                cell = writable_cell(sheet, r, c)
            implied, quote = _store(cell, value) if value is not None else (None, False)
            number_format = formats[i] if value is None or not isinstance(value, str) else None
            if implied == DATE_TIME or (implied and not number_format):
                number_format = implied
            # A word in a column of numbers or dates ("not yet predictable", "hidden") wraps in
            # its narrow column instead of spilling over the next one or being cut.
            alignment = "wrap" if isinstance(value, str) and col.kind in NUMERIC_KINDS else alignments[i]
            _styled(styles, cell, (number_format, alignment, quote, columns[i].horizontal))
    if r >= first_row:  # what `sheet.cell` keeps up to date (openpyxl's `append` starts after it)
        sheet._current_row = max(sheet._current_row, r)  # type: ignore[attr-defined]
    return r


def write_table(sheet: Worksheet, row: int, columns: Sequence[Column], rows: Iterable[Sequence[RowValue]],
                first_column: int = 1) -> int:
    """Header and rows; returns the last row used (the header's when there are no rows)."""
    write_header(sheet, row, columns, first_column)
    return max(row, write_rows(sheet, row + 1, columns, rows, first_column))


def title(sheet: Worksheet, row: int, text: str, *, size: int = 14, column: int = 1) -> Cell:
    from openpyxl.styles import Font

    cell = put(sheet, row, column, text)
    cell.font = Font(bold=True, size=size)
    return cell


def note(sheet: Worksheet, row: int, text: str, column: int = 1) -> Cell:
    from openpyxl.styles import Font

    cell = put(sheet, row, column, text)
    cell.font = Font(italic=True, color=NOTE_COLOUR)
    return cell


def fit_widths(sheet: Worksheet, columns: Sequence[Column], header_row: int, last_row: int, first_column: int = 1,
               *, sample: int = 500) -> None:
    """Column widths from the header and (a sample of) the values, within each column's limits."""
    from openpyxl.utils import get_column_letter

    for i, col in enumerate(columns):
        c = first_column + i
        letter = get_column_letter(c)
        # Looking a column up in openpyxl creates it 13 wide: only one sized before counts.
        current = sheet.column_dimensions[letter].width if letter in sheet.column_dimensions else None
        dimension = sheet.column_dimensions[letter]
        if col.width is not None:  # fixed, but never narrower than another table on the sheet needs
            dimension.width = max(col.width, current or 0)
            continue
        longest = max(len(w) for w in col.title.split()) if col.title.strip() else 4
        longest = max(longest, min(len(col.title), 18))
        for r in range(header_row + 1, min(last_row, header_row + sample) + 1):
            value = sheet.cell(row=r, column=c).value
            if value is None:
                continue
            if isinstance(value, (dt.date, dt.datetime)):
                n = 10
            elif isinstance(value, float) and col.kind == "percent":
                n = 5
            elif isinstance(value, (int, float)):
                n = len(f"{value:,.2f}".rstrip("0").rstrip("."))
            else:
                n = max((len(line) for line in str(value).splitlines()), default=0)
            longest = max(longest, n)
        wanted = min(col.max_width, longest + 2)
        if current and current > wanted:  # another table on the sheet needs it wider
            continue
        sheet.column_dimensions[letter].width = wanted
    fit_header_height(sheet, columns, header_row, first_column)
    fit_row_heights(sheet, columns, header_row + 1, last_row, first_column)


LINE_POINTS = 14  # the height of one line of 11 pt text (Excel 15, LibreOffice about 13)


def wrapped_lines(text: object, width: float, *, bold: bool = False) -> int:
    """About how many lines `text` takes when wrapped in a column `width` characters wide
    (greedy word wrap; a word longer than the line breaks across lines)."""
    if text is None or text == "":
        return 1
    # A width unit is one "0"; ordinary prose fits about 1.2 letters in it, bold headers about 1
    # (0.8 in LibreOffice's fallback for Calibri: sized for it, a header is never cut).
    per_line = max(4, (width - 1) * (0.8 if bold else 1.2))
    total = 0
    for paragraph in str(text).splitlines() or [""]:
        count, line = 1, 0
        for word in paragraph.split():
            n = len(word)
            if line and line + 1 + n > per_line:
                count, line = count + 1, 0
            while n > per_line:
                count, n = count + 1, n - int(per_line)
            line += n + (1 if line else 0)
        total += count
    return total


def fit_header_height(sheet: Worksheet, columns: Sequence[Column], header_row: int, first_column: int = 1) -> None:
    """Tall enough for every wrapped header (spreadsheets do not grow rows on opening)."""
    from openpyxl.utils import get_column_letter

    lines = max(wrapped_lines(col.title, sheet.column_dimensions[get_column_letter(first_column + i)].width or 8.43,
                              bold=True) for i, col in enumerate(columns))
    sheet.row_dimensions[header_row].height = max(sheet.row_dimensions[header_row].height or 0,
                                                  LINE_POINTS * lines + 4)


def fit_row_heights(sheet: Worksheet, columns: Sequence[Column], first_row: int, last_row: int, first_column: int = 1) -> None:
    """Rows tall enough for their wrapped cells: LibreOffice keeps an xlsx row at its stored
    height, so text in a wrapped column would otherwise be cut off."""
    from openpyxl.utils import get_column_letter

    wrapped = [(first_column + i, sheet.column_dimensions[get_column_letter(first_column + i)].width or 8.43)
               for i, col in enumerate(columns) if col.kind == "wrap"]
    if not wrapped:
        return
    for r in range(first_row, last_row + 1):
        lines = max(wrapped_lines(sheet.cell(row=r, column=c).value, w) for c, w in wrapped)
        if lines > 1:
            sheet.row_dimensions[r].height = LINE_POINTS * lines + 2


def finish_table(sheet: Worksheet, columns: Sequence[Column], header_row: int, last_row: int, *, heading: str,
                 as_of: dt.date, first_column: int = 1, freeze: bool = True) -> None:
    """The common finish of a sheet whose main table starts at `header_row`: header frozen,
    autofilter on, widths fitted, and printed with the rows down to the header repeated on every
    page, under a page header of `heading` and `as_of` (tracker/reports/printing.py)."""
    from openpyxl.utils import get_column_letter

    from tracker.reports.printing import set_print

    last_col = get_column_letter(first_column + len(columns) - 1)
    first_col = get_column_letter(first_column)
    if freeze:
        sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"{first_col}{header_row}:{last_col}{max(last_row, header_row)}"
    fit_widths(sheet, columns, header_row, last_row, first_column)
    set_print(sheet, heading=heading, as_of=as_of, title_rows=f"1:{header_row}",
              last_column=max(sheet.max_column, first_column + len(columns) - 1))
