"""Dossiers in Excel: the blank template, the all-or-nothing import with a row-by-row report, and
the export of the dossiers a user sees.

The import follows the nominee list's (``nominees.excel``): the same column and report shapes,
headers matched on their folded label, every bad row listed with its number and column, nothing
written when any row is bad. One row is one dossier; its nominee is created, or reused when the
file or the system already holds exactly that person (same folded name, birth year and unit).

A province imports thousands of rows at the year's peak, so the import does not go through
``services.create_nomination`` row by row (some fifteen queries a row). It loads what it looks up
once (units, award types, fields, deciding units, criteria checklists, possible duplicates),
validates every row with the services' own checks, then writes in bulk in one transaction: the
nominees and dossiers with their history rows (``bulk_create_with_history``), one timeline event
per dossier, and each dossier's criteria checklist, as ``create_nomination`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from io import BytesIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history

from guongsang.awards.models import AwardType
from guongsang.core.crypto import blind_indexes
from guongsang.core.permissions import can, visible_to
from guongsang.core.text import fold
from guongsang.core.uploads import check_archive, check_upload
from guongsang.nominees import selectors as nominee_selectors
from guongsang.nominees.excel import Column, RowIssue
from guongsang.nominees.models import Nominee
from guongsang.nominees.services import normalize_cccd, normalize_phone
from guongsang.orgs.models import OrgUnit

from . import selectors, services
from .models import CriterionAnswer, Nomination, NominationEvent
from .rules import PREPARER_ROLES

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


def _bold_header(sheet, widths: Iterable[int]) -> None:
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F0EFEB")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


# --- Template ------------------------------------------------------------------------------------


def units_for_template(user):
    """The units ``user`` may prepare dossiers for, as the template's unit sheet lists them."""
    return visible_to(user, OrgUnit.objects.all(), roles=PREPARER_ROLES).order_by("path")


def unit_reference(unit: OrgUnit) -> str:
    """How a row names a unit: its official code, or its number when it has none."""
    return unit.code or str(unit.pk)


def template_workbook(user) -> bytes:
    """The blank XLSX template of a dossier list, with the valid award codes, the user's units,
    the fields, and instructions on their own sheets; drop-down lists where a value is a code."""
    from guongsang.movements.models import Field

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF" if column.required else "000000")
        cell.fill = PatternFill("solid", fgColor="A4161A" if column.required else "F0EFEB")
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.freeze_panes = "A2"

    awards = list(AwardType.objects.filter(is_active=True).order_by("level", "name"))
    units = list(units_for_template(user)[:MAX_TEMPLATE_UNITS])
    fields = list(Field.objects.order_by("order", "name"))
    lists = {
        "kind": DataValidation(type="list", formula1='"Cá nhân,Tập thể,Hộ gia đình"', allow_blank=True),
        "gender": DataValidation(type="list", formula1='"Nam,Nữ"', allow_blank=True),
        "award": DataValidation(
            type="list", formula1=f"'{AWARD_SHEET}'!$A$2:$A${len(awards) + 1}", allow_blank=True
        ),
        "field": DataValidation(
            type="list", formula1=f"'{FIELD_SHEET}'!$A$2:$A${len(fields) + 1}", allow_blank=True
        ),
    }
    if units:
        lists["unit"] = DataValidation(
            type="list", formula1=f"'{UNIT_SHEET}'!$A$2:$A${len(units) + 1}", allow_blank=True
        )
    for validation in lists.values():
        # A typed value outside the list is still accepted by Excel: the import checks it.
        validation.showErrorMessage = False
        sheet.add_data_validation(validation)
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        if column.key in lists:
            lists[column.key].add(f"{letter}2:{letter}{MAX_IMPORT_ROWS + 1}")
        if column.key in _TEXT_COLUMNS:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"

    guide = book.create_sheet("Hướng dẫn")
    lines = [
        "Hướng dẫn điền danh sách hồ sơ đề nghị khen thưởng",
        "Mỗi dòng của trang “Hồ sơ” là một hồ sơ: một cá nhân, tập thể hoặc hộ gia đình được đề nghị "
        "một danh hiệu, hình thức khen thưởng. Không xoá, không đổi tên dòng tiêu đề.",
        "Cột tô đỏ là bắt buộc: họ và tên (hoặc tên tập thể), mã đơn vị đề nghị, danh hiệu đề nghị, "
        "tóm tắt thành tích.",
        "Mã đơn vị đề nghị: mã ở trang “Đơn vị” (mã hành chính, hoặc mã số khi đơn vị không có mã). "
        "Chỉ nhập được hồ sơ cho đơn vị trong phạm vi của bạn.",
        "Danh hiệu đề nghị: mã ở trang “Danh hiệu”, đúng với loại đối tượng (cá nhân, tập thể, hộ gia đình).",
        "Năm xét: để trống là năm nay. Năm sinh ghi 4 chữ số, ví dụ 1980.",
        "Số CCCD (nếu có) gồm đúng 12 chữ số; điện thoại theo định dạng Việt Nam (ví dụ 0912 345 678).",
        "Tệp được nhập toàn bộ hoặc không nhập gì: nếu có dòng sai, không hồ sơ nào được lưu và hệ thống "
        "liệt kê mọi dòng sai (số dòng, cột, lý do) để sửa rồi nhập lại.",
        "Người đã có trong hệ thống (trùng họ tên không dấu, năm sinh và đơn vị) được dùng lại, không tạo "
        "người mới; người có thể trùng được cảnh báo để kiểm tra.",
        f"Mỗi tệp tối đa {MAX_IMPORT_ROWS:,} dòng và {MAX_IMPORT_SIZE // (1024 * 1024)} MB; "
        "tệp lớn được nhập dưới dạng tác vụ nền, có thanh tiến độ.".replace(",", "."),
        "Hồ sơ được lập ở trạng thái “Đang soạn”: bổ sung tài liệu, đánh giá tiêu chí rồi gửi trên hệ thống.",
    ]
    for line in lines:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 120

    award_sheet = book.create_sheet(AWARD_SHEET)
    award_sheet.append(["Mã", "Tên danh hiệu, hình thức", "Đối tượng", "Cấp"])
    for award in awards:
        award_sheet.append(
            [
                award.code,
                award.name,
                ", ".join(str(label) for label in award.subject_kind_labels()),
                award.get_level_display(),
            ]
        )
    _bold_header(award_sheet, (30, 60, 36, 24))

    unit_sheet = book.create_sheet(UNIT_SHEET)
    unit_sheet.append(["Mã", "Tên đơn vị", "Loại"])
    for unit in units:
        unit_sheet.append([unit_reference(unit), unit.name, unit.get_kind_display()])
    _bold_header(unit_sheet, (14, 60, 36))

    field_sheet = book.create_sheet(FIELD_SHEET)
    field_sheet.append(["Mã", "Tên lĩnh vực"])
    for item in fields:
        field_sheet.append([item.code, item.name])
    _bold_header(field_sheet, (30, 50))
    return _save(book)


# --- Import --------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: every bad row (then nothing was written), warnings, what was written."""

    rows: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    created: int = 0
    nominees_created: int = 0
    nominees_reused: int = 0
    # The first dossiers written, as (id, code, nominee name), for links on the summary page.
    sample: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({issue.row for issue in self.errors})

    def as_dict(self) -> dict:
        """The report as JSON, kept on the job of a background import."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        return cls(
            rows=data.get("rows", 0),
            errors=[RowIssue(**issue) for issue in data.get("errors", [])],
            warnings=[RowIssue(**issue) for issue in data.get("warnings", [])],
            created=data.get("created", 0),
            nominees_created=data.get("nominees_created", 0),
            nominees_reused=data.get("nominees_reused", 0),
            sample=[tuple(item) for item in data.get("sample", [])],
        )


Progress = Callable[[int, int, str], None]


def check_file(file) -> None:
    """Refuse what is not an XLSX, is empty, too large, or unpacks to more than openpyxl should read;
    a clear message naming the file, before anything is read."""
    check_upload(file, allowed=("xlsx",), max_bytes=MAX_IMPORT_SIZE)
    check_archive(file, max_unpacked=MAX_UNPACKED_SIZE, kind="Excel (.xlsx)")


def _read_rows(file) -> list[tuple[int, dict[str, object]]]:
    """The data rows (row number, cells by column key) of the file's dossier sheet."""
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged file
        raise ValidationError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng.")) from exc
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        keys = [_KEY_BY_HEADER.get(_header_key(cell), "") for cell in header]
        missing = [c.label for c in COLUMNS if c.required and c.key not in keys]
        if missing:
            raise ValidationError(
                _("Dòng tiêu đề thiếu cột bắt buộc: %(columns)s. Hãy dùng tệp mẫu.")
                % {"columns": ", ".join(missing)}
            )
        found = []
        for number, cells in enumerate(rows, start=2):
            values = {key: value for key, value in zip(keys, cells, strict=False) if key}
            if not any(_text(v) for v in values.values()):
                continue
            if len(found) == MAX_IMPORT_ROWS:
                raise ValidationError(
                    _("Tệp có hơn %(max)s dòng hồ sơ; hãy chia thành nhiều tệp.")
                    % {"max": f"{MAX_IMPORT_ROWS:,}".replace(",", ".")}
                )
            found.append((number, values))
    except ValidationError:
        raise
    except Exception as exc:  # a damaged sheet may fail only when its rows are read
        raise ValidationError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng.")) from exc
    finally:
        book.close()
    if not found:
        raise ValidationError(_("Tệp không có dòng hồ sơ nào."))
    return found


@dataclass
class _Row:
    """One valid row, ready to write: its nominee (new or existing) and its dossier."""

    number: int
    nominee: Nominee
    nomination: Nomination
    new_nominee: bool


class _Lookups:
    """Everything rows refer to, loaded once for the whole file."""

    def __init__(self, actor, rows: list[tuple[int, dict]]):
        from guongsang.movements.models import Field
        from guongsang.movements.selectors import criteria_for

        self.actor = actor
        self._criteria_for = criteria_for
        references = {_text(values.get("unit")) for _n, values in rows} - {""}
        ids = [int(r) for r in references if r.isdigit() and len(r) < 18]
        self.units_by_code: dict[str, list[OrgUnit]] = {}
        self.units_by_id: dict[int, OrgUnit] = {}
        codes = sorted(references)
        for start in range(0, max(len(codes), len(ids)), BATCH):
            chunk_codes, chunk_ids = codes[start : start + BATCH], ids[start : start + BATCH]
            for unit in OrgUnit.objects.filter(Q(code__in=chunk_codes) | Q(pk__in=chunk_ids)):
                if unit.code in references:
                    self.units_by_code.setdefault(unit.code, []).append(unit)
                self.units_by_id[unit.pk] = unit
        self.awards: dict[str, AwardType] = {}
        for award in AwardType.objects.select_related("province"):
            self.awards[award.code.lower()] = award
            self.awards.setdefault(award.name_folded, award)
        self.fields: dict[str, Field] = {}
        for item in Field.objects.all():
            self.fields[item.code.lower()] = item
            self.fields.setdefault(fold(item.name), item)
        self._deciders: dict[tuple[int, str], OrgUnit] = {}
        self._criteria: dict[tuple[int, int], list] = {}

    def unit(self, reference: str) -> OrgUnit:
        matches = self.units_by_code.get(reference, [])
        if len(matches) > 1:
            raise ValidationError(
                {
                    "unit": _("Mã “%(value)s” trùng nhiều đơn vị; hãy ghi mã số ở trang Đơn vị.")
                    % {"value": reference}
                }
            )
        if matches:
            return matches[0]
        if reference.isdigit() and int(reference) in self.units_by_id:
            return self.units_by_id[int(reference)]
        raise ValidationError({"unit": _("Không tìm thấy đơn vị có mã “%(value)s”.") % {"value": reference}})

    def decider(self, unit: OrgUnit, award: AwardType) -> OrgUnit:
        # ``decider_for`` reads only the award's deciding kind: award types share the answer.
        key = (unit.pk, award.decider_kind)
        if key not in self._deciders:
            self._deciders[key] = services.decider_for(unit, award)
        return self._deciders[key]

    def criteria(self, receiving_unit: OrgUnit, year: int) -> list:
        key = (receiving_unit.pk, year)
        if key not in self._criteria:
            self._criteria[key] = self._criteria_for(receiving_unit, None, year=year)
        return self._criteria[key]


def _issues(number: int, error: ValidationError, default_key: str = "") -> list[RowIssue]:
    if not hasattr(error, "error_dict"):
        label = COLUMN_BY_KEY[default_key].label if default_key else ""
        return [RowIssue(number, label, message) for message in error.messages]
    issues = []
    for key, messages in error.message_dict.items():
        column = COLUMN_BY_KEY.get(_SERVICE_FIELDS.get(key, key))
        issues.extend(RowIssue(number, column.label if column else "", message) for message in messages)
    return issues


def _int_cell(value) -> int | None:
    """A whole number typed in a cell (1980, "1980", 1980.0); None when it is not one."""
    if isinstance(value, dt.date):
        return value.year
    text = _text(value)
    return int(text) if text.isdigit() and len(text) <= 4 else None


def _parse_row(number: int, values: dict[str, object], lookups: _Lookups, today: dt.date):
    """Validate one row with the services' checks; returns the unsaved nominee and dossier, or
    raises a ``ValidationError`` naming every bad cell of the row."""
    errors: dict[str, list[str]] = {}

    def bad(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    def absorb(error: ValidationError, key: str) -> None:
        by_field = error.message_dict if hasattr(error, "error_dict") else {key: error.messages}
        for field_name, messages in by_field.items():
            target = _SERVICE_FIELDS.get(field_name, field_name)
            for message in messages:
                bad(target if target in COLUMN_BY_KEY else key, message)

    actor = lookups.actor
    nominee = Nominee(created_by=actor)
    kind = fold(_text(values.get("kind")))
    if kind and kind not in _KINDS:
        bad("kind", _("Loại phải là Cá nhân, Tập thể hoặc Hộ gia đình."))
    nominee.kind = _KINDS.get(kind, Nominee.Kind.INDIVIDUAL)
    nominee.full_name = _text(values.get("full_name"))
    if not nominee.full_name:
        bad("full_name", _("Hãy nhập họ và tên (hoặc tên tập thể, hộ gia đình)."))
    nominee.name_folded = fold(nominee.full_name)
    gender = fold(_text(values.get("gender")))
    if gender and gender not in _GENDERS:
        bad("gender", _("Giới tính phải là Nam hoặc Nữ."))
    nominee.gender = _GENDERS.get(gender, "")
    birth = values.get("birth_year")
    if _text(birth):
        nominee.birth_year = _int_cell(birth)
        if nominee.birth_year is None:
            bad("birth_year", _("Năm sinh “%(value)s” phải là một số, ví dụ 1980.") % {"value": _text(birth)})
        elif not 1900 <= nominee.birth_year <= today.year:
            bad("birth_year", _("Năm sinh phải từ 1900 đến %(year)s.") % {"year": today.year})
    nominee.position = _text(values.get("position"))
    cccd = _text(values.get("cccd"))
    # A number typed into a number cell loses its leading zeros.
    cccd = cccd.zfill(12) if cccd.isdigit() and 9 < len(cccd) < 12 else cccd
    try:
        nominee.set_cccd(normalize_cccd(cccd))
    except ValidationError as error:
        absorb(error, "cccd")
    phone = _text(values.get("phone"))
    phone = "0" + phone if phone.isdigit() and len(phone) in (9, 10) and phone[0] != "0" else phone
    try:
        nominee.phone = normalize_phone(phone)
    except ValidationError as error:
        absorb(error, "phone")
    if nominee.kind == Nominee.Kind.COLLECTIVE:
        if nominee.cccd:
            bad("cccd", _("Tập thể không có số CCCD."))
        if nominee.gender or nominee.birth_year:
            bad("kind", _("Tập thể không có giới tính, ngày sinh hay năm sinh."))
    try:
        nominee.clean_fields(exclude=_NOMINEE_UNCHECKED)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            # A cell already refused on input needs no second message.
            if field_name not in errors:
                errors.setdefault(field_name if field_name in COLUMN_BY_KEY else "full_name", []).extend(
                    messages
                )

    unit = None
    reference = _text(values.get("unit"))
    if not reference:
        bad("unit", _("Hãy ghi mã đơn vị đề nghị."))
    else:
        try:
            unit = lookups.unit(reference)
        except ValidationError as error:
            absorb(error, "unit")
    award = None
    award_value = _text(values.get("award"))
    if not award_value:
        bad("award", _("Hãy ghi mã danh hiệu đề nghị."))
    else:
        award = lookups.awards.get(award_value.lower()) or lookups.awards.get(fold(award_value))
        if award is None:
            bad(
                "award",
                _("Không có danh hiệu mã “%(value)s” (xem trang Danh hiệu).") % {"value": award_value},
            )
    year = today.year
    if _text(values.get("year")):
        year = _int_cell(values.get("year"))
        if year is None or not 2000 <= year <= today.year + 1:
            bad(
                "year",
                _("Năm xét “%(value)s” phải là năm từ 2000 đến %(max)s.")
                % {"value": _text(values.get("year")), "max": today.year + 1},
            )
            year = today.year
    work_field = None
    field_value = _text(values.get("field"))
    if field_value:
        work_field = lookups.fields.get(field_value.lower()) or lookups.fields.get(fold(field_value))
        if work_field is None:
            bad("field", _("Không có lĩnh vực “%(value)s” (xem trang Lĩnh vực).") % {"value": field_value})
    achievements = ""
    try:
        achievements = services._check_achievements(_text(values.get("achievements")))
    except ValidationError as error:
        absorb(error, "achievements")

    nomination = Nomination(
        award_type=award,
        achievements=achievements,
        year=year,
        field=work_field,
        origin=Nomination.Origin.UNIT,
        created_by=actor,
        status=Nomination.Status.DRAFT,
    )
    if unit is not None:
        nominee.unit = unit
        nomination.submitting_unit = unit
        if not can(actor, "add", nomination):
            bad(
                "unit",
                _("Bạn không có quyền lập hồ sơ đề nghị cho %(unit)s (ngoài phạm vi của bạn).")
                % {"unit": unit},
            )
    if award is not None:
        try:
            services._check_award_fits(nominee, award)
        except ValidationError as error:
            absorb(error, "award")
        if unit is not None and award.province_id and not unit.path.startswith(award.province.path):
            bad(
                "award",
                _("“%(award)s” là danh hiệu riêng của %(province)s, không xét cho %(unit)s.")
                % {"award": award, "province": award.province, "unit": unit},
            )
        if unit is not None and "unit" not in errors:
            nomination.receiving_unit = lookups.decider(unit, award)
    try:
        nomination.clean_fields(exclude=_NOMINATION_UNCHECKED)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            if field_name not in errors:
                errors.setdefault(field_name if field_name in COLUMN_BY_KEY else "achievements", []).extend(
                    messages
                )
    if errors:
        raise ValidationError(errors)
    return nominee, nomination


def _candidates(rows: list[tuple[Nominee, int]]) -> tuple[dict[str, list[Nominee]], dict[str, list[Nominee]]]:
    """Nominees already in the system with a folded name or a CCCD found in the file: two
    queries per batch of names instead of a duplicate check per row."""
    names = sorted({n.name_folded for n, _number in rows if n.name_folded})
    # Every lookup key's hash: during a lookup-key rotation some rows still hold the old one.
    indexes = sorted({index for n, _number in rows if n.cccd for index in blind_indexes(n.cccd)})
    by_name: dict[str, list[Nominee]] = {}
    by_cccd: dict[str, list[Nominee]] = {}
    base = Nominee.objects.filter(merged_into__isnull=True).order_by("pk")
    for start in range(0, len(names), BATCH):
        for nominee in base.filter(name_folded__in=names[start : start + BATCH]):
            by_name.setdefault(nominee.name_folded, []).append(nominee)
    for start in range(0, len(indexes), BATCH):
        for nominee in base.filter(cccd_index__in=indexes[start : start + BATCH]):
            by_cccd.setdefault(nominee.cccd_index, []).append(nominee)
    return by_name, by_cccd


def _same_person_key(nominee: Nominee) -> tuple:
    return (nominee.kind, nominee.name_folded, nominee.birth_year, nominee.unit_id)


def _cccd_conflicts(a: Nominee, b: Nominee) -> bool:
    # The plain numbers (already normalised), not the indexes: two indexes of one number differ
    # while a lookup-key rotation is under way.
    return bool(a.cccd and b.cccd and a.cccd != b.cccd)


def _may_be_duplicate(nominee: Nominee, by_name: dict, by_cccd: dict) -> bool:
    """Whether ``likely_duplicates`` could find anything for this row: the same CCCD, or the same
    folded name with no conflicting known birth year (which rules a candidate out there too)."""
    if nominee.cccd and any(index in by_cccd for index in blind_indexes(nominee.cccd)):
        return True
    return any(
        not (nominee.birth_year and other.birth_year and nominee.birth_year != other.birth_year)
        for other in by_name.get(nominee.name_folded, [])
    )


def _resolve_people(parsed: list[_Row], report: ImportReport, actor) -> None:
    """Reuse the nominee a row names when the system or an earlier row holds exactly that person;
    warn about likely duplicates otherwise. A new nominee needs the right to add one to the unit."""
    label = COLUMN_BY_KEY["full_name"].label
    by_name, by_cccd = _candidates([(row.nominee, row.number) for row in parsed])
    first_in_file: dict[tuple, _Row] = {}
    cccd_in_file: dict[str, int] = {}
    for row in parsed:
        nominee = row.nominee
        key = _same_person_key(nominee)
        earlier = first_in_file.get(key)
        if earlier is not None and not _cccd_conflicts(earlier.nominee, nominee):
            row.nominee, row.new_nominee = earlier.nominee, earlier.new_nominee
            report.warnings.append(
                RowIssue(
                    row.number,
                    label,
                    _("Cùng người với dòng %(row)s (cùng họ tên, năm sinh, đơn vị): dùng chung một người.")
                    % {"row": earlier.number},
                )
            )
            continue
        if nominee.cccd_index:
            if nominee.cccd_index in cccd_in_file:
                report.warnings.append(
                    RowIssue(
                        row.number,
                        COLUMN_BY_KEY["cccd"].label,
                        _("Trùng số CCCD với dòng %(row)s trong tệp.")
                        % {"row": cccd_in_file[nominee.cccd_index]},
                    )
                )
            cccd_in_file.setdefault(nominee.cccd_index, row.number)
        existing = [
            n
            for n in by_name.get(nominee.name_folded, [])
            if _same_person_key(n) == key and not _cccd_conflicts(n, nominee)
        ]
        if existing:
            row.nominee, row.new_nominee = existing[0], False
            report.warnings.append(
                RowIssue(
                    row.number,
                    label,
                    _("Đã có trong hệ thống: %(name)s (#%(pk)s, %(unit)s); hồ sơ được lập cho người này.")
                    % {"name": existing[0].full_name, "pk": existing[0].pk, "unit": nominee.unit.name},
                )
            )
            first_in_file.setdefault(key, row)
            continue
        first_in_file.setdefault(key, row)
        if not can(actor, "add", nominee):
            report.errors.append(
                RowIssue(
                    row.number,
                    COLUMN_BY_KEY["unit"].label,
                    _("Bạn không có quyền thêm người được đề xuất cho %(unit)s.") % {"unit": nominee.unit},
                )
            )
            continue
        if _may_be_duplicate(nominee, by_name, by_cccd):
            # Common names recur by the thousand: only rows that could score as a likely duplicate
            # pay for the nominees app's own check (one query each).
            for duplicate in nominee_selectors.likely_duplicates(
                nominee.full_name, nominee.birth_year, nominee.unit, cccd=nominee.cccd, user=actor
            ):
                report.warnings.append(
                    RowIssue(
                        row.number,
                        label,
                        _("Có thể đã có trong hệ thống: %(name)s (#%(pk)s, %(unit)s) — %(reasons)s.")
                        % {
                            "name": duplicate.nominee.full_name,
                            "pk": duplicate.nominee.pk,
                            "unit": duplicate.nominee.unit.name,
                            "reasons": "; ".join(duplicate.reasons).lower(),
                        },
                    )
                )


def import_dossiers(actor, file, *, file_name: str = "", progress: Progress | None = None) -> ImportReport:
    """Import a dossier list: one draft dossier per row, for the units the actor prepares for.

    All or nothing: every row is validated first; if any is bad, nothing is written and the
    report lists every bad row with its number, column and reason. Raises ``ValidationError``
    for a file that cannot be read at all (not an XLSX, damaged, too large, no header).
    """
    if not can(actor, "add", Nomination):
        raise PermissionDenied(_("Bạn không có quyền lập hồ sơ đề nghị."))
    check_file(file)
    rows = _read_rows(file)
    total = len(rows)
    report = ImportReport(rows=total)
    if progress:
        progress(0, total, _("Đang kiểm tra %(n)s dòng…") % {"n": total})
    lookups = _Lookups(actor, rows)
    today = timezone.localdate()
    parsed: list[_Row] = []
    for index, (number, values) in enumerate(rows, start=1):
        try:
            nominee, nomination = _parse_row(number, values, lookups, today)
        except ValidationError as error:
            report.errors.extend(_issues(number, error))
        else:
            parsed.append(_Row(number, nominee, nomination, True))
        if progress and index % BATCH == 0:
            progress(index, total, "")
    _resolve_people(parsed, report, actor)
    report.errors.sort(key=lambda issue: issue.row)
    report.warnings.sort(key=lambda issue: issue.row)
    if not report.ok:
        return report
    if progress:
        progress(total, total, _("Đang ghi %(n)s hồ sơ…") % {"n": total})
    _write(actor, parsed, lookups, report, file_name)
    return report


def _write(actor, parsed: list[_Row], lookups: _Lookups, report: ImportReport, file_name: str) -> None:
    """Write the validated rows in one transaction, with the history and timeline that
    ``create_nominee`` and ``create_nomination`` write for each."""
    reason = _("Nhập từ Excel")
    note = _("Nhập từ tệp Excel “%(name)s”.") % {"name": file_name} if file_name else reason
    with transaction.atomic():
        new_people = list({id(row.nominee): row.nominee for row in parsed if row.new_nominee}.values())
        bulk_create_with_history(
            new_people, Nominee, batch_size=BATCH, default_user=actor, default_change_reason=reason
        )
        nominations = []
        for row in parsed:
            row.nomination.nominee = row.nominee
            nominations.append(row.nomination)
        nominations = bulk_create_with_history(
            nominations, Nomination, batch_size=BATCH, default_user=actor, default_change_reason=reason
        )
        now = timezone.now()
        events, answers = [], []
        for nomination in nominations:
            events.append(
                NominationEvent(
                    nomination=nomination,
                    actor=actor,
                    action="create",
                    to_status=nomination.status,
                    note=note,
                    at=now,
                )
            )
            for order, criterion in enumerate(lookups.criteria(nomination.receiving_unit, nomination.year)):
                answers.append(
                    CriterionAnswer(
                        nomination=nomination,
                        criterion_id=criterion.pk,
                        order=order,
                        text=criterion.text,
                        required=criterion.required,
                    )
                )
        NominationEvent.objects.bulk_create(events, batch_size=BATCH)
        CriterionAnswer.objects.bulk_create(answers, batch_size=BATCH)
    report.created = len(nominations)
    report.nominees_created = len(new_people)
    report.nominees_reused = len({row.nominee.pk for row in parsed if not row.new_nominee})
    report.sample = [(n.pk, n.code, n.nominee.full_name) for n in nominations[:50]]


# --- Background import ---------------------------------------------------------------------------


def run_import_job(job_id: int) -> None:
    """Import the file stored for a job, recording progress and keeping the report on the job."""
    from guongsang.core.files import private_storage
    from guongsang.core.models import Job
    from guongsang.core.services import delete_job_inputs, job_finished, job_progress

    job = Job.objects.select_related("owner").get(pk=job_id)
    path = job.params.get("path", "")
    try:
        with private_storage().open(path, "rb") as file:
            report = import_dossiers(
                job.owner,
                file,
                file_name=job.params.get("name", ""),
                progress=lambda done, total, message: job_progress(job, done, total, message),
            )
    except (ValidationError, PermissionDenied) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        job_finished(job, ok=False, message=" ".join(messages))
        return
    except Exception:
        job_finished(job, ok=False, message=_("Không nhập được tệp do lỗi hệ thống; hãy thử lại sau."))
        raise
    finally:
        # The file holds personal data; it is not kept once read.
        delete_job_inputs(job)
    job.params = {**job.params, "report": report.as_dict()}
    job_finished(job, ok=report.ok, message=summary(report))


def summary(report: ImportReport) -> str:
    """One sentence on what an import did, for the job and the notification."""
    if not report.ok:
        return _("Tệp có %(errors)s lỗi ở %(bad)s trên %(rows)s dòng: chưa lưu hồ sơ nào.") % {
            "errors": len(report.errors),
            "bad": report.bad_rows,
            "rows": report.rows,
        }
    return _("Đã lập %(created)s hồ sơ (%(new)s người mới, %(reused)s người đã có trong hệ thống).") % {
        "created": report.created,
        "new": report.nominees_created,
        "reused": report.nominees_reused,
    }


# --- Export --------------------------------------------------------------------------------------

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


def run_export_job(job_id: int) -> None:
    """The export of a long list, as a job with progress and the file as its result."""
    from guongsang.core.models import Job
    from guongsang.core.services import job_finished, job_progress

    job = Job.objects.select_related("owner").get(pk=job_id)
    try:
        filters = job.params.get("filters", {})
        total = selectors.nominations_for(job.owner, **filters).count()
        job_progress(job, 0, total)
        content = export_workbook(export_rows(job.owner, **filters), lambda done: job_progress(job, done))
        job_finished(
            job,
            ok=True,
            message=_("Đã xuất %(count)s hồ sơ.") % {"count": total},
            result_name=f"ho-so-de-nghi-{timezone.localdate():%Y%m%d}.xlsx",
            content=content,
        )
    except Exception as exc:
        job_finished(job, ok=False, message=_("Không xuất được: %(error)s") % {"error": exc})
        raise
