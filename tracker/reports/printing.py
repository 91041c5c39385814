"""How every sheet of the workbooks prints: A4 landscape, a page header naming what the page is
about and the as-of date, "Page N of M" in the footer, the table's header rows repeated on
every page, and a scale that never shrinks the text below 9 pt.

Fit-to-one-page-wide is not used: a wide table fitted to the page width printed at 5–6 pt.
Instead the sheet is scaled down only as far as 9 pt text allows (11 pt cells at 82 %); a
table still wider than the page then runs on to a second page across, with its first column
repeated so each page's rows can still be told apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.domain.date_text import day_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

BODY_POINTS = 11  # the workbook's default font size (openpyxl's Calibri 11)
MIN_PRINT_POINTS = 9
MIN_SCALE = -(-MIN_PRINT_POINTS * 100 // BODY_POINTS)  # 82 %: 11 pt prints at 9 pt or more
HEADER_FOOTER_POINTS = 11  # scaled with the page like the cells: 11 pt stays at 9 pt or more

# A4 landscape, in points, and the margins set below (inches).
PAGE_WIDTH_POINTS, PAGE_HEIGHT_POINTS = 841.9, 595.3
TOP_BOTTOM_MARGIN_INCHES = 0.6
DEFAULT_ROW_POINTS = 15
SIDE_MARGIN_INCHES = 0.3
PRINTABLE_POINTS = PAGE_WIDTH_POINTS - 2 * 72 * SIDE_MARGIN_INCHES
SAFETY = 0.98  # room for cell padding and rounding


POINTS_PER_WIDTH_UNIT = 7.0


def column_points(width: float | None) -> float:
    """A column's printed width at 100 %, the wider of the two programs': Excel draws a width
    unit (one "0" of Calibri 11) as 7 px, 5.25 pt; LibreOffice without Calibri or Carlito
    measures it in its fallback font, about 7 pt (measured on its PDFs). Sized for the wider,
    a page fits in both."""
    return (width if width is not None else 8.43) * POINTS_PER_WIDTH_UNIT


def column_width(sheet: Worksheet, column: int) -> float:
    """A column's width in Excel's units: the one set, or the default 8.43 (looked up without
    creating the column: openpyxl would create it 13 wide)."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    if letter not in sheet.column_dimensions:
        return 8.43
    return sheet.column_dimensions[letter].width or 8.43


def print_scale(widths: Sequence[float | None]) -> int:
    """The largest scale (per cent, at most 100) at which columns of these widths fit one page
    across, but never below MIN_SCALE."""
    total = sum(column_points(w) for w in widths) or 1.0
    fitting = int(100 * PRINTABLE_POINTS * SAFETY / total)
    return max(MIN_SCALE, min(100, fitting))


def header_text(text: str) -> str:
    """Text for a page header or footer: "&" starts a code there, so a literal one is doubled,
    and what XML cannot hold is replaced (a header is not a cell: no _xHHHH_ escape is read back
    there, and one control character in a rollout's name made the whole sheet malformed)."""
    from tracker.io.ooxml_text import plain

    return plain(text).replace("&", "&&")




def set_print(sheet: Worksheet, *, heading: str, as_of: dt.date, title_rows: str | None = None,
              last_column: int | None = None, last_row: int | None = None) -> None:
    """Landscape A4 at the scale `print_scale` gives for the sheet's columns up to `last_column`
    (all used ones when None); the print area A1 to (`last_column`, `last_row`); `title_rows`
    ("1:3") repeated on every page; a page header with `heading` on the left and the as-of
    date on the right, and "Page N of M" in the footer."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.header_footer import HeaderFooterItem
    from openpyxl.worksheet.properties import PageSetupProperties

    last_column = last_column or sheet.max_column
    last_row = last_row or sheet.max_row
    widths = [column_width(sheet, c) for c in range(1, last_column + 1)]
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    # openpyxl gives every new sheet these parts; a sheet read from a file may lack them.
    properties = sheet.sheet_properties
    if properties.pageSetUpPr is None:
        properties.pageSetUpPr = PageSetupProperties()
    properties.pageSetUpPr.fitToPage = False
    setup.scale = print_scale(widths)
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = SIDE_MARGIN_INCHES
    sheet.page_margins.top = sheet.page_margins.bottom = TOP_BOTTOM_MARGIN_INCHES
    sheet.page_margins.header = sheet.page_margins.footer = 0.25
    sheet.print_area = f"A1:{get_column_letter(last_column)}{max(1, last_row)}"
    if title_rows:
        sheet.print_title_rows = title_rows
    if sum(column_points(w) for w in widths) * setup.scale / 100 > PRINTABLE_POINTS * SAFETY:
        sheet.print_title_cols = "A:A"  # split across pages: each page keeps the row's name
    page = sheet.HeaderFooter
    if page.oddHeader is None:
        page.oddHeader = HeaderFooterItem()
    if page.oddFooter is None:
        page.oddFooter = HeaderFooterItem()
    for part, text in ((page.oddHeader.left, header_text(heading)),
                       (page.oddHeader.right, f"As of {day_text(as_of)}"),
                       (page.oddFooter.center, "Page &P of &N")):
        part.text = text
        part.size = HEADER_FOOTER_POINTS


def wrap_note(sheet: Worksheet, row: int, last_column: int) -> None:
    """Let the note in column A of `row` wrap across the columns up to `last_column` (merged),
    with the row as tall as its lines: a long note left to run on would be cut at the edge of
    the printed page."""
    from openpyxl.styles import Alignment

    from tracker.reports.cells import LINE_POINTS, wrapped_lines

    cell = sheet.cell(row=row, column=1)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    width = sum(column_width(sheet, c) for c in range(1, last_column + 1))
    sheet.row_dimensions[row].height = LINE_POINTS * wrapped_lines(cell.value, width) + 4


def keep_on_one_page(sheet: Worksheet, first_row: int, last_row: int, scale: int) -> None:
    """Start a new printed page at `first_row` when rows 1 to `last_row` (a drawing's rows) would
    not fit on the first page: LibreOffice and Excel cut a chart across two pages otherwise."""
    from openpyxl.worksheet.pagebreak import Break

    def height(row: int) -> float:
        return sheet.row_dimensions[row].height or DEFAULT_ROW_POINTS if row in sheet.row_dimensions \
            else DEFAULT_ROW_POINTS

    page = (PAGE_HEIGHT_POINTS - 2 * 72 * TOP_BOTTOM_MARGIN_INCHES) * 100 / scale
    if sum(height(r) for r in range(1, last_row + 1)) > page:
        sheet.row_breaks.append(Break(id=first_row - 1))
