"""The org tree through the API: search, filters, pagination, detail and children, all scoped."""

import pytest

from guongsang.core.permissions import Role
from tests.factories import PERSONA_SCOPES, MembershipFactory, UserFactory

ORGS = "/api/v1/orgs/"


def names(response) -> list[str]:
    return [unit["name"] for unit in response.json()["items"]]


@pytest.fixture
def appraiser_api(api_client, city_appraiser):
    return api_client(city_appraiser)


# --- Scope: the same matrix as the pages --------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), PERSONA_SCOPES.items())
def test_list_units_matches_persona_scope(request, api_client, org_tree, persona, expected):
    response = api_client(request.getfixturevalue(persona)).get(ORGS)
    assert response.status_code == 200
    ids = {unit["id"] for unit in response.json()["items"]}
    assert ids == {getattr(org_tree, key).pk for key in expected}
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("persona", PERSONA_SCOPES)
def test_get_unit_only_within_scope(request, api_client, org_tree, persona):
    client = api_client(request.getfixturevalue(persona))
    for key, unit in vars(org_tree).items():
        response = client.get(f"{ORGS}{unit.pk}")
        if key in PERSONA_SCOPES[persona]:
            assert response.status_code == 200, key
            assert response.json()["name"] == unit.name
        else:
            assert response.status_code == 404, key
            assert response.json()["code"] == "not_found"


def test_list_units_outsider_gets_empty_page(api_client, outsider):
    response = api_client(outsider).get(ORGS)
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


# --- Search and filters -------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["dong da", "DONG DA", "đống đa", "Đống Đa", "  dong   da "])
def test_list_units_search_ignores_diacritics_and_case(appraiser_api, query):
    response = appraiser_api.get(ORGS, {"q": query})
    assert response.status_code == 200
    assert names(response) == ["Phường Đống Đa"]


def test_list_units_search_every_word_must_match(appraiser_api):
    response = appraiser_api.get(ORGS, {"q": "phuong da"})
    assert response.status_code == 200
    assert names(response) == ["Phường Đống Đa"]


def test_list_units_search_outside_scope_finds_nothing(appraiser_api):
    response = appraiser_api.get(ORGS, {"q": "bao thang"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("commune", ["Phường Thanh Xuân", "Phường Đống Đa", "Phường Ba Đình"]),
        ("school", ["Trường THPT Chu Văn An"]),
        ("department", ["Sở Nội vụ"]),
        ("province", ["Thành phố Hà Nội"]),
        ("enterprise", []),
    ],
)
def test_list_units_kind_filter(appraiser_api, kind, expected):
    response = appraiser_api.get(ORGS, {"kind": kind})
    assert response.status_code == 200
    assert names(response) == expected


def test_list_units_parent_filter_lists_direct_children(appraiser_api, org_tree):
    response = appraiser_api.get(ORGS, {"parent": org_tree.hanoi.pk})
    assert response.status_code == 200
    assert names(response) == [
        "Phường Thanh Xuân",
        "Phường Đống Đa",
        "Phường Ba Đình",
        "Sở Nội vụ",
        "Trường THPT Chu Văn An",
    ]
    assert {unit["parent_id"] for unit in response.json()["items"]} == {org_tree.hanoi.pk}


def test_list_units_parent_and_kind_and_query_combine(appraiser_api, org_tree):
    response = appraiser_api.get(ORGS, {"parent": org_tree.hanoi.pk, "kind": "commune", "q": "ba dinh"})
    assert response.status_code == 200
    assert names(response) == ["Phường Ba Đình"]


def test_list_units_parent_outside_scope_is_404(appraiser_api, org_tree):
    response = appraiser_api.get(ORGS, {"parent": org_tree.laocai.pk})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_units_superuser_parent_nation_lists_provinces(api_client, superuser, org_tree):
    response = api_client(superuser).get(ORGS, {"parent": org_tree.nation.pk})
    assert response.status_code == 200
    assert names(response) == ["Thành phố Hà Nội", "Tỉnh Lào Cai"]


# --- Pagination ---------------------------------------------------------------------------------


def test_list_units_pagination_shape_and_pages(api_client, superuser):
    client = api_client(superuser)
    first = client.get(ORGS, {"page_size": 4})
    assert first.status_code == 200
    assert set(first.json()) == {"items", "count"}
    assert first.json()["count"] == 9
    assert len(first.json()["items"]) == 4
    third = client.get(ORGS, {"page_size": 4, "page": 3})
    assert third.status_code == 200
    assert len(third.json()["items"]) == 1
    everything = names(client.get(ORGS, {"page_size": 100}))
    assert len(set(everything)) == 9
    assert everything[:2] == ["Việt Nam", "Thành phố Hà Nội"]  # tree order


def test_list_units_page_past_the_end_is_empty(appraiser_api):
    response = appraiser_api.get(ORGS, {"page": 50})
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 6}


# --- Detail and children ------------------------------------------------------------------------


def test_get_unit_returns_all_fields(appraiser_api, org_tree):
    response = appraiser_api.get(f"{ORGS}{org_tree.hanoi.pk}")
    assert response.status_code == 200
    assert response.json() == {
        "id": org_tree.hanoi.pk,
        "name": "Thành phố Hà Nội",
        "short_name": "",
        "kind": "province",
        "kind_display": "Tỉnh, thành phố trực thuộc trung ương",
        "code": "01",
        "depth": 2,
        "parent_id": org_tree.nation.pk,
        "has_children": True,
        "staff_count": None,
        "valid_from": None,
        "valid_to": None,
        # The last day in force (valid_to is the first day no longer in force).
        "valid_until": None,
    }


def test_get_unit_leaf_has_no_children(appraiser_api, org_tree):
    response = appraiser_api.get(f"{ORGS}{org_tree.so_noi_vu.pk}")
    assert response.status_code == 200
    assert response.json()["has_children"] is False
    assert response.json()["staff_count"] == 120


def test_unit_children_lists_direct_children(appraiser_api, org_tree):
    response = appraiser_api.get(f"{ORGS}{org_tree.hanoi.pk}/children")
    assert response.status_code == 200
    assert response.json()["count"] == 5
    assert names(response)[0] == "Phường Thanh Xuân"


def test_unit_children_of_leaf_is_empty(appraiser_api, org_tree):
    response = appraiser_api.get(f"{ORGS}{org_tree.dong_da.pk}/children")
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_unit_children_shows_only_visible_ones(api_client, org_tree):
    # An officer of the city and of one ward: officer roles do not reach down the tree.
    user = UserFactory()
    for unit in (org_tree.hanoi, org_tree.ba_dinh):
        MembershipFactory(user=user, unit=unit, role=Role.OFFICER)
    response = api_client(user).get(f"{ORGS}{org_tree.hanoi.pk}/children")
    assert response.status_code == 200
    assert names(response) == ["Phường Ba Đình"]


@pytest.mark.parametrize(
    ("persona", "unit_key"),
    [
        ("commune_officer", "hanoi"),
        ("city_appraiser", "laocai"),
        ("laocai_officer", "laocai"),
        ("outsider", "hanoi"),
    ],
)
def test_unit_children_outside_scope_is_404(request, api_client, org_tree, persona, unit_key):
    client = api_client(request.getfixturevalue(persona))
    response = client.get(f"{ORGS}{getattr(org_tree, unit_key).pk}/children")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
