"""Excel: the template, the all-or-nothing import with its row-by-row report, the scoped export."""

import datetime as dt
import time
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from guongsang.nominees import excel
from guongsang.nominees.models import Nominee, SensitiveAccess
from tests.nominees.conftest import CCCD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [c.header for c in excel.COLUMNS]


def workbook(rows, headers=HEADERS, name="danh-sach.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(c.key, "") for c in excel.COLUMNS] if isinstance(row, dict) else row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


GOOD = [
    {"full_name": "Phạm Thị Hương", "gender": "Nữ", "birth_date": "12/03/1979", "cccd": "001179000111"},
    {"full_name": "Tổ dân phố số 7", "kind": "Tập thể", "residence": "Phường Ba Đình"},
    {"full_name": "Hoàng Văn Nam", "birth_year": 1990, "phone": "912345678", "unit": "Phường Ba Đình"},
]


def test_template_has_every_column_and_the_guide():
    book = load_workbook(BytesIO(excel.template_workbook()))
    assert book.sheetnames == ["Danh sách", "Hướng dẫn"]
    assert [c.value for c in book["Danh sách"][1]] == HEADERS


def test_import_writes_every_row(org_tree, ba_dinh_officer):
    report = excel.import_nominees(ba_dinh_officer, workbook(GOOD), org_tree.ba_dinh)
    assert report.ok, report.errors
    assert report.rows == 3 and len(report.created) == 3
    huong = Nominee.objects.get(full_name="Phạm Thị Hương")
    assert (
        huong.birth_date == dt.date(1979, 3, 12) and huong.gender == "female" and huong.cccd == "001179000111"
    )
    assert Nominee.objects.get(full_name="Tổ dân phố số 7").residence == org_tree.ba_dinh
    # A phone typed into a number cell lost its leading zero; the import puts it back.
    assert Nominee.objects.get(full_name="Hoàng Văn Nam").phone == "0912345678"


def test_import_with_a_bad_row_writes_nothing_and_reports_every_bad_row(org_tree, ba_dinh_officer):
    rows = [
        *GOOD,
        {"full_name": "", "birth_year": 1980},
        {"full_name": "Lê Văn Sai", "cccd": "12345", "gender": "khác", "birth_date": "31/02/1980"},
        {"full_name": "Lê Văn Xa", "unit": "Xã Bảo Thắng"},
    ]
    report = excel.import_nominees(ba_dinh_officer, workbook(rows), org_tree.ba_dinh)
    assert not report.ok
    assert Nominee.objects.count() == 0
    assert report.created == []
    by_row = {}
    for issue in report.errors:
        by_row.setdefault(issue.row, []).append(issue)
    assert sorted(by_row) == [5, 6, 7]
    assert "Hãy nhập họ và tên" in by_row[5][0].message
    messages = {i.column: i.message for i in by_row[6]}
    assert messages["Số CCCD"].startswith("Số CCCD phải gồm đúng 12 chữ số")
    assert messages["Giới tính"] == "Giới tính phải là Nam hoặc Nữ."
    assert "dd/mm/yyyy" in messages["Ngày sinh"]
    assert "Không tìm thấy đơn vị “Xã Bảo Thắng”" in by_row[7][0].message


def test_import_warns_of_duplicates_in_the_file_and_in_the_system(duc, org_tree, ba_dinh_officer):
    rows = [
        {"full_name": "Trần Văn Hải", "birth_year": 1970},
        {"full_name": "tran van hai", "birth_year": 1970},
        {"full_name": "nguyen van duc", "birth_year": 1980},
    ]
    report = excel.import_nominees(ba_dinh_officer, workbook(rows), org_tree.ba_dinh)
    assert report.ok
    assert Nominee.objects.count() == 4
    warnings = {w.row: w.message for w in report.warnings}
    assert warnings[3] == "Có thể trùng với dòng 2 trong tệp (cùng họ tên, năm sinh, đơn vị)."
    assert warnings[4].startswith(f"Có thể đã có trong hệ thống: Nguyễn Văn Đức (#{duc.pk}")


def test_import_refuses_files_that_are_not_xlsx(org_tree, ba_dinh_officer):
    for upload in (
        SimpleUploadedFile("list.csv", b"a,b", content_type="text/csv"),
        SimpleUploadedFile("list.xlsx", b"not a zip at all", content_type=XLSX),
        SimpleUploadedFile("list.xlsx", b"PK\x03\x04broken", content_type=XLSX),
    ):
        with pytest.raises(ValidationError):
            excel.import_nominees(ba_dinh_officer, upload, org_tree.ba_dinh)


def test_import_needs_the_name_column(org_tree, ba_dinh_officer):
    with pytest.raises(ValidationError) as error:
        excel.import_nominees(ba_dinh_officer, workbook([["x"]], headers=["Ghi chú"]), org_tree.ba_dinh)
    assert "thiếu cột bắt buộc" in error.value.messages[0]


def test_import_into_a_unit_out_of_reach_is_refused(org_tree, laocai_officer):
    with pytest.raises(PermissionDenied):
        excel.import_nominees(laocai_officer, workbook(GOOD), org_tree.ba_dinh)


def test_import_page_reports_bad_rows(client, org_tree, ba_dinh_officer):
    client.force_login(ba_dinh_officer)
    rows = [*GOOD, {"full_name": "Lê Văn Sai", "cccd": "12345"}]
    response = client.post(
        "/nguoi-duoc-de-xuat/nhap-excel/", {"unit": org_tree.ba_dinh.pk, "file": workbook(rows)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "chưa lưu dòng nào" in page and "Số CCCD phải gồm đúng 12 chữ số" in page
    assert not Nominee.objects.exists()
    response = client.post(
        "/nguoi-duoc-de-xuat/nhap-excel/", {"unit": org_tree.ba_dinh.pk, "file": workbook(GOOD)}
    )
    assert response.status_code == 200 and "Đã nhập 3 người" in response.content.decode()


def test_template_download(client, ba_dinh_officer):
    client.force_login(ba_dinh_officer)
    response = client.get("/nguoi-duoc-de-xuat/mau-excel/")
    assert response["Content-Type"] == XLSX
    assert load_workbook(BytesIO(response.content))["Danh sách"]["B1"].value.startswith("Họ và tên")


# --- Export ----------------------------------------------------------------------------------------


def exported(client, data=None):
    response = client.post("/nguoi-duoc-de-xuat/xuat-excel/", data or {})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["Danh sách"]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def test_export_is_scoped_and_masks_cccd_for_those_who_may_not_reveal(client, duc, org_tree, laocai_officer):
    from guongsang.nominees import services

    services.create_nominee(laocai_officer, full_name="Giàng A Páo", unit=org_tree.bao_thang)
    client.force_login(laocai_officer)
    assert [r[1] for r in exported(client)] == ["Giàng A Páo"]


def test_export_masks_cccd_for_an_editor(client, duc, city_editor):
    client.force_login(city_editor)
    rows = exported(client)
    assert rows[0][1] == "Nguyễn Văn Đức"
    assert rows[0][-1] == "0010******45"
    assert CCCD not in str(rows) and "0912345678" not in str(rows)
    assert not SensitiveAccess.objects.exists()


def test_export_gives_full_cccd_to_the_appraiser_and_logs_it(client, duc, city_appraiser):
    client.force_login(city_appraiser)
    rows = exported(client, {"q": "duc"})
    assert rows[0][-1] == CCCD
    # The full phone number went out too (an appraiser may call the person): logged as well.
    assert sorted(SensitiveAccess.objects.values_list("field", flat=True)) == ["cccd_export", "phone_export"]


def test_import_refuses_a_zip_bomb_before_reading_it(org_tree, ba_dinh_officer, zip_bomb):
    bomb = SimpleUploadedFile("danh-sach.xlsx", zip_bomb)
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        excel.import_nominees(ba_dinh_officer, bomb, org_tree.ba_dinh)
    assert time.perf_counter() - started < 1
    assert "quá nhiều dữ liệu" in " ".join(caught.value.messages)
    assert not Nominee.objects.exists()
