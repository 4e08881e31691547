"""/api/v1/movements/: scoped lists and lookups, the same services as the pages, JSON errors."""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.movements import services
from guongsang.movements.models import Movement, Registration

API = "/api/v1/movements/"
PLEDGE = "Xây dựng 5 mô hình dân vận khéo."


def movement_body(org_tree, **overrides) -> dict:
    body = {
        "unit": org_tree.hanoi.id,
        "name": "Thi đua Chuyển đổi số",
        "kind": "campaign",
        "start_date": "2026-03-01",
        "end_date": "2026-12-31",
        "fields": ["giao-duc", "y-te"],
        "standing_unit": org_tree.so_noi_vu.id,
        "scope_kinds": ["commune"],
    }
    body.update(overrides)
    return body


def test_anonymous_is_401(api_client, hanoi_movement):
    response = api_client().get(API)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_list_is_paginated(api_client, org_tree, city_officer):
    for n in range(55):
        services.launch_movement(
            city_officer,
            org_tree.hanoi,
            name=f"Phong trào {n}",
            kind="campaign",
            start_date=dt.date(2025, 1, 1),
        )
    client = api_client(city_officer)
    first = client.get(API).json()
    assert first["count"] == 55 and len(first["items"]) == 50
    assert len(client.get(API, {"page": 2}).json()["items"]) == 5


def test_laocai_officer_never_sees_hanoi_movement(api_client, hanoi_movement, laocai_officer):
    client = api_client(laocai_officer)
    assert client.get(API).json() == {"items": [], "count": 0}
    response = client.get(f"{API}{hanoi_movement.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(f"{API}{hanoi_movement.pk}/registrations").status_code == 404


def test_commune_officer_lists_and_reads(api_client, hanoi_movement, commune_officer):
    client = api_client(commune_officer)
    body = client.get(API, {"q": "dan van"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["name"] == "Thi đua Dân vận khéo"
    assert item["unit"] == {"id": hanoi_movement.unit_id, "name": "Thành phố Hà Nội"}
    assert item["kind_display"] == "Thường xuyên"
    assert client.get(API, {"kind": "thematic"}).json()["count"] == 0
    assert client.get(f"{API}{hanoi_movement.pk}").json()["description"].startswith("Phong trào thi đua")


def test_create_by_city_officer(api_client, org_tree, city_officer):
    response = api_client(city_officer).post(API, movement_body(org_tree))
    assert response.status_code == 201, response.content
    body = response.json()
    assert [f["code"] for f in body["fields"]] == ["giao-duc", "y-te"]
    assert body["standing_unit"]["name"] == "Sở Nội vụ"
    movement = Movement.objects.get()
    assert {row.history_user for row in movement.history.all()} == {city_officer}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", None),
        ({"kind": "yearly"}, "kind", None),
        ({"start_date": "31/12/2026"}, "start_date", "Ngày không hợp lệ."),
        ({"end_date": "2026-01-01"}, None, "Ngày kết thúc không được trước ngày bắt đầu."),
        ({"fields": ["khong-co"]}, "fields", "Không có lĩnh vực mã: khong-co."),
        ({"scope_kinds": ["village"]}, "scope_kinds", None),
        ({"unit": 999999}, "unit", "Không tìm thấy đơn vị này trong phạm vi của bạn."),
        ({"unit": "Hà Nội"}, "unit", "Phải là một số."),
    ],
)
def test_create_bad_input_is_a_clear_422(api_client, org_tree, city_officer, overrides, field, message):
    response = api_client(city_officer).post(API, movement_body(org_tree, **overrides))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    if field:
        assert any(e["field"].split(".")[0] == field for e in body["errors"])
    if message:
        assert message in body["message"] or message in [e["message"] for e in body["errors"]]
    assert not Movement.objects.exists()


def test_create_for_another_province_is_refused(api_client, org_tree, city_officer, laocai_officer):
    response = api_client(laocai_officer).post(API, movement_body(org_tree, standing_unit=None))
    assert response.status_code == 422
    response = api_client(city_officer).post(
        API, movement_body(org_tree, standing_unit=org_tree.bao_thang.id)
    )
    assert response.status_code == 422
    assert (
        response.json()["message"]
        == "Cơ quan thường trực phải là Thành phố Hà Nội hoặc một đơn vị trực thuộc."
    )


def test_create_without_launcher_role_is_403(api_client, org_tree, city_appraiser):
    response = api_client(city_appraiser).post(API, movement_body(org_tree))
    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "Bạn không có quyền phát động phong trào tại Thành phố Hà Nội.",
    }


def test_malformed_json_is_400(api_client, city_officer):
    response = api_client(city_officer).post(API, raw="{not json")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


def test_registration_flow(api_client, hanoi_movement, org_tree, commune_officer, city_officer):
    ward = api_client(commune_officer)
    city = api_client(city_officer)
    url = f"{API}{hanoi_movement.pk}/registrations"
    response = ward.post(url, {"unit": org_tree.thanh_xuan.id, "pledge": PLEDGE})
    assert response.status_code == 201
    registration = response.json()
    assert registration["status"] == "draft" and registration["status_display"] == "Chưa gửi"
    rid = registration["id"]

    # The launcher cannot decide a draft: 409 with the reason.
    response = city.post(f"{API}registrations/{rid}/approve")
    assert response.status_code == 409
    assert response.json() == {
        "code": "invalid_transition",
        "message": "Không thể duyệt đăng ký: đăng ký của Phường Thanh Xuân đang ở trạng thái “Chưa gửi”.",
    }
    assert ward.post(f"{API}registrations/{rid}/submit").json()["status"] == "pending"
    # The ward cannot approve itself.
    assert ward.post(f"{API}registrations/{rid}/approve").status_code == 403
    response = city.post(f"{API}registrations/{rid}/reject", {"reason": ""})
    assert response.status_code == 422 and response.json()["message"] == "Hãy ghi lý do từ chối."
    response = city.post(f"{API}registrations/{rid}/reject", {"reason": "Thiếu chỉ tiêu."})
    assert response.json()["status"] == "rejected" and response.json()["reason"] == "Thiếu chỉ tiêu."
    ward.post(f"{API}registrations/{rid}/pledge", {"pledge": PLEDGE + " Có chỉ tiêu."})
    ward.post(f"{API}registrations/{rid}/submit")
    assert city.post(f"{API}registrations/{rid}/approve").json()["status"] == "approved"
    assert [r["unit"]["name"] for r in city.get(url).json()["items"]] == ["Phường Thanh Xuân"]


def test_registration_by_id_is_scoped(
    api_client, hanoi_movement, org_tree, commune_officer, dongda_officer, laocai_officer
):
    registration = services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)
    for user in (dongda_officer, laocai_officer):
        client = api_client(user)
        assert client.get(f"{API}registrations/{registration.pk}").status_code == 404
        assert client.post(f"{API}registrations/{registration.pk}/submit").status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.DRAFT


def test_register_and_submit_at_once_and_twice_is_refused(
    api_client, hanoi_movement, org_tree, commune_officer
):
    client = api_client(commune_officer)
    url = f"{API}{hanoi_movement.pk}/registrations"
    assert (
        client.post(url, {"unit": org_tree.thanh_xuan.id, "pledge": PLEDGE, "submit": True}).json()["status"]
        == "pending"
    )
    response = client.post(url, {"unit": org_tree.thanh_xuan.id, "pledge": PLEDGE})
    assert response.status_code == 422
    assert response.json()["message"] == "Phường Thanh Xuân đã đăng ký phong trào này."


def test_criteria_checklist(
    api_client, hanoi_movement, org_tree, city_officer, commune_officer, laocai_officer
):
    general = services.create_criteria_set(
        city_officer, org_tree.hanoi, kind="general", name="Tiêu chuẩn Thủ đô"
    )
    services.add_criterion(city_officer, general, "Thanh lịch, văn minh")
    own = services.create_criteria_set(commune_officer, org_tree.thanh_xuan, kind="unit", name="Riêng phường")
    services.add_criterion(commune_officer, own, "Tham gia tổ dân phố")
    movement_set = services.create_criteria_set(
        city_officer, org_tree.hanoi, kind="movement", name="Dân vận", movement=hanoi_movement
    )
    services.add_criterion(city_officer, movement_set, "Có mô hình dân vận")
    client = api_client(commune_officer)
    body = client.get(
        f"{API}criteria", {"unit": org_tree.thanh_xuan.id, "movement": hanoi_movement.pk}
    ).json()
    assert [(c["text"], c["set_kind"]) for c in body] == [
        ("Thanh lịch, văn minh", "general"),
        ("Có mô hình dân vận", "movement"),
        ("Tham gia tổ dân phố", "unit"),
    ]
    assert body[0]["set_unit"] == "Thành phố Hà Nội"
    assert client.get(f"{API}criteria", {"unit": org_tree.dong_da.id}).status_code == 404
    assert client.get(f"{API}criteria", {"unit": "x"}).status_code == 422
    assert client.get(f"{API}criteria", {"unit": org_tree.thanh_xuan.id, "year": 99}).status_code == 422
    sets = client.get(f"{API}criteria-sets").json()
    assert {s["name"] for s in sets["items"]} == {"Tiêu chuẩn Thủ đô", "Riêng phường", "Dân vận"}
    assert api_client(laocai_officer).get(f"{API}criteria-sets").json()["count"] == 0


@pytest.mark.parametrize(
    "query", [{"page": "0"}, {"page": "99999999999"}, {"year": "abc"}, {"state": "later"}]
)
def test_bad_list_parameters_are_422(api_client, commune_officer, query):
    response = api_client(commune_officer).get(API, query)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
