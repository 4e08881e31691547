"""Lists out as XLSX: one sheet with a bold, frozen header row, written as it streams.

For exports that are a plain table (a list page's rows with its filters). Dates are real date
cells shown dd/mm/yyyy, so a spreadsheet sorts and filters them; text is always text: a value an
officer typed that starts with "=" stays a string and never becomes a formula when opened.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F0EFEB")


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def table_xlsx(
    title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> bytes:
    """An XLSX of one sheet named ``title``: ``headers`` in bold, then ``rows``.

    Datetimes must be naive (in local time): Excel has no time zones.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])  # Excel's limit on a sheet name
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """The file as a download named ``filename`` (ASCII, e.g. "bao-chi-20260105.xlsx")."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
