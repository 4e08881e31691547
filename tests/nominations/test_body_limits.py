"""Evidence uploads and request bodies: the dossier's 20 MB file passes the default body limit,
and a multipart body without its boundary is a 400 (JSON from the API, a page in the browser)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from guongsang.nominations import services
from guongsang.nominations.models import Evidence
from tests.api.test_api_errors import assert_error

pytestmark = pytest.mark.django_db

API = "/api/v1/nominations/"
MB = 1024 * 1024


@pytest.fixture
def dossier(catalogue, nominee, ba_dinh_officer, org_tree):
    return services.create_nomination(
        ba_dinh_officer,
        nominee=nominee,
        award_type=catalogue["bang-khen-tinh"],
        submitting_unit=org_tree.ba_dinh,
        achievements="Hiến máu tình nguyện 30 lần.",
    )


def test_evidence_larger_than_the_default_limit_is_uploaded_by_api(api_client, ba_dinh_officer, dossier):
    officer = api_client(ba_dinh_officer)
    pdf = b"%PDF-1.4\n" + b"0" * (3 * MB)
    data = {
        "version": dossier.version,
        "title": "Bản thành tích",
        "part_code": "",
        "file": SimpleUploadedFile("thanh-tich.pdf", pdf, content_type="application/pdf"),
    }
    response = officer.client.post(f"{API}{dossier.pk}/evidence", data, headers=officer._headers())
    assert response.status_code == 201, response.content
    assert Evidence.objects.get(nomination=dossier).file.size == len(pdf)


NO_BOUNDARY = ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; charset=utf-8"]


@pytest.mark.parametrize("content_type", NO_BOUNDARY)
def test_api_multipart_without_boundary_is_400_json(api_client, ba_dinh_officer, dossier, content_type):
    officer = api_client(ba_dinh_officer)
    response = officer.client.post(
        f"{API}{dossier.pk}/evidence", b"--x\r\nabc", content_type=content_type, headers=officer._headers()
    )
    assert_error(response, 400, "malformed_multipart")
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("csrf_checked", [False, True], ids=["read-by-the-view", "read-by-the-csrf-check"])
def test_evidence_page_multipart_without_a_boundary_is_a_400_page(ba_dinh_officer, dossier, csrf_checked):
    client = Client(enforce_csrf_checks=csrf_checked, raise_request_exception=False)
    client.force_login(ba_dinh_officer)
    client.cookies["csrftoken"] = "A" * 32
    response = client.post(f"/ho-so/{dossier.pk}/tai-lieu/", b"abc", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert not Evidence.objects.exists()
