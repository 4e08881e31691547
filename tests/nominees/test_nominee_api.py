"""The nominee API: scope, masked CCCD, create with duplicates, reveal, merge, bad input as JSON."""

import json

import pytest

from guongsang.nominees import services
from guongsang.nominees.models import Nominee, SensitiveAccess
from tests.nominees.conftest import CCCD

API = "/api/v1/nominees/"


def patch(api, path, data):
    return api.client.patch(path, json.dumps(data), content_type="application/json", headers=api._headers())


@pytest.fixture
def laocai_nominee(org_tree, laocai_officer):
    return services.create_nominee(
        laocai_officer, full_name="Giàng A Páo", birth_year=1975, unit=org_tree.bao_thang
    )


def test_list_is_scoped(api_client, duc, laocai_nominee, laocai_officer, city_appraiser):
    laocai = api_client(laocai_officer).get(API).json()
    assert [n["full_name"] for n in laocai["items"]] == ["Giàng A Páo"]
    hanoi = api_client(city_appraiser).get(API, {"q": "nguyen van duc"}).json()
    assert [n["full_name"] for n in hanoi["items"]] == ["Nguyễn Văn Đức"]
    assert hanoi["count"] == 1


def test_list_filters(api_client, duc, org_tree, ba_dinh_officer, city_appraiser):
    services.create_nominee(ba_dinh_officer, kind="household", full_name="Hộ ông Đức", unit=org_tree.ba_dinh)
    api = api_client(city_appraiser)
    assert [n["full_name"] for n in api.get(API, {"kind": "household"}).json()["items"]] == ["Hộ ông Đức"]
    assert api.get(API, {"unit": org_tree.thanh_xuan.pk}).json()["count"] == 0
    assert api.get(API, {"unit": org_tree.bao_thang.pk}).status_code == 404


def test_detail_is_scoped_and_masked(api_client, duc, laocai_officer, city_appraiser):
    assert api_client(laocai_officer).get(f"{API}{duc.pk}").status_code == 404
    body = api_client(city_appraiser).get(f"{API}{duc.pk}").json()
    assert body["cccd_masked"] == "0010******45"
    assert CCCD not in json.dumps(body) and "0912345678" not in json.dumps(body)
    assert body["unit"]["name"] == "Phường Ba Đình"


def test_create_returns_likely_duplicates(api_client, duc, org_tree, city_appraiser):
    response = api_client(city_appraiser).post(
        API, {"full_name": "nguyen van duc", "birth_year": 1980, "unit": org_tree.ba_dinh.pk}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nominee"]["full_name"] == "nguyen van duc"
    assert [(d["nominee"]["id"], d["score"]) for d in body["duplicates"]] == [(duc.pk, 100)]


def test_create_bad_input_is_clear_json(api_client, org_tree, ba_dinh_officer):
    api = api_client(ba_dinh_officer)
    response = api.post(
        API, {"full_name": "Lê Văn A", "unit": org_tree.ba_dinh.pk, "cccd": "12", "phone": "1"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert fields["cccd"].startswith("Số CCCD phải gồm đúng 12 chữ số")
    assert "phone" in fields
    assert api.post(API, {"unit": org_tree.ba_dinh.pk}).status_code == 422
    assert api.post(API, {"full_name": "A", "unit": "abc"}).status_code == 422
    assert api.post(API, {"full_name": "A", "unit": 999999}).json()["code"] == "validation_error"
    assert api.post(API, raw="{not json").status_code == 400
    assert api.post(API, {"full_name": "A", "unit": org_tree.ba_dinh.pk, "gender": "x"}).status_code == 422
    # A NUL byte would make PostgreSQL fail; it is refused as bad input instead.
    assert api.post(API, {"full_name": "A\x00B", "unit": org_tree.ba_dinh.pk}).status_code == 422
    assert api.post(API, {"full_name": "A", "unit": 10**30}).status_code == 422
    assert api.get(API, {"q": "nguyen\x00"}).status_code == 200
    assert not Nominee.objects.exists()


def test_create_in_another_unit_is_forbidden(api_client, org_tree, commune_officer):
    response = api_client(commune_officer).post(
        API, {"full_name": "Lê Văn A", "unit": org_tree.thanh_xuan.pk}
    )
    assert response.status_code == 201
    # Ba Đình is out of the Thanh Xuân officer's sight: refused as an unknown unit.
    response = api_client(commune_officer).post(API, {"full_name": "Lê Văn A", "unit": org_tree.ba_dinh.pk})
    assert response.status_code == 422


def test_editor_may_not_create(api_client, org_tree, city_editor):
    response = api_client(city_editor).post(API, {"full_name": "Lê Văn A", "unit": org_tree.ba_dinh.pk})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_update(api_client, duc, ba_dinh_officer, laocai_officer):
    response = patch(api_client(ba_dinh_officer), f"{API}{duc.pk}", {"occupation": "Bác sĩ", "phone": None})
    assert response.status_code == 200, response.content
    duc.refresh_from_db()
    assert duc.occupation == "Bác sĩ" and duc.phone == "" and duc.cccd == CCCD
    assert patch(api_client(laocai_officer), f"{API}{duc.pk}", {"occupation": "X"}).status_code == 404
    bad = patch(api_client(ba_dinh_officer), f"{API}{duc.pk}", {"full_name": None})
    assert bad.status_code == 422


def test_reveal_cccd_is_allowed_for_appraisers_and_logged(api_client, duc, city_appraiser, city_editor):
    response = api_client(city_appraiser).post(f"{API}{duc.pk}/reveal-cccd")
    assert response.json() == {"cccd": CCCD}
    assert SensitiveAccess.objects.get().user == city_appraiser
    refused = api_client(city_editor).post(f"{API}{duc.pk}/reveal-cccd")
    assert refused.status_code == 403 and "CCCD" in refused.json()["message"]
    assert SensitiveAccess.objects.count() == 1


def test_reveal_out_of_scope_is_not_found(api_client, duc, laocai_officer):
    assert api_client(laocai_officer).post(f"{API}{duc.pk}/reveal-cccd").status_code == 404


def test_duplicates_endpoint(api_client, duc, org_tree, city_appraiser, laocai_officer):
    params = {"full_name": "NGUYEN VAN DUC", "birth_year": 1980, "unit": org_tree.ba_dinh.pk}
    found = api_client(city_appraiser).get(f"{API}duplicates", params).json()
    assert [d["nominee"]["id"] for d in found] == [duc.pk]
    assert any("1980" in r for r in found[0]["reasons"])
    assert api_client(laocai_officer).get(f"{API}duplicates", {"full_name": "Nguyễn Văn Đức"}).json() == []
    assert api_client(city_appraiser).get(f"{API}duplicates").status_code == 422
    assert (
        api_client(city_appraiser).get(f"{API}duplicates", {"full_name": "A", "birth_year": "x"}).status_code
        == 422
    )


def test_merge(api_client, duc, org_tree, ba_dinh_officer, laocai_officer):
    again = services.create_nominee(
        ba_dinh_officer, full_name="nguyen van duc", birth_year=1980, unit=org_tree.ba_dinh
    )
    assert (
        api_client(laocai_officer).post(f"{API}merge", {"keep": duc.pk, "drop": again.pk}).status_code == 404
    )
    response = api_client(ba_dinh_officer).post(f"{API}merge", {"keep": duc.pk, "drop": again.pk})
    assert response.status_code == 200 and response.json()["id"] == duc.pk
    again.refresh_from_db()
    assert again.merged_into == duc
    twice = api_client(ba_dinh_officer).post(f"{API}merge", {"keep": duc.pk, "drop": again.pk})
    assert twice.status_code == 422 and "hợp nhất" in twice.json()["message"]
    assert api_client(ba_dinh_officer).post(f"{API}merge", {"keep": duc.pk}).status_code == 422


def test_consents(api_client, duc, ba_dinh_officer, city_editor):
    api = api_client(ba_dinh_officer)
    created = api.post(f"{API}{duc.pk}/consents", {"given_by": "Nguyễn Văn Đức", "scope": "portal"})
    assert created.status_code == 201, created.content
    consent_id = created.json()["id"]
    assert [c["scope"] for c in api_client(city_editor).get(f"{API}{duc.pk}/consents").json()] == ["portal"]
    assert api.post(f"{API}{duc.pk}/consents", {"given_by": "X", "scope": "tv"}).status_code == 422
    assert api_client(city_editor).post(f"{API}{duc.pk}/consents/{consent_id}/withdraw").status_code == 403
    withdrawn = api.post(f"{API}{duc.pk}/consents/{consent_id}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
    assert api.post(f"{API}{duc.pk}/consents/{consent_id}/withdraw").status_code == 422


def test_anonymous_is_refused(api_client, duc):
    response = api_client().get(API)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
