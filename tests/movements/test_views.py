"""The movement pages: list with filters, launching, the movement's page, registering and deciding,
criteria sets — each persona seeing and doing only what their roles allow."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from guongsang.movements import services
from guongsang.movements.models import CriteriaSet, Movement, Registration
from tests.factories import MovementFactory

PLEDGE = "Xây dựng 5 mô hình dân vận khéo."


def text(response) -> str:
    return response.content.decode()


def main_text(response) -> str:
    """The page's main content, without the header (which names the user's unit)."""
    content = text(response)
    return content[content.index('<main id="main"') : content.index("</main>")]


# --- List ---------------------------------------------------------------------------------------


def test_nav_has_movements_entry(signed_in, hanoi_movement):
    response = signed_in("commune_officer").get("/")
    assert re.search(r'<a href="/phong-trao/"[^>]*>Phong trào thi đua</a>', text(response))


def test_list_shows_only_visible_movements(signed_in, hanoi_movement, org_tree, superuser):
    services.launch_movement(
        superuser, org_tree.laocai, name="Lào Cai xanh", kind="regular", start_date=dt.date(2025, 1, 1)
    )
    hanoi = main_text(signed_in("commune_officer").get("/phong-trao/"))
    assert "Thi đua Dân vận khéo" in hanoi and "Lào Cai xanh" not in hanoi
    laocai = main_text(signed_in("laocai_officer").get("/phong-trao/"))
    assert "Lào Cai xanh" in laocai and "Thi đua Dân vận khéo" not in laocai


def test_list_filters_by_kind_field_year_and_launcher(signed_in, org_tree, city_officer, hanoi_movement):
    education = services.launch_movement(
        city_officer,
        org_tree.hanoi,
        name="Dạy tốt – học tốt",
        kind="thematic",
        start_date=dt.date(2024, 9, 5),
        end_date=dt.date(2024, 12, 31),
        fields=[
            __import__("guongsang.movements.models", fromlist=["Field"]).Field.objects.get(code="giao-duc")
        ],
    )
    client = signed_in("city_officer")
    assert "Dạy tốt" in main_text(client.get("/phong-trao/?kind=thematic"))
    assert "Dân vận khéo" not in main_text(client.get("/phong-trao/?kind=thematic"))
    assert "Dân vận khéo" not in main_text(client.get("/phong-trao/?field=giao-duc"))
    assert "Dạy tốt" not in main_text(client.get("/phong-trao/?year=2025"))
    assert "Dạy tốt" in main_text(client.get(f"/phong-trao/?unit={org_tree.hanoi.pk}&year=2024"))
    # Nonsense filters are ignored, not a 500.
    assert client.get("/phong-trao/?year=abc&kind=zzz&unit=x&page=999").status_code == 200
    assert education.pk


def test_list_htmx_returns_only_results(signed_in, hanoi_movement):
    response = signed_in("commune_officer").get("/phong-trao/?q=dan+van", headers={"HX-Request": "true"})
    assert "<html" not in text(response)
    assert "Thi đua Dân vận khéo" in text(response)


def test_list_paginates_keeping_filters(signed_in, org_tree):
    for n in range(25):
        MovementFactory(unit=org_tree.hanoi, name=f"Phong trào {n:02d}", kind="campaign")
    response = signed_in("city_officer").get("/phong-trao/?kind=campaign")
    assert "Có 25 phong trào." in text(response)
    assert "Trang 1/2" in text(response)
    assert 'href="?kind=campaign&amp;page=2"' in text(response)


def test_list_query_count_does_not_grow_with_rows(signed_in, org_tree, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guongsang.movements.models import Field

    fields = list(Field.objects.all()[:3])

    def add_movements(count: int) -> None:
        for _ in range(count):
            movement = MovementFactory(unit=org_tree.hanoi, standing_unit=org_tree.so_noi_vu)
            movement.fields.set(fields)

    client = signed_in("commune_officer")
    add_movements(5)
    with CaptureQueriesContext(connection) as few:
        client.get("/phong-trao/")
    add_movements(15)
    # Scope look-ups, session, navigation, the count, one page of movements and their fields:
    # a constant, however many rows the page shows.
    with django_assert_max_num_queries(len(few)):
        response = client.get("/phong-trao/")
    with django_assert_max_num_queries(22):
        client.get("/phong-trao/")
    assert text(response).count('class="tag">Đang diễn ra') == 20


# --- Launch and edit ----------------------------------------------------------------------------


def launch_form(org_tree, **overrides) -> dict:
    data = {
        "unit": org_tree.hanoi.pk,
        "name": "Thi đua Chuyển đổi số",
        "kind": "campaign",
        "start_date": "01/03/2026",
        "end_date": "31/12/2026",
        "standing_unit": org_tree.so_noi_vu.pk,
        "description": "Đẩy mạnh chuyển đổi số.",
        "scope_kinds": ["commune", "department"],
        "fields": [],
    }
    data.update(overrides)
    return data


def test_city_officer_launches_a_movement(signed_in, org_tree, city_officer):
    client = signed_in("city_officer")
    assert client.get("/phong-trao/phat-dong/").status_code == 200
    response = client.post("/phong-trao/phat-dong/", launch_form(org_tree))
    movement = Movement.objects.get()
    assert response.status_code == 302 and response["Location"] == movement.get_absolute_url()
    assert movement.start_date == dt.date(2026, 3, 1)
    assert movement.scope_kinds == ["commune", "department"]
    assert movement.standing_unit == org_tree.so_noi_vu
    assert movement.created_by == city_officer
    page = text(client.get(movement.get_absolute_url()))
    assert "Đã phát động phong trào “Thi đua Chuyển đổi số”." in page
    assert "01/03/2026" in page and "31/12/2026" in page


def test_launch_form_errors_in_vietnamese(signed_in, org_tree):
    response = signed_in("city_officer").post(
        "/phong-trao/phat-dong/",
        launch_form(org_tree, name="", start_date="31/12/2026", end_date="01/01/2026"),
    )
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in text(response)
    assert "Ngày kết thúc không được trước ngày bắt đầu." in text(response)
    assert not Movement.objects.exists()


def test_commune_officer_cannot_launch_for_the_city(signed_in, org_tree):
    response = signed_in("commune_officer").post("/phong-trao/phat-dong/", launch_form(org_tree))
    assert response.status_code == 400  # Hà Nội is not a choice they have
    assert not Movement.objects.exists()


def test_outsider_gets_403_on_launch_page(signed_in, org_tree):
    assert signed_in("outsider").get("/phong-trao/phat-dong/").status_code == 403


def test_edit_keeps_launcher(signed_in, org_tree, hanoi_movement):
    client = signed_in("city_officer")
    url = f"/phong-trao/{hanoi_movement.pk}/sua/"
    assert client.get(url).status_code == 200
    data = launch_form(org_tree, name="Dân vận khéo 2026", unit=org_tree.laocai.pk, scope_kinds=[])
    assert client.post(url, data).status_code == 302
    hanoi_movement.refresh_from_db()
    assert hanoi_movement.name == "Dân vận khéo 2026"
    assert hanoi_movement.unit == org_tree.hanoi


def test_edit_page_opens_with_the_movements_values(signed_in, hanoi_movement):
    page = signed_in("city_officer").get(f"/phong-trao/{hanoi_movement.pk}/sua/").content.decode()
    assert 'value="Thi đua Dân vận khéo"' in page
    assert "giai đoạn 2025–2030.</textarea>" in page


def test_participant_cannot_edit(signed_in, hanoi_movement):
    assert signed_in("commune_officer").get(f"/phong-trao/{hanoi_movement.pk}/sua/").status_code == 403


# --- The movement's page ------------------------------------------------------------------------


def test_detail_hidden_from_another_province(signed_in, hanoi_movement):
    assert signed_in("laocai_officer").get(hanoi_movement.get_absolute_url()).status_code == 404
    assert signed_in("outsider").get(hanoi_movement.get_absolute_url()).status_code == 404


def test_commune_registers_and_city_approves(signed_in, hanoi_movement, org_tree):
    url = hanoi_movement.get_absolute_url()
    client = signed_in("commune_officer")
    page = text(client.get(url))
    assert "Đăng ký tham gia phong trào" in page
    response = client.post(
        f"{url}dang-ky/", {"unit": org_tree.thanh_xuan.pk, "pledge": PLEDGE, "submit": "1"}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING
    page = text(client.get(url))
    assert "Chờ duyệt" in page and "Đăng ký tham gia phong trào" not in page

    city = signed_in("city_officer")
    page = text(city.get(url))
    assert f"/phong-trao/dang-ky/{registration.pk}/duyet/" in page
    assert city.post(f"/phong-trao/dang-ky/{registration.pk}/duyet/").status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED
    assert "Đã duyệt đăng ký thi đua của Phường Thanh Xuân." in text(city.get(url))


def test_reject_without_reason_is_told(signed_in, hanoi_movement, org_tree, commune_officer):
    registration = services.register(
        commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE, submit=True
    )
    client = signed_in("city_officer")
    response = client.post(f"/phong-trao/dang-ky/{registration.pk}/tu-choi/", {"reason": ""}, follow=True)
    assert "Hãy ghi lý do từ chối." in text(response)
    response = client.post(
        f"/phong-trao/dang-ky/{registration.pk}/tu-choi/", {"reason": "Thiếu chỉ tiêu."}, follow=True
    )
    assert "Đã từ chối đăng ký thi đua của Phường Thanh Xuân." in text(response)
    # The ward sees why, and can amend and send again.
    page = text(signed_in("commune_officer").get(hanoi_movement.get_absolute_url()))
    assert "Thiếu chỉ tiêu." in page and "Sửa và gửi lại" in page


def test_refused_transition_is_shown_as_message(signed_in, hanoi_movement, org_tree, commune_officer):
    draft = services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)
    response = signed_in("city_officer").post(f"/phong-trao/dang-ky/{draft.pk}/duyet/", follow=True)
    assert "Không thể duyệt đăng ký: đăng ký của Phường Thanh Xuân đang ở trạng thái “Chưa gửi”." in text(
        response
    )


def test_commune_cannot_approve_via_url(signed_in, hanoi_movement, org_tree, commune_officer):
    registration = services.register(
        commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE, submit=True
    )
    response = signed_in("commune_officer").post(f"/phong-trao/dang-ky/{registration.pk}/duyet/")
    assert response.status_code == 403


def test_neighbour_cannot_touch_a_registration_it_does_not_see(
    signed_in, hanoi_movement, org_tree, commune_officer
):
    registration = services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)
    response = signed_in("dongda_officer").post(
        f"/phong-trao/dang-ky/{registration.pk}/sua/", {"pledge": "x"}
    )
    assert response.status_code == 404


def test_draft_is_saved_then_sent(signed_in, hanoi_movement, org_tree):
    client = signed_in("commune_officer")
    url = hanoi_movement.get_absolute_url()
    client.post(f"{url}dang-ky/", {"unit": org_tree.thanh_xuan.pk, "pledge": "", "draft": "1"})
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.DRAFT
    response = client.post(
        f"/phong-trao/dang-ky/{registration.pk}/sua/", {"pledge": "", "submit": "1"}, follow=True
    )
    assert "Hãy ghi nội dung đăng ký thi đua trước khi gửi." in text(response)
    client.post(f"/phong-trao/dang-ky/{registration.pk}/sua/", {"pledge": PLEDGE, "submit": "1"})
    registration.refresh_from_db()
    assert (registration.status, registration.pledge) == (Registration.Status.PENDING, PLEDGE)


def test_detail_shows_timeline_and_attachment_form_for_launcher(signed_in, hanoi_movement):
    page = text(signed_in("city_officer").get(hanoi_movement.get_absolute_url()))
    assert "Lịch sử thay đổi" in page and "Tạo mới" in page and "Vũ Thị Hồng" in page
    assert "Thêm tài liệu" in page and "Sửa phong trào" in page
    participant = text(signed_in("commune_officer").get(hanoi_movement.get_absolute_url()))
    assert "Thêm tài liệu" not in participant and "Sửa phong trào" not in participant


def test_wrong_upload_is_shown_on_the_page(signed_in, hanoi_movement, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    response = signed_in("city_officer").post(
        f"/phong-trao/{hanoi_movement.pk}/tai-lieu/",
        {"file": SimpleUploadedFile("a.exe", b"MZ"), "title": ""},
    )
    assert response.status_code == 400
    assert "Chỉ nhận tệp PDF, DOCX, XLSX, JPG hoặc PNG." in text(response)


# --- Criteria -----------------------------------------------------------------------------------


def test_criteria_page_creates_set_and_edits_criteria(signed_in, org_tree):
    client = signed_in("commune_officer")
    page = text(client.get("/phong-trao/tieu-chi/"))
    assert "Bộ tiêu chí của Phường Thanh Xuân" in page
    response = client.post(
        "/phong-trao/tieu-chi/", {"kind": "unit", "name": "Tiêu chí phường 2026", "year": "2026"}
    )
    criteria_set = CriteriaSet.objects.get()
    assert response["Location"] == criteria_set.get_absolute_url()
    add = f"/phong-trao/tieu-chi/{criteria_set.pk}/them/"
    client.post(add, {"text": "Gương mẫu", "required": "on"})
    response = client.post(add, {"text": "Tích cực tham gia"}, headers={"HX-Request": "true"})
    assert "<html" not in text(response) and "Tích cực tham gia" in text(response)
    first, second = criteria_set.criteria.order_by("order")
    assert (first.required, second.required) == (True, False)
    client.post(f"/phong-trao/tieu-chi/muc/{second.pk}/len/")
    assert [c.text for c in criteria_set.criteria.order_by("order")] == ["Tích cực tham gia", "Gương mẫu"]
    client.post(f"/phong-trao/tieu-chi/muc/{second.pk}/xoa/", headers={"HX-Request": "true"})
    assert [c.text for c in criteria_set.criteria.all()] == ["Gương mẫu"]
    # The composed checklist shows on the unit's criteria page.
    assert "Gương mẫu" in text(client.get("/phong-trao/tieu-chi/?year=2026"))


def test_empty_criterion_is_told(signed_in, org_tree, commune_officer):
    criteria_set = services.create_criteria_set(commune_officer, org_tree.thanh_xuan, kind="unit", name="X")
    response = signed_in("commune_officer").post(
        f"/phong-trao/tieu-chi/{criteria_set.pk}/them/", {"text": ""}
    )
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in text(response)


def test_other_wards_criteria_are_hidden(signed_in, org_tree, commune_officer):
    criteria_set = services.create_criteria_set(commune_officer, org_tree.thanh_xuan, kind="unit", name="X")
    client = signed_in("dongda_officer")
    assert client.get(criteria_set.get_absolute_url()).status_code == 404
    assert client.get(f"/phong-trao/tieu-chi/?unit={org_tree.thanh_xuan.pk}").status_code == 404


def test_city_general_criteria_are_read_only_for_a_ward(signed_in, org_tree, city_officer):
    criteria_set = services.create_criteria_set(
        city_officer, org_tree.hanoi, kind="general", name="Tiêu chuẩn Thủ đô"
    )
    services.add_criterion(city_officer, criteria_set, "Thanh lịch, văn minh")
    client = signed_in("commune_officer")
    page = text(client.get(criteria_set.get_absolute_url()))
    assert "Thanh lịch, văn minh" in page
    assert f"/phong-trao/tieu-chi/{criteria_set.pk}/them/" not in page
    criterion = criteria_set.criteria.get()
    assert client.post(f"/phong-trao/tieu-chi/muc/{criterion.pk}/xoa/").status_code == 403
    assert "Thanh lịch, văn minh" in text(client.get("/phong-trao/tieu-chi/"))


def test_movement_criteria_set_from_movement_page(signed_in, hanoi_movement):
    client = signed_in("city_officer")
    response = client.post(f"/phong-trao/{hanoi_movement.pk}/bo-tieu-chi/", {"name": "Tiêu chí Dân vận khéo"})
    criteria_set = CriteriaSet.objects.get()
    assert criteria_set.kind == "movement" and criteria_set.movement == hanoi_movement
    assert response["Location"] == criteria_set.get_absolute_url()
    assert "Tiêu chí Dân vận khéo" in text(
        signed_in("commune_officer").get(hanoi_movement.get_absolute_url())
    )


@pytest.mark.parametrize("url", ["/phong-trao/", "/phong-trao/tieu-chi/"])
def test_anonymous_is_sent_to_login(client, url, db):
    response = client.get(url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_movement_timeline_shows_the_registration_steps_each_user_may_see(
    signed_in, hanoi_movement, org_tree, commune_officer, dongda_officer, city_officer
):
    ward = services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE, submit=True)
    services.reject_registration(city_officer, ward, "Thiếu chỉ tiêu.")
    services.register(dongda_officer, hanoi_movement, org_tree.dong_da, PLEDGE, submit=True)
    city_page = text(signed_in("city_officer").get(hanoi_movement.get_absolute_url()))
    timeline = city_page[city_page.index("Lịch sử thay đổi") :]
    assert "Đăng ký của Phường Thanh Xuân: Chờ duyệt" in timeline
    assert "Đăng ký của Phường Thanh Xuân: Từ chối</strong> — Thiếu chỉ tiêu." in timeline
    assert "Đăng ký của Phường Đống Đa: Chờ duyệt" in timeline
    assert "Từ chối bởi Vũ Thị Hồng lúc" in city_page
    ward_page = text(signed_in("commune_officer").get(hanoi_movement.get_absolute_url()))
    assert "Phường Đống Đa" not in ward_page[ward_page.index('<main id="main"') :]


def test_criteria_set_timeline_lists_added_and_removed_criteria(signed_in, org_tree, commune_officer):
    criteria_set = services.create_criteria_set(commune_officer, org_tree.thanh_xuan, kind="unit", name="X")
    criterion = services.add_criterion(commune_officer, criteria_set, "Gương mẫu")
    services.remove_criterion(commune_officer, criterion)
    page = text(signed_in("commune_officer").get(criteria_set.get_absolute_url()))
    assert "Thêm tiêu chí: Gương mẫu" in page and "Bỏ tiêu chí: Gương mẫu" in page
