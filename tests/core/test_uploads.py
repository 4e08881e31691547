"""The archive check before a DOCX or XLSX is parsed: a zip bomb is refused from the archive's
directory in milliseconds, a real file passes."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from guongsang.core.uploads import check_archive


def _workbook() -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["Họ và tên", "Năm sinh"])
    for n in range(500):
        book.active.append([f"Nguyễn Văn {n}", 1980 + n % 40])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_real_workbook_passes_and_is_left_at_its_start():
    upload = _workbook()
    check_archive(upload)
    assert upload.read(4) == b"PK\x03\x04"


def test_a_zip_bomb_is_refused_in_milliseconds(zip_bomb):
    assert len(zip_bomb) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        check_archive(SimpleUploadedFile("bom.xlsx", zip_bomb))
    assert time.perf_counter() - started < 0.5
    assert caught.value.code == "archive_too_large"
    assert "“bom.xlsx” chứa quá nhiều dữ liệu" in caught.value.message


def test_a_small_bomb_is_refused_by_its_compression_ratio():
    # 20 MB of one byte is well under the size cap; no office file compresses 1,000 times.
    bomb = _zip({"xl/worksheets/sheet1.xml": b"\x00" * (20 * 1024 * 1024)})
    with pytest.raises(ValidationError) as caught:
        check_archive(SimpleUploadedFile("bom.xlsx", bomb))
    assert caught.value.code == "archive_too_large"


def test_too_many_entries_are_refused():
    many = _zip({f"xl/media/{n}.xml": b"<a/>" for n in range(60)})
    with pytest.raises(ValidationError) as caught:
        check_archive(SimpleUploadedFile("nhieu.docx", many), max_members=50)
    assert caught.value.code == "archive_too_large"


def test_what_is_no_zip_is_refused_as_broken():
    with pytest.raises(ValidationError) as caught:
        check_archive(SimpleUploadedFile("hong.xlsx", b"PK\x03\x04 not really a zip"), kind="Excel (.xlsx)")
    assert caught.value.code == "archive_broken"
    assert "không phải là tệp Excel (.xlsx) hợp lệ" in caught.value.message
