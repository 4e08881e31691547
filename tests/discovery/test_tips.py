"""Citizens' and press reports of good deeds: filing, following by code, the commune's decision,
throttling, bad input, scope, and the public API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guongsang.core.models import Notification
from guongsang.discovery import services as tips
from guongsang.discovery.models import GoodDeedReport, ReportFile
from guongsang.nominations.models import Nomination
from guongsang.nominees.models import Nominee

pytestmark = pytest.mark.django_db
Status = GoodDeedReport.Status

FORM_URL = "/bao-tin/"
STATUS_URL = "/bao-tin/tra-cuu/"
API_URL = "/api/v1/public/reports"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DEED = "Anh ấy nhảy xuống hồ Trúc Bạch cứu một cháu bé bị đuối nước chiều 12/6, rồi lặng lẽ đi về."
PHONE = "0912 345 678"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The throttle counts in the cache; each test starts with a clean hour.
    cache.clear()
    yield
    cache.clear()


def _fields(org_tree, **overrides) -> dict:
    data = {
        "reporter_name": "Trần Thị Mai",
        "reporter_phone": PHONE,
        "reporter_email": "mai.tran@example.vn",
        "source": GoodDeedReport.Source.CITIZEN,
        "press_outlet": "",
        "press_link": "",
        "person_name": "Nguyễn Văn Đức",
        "person_details": "Khoảng 45 tuổi, chạy xe ôm ở đầu phố Trúc Bạch.",
        "what_happened": DEED,
        "place_commune": org_tree.ba_dinh,
        "place_detail": "Hồ Trúc Bạch, phố Trấn Vũ",
        "occurred_on": dt.date(2026, 1, 5) if timezone.localdate() >= dt.date(2026, 1, 5) else None,
        "files": [],
    }
    data.update(overrides)
    return data


def _post_data(org_tree, **overrides) -> dict:
    data = {
        "source": "citizen",
        "reporter_name": "Trần Thị Mai",
        "reporter_phone": PHONE,
        "reporter_email": "",
        "person_name": "Nguyễn Văn Đức",
        "person_details": "",
        "what_happened": DEED,
        "place_commune": org_tree.ba_dinh.pk,
        "place_detail": "Hồ Trúc Bạch",
        "occurred_on": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def report(org_tree):
    return tips.submit_report(**_fields(org_tree))


# --- From submission to acceptance, followed by the tracking code (the "done means") -----


def test_report_followed_by_code_from_submission_to_acceptance(
    client, org_tree, catalogue, ba_dinh_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, _post_data(org_tree, reporter_email="mai.tran@example.vn"))
    assert response.status_code == 302
    report = GoodDeedReport.objects.get()
    assert response["Location"] == f"/bao-tin/da-gui/{report.tracking_code}/"
    sent = client.get(response["Location"])
    assert report.tracking_code in sent.content.decode()

    # The commune's officer is told, and the reporter gets the code by e-mail.
    assert Notification.objects.filter(recipient=ba_dinh_officer, url=report.get_absolute_url()).exists()
    assert any(report.tracking_code in m.body for m in mail.outbox if m.to == ["mai.tran@example.vn"])

    page = client.get(STATUS_URL, {"ma": report.tracking_code.lower().replace("-", " - ")})
    assert page.status_code == 200
    assert "Đã tiếp nhận, chờ xử lý" in page.content.decode()

    report = tips.accept_report(
        ba_dinh_officer,
        report,
        award_type=catalogue["nguoi-tot-viec-tot-ha-noi"],
        nominee_data={"birth_year": 1980},
    )
    dossier = report.nomination
    assert report.status == Status.ACCEPTED and report.handled_by == ba_dinh_officer and report.handled_at
    assert dossier.status == Nomination.Status.DRAFT
    assert dossier.origin == Nomination.Origin.CITIZEN_REPORT
    assert dossier.submitting_unit == org_tree.ba_dinh
    assert dossier.nominee.full_name == "Nguyễn Văn Đức" and dossier.nominee.birth_year == 1980
    assert DEED in dossier.achievements and report.tracking_code in dossier.achievements

    page = client.get(STATUS_URL, {"ma": report.tracking_code}).content.decode()
    assert "Đã chấp nhận, lập hồ sơ" in page
    assert "đã lập hồ sơ đề nghị khen thưởng" in page


def test_press_report_opens_a_press_dossier(org_tree, catalogue, ba_dinh_officer):
    report = tips.submit_report(
        **_fields(
            org_tree,
            source=GoodDeedReport.Source.PRESS,
            press_outlet="Báo Hà Nội Mới",
            press_link="https://hanoimoi.vn/bai-viet-123",
        )
    )
    report = tips.accept_report(ba_dinh_officer, report, award_type=catalogue["nguoi-tot-viec-tot-ha-noi"])
    assert report.nomination.origin == Nomination.Origin.PRESS
    assert "Báo Hà Nội Mới" in report.nomination.achievements


def test_press_report_needs_the_outlet(org_tree):
    with pytest.raises(ValidationError) as error:
        tips.submit_report(**_fields(org_tree, source=GoodDeedReport.Source.PRESS))
    assert "press_outlet" in error.value.message_dict


def test_accept_reuses_a_likely_duplicate_chosen_by_the_officer(
    client, org_tree, catalogue, ba_dinh_officer, nominee, report
):
    client.force_login(ba_dinh_officer)
    page = client.get(report.get_absolute_url()).content.decode()
    # The existing "Nguyễn Văn Đức" of Ba Đình is offered as the same person.
    assert f'value="{nominee.pk}"' in page and "Có người trùng tên" in page

    award = catalogue["nguoi-tot-viec-tot-ha-noi"]
    response = client.post(
        f"/ho-so/tin-bao/{report.pk}/chap-nhan/",
        {"award_type": award.pk, "nominee": nominee.pk, "full_name": "", "birth_year": "", "occupation": ""},
    )
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    assert response.status_code == 302 and response["Location"] == report.nomination.get_absolute_url()
    assert report.nomination.nominee == nominee
    assert Nominee.objects.count() == 1


def test_accept_page_creates_a_new_person_prefilled_from_the_report(
    client, org_tree, catalogue, ba_dinh_officer
):
    report = tips.submit_report(**_fields(org_tree, person_name="Lê Thị Hằng"))
    client.force_login(ba_dinh_officer)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'value="Lê Thị Hằng"' in page
    client.post(
        f"/ho-so/tin-bao/{report.pk}/chap-nhan/",
        {
            "award_type": catalogue["nguoi-tot-viec-tot-ha-noi"].pk,
            "nominee": "0",
            "full_name": "Lê Thị Hằng",
            "birth_year": "1975",
            "occupation": "Bán hàng",
        },
    )
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    assert report.nomination.nominee.full_name == "Lê Thị Hằng"
    assert report.nomination.nominee.occupation == "Bán hàng"


# --- Decline -------------------------------------------------------------------------------------


def test_decline_needs_a_reason_and_shows_it_to_the_reporter(
    client, org_tree, ba_dinh_officer, report, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        tips.decline_report(ba_dinh_officer, report, reason="   ")
    report.refresh_from_db()
    assert report.status == Status.RECEIVED

    client.force_login(ba_dinh_officer)
    response = client.post(f"/ho-so/tin-bao/{report.pk}/tu-choi/", {"reason": ""})
    assert response.status_code == 400
    reason = "Đã xác minh: sự việc xảy ra ở phường khác, đã chuyển thông tin cho Phường Tây Hồ."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ho-so/tin-bao/{report.pk}/tu-choi/", {"reason": reason})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DECLINED and report.decline_reason == reason
    assert any("không chấp nhận" in m.body for m in mail.outbox)

    client.logout()
    page = client.get(STATUS_URL, {"ma": report.tracking_code}).content.decode()
    assert "Không chấp nhận" in page and "đã chuyển thông tin cho Phường Tây Hồ" in page


def test_a_handled_report_cannot_be_handled_again(org_tree, catalogue, ba_dinh_officer, report):
    tips.decline_report(ba_dinh_officer, report, reason="Trùng với tin báo trước.")
    with pytest.raises(tips.ReportAlreadyHandled):
        tips.accept_report(ba_dinh_officer, report, award_type=catalogue["nguoi-tot-viec-tot-ha-noi"])
    with pytest.raises(tips.ReportAlreadyHandled):
        tips.decline_report(ba_dinh_officer, report, reason="Lần nữa.")
    assert not Nomination.objects.exists()


def test_failed_accept_writes_nothing(org_tree, catalogue, ba_dinh_officer, report):
    # A collective-only award for an individual: the dossier is refused, so is the new person.
    award = catalogue["nguoi-tot-viec-tot-ha-noi"]
    award.subject_kinds = ["collective"]
    award.save()
    with pytest.raises(ValidationError):
        tips.accept_report(ba_dinh_officer, report, award_type=award)
    report.refresh_from_db()
    assert report.status == Status.RECEIVED and report.nomination is None
    assert not Nominee.objects.exists()


# --- Throttle and honeypot -----------------------------------------------------------------------


def test_form_throttled_per_address_with_a_clear_message(client, org_tree, settings):
    settings.GOOD_DEED_REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(FORM_URL, _post_data(org_tree)).status_code == 302
    response = client.post(FORM_URL, _post_data(org_tree))
    assert response.status_code == 429
    assert "tối đa" in response.content.decode()
    assert GoodDeedReport.objects.count() == 2
    # Another address is not affected.
    assert client.post(FORM_URL, _post_data(org_tree), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_refused_input_does_not_use_up_the_allowance(client, org_tree, settings):
    settings.GOOD_DEED_REPORTS_PER_HOUR = 1
    for _ in range(3):
        assert client.post(FORM_URL, _post_data(org_tree, what_happened="")).status_code == 200
    assert client.post(FORM_URL, _post_data(org_tree)).status_code == 302


def test_form_reads_dates_the_vietnamese_way(client, org_tree):
    assert client.post(FORM_URL, _post_data(org_tree, occurred_on="05/01/2025")).status_code == 302
    assert GoodDeedReport.objects.get().occurred_on == dt.date(2025, 1, 5)
    response = client.post(FORM_URL, _post_data(org_tree, occurred_on="2025/31/31"))
    assert "ngày/tháng/năm" in response.content.decode()


def test_honeypot_filled_saves_nothing(client, org_tree):
    response = client.post(FORM_URL, _post_data(org_tree, website="http://spam.example"))
    assert response.status_code == 400
    assert not GoodDeedReport.objects.exists()


def test_consent_is_required_on_the_form(client, org_tree):
    data = _post_data(org_tree)
    del data["consent"]
    response = client.post(FORM_URL, data)
    assert response.status_code == 200
    assert "Cần bạn đồng ý" in response.content.decode()
    assert not GoodDeedReport.objects.exists()


# --- Bad input -----------------------------------------------------------------------------------


def test_missing_contact_is_refused(org_tree):
    with pytest.raises(ValidationError) as error:
        tips.submit_report(**_fields(org_tree, reporter_phone="", reporter_email=""))
    assert "số điện thoại hoặc thư điện tử" in " ".join(error.value.message_dict["reporter_phone"])
    assert not GoodDeedReport.objects.exists()


def test_email_alone_is_enough_contact(org_tree):
    report = tips.submit_report(**_fields(org_tree, reporter_phone=""))
    assert report.reporter_email == "mai.tran@example.vn" and report.reporter_phone == ""


@pytest.mark.parametrize("phone", ["12345", "0123456789", "09123456789", "abc"])
def test_bad_phone_is_refused(org_tree, phone):
    with pytest.raises(ValidationError) as error:
        tips.submit_report(**_fields(org_tree, reporter_phone=phone))
    assert "reporter_phone" in error.value.message_dict


def test_phone_stored_in_national_form(org_tree):
    report = tips.submit_report(**_fields(org_tree, reporter_phone="+84 912 345 678"))
    report.refresh_from_db()
    assert report.reporter_phone == "0912345678"


def test_every_problem_is_reported_at_once(org_tree):
    with pytest.raises(ValidationError) as error:
        tips.submit_report(
            **_fields(
                org_tree,
                reporter_name="",
                what_happened="tốt",
                place_commune=org_tree.so_noi_vu,
                occurred_on=timezone.localdate() + dt.timedelta(days=1),
            )
        )
    assert {"reporter_name", "what_happened", "place_commune", "occurred_on"} <= set(error.value.message_dict)


def test_commune_must_be_current(org_tree):
    org_tree.dong_da.valid_to = timezone.localdate() - dt.timedelta(days=1)
    org_tree.dong_da.save()
    with pytest.raises(ValidationError) as error:
        tips.submit_report(**_fields(org_tree, place_commune=org_tree.dong_da))
    assert "place_commune" in error.value.message_dict


def test_files_are_stored_with_the_report(org_tree):
    report = tips.submit_report(
        **_fields(
            org_tree,
            files=[SimpleUploadedFile("anh.png", PNG), SimpleUploadedFile("bai-bao.pdf", PDF)],
        )
    )
    assert sorted(report.files.values_list("name", flat=True)) == ["anh.png", "bai-bao.pdf"]


def test_wrong_file_type_is_refused(org_tree):
    with pytest.raises(ValidationError) as error:
        tips.submit_report(**_fields(org_tree, files=[SimpleUploadedFile("virus.exe", b"MZ" + b"0" * 50)]))
    assert "không đúng định dạng" in " ".join(error.value.message_dict["files"])
    # A renamed file is judged by its content.
    with pytest.raises(ValidationError) as error:
        tips.submit_report(**_fields(org_tree, files=[SimpleUploadedFile("anh.jpg", b"MZ" + b"0" * 50)]))
    assert "files" in error.value.message_dict
    assert not GoodDeedReport.objects.exists() and not ReportFile.objects.exists()


def test_too_big_or_too_many_files_are_refused(org_tree):
    big = SimpleUploadedFile("anh.png", PNG + b"\x00" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        tips.submit_report(**_fields(org_tree, files=[big]))
    assert "vượt quá giới hạn" in " ".join(error.value.message_dict["files"])
    many = [SimpleUploadedFile(f"anh{i}.png", PNG) for i in range(6)]
    with pytest.raises(ValidationError) as error:
        tips.submit_report(**_fields(org_tree, files=many))
    assert "tối đa 5 tệp" in " ".join(error.value.message_dict["files"])
    assert not GoodDeedReport.objects.exists()


def test_form_shows_file_errors_next_to_the_field(client, org_tree):
    data = _post_data(org_tree)
    data["files"] = [SimpleUploadedFile("thu.docx", b"PK\x03\x04" + b"0" * 20)]
    response = client.post(FORM_URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tin báo chưa được gửi" in page and "Chỉ nhận tệp JPG, PDF, PNG" in page


# --- Scope ---------------------------------------------------------------------------------------


def test_other_province_officer_can_neither_see_nor_handle(
    client, org_tree, catalogue, laocai_officer, commune_officer, report
):
    client.force_login(laocai_officer)
    assert report.tracking_code not in client.get("/ho-so/tin-bao/").content.decode()
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.post(f"/ho-so/tin-bao/{report.pk}/tu-choi/", {"reason": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        tips.decline_report(laocai_officer, report, reason="Không thuộc địa bàn.")
    with pytest.raises(PermissionDenied):
        tips.accept_report(laocai_officer, report, award_type=catalogue["giay-khen"])
    # Nor does the officer of a neighbouring ward of the same city.
    with pytest.raises(PermissionDenied):
        tips.decline_report(commune_officer, report, reason="Không thuộc địa bàn.")
    report.refresh_from_db()
    assert report.status == Status.RECEIVED


def test_report_files_download_only_within_scope(client, org_tree, ba_dinh_officer, laocai_officer):
    report = tips.submit_report(**_fields(org_tree, files=[SimpleUploadedFile("anh.png", PNG)]))
    item = report.files.get()
    url = f"/ho-so/tin-bao/tep/{item.pk}/"
    assert client.get(url).status_code == 404  # not even a login page saying the file exists
    client.force_login(laocai_officer)
    assert client.get(url).status_code == 404
    client.force_login(ba_dinh_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PNG


def test_list_filters_by_status(client, org_tree, ba_dinh_officer, report):
    other = tips.submit_report(**_fields(org_tree, person_name="Phạm Thu Trang"))
    tips.decline_report(ba_dinh_officer, other, reason="Trùng lặp.")
    client.force_login(ba_dinh_officer)
    page = client.get("/ho-so/tin-bao/", {"status": "received"}).content.decode()
    assert report.tracking_code in page and other.tracking_code not in page


def test_phone_masked_except_for_the_handling_officers(
    client, org_tree, ba_dinh_officer, city_appraiser, report
):
    client.force_login(ba_dinh_officer)
    assert "0912345678" in client.get(report.get_absolute_url()).content.decode()
    client.force_login(city_appraiser)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "0912345678" not in page and "091****678" in page
    assert "mai.tran@example.vn" not in page


# --- The public status shows nothing private -----------------------------------------------------


def test_public_status_shows_nothing_private(client, org_tree, report):
    page = client.get(STATUS_URL, {"ma": report.tracking_code}).content.decode()
    assert report.tracking_code in page and "Phường Ba Đình" in page
    for private in (
        "0912345678",
        "091",
        "Trần Thị Mai",
        "mai.tran@example.vn",
        "Nguyễn Văn Đức",
        "xe ôm",
        "Trúc Bạch",
    ):
        assert private not in page, private


def test_unknown_code_is_a_clear_404(client, org_tree):
    response = client.get(STATUS_URL, {"ma": "NT-AAAA-BBBB"})
    assert response.status_code == 404
    assert "Không tìm thấy tin báo" in response.content.decode()


def test_public_form_lists_communes_of_the_chosen_province(client, org_tree):
    page = client.get(FORM_URL).content.decode()
    assert "Thành phố Hà Nội" in page and "Phường Ba Đình" not in page
    page = client.get(FORM_URL, {"tinh": org_tree.hanoi.pk}).content.decode()
    assert "Phường Ba Đình" in page and "Xã Bảo Thắng" not in page
    options = client.get("/bao-tin/xa-phuong/", {"tinh": org_tree.laocai.pk}).content.decode()
    assert "Xã Bảo Thắng" in options and "Phường Ba Đình" not in options


# --- Public API ----------------------------------------------------------------------------------


def _api_payload(org_tree, **overrides) -> dict:
    payload = {
        "reporter_name": "Trần Thị Mai",
        "reporter_phone": PHONE,
        "person_name": "Nguyễn Văn Đức",
        "what_happened": DEED,
        "place_commune_code": org_tree.ba_dinh.code,
    }
    payload.update(overrides)
    return payload


def test_api_create_and_follow(api_client, org_tree, catalogue, ba_dinh_officer):
    api = api_client()
    response = api.post(API_URL, _api_payload(org_tree))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "received" and body["tracking_code"].startswith("NT-")
    report = GoodDeedReport.objects.get(tracking_code=body["tracking_code"])
    assert report.place_commune == org_tree.ba_dinh

    status = api.get(f"{API_URL}/{body['tracking_code']}").json()
    assert status["status"] == "received" and status["dossier_opened"] is False
    assert status["commune"] == "Phường Ba Đình"
    assert not {"reporter_name", "reporter_phone", "person_name"} & set(status)
    assert "0912345678" not in str(status)

    tips.accept_report(ba_dinh_officer, report, award_type=catalogue["nguoi-tot-viec-tot-ha-noi"])
    status = api.get(f"{API_URL}/{body['tracking_code']}").json()
    assert status["status"] == "accepted" and status["dossier_opened"] is True


def test_api_accepts_the_commune_id(api_client, org_tree):
    payload = _api_payload(org_tree, place_commune=org_tree.bao_thang.pk, place_commune_code="")
    response = api_client().post(API_URL, payload)
    assert response.status_code == 201
    assert GoodDeedReport.objects.get().place_commune == org_tree.bao_thang


def test_api_errors_are_json_with_a_code(api_client, org_tree):
    api = api_client()
    response = api.post(API_URL, _api_payload(org_tree, reporter_phone=""))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error" and "số điện thoại hoặc thư điện tử" in body["message"]
    response = api.post(API_URL, _api_payload(org_tree, place_commune_code="99999"))
    assert response.status_code == 422 and "xã, phường" in response.json()["message"]
    assert api.post(API_URL, {"reporter_name": "A"}).json()["code"] == "validation_error"
    missing = api.get(f"{API_URL}/NT-AAAA-BBBB")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert not GoodDeedReport.objects.exists()


def test_api_throttled_with_json_429(api_client, org_tree, settings):
    settings.GOOD_DEED_REPORTS_PER_HOUR = 2
    api = api_client()
    for _ in range(2):
        assert api.post(API_URL, _api_payload(org_tree)).status_code == 201
    response = api.post(API_URL, _api_payload(org_tree))
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "too_many_requests" and "tối đa" in body["message"]
    assert GoodDeedReport.objects.count() == 2
