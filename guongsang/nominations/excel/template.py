"""The blank template: the dossier sheet with drop-down lists, the instructions, and the sheets
of valid award codes, the user's units and the fields."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from guongsang.awards.models import AwardType
from guongsang.core.permissions import visible_to
from guongsang.orgs.models import OrgUnit

from ..rules import PREPARER_ROLES
from .layout import (
    _TEXT_COLUMNS,
    AWARD_SHEET,
    COLUMNS,
    FIELD_SHEET,
    MAX_IMPORT_ROWS,
    MAX_IMPORT_SIZE,
    MAX_TEMPLATE_UNITS,
    SHEET_TITLE,
    UNIT_SHEET,
    _save,
    unit_reference,
)


def _bold_header(sheet, widths: Iterable[int]) -> None:
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F0EFEB")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def units_for_template(user):
    """The units ``user`` may prepare dossiers for, as the template's unit sheet lists them."""
    return visible_to(user, OrgUnit.objects.all(), roles=PREPARER_ROLES).order_by("path")


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
