"""Reading an uploaded file: refuse what is not a readable XLSX of a sane size, then take the data
rows of its dossier sheet, cells keyed by column."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from guongsang.core.uploads import check_archive, check_upload

from .layout import (
    _KEY_BY_HEADER,
    COLUMNS,
    MAX_IMPORT_ROWS,
    MAX_IMPORT_SIZE,
    MAX_UNPACKED_SIZE,
    SHEET_TITLE,
    _header_key,
    _text,
)


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
