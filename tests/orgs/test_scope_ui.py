"""The org pages show each persona exactly the part of the tree their roles reach."""

import pytest

from tests.factories import PERSONA_SCOPES as VISIBLE

UNIT_NAMES = {
    "nation": "Việt Nam",
    "hanoi": "Thành phố Hà Nội",
    "thanh_xuan": "Phường Thanh Xuân",
    "dong_da": "Phường Đống Đa",
    "ba_dinh": "Phường Ba Đình",
    "so_noi_vu": "Sở Nội vụ",
    "chu_van_an": "Trường THPT Chu Văn An",
    "laocai": "Tỉnh Lào Cai",
    "bao_thang": "Xã Bảo Thắng",
}


@pytest.fixture
def signed_in(client, request):
    """``signed_in("city_appraiser")``: the test client, signed in as that persona."""

    def sign_in(persona: str):
        client.force_login(request.getfixturevalue(persona))
        return client

    return sign_in


def page_text(response) -> str:
    return response.content.decode()


def results_text(response) -> str:
    """The search results block of the org browser, without the header naming the user's unit."""
    text = page_text(response)
    start = text.index('id="results"')
    return text[start : text.index("</main>", start)]


# --- The tree: where each persona's browser starts ---------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("commune_officer", ["Phường Thanh Xuân"], ["Phường Đống Đa", "Thành phố Hà Nội", "Tỉnh Lào Cai"]),
        ("city_appraiser", ["Thành phố Hà Nội"], ["Tỉnh Lào Cai", "Xã Bảo Thắng"]),
        ("laocai_officer", ["Xã Bảo Thắng"], ["Thành phố Hà Nội", "Phường Thanh Xuân", "Tỉnh Lào Cai"]),
        ("superuser", ["Việt Nam"], []),
    ],
)
def test_browse_tree_starts_at_persona_scope(signed_in, persona, shown, hidden):
    response = signed_in(persona).get("/don-vi/")
    assert response.status_code == 200
    for name in shown:
        assert name in page_text(response)
    for name in hidden:
        assert name not in page_text(response)


def test_browse_outsider_sees_empty_tree(signed_in):
    response = signed_in("outsider").get("/don-vi/")
    assert response.status_code == 200
    for name in UNIT_NAMES.values():
        assert name not in page_text(response)


# --- Search: diacritics-insensitive, never outside the scope -----------------------------------


@pytest.mark.parametrize(
    ("persona", "query", "found"),
    [
        ("city_appraiser", "phuong", {"thanh_xuan", "dong_da", "ba_dinh"}),
        ("city_appraiser", "dong da", {"dong_da"}),
        ("city_appraiser", "ĐỐNG ĐA", {"dong_da"}),
        ("city_appraiser", "bao thang", set()),
        ("commune_officer", "phuong", {"thanh_xuan"}),
        ("commune_officer", "dong da", set()),
        ("laocai_officer", "phuong", set()),
        ("laocai_officer", "bao thang", {"bao_thang"}),
        ("superuser", "bao thang", {"bao_thang"}),
        ("outsider", "phuong", set()),
    ],
)
def test_browse_search_finds_only_units_in_scope(signed_in, persona, query, found):
    response = signed_in(persona).get("/don-vi/", {"q": query})
    assert response.status_code == 200
    text = results_text(response)
    for key, name in UNIT_NAMES.items():
        assert (name in text) == (key in found), name
    if not found:
        assert "Không có đơn vị nào khớp" in text


def test_browse_search_htmx_returns_results_only(signed_in):
    response = signed_in("city_appraiser").get("/don-vi/", {"q": "dong da"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Phường Đống Đa" in text
    assert "<html" not in text


def test_browse_search_filters_by_kind(signed_in):
    response = signed_in("city_appraiser").get("/don-vi/", {"kind": "school"})
    assert response.status_code == 200
    assert "Trường THPT Chu Văn An" in page_text(response)
    assert "Phường Đống Đa" not in page_text(response)


# --- The unit page and its children --------------------------------------------------------------


@pytest.mark.parametrize("persona", VISIBLE)
@pytest.mark.parametrize("unit_key", UNIT_NAMES)
def test_unit_page_open_only_within_scope(signed_in, org_tree, persona, unit_key):
    unit = getattr(org_tree, unit_key)
    response = signed_in(persona).get(f"/don-vi/{unit.pk}/")
    if unit_key in VISIBLE[persona]:
        assert response.status_code == 200
        assert f"<h1>{UNIT_NAMES[unit_key]}" in page_text(response)
    else:
        assert response.status_code == 404
        assert UNIT_NAMES[unit_key] not in page_text(response)


def test_unit_page_city_lists_its_units(signed_in, org_tree):
    response = signed_in("city_appraiser").get(f"/don-vi/{org_tree.hanoi.pk}/")
    assert response.status_code == 200
    text = page_text(response)
    for key in ["thanh_xuan", "dong_da", "ba_dinh", "so_noi_vu", "chu_van_an"]:
        assert UNIT_NAMES[key] in text
    assert "Tỉnh Lào Cai" not in text


def test_unit_page_nation_for_superuser_lists_both_provinces(signed_in, org_tree):
    response = signed_in("superuser").get(f"/don-vi/{org_tree.nation.pk}/")
    assert response.status_code == 200
    assert "Thành phố Hà Nội" in page_text(response)
    assert "Tỉnh Lào Cai" in page_text(response)


def test_unit_page_unknown_id_is_404(signed_in):
    assert signed_in("superuser").get("/don-vi/999999/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "unit_key", "status", "children"),
    [
        ("city_appraiser", "hanoi", 200, ["thanh_xuan", "dong_da", "ba_dinh", "so_noi_vu", "chu_van_an"]),
        ("superuser", "nation", 200, ["hanoi", "laocai"]),
        ("superuser", "laocai", 200, ["bao_thang"]),
        ("commune_officer", "hanoi", 404, []),
        ("city_appraiser", "laocai", 404, []),
        ("laocai_officer", "laocai", 404, []),
        ("outsider", "hanoi", 404, []),
    ],
)
def test_children_partial_lists_visible_children(signed_in, org_tree, persona, unit_key, status, children):
    unit = getattr(org_tree, unit_key)
    response = signed_in(persona).get(f"/don-vi/{unit.pk}/truc-thuoc/", headers={"HX-Request": "true"})
    assert response.status_code == status
    text = page_text(response)
    if status == 200:
        for key, name in UNIT_NAMES.items():
            if key != unit_key:
                assert (name in text) == (key in children), name
    else:
        # The error page may name the persona's own unit in its header, and nothing more.
        for key, name in UNIT_NAMES.items():
            if key not in VISIBLE[persona]:
                assert name not in text, name


# --- Member management: unit administrators only ----------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit_key", "status"),
    [
        ("city_admin", "hanoi", 200),
        ("city_admin", "dong_da", 200),
        ("superuser", "bao_thang", 200),
        ("city_admin", "bao_thang", 404),
        ("city_appraiser", "hanoi", 403),
        ("commune_officer", "thanh_xuan", 403),
        ("laocai_officer", "bao_thang", 403),
        ("outsider", "thanh_xuan", 404),
    ],
)
def test_unit_members_page_only_for_unit_admins(signed_in, org_tree, persona, unit_key, status):
    unit = getattr(org_tree, unit_key)
    response = signed_in(persona).get(f"/nguoi-dung/don-vi/{unit.pk}/")
    assert response.status_code == status
    if status == 200:
        assert f"Người dùng của {UNIT_NAMES[unit_key]}" in page_text(response)


def test_unit_members_page_lists_roles_of_the_unit(signed_in, org_tree, commune_officer, laocai_officer):
    response = signed_in("city_admin").get(f"/nguoi-dung/don-vi/{org_tree.thanh_xuan.pk}/")
    assert response.status_code == 200
    assert "Nguyễn Thị Lan" in page_text(response)
    assert "Hoàng Văn Sơn" not in page_text(response)


# --- Signed out ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/don-vi/", "/don-vi/{hanoi}/", "/don-vi/{hanoi}/truc-thuoc/", "/nguoi-dung/don-vi/{hanoi}/"],
)
def test_pages_signed_out_redirect_to_login(client, org_tree, path):
    url = path.format(hanoi=org_tree.hanoi.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


def test_login_page_signs_in_with_password(client, commune_officer):
    response = client.post("/dang-nhap/", {"username": "canbo.thanhxuan", "password": "Guong-Sang-2026!"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/don-vi/").status_code == 200


def test_login_page_wrong_password_stays_with_message(client, commune_officer):
    response = client.post("/dang-nhap/", {"username": "canbo.thanhxuan", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu" in page_text(response).lower()
    assert client.get("/don-vi/").status_code == 302
