"""Dossier pages: who sees what, the actions offered, refused actions, and the busiest list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guongsang.nominations import services
from guongsang.nominations.models import Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(catalogue, nominee, ba_dinh_officer, org_tree):
    return services.create_nomination(
        ba_dinh_officer,
        nominee=nominee,
        award_type=catalogue["bang-khen-tinh"],
        submitting_unit=org_tree.ba_dinh,
        achievements="Hiến máu tình nguyện 30 lần.",
    )


def test_officer_creates_a_dossier_from_the_page(client, catalogue, nominee, ba_dinh_officer, org_tree):
    client.force_login(ba_dinh_officer)
    assert client.get("/ho-so/tao-moi/").status_code == 200
    response = client.post(
        "/ho-so/tao-moi/",
        {
            "nominee": nominee.pk,
            "award_type": catalogue["giay-khen"].pk,
            "submitting_unit": org_tree.ba_dinh.pk,
            "year": 2026,
            "achievements": "Vận động 200 hộ dân hiến đất làm đường.",
        },
    )
    created = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.receiving_unit == org_tree.ba_dinh


def test_wrong_award_for_a_person_shows_a_form_error(client, catalogue, nominee, ba_dinh_officer, org_tree):
    client.force_login(ba_dinh_officer)
    response = client.post(
        "/ho-so/tao-moi/",
        {
            "nominee": nominee.pk,
            "award_type": catalogue["tap-the-lao-dong-xuat-sac"].pk,
            "submitting_unit": org_tree.ba_dinh.pk,
            "year": 2026,
            "achievements": "x",
        },
    )
    assert response.status_code == 200
    assert "không xét tặng cho cá nhân" in response.content.decode()
    assert not Nomination.objects.exists()


def test_detail_offers_only_the_allowed_actions(client, dossier, ba_dinh_officer, city_appraiser):
    client.force_login(ba_dinh_officer)
    body = client.get(dossier.get_absolute_url()).content.decode()
    assert "Gửi hồ sơ" in body and "Tiếp nhận, bắt đầu thẩm định" not in body
    client.force_login(city_appraiser)
    body = client.get(dossier.get_absolute_url()).content.decode()
    assert "Gửi hồ sơ" not in body and "Thao tác" not in body


def test_refused_action_from_a_page_tells_why(client, dossier, city_appraiser):
    client.force_login(city_appraiser)
    response = client.post(f"/ho-so/{dossier.pk}/chuyen/submit/", {"version": dossier.version}, follow=True)
    assert "không có quyền" in response.content.decode()
    assert Nomination.objects.get(pk=dossier.pk).status == Nomination.Status.DRAFT


def test_stale_page_action_is_refused(client, dossier, ba_dinh_officer):
    client.force_login(ba_dinh_officer)
    services.update_nomination(ba_dinh_officer, dossier, achievements="Sửa ở tab khác.")
    response = client.post(f"/ho-so/{dossier.pk}/chuyen/submit/", {"version": dossier.version}, follow=True)
    assert "người khác cập nhật" in response.content.decode()


def test_outsiders_get_404(client, dossier, laocai_officer, commune_officer):
    for user in (laocai_officer, commune_officer):
        client.force_login(user)
        assert client.get(dossier.get_absolute_url()).status_code == 404
        assert (
            client.post(f"/ho-so/{dossier.pk}/chuyen/withdraw/", {"version": 1, "note": "x"}).status_code
            == 404
        )


def test_evidence_download_is_scoped(client, dossier, ba_dinh_officer, laocai_officer):
    evidence = services.add_evidence(
        ba_dinh_officer, dossier, file=SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 test"), title="Tờ trình"
    )
    client.force_login(ba_dinh_officer)
    response = client.get(f"/ho-so/tai-lieu/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(laocai_officer)
    assert client.get(f"/ho-so/tai-lieu/{evidence.pk}/").status_code == 404


def test_list_page_query_count_does_not_grow(
    client, catalogue, nominee, ba_dinh_officer, city_appraiser, org_tree
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(count):
        for index in range(count):
            services.create_nomination(
                ba_dinh_officer,
                nominee=nominee,
                award_type=catalogue["giay-khen"],
                submitting_unit=org_tree.ba_dinh,
                achievements=f"Thành tích {index}",
            )

    def queries_for_list_page() -> int:
        client.force_login(city_appraiser)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/ho-so/")
        assert response.status_code == 200
        return len(captured)

    make(1)
    with_one = queries_for_list_page()
    make(40)
    assert queries_for_list_page() == with_one
    assert with_one <= 30


def test_worklist_shows_what_waits(client, dossier, ba_dinh_officer, city_appraiser):
    client.force_login(ba_dinh_officer)
    assert dossier.code in client.get("/ho-so/viec-can-lam/").content.decode()
    services.submit(ba_dinh_officer, dossier)
    client.force_login(city_appraiser)
    body = client.get("/ho-so/viec-can-lam/").content.decode()
    assert dossier.code in body and "Hồ sơ cần tiếp nhận, thẩm định" in body


def test_criteria_answers_saved_from_the_page(client, dossier, ba_dinh_officer):
    answer = dossier.criteria_answers.create(text="Gương mẫu chấp hành chủ trương, chính sách", order=1)
    client.force_login(ba_dinh_officer)
    client.post(
        f"/ho-so/{dossier.pk}/tieu-chi/",
        {f"met_{answer.pk}": "yes", f"note_{answer.pk}": "Xác nhận của tổ dân phố"},
    )
    answer.refresh_from_db()
    assert answer.met is True and answer.note == "Xác nhận của tổ dân phố"


def test_nominee_page_lists_the_dossiers(client, dossier, nominee, ba_dinh_officer):
    client.force_login(ba_dinh_officer)
    body = client.get(nominee.get_absolute_url()).content.decode()
    assert dossier.code in body and "Hồ sơ đề nghị khen thưởng" in body


def test_deadline_set_from_the_page_flags_overdue_dossiers(client, dossier, city_appraiser, ba_dinh_officer):
    import datetime as dt

    client.force_login(city_appraiser)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    client.post(
        "/ho-so/han-nop/",
        {
            "unit": dossier.receiving_unit_id,
            "year": dossier.year,
            "due_date": yesterday,
            "applies_to_subtree": "on",
        },
    )
    assert yesterday in client.get("/ho-so/han-nop/").content.decode()
    client.force_login(ba_dinh_officer)
    assert "quá hạn" in client.get("/ho-so/viec-can-lam/").content.decode()
    # An officer cannot set a level's deadline.
    assert (
        client.post(
            "/ho-so/han-nop/", {"unit": dossier.receiving_unit_id, "year": 2026, "due_date": "10/01/2027"}
        ).status_code
        == 403
    )
