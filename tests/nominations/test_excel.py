"""Dossier lists in Excel: the template, the all-or-nothing import with its row-by-row report, the
background import, and the export of what a user sees."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from guongsang.core.files import private_storage
from guongsang.core.models import Job
from guongsang.nominations import excel, services
from guongsang.nominations.models import CriterionAnswer, Nomination, NominationEvent
from guongsang.nominees.models import Nominee
from tests.factories import PASSWORD, CriteriaSetFactory, CriterionFactory

pytestmark = pytest.mark.django_db

BA_DINH = "00004"
THANH_XUAN = "00367"
BAO_THANG = "02683"
HEADERS = [c.header for c in excel.COLUMNS]


def _row(**values) -> list:
    """A data row in the template's column order; unnamed cells stay empty."""
    defaults = {
        "full_name": "Trần Thị Mai",
        "kind": "Cá nhân",
        "gender": "Nữ",
        "birth_year": 1985,
        "unit": BA_DINH,
        "award": "lao-dong-tien-tien",
        "year": 2025,
        "achievements": "Hoàn thành xuất sắc nhiệm vụ năm 2025.",
    }
    defaults.update(values)
    return [defaults.get(c.key) for c in excel.COLUMNS]


def _xlsx(rows: list[list], headers: list[str] = HEADERS, name: str = "ho-so.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = excel.SHEET_TITLE
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=excel.XLSX)


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


# --- Template ------------------------------------------------------------------------------------


def test_template_downloads_and_reimports_as_is(client, ba_dinh_officer, catalogue, org_tree):
    _login(client, ba_dinh_officer)
    response = client.get(reverse("nominations:excel_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == excel.SHEET_TITLE
    assert {"Hướng dẫn", excel.AWARD_SHEET, excel.UNIT_SHEET, excel.FIELD_SHEET} <= set(book.sheetnames)
    award_codes = [row[0] for row in book[excel.AWARD_SHEET].iter_rows(min_row=2, values_only=True)]
    assert "lao-dong-tien-tien" in award_codes and "cong-dan-thu-do-uu-tu" in award_codes
    # The officer's own ward, and only it: the template lists the units they prepare for.
    units = list(book[excel.UNIT_SHEET].iter_rows(min_row=2, values_only=True))
    assert [u[0] for u in units] == [BA_DINH]

    sheet = book[excel.SHEET_TITLE]
    sheet.append(_row(full_name="Lê Văn Hùng", birth_year=1979))
    sheet.append(
        _row(
            full_name="Tổ dân phố số 5",
            kind="Tập thể",
            gender=None,
            birth_year=None,
            award="tap-the-lao-dong-tien-tien",
        )
    )
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("mau-da-dien.xlsx", buffer.getvalue())
    response = client.post(reverse("nominations:excel_import"), {"file": upload})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "Đã lập 2 hồ sơ" in response.content.decode()
    assert set(Nomination.objects.values_list("nominee__full_name", flat=True)) == {
        "Lê Văn Hùng",
        "Tổ dân phố số 5",
    }


def test_template_needs_a_preparer(client, city_appraiser, catalogue):
    # An appraiser receives dossiers; preparing them is the units' work.
    _login(client, city_appraiser)
    assert client.get(reverse("nominations:excel_template")).status_code == 403


# --- Import: the good file -----------------------------------------------------------------------


def test_good_file_creates_dossiers_nominees_history_events_and_criteria(
    ba_dinh_officer, catalogue, org_tree
):
    criteria = CriteriaSetFactory(unit=org_tree.ba_dinh, kind="general")
    CriterionFactory(criteria_set=criteria, text="Chấp hành tốt chủ trương, chính sách")
    CriterionFactory(criteria_set=criteria, text="Có thành tích tiêu biểu", required=False)
    upload = _xlsx(
        [
            _row(full_name="Phạm Minh Tuấn", birth_year=1990, cccd="001090012345", phone="912345678"),
            _row(
                full_name="Hộ ông Đỗ Văn Ba",
                kind="Hộ gia đình",
                gender=None,
                birth_year=None,
                award="nguoi-tot-viec-tot-ha-noi",
                field="Từ thiện – nhân đạo",
            ),
            _row(
                full_name="Tập thể Trạm y tế",
                kind="Tập thể",
                gender=None,
                birth_year=None,
                award="bang-khen-tinh",
                year=None,
            ),
        ]
    )
    report = excel.import_dossiers(ba_dinh_officer, upload, file_name="ho-so.xlsx")

    assert report.ok, report.errors
    assert (report.created, report.nominees_created, report.nominees_reused) == (3, 3, 0)
    dossiers = {n.nominee.full_name: n for n in Nomination.objects.select_related("nominee", "field")}
    tuan = dossiers["Phạm Minh Tuấn"]
    assert tuan.status == Nomination.Status.DRAFT
    assert tuan.submitting_unit == org_tree.ba_dinh
    assert tuan.receiving_unit == org_tree.ba_dinh  # Lao động tiên tiến: the ward's head decides
    assert tuan.created_by == ba_dinh_officer and tuan.year == 2025
    assert tuan.nominee.cccd == "001090012345" and tuan.nominee.cccd_masked
    assert tuan.nominee.phone == "0912345678"
    assert tuan.nominee.unit == org_tree.ba_dinh and tuan.nominee.name_folded == "pham minh tuan"
    assert dossiers["Tập thể Trạm y tế"].receiving_unit == org_tree.hanoi
    assert dossiers["Hộ ông Đỗ Văn Ba"].field.code
    # As create_nomination and create_nominee leave them: history naming the officer, a timeline
    # event, the deciding unit's checklist.
    assert tuan.history.get().history_user == ba_dinh_officer
    assert tuan.nominee.history.get().history_type == "+"
    event = NominationEvent.objects.get(nomination=tuan)
    assert (event.action, event.actor, event.to_status) == ("create", ba_dinh_officer, "draft")
    assert "ho-so.xlsx" in event.note
    assert list(CriterionAnswer.objects.filter(nomination=tuan).values_list("text", "required")) == [
        ("Chấp hành tốt chủ trương, chính sách", True),
        ("Có thành tích tiêu biểu", False),
    ]
    # The dossier goes on through the ordinary services.
    services.submit(ba_dinh_officer, tuan, version=tuan.version)


def test_existing_nominee_is_reused_and_file_duplicates_share_one(ba_dinh_officer, catalogue, nominee):
    upload = _xlsx(
        [
            # "Nguyễn Văn Đức", 1980, Phường Ba Đình is already there (the ``nominee`` fixture).
            _row(full_name="nguyen van  duc", gender="Nam", birth_year=1980),
            _row(full_name="Lý Thị Hằng", birth_year=1975),
            _row(full_name="LÝ THỊ HẰNG", birth_year=1975, award="giay-khen"),
            _row(full_name="Nguyễn Văn Đức", gender="Nam", birth_year=1991),
        ]
    )
    before = Nominee.objects.count()
    report = excel.import_dossiers(ba_dinh_officer, upload)

    assert report.ok, report.errors
    assert (report.created, report.nominees_created, report.nominees_reused) == (4, 2, 1)
    assert Nominee.objects.count() == before + 2
    assert Nomination.objects.filter(nominee=nominee).count() == 1
    assert Nomination.objects.filter(nominee__full_name="Lý Thị Hằng").count() == 2
    warned = {w.row: w.message for w in report.warnings}
    assert "Đã có trong hệ thống" in warned[2]
    assert "dòng 3" in warned[4]
    assert 5 not in warned  # another birth year: another person


# --- Import: bad rows ----------------------------------------------------------------------------


def test_file_with_bad_rows_writes_nothing_and_reports_every_bad_row(ba_dinh_officer, catalogue, nominee):
    upload = _xlsx(
        [
            _row(full_name="Dòng tốt 1"),
            _row(unit="99999"),  # row 3: unknown unit
            _row(award="khong-co"),  # row 4: unknown award
            _row(kind="Tập thể", gender=None, birth_year=None),  # row 5: Lao động tiên tiến is for people
            _row(achievements="   "),  # row 6: no achievements
            _row(year=1999),  # row 7: bad year
            _row(cccd="12345"),  # row 8: bad CCCD
            _row(full_name="", birth_year=2090),  # row 9: two bad cells
            _row(full_name="Dòng tốt 2"),
            _row(award="nguoi-tot-viec-tot-ha-noi", unit=BAO_THANG),  # row 11: Lào Cai, outside scope too
        ]
    )
    nominees_before = Nominee.objects.count()
    report = excel.import_dossiers(ba_dinh_officer, upload)

    assert not report.ok and report.rows == 10
    by_row: dict[int, list] = {}
    for issue in report.errors:
        by_row.setdefault(issue.row, []).append(issue)
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9, 11]
    assert by_row[3][0].column == "Mã đơn vị đề nghị" and "99999" in by_row[3][0].message
    assert by_row[4][0].column == "Danh hiệu đề nghị" and "khong-co" in by_row[4][0].message
    assert by_row[5][0].column == "Danh hiệu đề nghị"
    assert by_row[5][0].message == "“Lao động tiên tiến” không xét tặng cho tập thể."
    assert by_row[6][0].column == "Tóm tắt thành tích"
    assert by_row[7][0].column == "Năm xét"
    assert by_row[8][0].column == "Số CCCD" and "12 chữ số" in by_row[8][0].message
    assert {i.column for i in by_row[9]} == {"Họ và tên / Tên tập thể", "Năm sinh"}
    assert any("quyền" in i.message for i in by_row[11])
    assert Nomination.objects.count() == 0
    assert Nominee.objects.count() == nominees_before


def test_officer_cannot_import_dossiers_for_another_unit(client, commune_officer, catalogue, org_tree):
    _login(client, commune_officer)
    upload = _xlsx([_row(unit=THANH_XUAN, full_name="Người của mình"), _row(unit=BA_DINH)])
    response = client.post(reverse("nominations:excel_import"), {"file": upload})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Bạn không có quyền lập hồ sơ đề nghị cho Phường Ba Đình" in body
    assert "chưa lưu hồ sơ nào" in body
    assert Nomination.objects.count() == 0 and not Nominee.objects.exists()


def test_unit_may_be_named_by_its_number(ba_dinh_officer, catalogue, org_tree):
    report = excel.import_dossiers(ba_dinh_officer, _xlsx([_row(unit=org_tree.ba_dinh.pk)]))
    assert report.ok, report.errors
    assert Nomination.objects.get().submitting_unit == org_tree.ba_dinh


# --- Import: files that cannot be read ----------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ho-so.csv", b"a,b\n1,2\n", "không đúng định dạng"),
        ("ho-so.xlsx", b"", "rỗng"),
        ("ho-so.xlsx", b"<html>not excel</html>", "không"),
        ("ho-so.xlsx", _zip({"hello.txt": b"hi"}), "Không đọc được tệp Excel"),
    ],
)
def test_malformed_file_gets_a_clear_message(client, ba_dinh_officer, catalogue, name, content, message):
    _login(client, ba_dinh_officer)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("nominations:excel_import"), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Nomination.objects.count() == 0


def test_file_without_the_template_headers_is_refused(ba_dinh_officer, catalogue):
    with pytest.raises(Exception) as caught:
        excel.import_dossiers(ba_dinh_officer, _xlsx([["a", "b"]], headers=["Tên", "Tuổi"]))
    assert "thiếu cột bắt buộc" in " ".join(caught.value.messages)


def test_file_over_the_row_cap_is_refused(ba_dinh_officer, catalogue, monkeypatch):
    monkeypatch.setattr(excel.parse, "MAX_IMPORT_ROWS", 3)
    with pytest.raises(Exception) as caught:
        excel.import_dossiers(ba_dinh_officer, _xlsx([_row(full_name=f"Người {i}") for i in range(4)]))
    assert "hãy chia" in " ".join(caught.value.messages)
    assert Nomination.objects.count() == 0


def test_zip_bomb_is_refused_before_it_is_read(ba_dinh_officer, catalogue, monkeypatch):
    monkeypatch.setattr(excel.parse, "MAX_UNPACKED_SIZE", 1000)
    with pytest.raises(Exception) as caught:
        excel.import_dossiers(ba_dinh_officer, _xlsx([_row(achievements="x" * 5000)]))
    assert "quá nhiều dữ liệu" in " ".join(caught.value.messages)


def test_a_real_zip_bomb_is_refused_in_a_second(ba_dinh_officer, catalogue, zip_bomb):
    started = time.perf_counter()
    with pytest.raises(Exception) as caught:
        excel.import_dossiers(ba_dinh_officer, SimpleUploadedFile("ho-so.xlsx", zip_bomb))
    assert time.perf_counter() - started < 1
    assert "quá nhiều dữ liệu" in " ".join(caught.value.messages)
    assert Nomination.objects.count() == 0


# --- Import: large files as a job ----------------------------------------------------------------


def test_large_file_runs_as_a_job_with_progress_and_report(
    client, ba_dinh_officer, catalogue, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(excel, "INLINE_MAX_SIZE", 0)
    _login(client, ba_dinh_officer)
    upload = _xlsx([_row(full_name=f"Người thứ {i}") for i in range(3)] + [_row(unit="xyz")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("nominations:excel_import"), {"file": upload})
    job = Job.objects.get(owner=ba_dinh_officer)
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:excel_import_job", args=[job.pk])
    assert job.status == Job.Status.FAILED and job.total == 4
    assert "chưa lưu hồ sơ nào" in job.message
    assert "path" in job.params and not private_storage().exists(job.params["path"])
    page = client.get(response["Location"]).content.decode()
    assert "Không tìm thấy đơn vị có mã “xyz”" in page and "<progress" in page
    assert Nomination.objects.count() == 0

    upload = _xlsx([_row(full_name=f"Người thứ {i}") for i in range(3)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("nominations:excel_import"), {"file": upload})
    job = Job.objects.filter(owner=ba_dinh_officer).order_by("-pk").first()
    assert job.status == Job.Status.SUCCEEDED and job.done == 3
    assert Nomination.objects.count() == 3
    page = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "Đã lập 3 hồ sơ" in page and "<html" not in page


def test_someone_elses_import_job_is_not_found(client, ba_dinh_officer, commune_officer, catalogue):
    job = Job.objects.create(owner=ba_dinh_officer, kind="nominations.import", title="x")
    _login(client, commune_officer)
    assert client.get(reverse("nominations:excel_import_job", args=[job.pk])).status_code == 404


# --- Export --------------------------------------------------------------------------------------


def test_export_contains_only_the_dossiers_the_user_sees(
    client, commune_officer, ba_dinh_officer, catalogue, org_tree, nominee
):
    services.create_nomination(
        ba_dinh_officer,
        nominee=nominee,
        award_type=catalogue["giay-khen"],
        submitting_unit=org_tree.ba_dinh,
        achievements="Của Ba Đình",
    )
    excel.import_dossiers(commune_officer, _xlsx([_row(full_name="Người Thanh Xuân", unit=THANH_XUAN)]))
    _login(client, commune_officer)
    response = client.post(reverse("nominations:excel_export"), {"q": "", "status": "draft"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã hồ sơ", "Họ và tên / Tên tập thể")
    assert [r[1] for r in rows[1:]] == ["Người Thanh Xuân"]
    header = list(rows[0])
    row = dict(zip(header, rows[1], strict=True))
    assert row["Trạng thái"] == "Đang soạn" and row["Mã đơn vị đề nghị"] == THANH_XUAN
    assert row["Danh hiệu đề nghị"] == "Lao động tiên tiến" and row["Năm xét"] == 2025
    created = Nomination.objects.get(nominee__full_name="Người Thanh Xuân").created_at
    assert row["Ngày lập"] == timezone.localtime(created).strftime("%d/%m/%Y")


def test_export_follows_the_list_filters(client, city_appraiser, ba_dinh_officer, catalogue):
    excel.import_dossiers(
        ba_dinh_officer,
        _xlsx([_row(full_name="Năm 2024", year=2024), _row(full_name="Năm 2025", year=2025)]),
    )
    _login(client, city_appraiser)
    response = client.post(reverse("nominations:excel_export"), {"year": "2024"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["Năm 2024"]


def test_dossier_list_links_to_import_and_export(client, ba_dinh_officer, catalogue):
    _login(client, ba_dinh_officer)
    page = client.get(reverse("nominations:list")).content.decode()
    assert reverse("nominations:excel_import") in page
    assert reverse("nominations:excel_export") in page
