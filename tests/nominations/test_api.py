"""The dossier API: the same path as the pages, with JSON errors and version conflicts."""

from __future__ import annotations

import pytest

from guongsang.nominations import services
from guongsang.nominations.models import Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def payload(catalogue, nominee, org_tree):
    return {
        "nominee_id": nominee.pk,
        "award_type_id": catalogue["bang-khen-tinh"].pk,
        "submitting_unit_id": org_tree.ba_dinh.pk,
        "achievements": "Nhặt được ví tiền, trả lại người đánh rơi.",
    }


def test_create_submit_receive_return_resubmit_by_api(api_client, payload, ba_dinh_officer, city_appraiser):
    officer, appraiser = api_client(ba_dinh_officer), api_client(city_appraiser)
    created = officer.post("/api/v1/nominations/", payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["receiving_unit"]["name"] == "Thành phố Hà Nội"
    pk = body["id"]
    submitted = officer.post(f"/api/v1/nominations/{pk}/transitions/submit", {"version": body["version"]})
    assert submitted.status_code == 200, submitted.content
    received = appraiser.post(
        f"/api/v1/nominations/{pk}/transitions/receive", {"version": submitted.json()["version"]}
    )
    assert received.json()["status"] == "under_appraisal" and received.json()["rule_id"]
    returned = appraiser.post(
        f"/api/v1/nominations/{pk}/transitions/return_for_supplement",
        {"version": received.json()["version"], "note": "Bổ sung xác nhận."},
    )
    assert returned.json()["status"] == "returned"
    again = officer.post(f"/api/v1/nominations/{pk}/transitions/resubmit", {})
    assert again.json()["status"] == "submitted"
    events = officer.get(f"/api/v1/nominations/{pk}/events").json()
    assert [e["action"] for e in events][:2] == ["resubmit", "return_for_supplement"]
    assert events[1]["note"] == "Bổ sung xác nhận."


def test_stale_version_is_a_409_conflict(api_client, payload, ba_dinh_officer, second_ba_dinh_officer):
    created = api_client(ba_dinh_officer).post("/api/v1/nominations/", payload).json()
    first = api_client(ba_dinh_officer).client.patch(
        f"/api/v1/nominations/{created['id']}",
        {"version": created["version"], "achievements": "A"},
        content_type="application/json",
        headers=api_client(ba_dinh_officer)._headers(),
    )
    assert first.status_code == 200
    second = api_client(second_ba_dinh_officer).post(
        f"/api/v1/nominations/{created['id']}/transitions/submit", {"version": created["version"]}
    )
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"
    assert "người khác" in second.json()["message"]
    assert Nomination.objects.get(pk=created["id"]).status == Nomination.Status.DRAFT


def test_transition_from_wrong_state_is_409(api_client, payload, ba_dinh_officer, city_appraiser):
    created = api_client(ba_dinh_officer).post("/api/v1/nominations/", payload).json()
    response = api_client(city_appraiser).post(
        f"/api/v1/nominations/{created['id']}/transitions/appraise", {}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"


def test_wrong_actor_gets_403_in_vietnamese(api_client, payload, ba_dinh_officer):
    created = api_client(ba_dinh_officer).post("/api/v1/nominations/", payload).json()
    response = api_client(ba_dinh_officer).post(f"/api/v1/nominations/{created['id']}/transitions/submit", {})
    assert response.status_code == 200
    refused = api_client(ba_dinh_officer).post(f"/api/v1/nominations/{created['id']}/transitions/receive", {})
    assert refused.status_code == 403
    assert "không có quyền" in refused.json()["message"]


def test_unknown_transition_is_404(api_client, payload, ba_dinh_officer):
    created = api_client(ba_dinh_officer).post("/api/v1/nominations/", payload).json()
    response = api_client(ba_dinh_officer).post(
        f"/api/v1/nominations/{created['id']}/transitions/approve", {}
    )
    assert response.status_code == 404 and response.json()["code"] == "unknown_transition"


def test_return_without_reason_is_422(api_client, payload, ba_dinh_officer, city_appraiser):
    created = api_client(ba_dinh_officer).post("/api/v1/nominations/", payload).json()
    api_client(ba_dinh_officer).post(f"/api/v1/nominations/{created['id']}/transitions/submit", {})
    api_client(city_appraiser).post(f"/api/v1/nominations/{created['id']}/transitions/receive", {})
    response = api_client(city_appraiser).post(
        f"/api/v1/nominations/{created['id']}/transitions/return_for_supplement", {"note": ""}
    )
    assert response.status_code == 422
    assert "nội dung cần bổ sung" in response.json()["message"]


def test_other_province_sees_nothing(api_client, payload, ba_dinh_officer, laocai_officer, commune_officer):
    created = api_client(ba_dinh_officer).post("/api/v1/nominations/", payload).json()
    for outsider in (laocai_officer, commune_officer):
        client = api_client(outsider)
        assert client.get("/api/v1/nominations/").json()["count"] == 0
        assert client.get(f"/api/v1/nominations/{created['id']}").status_code == 404
        assert (
            client.post(
                f"/api/v1/nominations/{created['id']}/transitions/withdraw", {"note": "x"}
            ).status_code
            == 404
        )


def test_cannot_create_for_a_unit_out_of_scope(api_client, payload, laocai_officer):
    response = api_client(laocai_officer).post("/api/v1/nominations/", payload)
    assert response.status_code == 404


def test_bad_input_is_422_json(api_client, payload, ba_dinh_officer):
    client = api_client(ba_dinh_officer)
    response = client.post("/api/v1/nominations/", {**payload, "nominee_id": "abc"})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    response = client.post("/api/v1/nominations/", raw="{not json")
    assert response.status_code in (400, 422)
    response = client.post("/api/v1/nominations/", {**payload, "achievements": ""})
    assert response.status_code == 422


def test_list_filters(api_client, payload, ba_dinh_officer, city_appraiser, catalogue, nominee, org_tree):
    api_client(ba_dinh_officer).post("/api/v1/nominations/", payload)
    client = api_client(city_appraiser)
    assert client.get("/api/v1/nominations/", {"q": "nguyen van duc"}).json()["count"] == 1
    assert client.get("/api/v1/nominations/", {"status": "submitted"}).json()["count"] == 0
    assert client.get("/api/v1/nominations/", {"status": "draft"}).json()["count"] == 1


def test_available_transitions(api_client, payload, ba_dinh_officer):
    created = api_client(ba_dinh_officer).post("/api/v1/nominations/", payload).json()
    names = {
        t["name"]
        for t in api_client(ba_dinh_officer).get(f"/api/v1/nominations/{created['id']}/transitions").json()
    }
    assert names == {"submit", "withdraw"}
    assert services.TRANSITIONS["submit"].label
