"""The dossier file's layout: its sheets, its columns (one list for the template, the import and
the error report), the size limits, and how a cell is read and a unit named."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from guongsang.core.text import fold
from guongsang.nominees.excel import Column
from guongsang.nominees.models import Nominee
from guongsang.orgs.models import OrgUnit

MAX_IMPORT_SIZE = 15 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
# An XLSX is a ZIP: a few megabytes can unpack to gigabytes. What openpyxl would read is capped.
MAX_UNPACKED_SIZE = 300 * 1024 * 1024
# Files up to this size are imported while the officer waits; larger ones run as a job.
INLINE_MAX_SIZE = 200 * 1024
# The template lists at most this many units an officer may prepare dossiers for.
MAX_TEMPLATE_UNITS = 5_000
BATCH = 500
SHEET_TITLE = "Hồ sơ"
AWARD_SHEET = "Danh hiệu"
UNIT_SHEET = "Đơn vị"
FIELD_SHEET = "Lĩnh vực"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# One list for the template, the import and the error report. Headers are matched on the label
# before any bracket, folded: "ho va ten" finds "Họ và tên / Tên tập thể".
COLUMNS: list[Column] = [
    Column("full_name", "Họ và tên / Tên tập thể", required=True, width=30),
    Column("kind", "Loại", "Cá nhân / Tập thể / Hộ gia đình; trống: Cá nhân", width=16),
    Column("gender", "Giới tính", "Nam / Nữ", width=10),
    Column("birth_year", "Năm sinh", width=10),
    Column("position", "Chức vụ, nghề nghiệp", width=22),
    Column("unit", "Mã đơn vị đề nghị", "mã hành chính hoặc mã số ở trang Đơn vị", required=True, width=20),
    Column("award", "Danh hiệu đề nghị", "mã ở trang Danh hiệu", required=True, width=28),
    Column("year", "Năm xét", "trống: năm nay", width=10),
    Column("field", "Lĩnh vực", "mã hoặc tên ở trang Lĩnh vực; không bắt buộc", width=20),
    Column("achievements", "Tóm tắt thành tích", required=True, width=60),
    Column("cccd", "Số CCCD", "12 chữ số; không bắt buộc", width=16),
    Column("phone", "Điện thoại", "không bắt buộc", width=16),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
# Errors raised by the services name their own fields; the report names the file's columns.
_SERVICE_FIELDS = {"award_type": "award", "achievements": "achievements", "full_name": "full_name"}
_KINDS = {
    "ca nhan": Nominee.Kind.INDIVIDUAL,
    "tap the": Nominee.Kind.COLLECTIVE,
    "ho gia dinh": Nominee.Kind.HOUSEHOLD,
}
_GENDERS = {"nam": Nominee.Gender.MALE, "nu": Nominee.Gender.FEMALE}
# Typed as text in the template: Excel would otherwise drop the leading zeros of codes and numbers.
_TEXT_COLUMNS = {"unit", "cccd", "phone"}
# The nominee's fields checked by ``clean_fields`` (lengths, choices); the foreign keys are
# checked against the preloaded units instead of one query each.
_NOMINEE_UNCHECKED = [
    "unit",
    "residence",
    "created_by",
    "merged_into",
    "photo",
    "cccd",
    "phone",
    "public_fields",
]
_NOMINATION_UNCHECKED = [
    "nominee",
    "award_type",
    "rule",
    "movement",
    "field",
    "submitting_unit",
    "receiving_unit",
    "parent",
    "created_by",
]


def _header_key(text) -> str:
    return fold(str(text or "").split("(")[0])


_KEY_BY_HEADER = {_header_key(c.label): c.key for c in COLUMNS}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _save(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def unit_reference(unit: OrgUnit) -> str:
    """How a row names a unit: its official code, or its number when it has none."""
    return unit.code or str(unit.pk)
