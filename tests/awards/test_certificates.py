"""Certificates, public verification, the registry export and proposing upward."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from guongsang.awards import services
from guongsang.awards.models import Recognition
from guongsang.core.documents import docx_text
from guongsang.nominations.models import Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognition(passed, city_appraiser, city_head, org_tree):
    dossiers = passed(1)
    decision = services.draft_decision(
        city_appraiser,
        org_tree.hanoi,
        award_type=dossiers[0].award_type,
        award_year=2026,
        nominations=dossiers,
    )
    services.sign_decision(city_head, decision, signer_title="Chủ tịch", authority_line="TM. Ủy ban nhân dân")
    return Recognition.objects.get(decision=decision)


def test_verification_page_shows_the_award_and_nothing_private(client, recognition):
    recognition.nominee.phone = "0912345678"
    recognition.nominee.save()
    response = client.get(recognition.get_verify_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hợp lệ." in body and recognition.nominee.full_name in body and "Công dân Thủ đô ưu tú" in body
    assert "01/QĐ-UBND" in body
    assert "0912345678" not in body and "Thanh Xuân" not in body


def test_revoked_certificate_verifies_as_revoked(client, api_client, recognition, city_head):
    services.revoke_recognition(city_head, recognition, reason="Khai man", legal_basis="Luật TĐKT 2022")
    body = client.get(recognition.get_verify_url()).content.decode()
    assert "đã bị thu hồi" in body
    answer = api_client().get(f"/api/v1/public/verify/{recognition.verify_code}").json()
    assert answer["valid"] is False and answer["status"] == "revoked"


def test_unknown_code_is_404(client, api_client, db):
    assert client.get("/xac-minh/KHONGCOMA123/").status_code == 404
    assert api_client().get("/api/v1/public/verify/KHONGCOMA123").status_code == 404


def test_certificate_pdf(client, recognition, city_appraiser):
    client.force_login(city_appraiser)
    response = client.get(f"/khen-thuong/so-khen-thuong/{recognition.pk}/chung-nhan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="poppler or zbar missing"
)
def test_certificate_qr_code_resolves_to_the_verification_page(client, recognition, city_appraiser, tmp_path):
    from guongsang.awards.documents import certificate_pdf, verify_url

    pdf = tmp_path / "chung-nhan.pdf"
    pdf.write_bytes(certificate_pdf(recognition))
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "trang")], check=True)
    [page] = sorted(tmp_path.glob("trang*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(page)], capture_output=True, text=True, check=True
    )
    url = decoded.stdout.strip()
    assert url == verify_url(recognition)
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert recognition.nominee.full_name in client.get("/" + path).content.decode()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Công dân Thủ đô ưu tú".upper() in text.upper() and recognition.nominee.full_name in text


def test_registry_export_only_what_the_user_sees(client, recognition, city_appraiser, laocai_officer):
    client.force_login(city_appraiser)
    sheet = load_workbook(io.BytesIO(client.get("/khen-thuong/so-khen-thuong/xuat-excel/").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == recognition.nominee.full_name and rows[1][5] == "01/QĐ-UBND"
    client.force_login(laocai_officer)
    sheet = load_workbook(io.BytesIO(client.get("/khen-thuong/so-khen-thuong/xuat-excel/").content)).active
    assert sheet.max_row == 1


def test_registry_api_and_scope(api_client, recognition, city_appraiser, laocai_officer, commune_officer):
    assert api_client(city_appraiser).get("/api/v1/recognitions/").json()["count"] == 1
    # The nominee's own ward sees its people's awards.
    assert api_client(commune_officer).get("/api/v1/recognitions/").json()["count"] == 1
    assert api_client(laocai_officer).get("/api/v1/recognitions/").json()["count"] == 0


def test_propose_a_commune_exemplar_to_the_city(catalogue, org_tree, commune_officer, city_appraiser):
    from guongsang.core.permissions import Role
    from guongsang.nominations import services as dossiers
    from guongsang.nominees.models import Nominee
    from tests.factories import MembershipFactory, UserFactory

    ward_head = UserFactory(username="chutich.thanhxuan")
    MembershipFactory(user=ward_head, unit=org_tree.thanh_xuan, role=Role.HEAD)
    person = Nominee.objects.create(full_name="Trần Thị Mai", birth_year=1985, unit=org_tree.thanh_xuan)
    dossier = dossiers.create_nomination(
        commune_officer,
        nominee=person,
        award_type=catalogue["dien-hinh-tien-tien-cap-xa"],
        submitting_unit=org_tree.thanh_xuan,
        achievements="Vận động hiến đất mở đường.",
    )
    assert dossier.receiving_unit == org_tree.thanh_xuan
    Nomination.objects.filter(pk=dossier.pk).update(status="passed")
    dossier.refresh_from_db()
    decision = services.draft_decision(
        ward_head, org_tree.thanh_xuan, award_type=dossier.award_type, award_year=2026, nominations=[dossier]
    )
    services.sign_decision(ward_head, decision, signer_title="Chủ tịch", authority_line="TM. Ủy ban nhân dân")
    recognition = Recognition.objects.get(decision=decision)
    upward = services.propose_upward(
        ward_head, recognition, award_type=catalogue["dien-hinh-tien-tien-cap-tinh"]
    )
    assert upward.receiving_unit == org_tree.hanoi and upward.parent_id == dossier.pk
    assert upward.status == "submitted"
    assert upward.evidence.filter(part_code="to-trinh").exists()
    decision_copy = upward.evidence.get(part_code="quyet-dinh")
    assert recognition.decision.number_display in decision_copy.title
    assert "QUYẾT ĐỊNH" in docx_text(decision_copy.file.read())
    assert "Đã được tặng" in upward.achievements
