"""Bad input to the API: always a JSON error with a machine code and a Vietnamese message."""

import re

import pytest

from tests.conftest import TOKEN_URL, ApiClient

ORGS = "/api/v1/orgs/"
VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)


def assert_error(response, status: int, code: str) -> dict:
    """The response is ``status`` with a JSON body ``{"code": code, "message": <Vietnamese>}``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert VIETNAMESE.search(body["message"]), body["message"]
    return body


@pytest.fixture
def appraiser_api(api_client, city_appraiser):
    return api_client(city_appraiser)


# --- The token endpoint's body ------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["{bad", '{"username": "a", "password": ', "username=a&password=b", "\x00"])
def test_token_malformed_json_is_400(db, raw):
    body = assert_error(ApiClient().post(TOKEN_URL, raw=raw), 400, "malformed_json")
    assert body["message"] == "Nội dung gửi lên không phải JSON hợp lệ."


def test_token_wrong_type_is_422_with_field_errors(db):
    response = ApiClient().post(TOKEN_URL, {"username": 1, "password": "x"})
    body = assert_error(response, 422, "validation_error")
    assert body["message"] == "Dữ liệu không hợp lệ."
    assert body["errors"] == [
        {"field": "username", "message": "Phải là một chuỗi ký tự hợp lệ.", "type": "string_type"}
    ]


@pytest.mark.parametrize("payload", [[1, 2], ["username", "password"], "canbo", 42, None])
def test_token_body_not_an_object_is_422(db, payload):
    body = assert_error(ApiClient().post(TOKEN_URL, payload), 422, "validation_error")
    assert body["errors"]
    assert all(VIETNAMESE.search(error["message"]) for error in body["errors"])


def test_token_missing_password_names_the_field(db):
    body = assert_error(ApiClient().post(TOKEN_URL, {"username": "canbo"}), 422, "validation_error")
    assert body["errors"] == [{"field": "password", "message": "Thiếu trường bắt buộc.", "type": "missing"}]


def test_token_empty_body_is_422(db):
    assert_error(ApiClient().post(TOKEN_URL, raw=""), 422, "validation_error")


def test_token_username_with_nul_byte_is_422_not_500(db):
    # PostgreSQL refuses NUL in text: such input must be turned away before the database.
    body = assert_error(
        ApiClient().post(TOKEN_URL, {"username": "can\x00bo", "password": "x"}), 422, "validation_error"
    )
    assert body["errors"][0]["field"] == "username"


# --- Paths and query parameters -----------------------------------------------------------------


@pytest.mark.parametrize("path", [f"{ORGS}999999", f"{ORGS}999999/children", f"{ORGS}0", f"{ORGS}-1"])
def test_unknown_unit_id_is_404(appraiser_api, path):
    body = assert_error(appraiser_api.get(path), 404, "not_found")
    assert body["message"] == "Không tìm thấy."


def test_unit_id_beyond_bigint_is_404(appraiser_api):
    assert_error(appraiser_api.get(f"{ORGS}99999999999999999999999"), 404, "not_found")


@pytest.mark.parametrize("path", [f"{ORGS}abc", f"{ORGS}abc/children", f"{ORGS}1.5", f"{ORGS}%C4%91"])
def test_non_integer_unit_id_is_json_error(appraiser_api, path):
    response = appraiser_api.get(path)
    assert response.status_code in {404, 422}
    code = "not_found" if response.status_code == 404 else "validation_error"
    body = assert_error(response, response.status_code, code)
    if response.status_code == 422:
        assert body["errors"][0]["field"] == "unit_id"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "galaxy"}, "kind"),
        ({"parent": "abc"}, "parent"),
        ({"page": "0"}, "page"),
        ({"page": "hai"}, "page"),
        ({"page": str(10**35)}, "page"),
        ({"page_size": "-5"}, "page_size"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_query_parameter_is_422_naming_it(appraiser_api, params, field):
    body = assert_error(appraiser_api.get(ORGS, params), 422, "validation_error")
    assert [error["field"] for error in body["errors"]] == [field]


def test_search_with_nul_byte_is_not_a_server_error(appraiser_api):
    response = appraiser_api.get(ORGS, {"q": "dong\x00da"})
    assert response.status_code == 200
    assert [unit["name"] for unit in response.json()["items"]] == ["Phường Đống Đa"]


def test_parent_of_unknown_unit_is_404(appraiser_api):
    assert_error(appraiser_api.get(ORGS, {"parent": 999999}), 404, "not_found")


@pytest.mark.parametrize("path", ["/api/v1/khong-co", "/api/v1/orgs/1/khong-co", "/api/v1/v2/orgs/"])
def test_unknown_api_path_is_404_json(appraiser_api, path):
    body = assert_error(appraiser_api.get(path), 404, "not_found")
    assert body["message"] == "Không tìm thấy địa chỉ API này."


def test_unknown_api_path_signed_out_is_404_json(db):
    assert_error(ApiClient().get("/api/v1/khong-co/"), 404, "not_found")


# --- The schema ---------------------------------------------------------------------------------


def test_openapi_describes_token_and_org_paths(db):
    response = ApiClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Gương Sáng API"
    assert set(schema["paths"]) >= {
        "/api/v1/auth/token",
        "/api/v1/orgs/",
        "/api/v1/orgs/{unit_id}",
        "/api/v1/orgs/{unit_id}/children",
    }
    assert "post" in schema["paths"]["/api/v1/auth/token"]
    assert "BearerAuth" in schema["components"]["securitySchemes"]
