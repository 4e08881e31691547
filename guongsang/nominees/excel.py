"""Nominee lists in Excel: the blank template, the all-or-nothing import with a row-by-row report,
and the export of the nominees a user sees (CCCD masked unless the user may reveal it)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from guongsang.core.permissions import can
from guongsang.core.text import fold
from guongsang.core.uploads import check_archive
from guongsang.orgs.models import OrgUnit

from . import selectors, services
from .models import Nominee, SensitiveAccess

MAX_IMPORT_SIZE = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
# An XLSX is a ZIP: a few megabytes can unpack to gigabytes. What openpyxl would read is capped.
MAX_UNPACKED_SIZE = 150 * 1024 * 1024
SHEET_TITLE = "Danh sách"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    hint: str = ""
    required: bool = False
    width: int = 16

    @property
    def header(self) -> str:
        return f"{self.label} ({self.hint})" if self.hint else self.label


# One list for the template, the import and the export. Headers are matched on the label
# before any bracket, folded: "ho va ten" finds "Họ và tên / Tên tập thể".
COLUMNS: list[Column] = [
    Column("kind", "Loại", "Cá nhân / Tập thể / Hộ gia đình; trống: Cá nhân", width=16),
    Column("full_name", "Họ và tên / Tên tập thể", required=True, width=30),
    Column("gender", "Giới tính", "Nam / Nữ", width=10),
    Column("birth_date", "Ngày sinh", "dd/mm/yyyy", width=14),
    Column("birth_year", "Năm sinh", width=10),
    Column("ethnicity", "Dân tộc", width=12),
    Column("occupation", "Nghề nghiệp", width=20),
    Column("position", "Chức vụ", width=20),
    Column("unit", "Đơn vị", "tên hoặc mã; trống: đơn vị chọn khi nhập", width=30),
    Column("residence", "Xã, phường cư trú", "tên hoặc mã", width=26),
    Column("phone", "Số điện thoại", width=16),
    Column("email", "Thư điện tử", width=24),
    Column("cccd", "Số CCCD", "12 chữ số", width=16),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
_KINDS = {
    "ca nhan": Nominee.Kind.INDIVIDUAL,
    "tap the": Nominee.Kind.COLLECTIVE,
    "ho gia dinh": Nominee.Kind.HOUSEHOLD,
}
_GENDERS = {"nam": Nominee.Gender.MALE, "nu": Nominee.Gender.FEMALE}
# Columns typed as text in the template: Excel would otherwise drop a CCCD's leading zeros.
_TEXT_COLUMNS = {"phone", "cccd", "birth_date"}


def _header_key(text) -> str:
    label = str(text or "").split("(")[0]
    return fold(label)


_KEY_BY_HEADER = {_header_key(c.label): c.key for c in COLUMNS}


def _save(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header_row(sheet) -> None:
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF" if column.required else "000000")
        cell.fill = PatternFill("solid", fgColor="A4161A" if column.required else "F0EFEB")
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.freeze_panes = "A2"


def template_workbook() -> bytes:
    """The blank XLSX template of a nominee list, with its instructions on a second sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    _header_row(sheet)
    kinds = DataValidation(type="list", formula1='"Cá nhân,Tập thể,Hộ gia đình"', allow_blank=True)
    genders = DataValidation(type="list", formula1='"Nam,Nữ"', allow_blank=True)
    sheet.add_data_validation(kinds)
    sheet.add_data_validation(genders)
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        if column.key == "kind":
            kinds.add(f"{letter}2:{letter}{MAX_IMPORT_ROWS + 1}")
        elif column.key == "gender":
            genders.add(f"{letter}2:{letter}{MAX_IMPORT_ROWS + 1}")
        if column.key in _TEXT_COLUMNS:
            for row in range(2, 502):
                sheet.cell(row=row, column=index).number_format = "@"
    guide = book.create_sheet("Hướng dẫn")
    lines = [
        "Hướng dẫn điền danh sách người được đề xuất",
        "Mỗi dòng của trang “Danh sách” là một cá nhân, tập thể hoặc hộ gia đình; "
        "không xoá, không đổi tên dòng tiêu đề.",
        "Cột tô đỏ là bắt buộc. Ngày sinh ghi dd/mm/yyyy; nếu chỉ biết năm sinh, ghi vào cột Năm sinh.",
        "Đơn vị: tên hoặc mã của đơn vị trong phạm vi của bạn; để trống thì dùng đơn vị chọn khi nhập.",
        "Xã, phường cư trú: tên (ví dụ Phường Ba Đình) hoặc mã hành chính của xã, phường.",
        "Số CCCD gồm đúng 12 chữ số; số điện thoại theo định dạng Việt Nam (ví dụ 0912 345 678).",
        "Tệp được nhập toàn bộ hoặc không nhập gì: nếu có dòng sai, hệ thống liệt kê mọi dòng sai "
        "để sửa rồi nhập lại.",
        "Người có thể đã có trong hệ thống (trùng họ tên, năm sinh, đơn vị hoặc số CCCD) "
        "được cảnh báo để kiểm tra.",
    ]
    for line in lines:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 120
    return _save(book)


# --- Import ----------------------------------------------------------------------------------------


@dataclass
class RowIssue:
    """A problem (or a warning) on one row of the file, in the words the officer reads."""

    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did: every bad row (then nothing was written), warnings, what was created."""

    rows: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    created: list[Nominee] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Resolver:
    """Finds units named in the file, once per distinct value."""

    def __init__(self, actor, default_unit: OrgUnit):
        self.actor = actor
        self.default_unit = default_unit
        self.units = selectors.editable_units_for(actor)
        self.cache: dict[tuple[str, str, int | None], OrgUnit] = {}

    def unit(self, value: str) -> OrgUnit:
        if not value:
            return self.default_unit
        key = ("unit", fold(value), None)
        if key not in self.cache:
            matches = list(self.units.filter(Q(code=value) | Q(name_folded=fold(value)))[:2])
            if len(matches) != 1:
                message = (
                    _("Tên đơn vị “%(value)s” trùng nhiều đơn vị; hãy ghi mã đơn vị.")
                    if matches
                    else _("Không tìm thấy đơn vị “%(value)s” trong phạm vi bạn được nhập.")
                )
                raise ValidationError({"unit": message % {"value": value}})
            self.cache[key] = matches[0]
        return self.cache[key]

    def residence(self, value: str, unit: OrgUnit) -> OrgUnit | None:
        if not value:
            return None
        province = unit.path[: 2 * OrgUnit.steplen]
        key = ("residence", fold(value), province)
        if key not in self.cache:
            communes = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE).filter(
                Q(code=value) | Q(name_folded=fold(value))
            )
            matches = list(communes[:2])
            if len(matches) > 1:
                # The same commune name recurs across provinces: prefer the unit's own province.
                matches = list(communes.filter(path__startswith=province)[:2])
            if len(matches) != 1:
                message = (
                    _("Tên xã, phường “%(value)s” trùng nhiều nơi; hãy ghi mã hành chính.")
                    if matches
                    else _("Không tìm thấy xã, phường “%(value)s”.")
                )
                raise ValidationError({"residence": message % {"value": value}})
            self.cache[key] = matches[0]
        return self.cache[key]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_row(values: dict[str, object], resolver: _Resolver) -> tuple[dict, dict[str, list[str]]]:
    """Turn one row's cells into ``create_nominee`` arguments, and the errors of the bad cells
    (whose values are left out of the arguments)."""
    errors: dict[str, list[str]] = {}
    data: dict = {}

    def bad(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    kind = fold(_text(values.get("kind")))
    if kind and kind not in _KINDS:
        bad("kind", _("Loại phải là Cá nhân, Tập thể hoặc Hộ gia đình."))
    data["kind"] = _KINDS.get(kind, Nominee.Kind.INDIVIDUAL)
    data["full_name"] = _text(values.get("full_name"))
    gender = fold(_text(values.get("gender")))
    if gender and gender not in _GENDERS:
        bad("gender", _("Giới tính phải là Nam hoặc Nữ."))
    data["gender"] = _GENDERS.get(gender, "")
    birth = values.get("birth_date")
    if isinstance(birth, dt.datetime):
        data["birth_date"] = birth.date()  # openpyxl reads a date cell as a datetime
    elif isinstance(birth, dt.date):
        data["birth_date"] = birth
    elif _text(birth):
        try:
            data["birth_date"] = dt.datetime.strptime(_text(birth), "%d/%m/%Y").date()
        except ValueError:
            bad(
                "birth_date", _("Ngày sinh “%(value)s” không đúng dạng dd/mm/yyyy.") % {"value": _text(birth)}
            )
    year = _text(values.get("birth_year"))
    if year:
        if year.isdigit():
            data["birth_year"] = int(year)
        else:
            bad("birth_year", _("Năm sinh “%(value)s” phải là một số, ví dụ 1980.") % {"value": year})
    for key in ("ethnicity", "occupation", "position", "email"):
        data[key] = _text(values.get(key))
    phone = _text(values.get("phone"))
    # A number typed into a number cell loses its leading zero.
    data["phone"] = "0" + phone if phone.isdigit() and len(phone) in (9, 10) and phone[0] != "0" else phone
    cccd = _text(values.get("cccd"))
    data["cccd"] = cccd.zfill(12) if cccd.isdigit() and 9 < len(cccd) < 12 else cccd
    try:
        data["unit"] = resolver.unit(_text(values.get("unit")))
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        try:
            data["residence"] = resolver.residence(_text(values.get("residence")), data["unit"])
        except ValidationError as error:
            errors.update(error.message_dict)
    return data, errors


def _row_errors(data: dict, cell_errors: dict[str, list[str]]) -> ValidationError:
    """Every problem of a row whose cells are already known bad: those, plus what the service's
    validation finds in the other cells (a bad CCCD beside a bad date is reported too)."""
    errors = dict(cell_errors)
    try:
        services.check_nominee(**{k: v for k, v in data.items() if k != "unit"})
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            if key not in errors and key != "unit":
                errors[key] = messages
    return ValidationError(errors)


def _issues(row: int, error: ValidationError) -> list[RowIssue]:
    if not hasattr(error, "error_dict"):
        return [RowIssue(row, "", " ".join(error.messages))]
    issues = []
    for key, messages in error.message_dict.items():
        column = COLUMN_BY_KEY.get(key)
        label = column.label if column else ""
        issues.extend(RowIssue(row, label, message) for message in messages)
    return issues


def _check_file(file: UploadedFile) -> None:
    name = os.path.basename(file.name or "")
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(_("Tệp “%(name)s” không phải tệp Excel (.xlsx).") % {"name": name})
    if not file.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    if file.size > MAX_IMPORT_SIZE:
        raise ValidationError(_("Tệp “%(name)s” vượt quá giới hạn 10 MB.") % {"name": name})
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải tệp Excel (.xlsx) hợp lệ.") % {"name": name}
        )
    check_archive(file, max_unpacked=MAX_UNPACKED_SIZE, kind="Excel (.xlsx)")


def _read_rows(file: UploadedFile):
    """The header's column keys and the data rows (row number, cells) of the file's first sheet."""
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged file
        raise ValidationError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng.")) from exc
    sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    keys = [_KEY_BY_HEADER.get(_header_key(cell), "") for cell in header]
    missing = [c.header for c in COLUMNS if c.required and c.key not in keys]
    if missing:
        raise ValidationError(
            _("Dòng tiêu đề thiếu cột bắt buộc: %(columns)s. Hãy dùng tệp mẫu.")
            % {"columns": ", ".join(missing)}
        )
    for number, cells in enumerate(rows, start=2):
        values = {key: value for key, value in zip(keys, cells, strict=False) if key}
        if any(_text(v) for v in values.values()):
            yield number, values


def import_nominees(actor, file: UploadedFile, unit: OrgUnit) -> ImportReport:
    """Import a nominee list into ``unit`` (rows may name other units the actor may add to).

    All or nothing: every row is validated by the same service as the form; if any row is bad,
    nothing is written and the report lists every bad row with its number. Likely duplicates
    (within the file or already in the system) are warnings: the officer checks and merges.
    """
    if not can(actor, "add", Nominee(unit=unit)):
        raise PermissionDenied(_("Bạn không có quyền nhập người được đề xuất cho %(unit)s.") % {"unit": unit})
    _check_file(file)
    report = ImportReport()
    resolver = _Resolver(actor, unit)
    seen_names: dict[tuple, int] = {}
    seen_cccd: dict[str, int] = {}
    created_ids: set[int] = set()
    with transaction.atomic():
        for number, values in _read_rows(file):
            report.rows += 1
            if report.rows > MAX_IMPORT_ROWS:
                report.errors.append(
                    RowIssue(
                        number, "", _("Tệp có quá %(max)s dòng; hãy chia nhỏ.") % {"max": MAX_IMPORT_ROWS}
                    )
                )
                break
            data, cell_errors = _parse_row(values, resolver)
            try:
                if cell_errors:
                    raise _row_errors(data, cell_errors)
                nominee = services.create_nominee(actor, **data)
            except ValidationError as error:
                report.errors.extend(_issues(number, error))
                continue
            except PermissionDenied as error:
                report.errors.append(RowIssue(number, COLUMN_BY_KEY["unit"].label, str(error)))
                continue
            _warn_duplicates(report, number, nominee, seen_names, seen_cccd, created_ids, actor)
            created_ids.add(nominee.pk)
            report.created.append(nominee)
        if report.errors:
            transaction.set_rollback(True)
            report.created = []
    return report


def _warn_duplicates(report, number, nominee, seen_names, seen_cccd, created_ids, actor) -> None:
    name_key = (nominee.name_folded, nominee.birth_year, nominee.unit_id)
    if name_key in seen_names:
        report.warnings.append(
            RowIssue(
                number,
                COLUMN_BY_KEY["full_name"].label,
                _("Có thể trùng với dòng %(row)s trong tệp (cùng họ tên, năm sinh, đơn vị).")
                % {"row": seen_names[name_key]},
            )
        )
    seen_names.setdefault(name_key, number)
    if nominee.cccd_index:
        if nominee.cccd_index in seen_cccd:
            report.warnings.append(
                RowIssue(
                    number,
                    COLUMN_BY_KEY["cccd"].label,
                    _("Trùng số CCCD với dòng %(row)s trong tệp.") % {"row": seen_cccd[nominee.cccd_index]},
                )
            )
        seen_cccd.setdefault(nominee.cccd_index, number)
    found = selectors.likely_duplicates(
        nominee.full_name,
        nominee.birth_year,
        nominee.unit,
        nominee.residence,
        exclude=nominee,
        cccd=nominee.cccd,
        user=actor,
    )
    for duplicate in found:
        if duplicate.nominee.pk in created_ids:
            continue
        report.warnings.append(
            RowIssue(
                number,
                COLUMN_BY_KEY["full_name"].label,
                _("Có thể đã có trong hệ thống: %(name)s (#%(pk)s, %(unit)s) — %(reasons)s.")
                % {
                    "name": duplicate.nominee.full_name,
                    "pk": duplicate.nominee.pk,
                    "unit": duplicate.nominee.unit.name,
                    "reasons": "; ".join(duplicate.reasons).lower(),
                },
            )
        )


# --- Export ----------------------------------------------------------------------------------------


def export_nominees(user, *, q: str = "", kind: str = "", unit: OrgUnit | None = None) -> bytes:
    """The nominees ``user`` sees (with the list's filters) as XLSX.

    The CCCD, phone and e-mail are masked, except for nominees whose full values the user may
    see; each of those full values counts as a view and is logged.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    _header_row(sheet)
    revealed: list[SensitiveAccess] = []
    for nominee in selectors.nominees_for(user, q=q, kind=kind, unit=unit).iterator(chunk_size=500):
        shown = {
            "cccd": nominee.cccd_masked,
            "phone": nominee.phone_masked,
            "email": nominee.email_masked,
        }
        for name in shown:
            if getattr(nominee, name) and services.may_reveal(user, nominee, name):
                shown[name] = getattr(nominee, name)
                revealed.append(SensitiveAccess(user=user, nominee=nominee, field=f"{name}_export"))
        row = {
            "kind": nominee.get_kind_display(),
            "full_name": nominee.full_name,
            "gender": nominee.get_gender_display(),
            "birth_date": nominee.birth_date.strftime("%d/%m/%Y") if nominee.birth_date else "",
            "birth_year": nominee.birth_year or "",
            "ethnicity": nominee.ethnicity,
            "occupation": nominee.occupation,
            "position": nominee.position,
            "unit": nominee.unit.name,
            "residence": nominee.residence.name if nominee.residence else "",
            **shown,
        }
        sheet.append([row[c.key] for c in COLUMNS])
    SensitiveAccess.objects.bulk_create(revealed, batch_size=500)
    return _save(book)
