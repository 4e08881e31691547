"""The targets' API: plans, targets, progress and ranking under /api/v1/targets/."""

from __future__ import annotations

import pytest

from guongsang.api import api

BASE = "/api/v1/targets"


def test_progress_of_a_unit(api_client, org_tree, plan, recognise, commune_officer):
    recognise(org_tree.thanh_xuan, year=2025)
    response = api_client(commune_officer).get(f"{BASE}/progress/{org_tree.thanh_xuan.pk}", {"year": 2025})
    assert response.status_code == 200, response.content
    [row] = response.json()
    assert (row["target"]["code"], row["value"], row["required"]) == ("commune-build", 1, 2)
    assert row["status"] in {"behind", "on_track", "missed"}
    assert row["plan"] == "99/KH-UBND (2023–2025)"


def test_out_of_reach_is_404(api_client, org_tree, plan, commune_officer):
    client = api_client(commune_officer)
    response = client.get(f"{BASE}/progress/{org_tree.dong_da.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_ranking_of_children(api_client, org_tree, plan, recognise, city_appraiser):
    recognise(org_tree.ba_dinh, year=2025)
    target = plan.targets.get(code="commune-build")
    response = api_client(city_appraiser).get(
        f"{BASE}/progress/{org_tree.hanoi.pk}/children", {"year": 2025, "target": target.pk, "sort": "-value"}
    )
    assert response.status_code == 200, response.content
    assert response.json()[0]["unit"]["name"] == "Phường Ba Đình"


def test_plans_and_a_target_added(api_client, org_tree, plan, city_appraiser, commune_officer):
    client = api_client(city_appraiser)
    listed = client.get(f"{BASE}/plans").json()
    assert [p["number"] for p in listed["items"]] == ["99/KH-UBND"]
    # A commune's officer reads the city's plan that gives the commune its targets.
    assert api_client(commune_officer).get(f"{BASE}/plans/{plan.pk}").status_code == 200
    created = client.post(
        f"{BASE}/plans/{plan.pk}/targets",
        {
            "code": "stories",
            "label": "Mỗi phường đăng ≥ 4 bài",
            "metric": "stories_published",
            "unit_kinds": ["commune"],
            "threshold_kind": "absolute",
            "threshold": 4,
        },
    )
    assert created.status_code == 201, created.content
    detail = client.get(f"{BASE}/plans/{plan.pk}").json()
    assert "stories" in [t["code"] for t in detail["targets"]]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"threshold": -3}, "validation_error"),
        ({"threshold_kind": "coverage", "threshold": 150}, "validation_error"),
    ],
)
def test_a_bad_target_is_refused_in_vietnamese(api_client, plan, city_appraiser, changes, code):
    body = {
        "code": "x",
        "label": "Thử",
        "metric": "recognitions",
        "threshold_kind": "absolute",
        "threshold": 2,
    }
    response = api_client(city_appraiser).post(f"{BASE}/plans/{plan.pk}/targets", {**body, **changes})
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert not plan.targets.filter(code="x").exists()


def test_a_commune_officer_cannot_add_to_the_city_plan(api_client, plan, commune_officer):
    body = {
        "code": "x",
        "label": "Thử",
        "metric": "recognitions",
        "threshold_kind": "absolute",
        "threshold": 2,
    }
    assert api_client(commune_officer).post(f"{BASE}/plans/{plan.pk}/targets", body).status_code == 403


def test_the_openapi_describes_the_targets_with_distinct_enums(db):
    schema = api.get_openapi_schema()
    assert f"{BASE}/progress/{{unit_id}}" in schema["paths"]
    components = schema["components"]["schemas"]
    assert {"TargetThresholdKind", "TargetSpan", "TargetProgressStatus"} <= set(components)
