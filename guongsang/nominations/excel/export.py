"""The export of the dossiers a user sees, with the list page's filters, as a streamed XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .. import selectors
from .layout import BATCH, SHEET_TITLE, _save, unit_reference

EXPORT_HEADERS = [
    "Mã hồ sơ",
    "Họ và tên / Tên tập thể",
    "Loại",
    "Năm sinh",
    "Danh hiệu đề nghị",
    "Mã danh hiệu",
    "Năm xét",
    "Trạng thái",
    "Nguồn",
    "Đơn vị đề nghị",
    "Mã đơn vị đề nghị",
    "Đơn vị xét duyệt",
    "Tóm tắt thành tích",
    "Ngày lập",
    "Ngày gửi",
    "Ngày tiếp nhận",
    "Ngày thẩm định",
]
EXPORT_WIDTHS = [16, 30, 12, 10, 36, 26, 10, 24, 20, 30, 16, 30, 60, 12, 12, 12, 12]


def _day(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def export_rows(user, **filters) -> Iterator[list]:
    """The dossiers ``user`` sees, with the list page's filters, as export rows."""
    qs = selectors.nominations_for(user, **filters)
    for n in qs.iterator(chunk_size=BATCH):
        yield [
            n.code,
            n.nominee.full_name,
            n.nominee.get_kind_display(),
            n.nominee.birth_year or "",
            n.award_type.name,
            n.award_type.code,
            n.year,
            n.get_status_display(),
            n.get_origin_display(),
            n.submitting_unit.name,
            unit_reference(n.submitting_unit),
            n.receiving_unit.name,
            n.achievements,
            _day(n.created_at),
            _day(n.submitted_at),
            _day(n.received_at),
            _day(n.appraised_at),
        ]


def export_workbook(rows: Iterable[list], progress: Callable[[int], None] | None = None) -> bytes:
    """An XLSX of dossier rows, written as it streams (a province's year is 10^5 rows)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    for index, width in enumerate(EXPORT_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(EXPORT_HEADERS)
    for index, row in enumerate(rows, start=1):
        sheet.append(row)
        if progress and index % BATCH == 0:
            progress(index)
    return _save(book)


def export_nominations(user, **filters) -> bytes:
    """The dossiers ``user`` sees (with the list page's filters) as XLSX; dates dd/mm/yyyy."""
    return export_workbook(export_rows(user, **filters))
