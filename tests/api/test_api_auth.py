"""Bearer tokens: obtaining one, using it, and the lock after repeated wrong passwords."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from guongsang.accounts.models import ApiToken
from tests.conftest import TOKEN_URL, ApiClient, obtain_token
from tests.factories import PASSWORD

ORGS = "/api/v1/orgs/"


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert body["message"].strip()
    return body


def test_token_good_credentials_returns_token(commune_officer):
    response = obtain_token("canbo.thanhxuan")
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert len(response.json()["token"]) >= 32
    commune_officer.refresh_from_db()
    assert commune_officer.last_login is not None


def test_token_is_stored_only_as_hash(commune_officer):
    raw = obtain_token("canbo.thanhxuan").json()["token"]
    stored = ApiToken.objects.get(user=commune_officer)
    assert stored.key_hash == ApiToken.hash(raw)
    assert stored.key_hash != raw
    assert stored.expires_at > timezone.now() + dt.timedelta(days=29)


def test_token_then_bearer_request_sees_own_scope(commune_officer, api_client):
    response = api_client(commune_officer).get(ORGS)
    assert response.status_code == 200
    assert [unit["name"] for unit in response.json()["items"]] == ["Phường Thanh Xuân"]


def test_token_wrong_password_is_401_invalid_credentials(commune_officer):
    body = assert_error(obtain_token("canbo.thanhxuan", "sai-mat-khau"), 401, "invalid_credentials")
    assert body["message"] == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_token_unknown_user_is_401_invalid_credentials(db):
    assert_error(obtain_token("khong-ai-ca"), 401, "invalid_credentials")


def test_token_deactivated_user_is_401(commune_officer):
    commune_officer.is_active = False
    commune_officer.save()
    assert_error(obtain_token("canbo.thanhxuan"), 401, "invalid_credentials")


def test_token_five_wrong_passwords_lock_the_account(commune_officer):
    for _attempt in range(4):
        assert_error(obtain_token("canbo.thanhxuan", "sai-mat-khau"), 401, "invalid_credentials")
    body = assert_error(obtain_token("canbo.thanhxuan", "sai-mat-khau"), 429, "locked_out")
    assert "khoá" in body["message"]
    # Locked: even the right password is refused now.
    assert_error(obtain_token("canbo.thanhxuan", PASSWORD), 429, "locked_out")


def test_token_body_labelled_multipart_is_415_and_cannot_dodge_the_lock(commune_officer):
    # A multipart type without a boundary once broke axes' record of the failure: a 500 and an
    # uncounted attempt, i.e. unlimited password guessing.
    body = json.dumps({"username": "canbo.thanhxuan", "password": "sai-mat-khau"})
    for _attempt in range(6):
        response = Client().post(TOKEN_URL, body, content_type="multipart/form-data")
        assert_error(response, 415, "unsupported_media_type")
    assert obtain_token("canbo.thanhxuan").status_code == 200


def test_token_lock_is_per_account(commune_officer, city_appraiser):
    for _attempt in range(5):
        obtain_token("canbo.thanhxuan", "sai-mat-khau")
    assert obtain_token("thamdinh.hanoi").status_code == 200


def test_token_success_resets_failure_count(commune_officer):
    for _attempt in range(4):
        obtain_token("canbo.thanhxuan", "sai-mat-khau")
    assert obtain_token("canbo.thanhxuan").status_code == 200
    for _attempt in range(4):
        assert_error(obtain_token("canbo.thanhxuan", "sai-mat-khau"), 401, "invalid_credentials")


def test_login_page_locks_after_five_wrong_passwords(client, commune_officer):
    for _attempt in range(4):
        response = client.post("/dang-nhap/", {"username": "canbo.thanhxuan", "password": "sai"})
        assert response.status_code == 200
    response = client.post("/dang-nhap/", {"username": "canbo.thanhxuan", "password": "sai"})
    assert response.status_code == 429
    response = client.post("/dang-nhap/", {"username": "canbo.thanhxuan", "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/don-vi/").status_code == 302


def test_api_without_token_is_401_json(org_tree):
    body = assert_error(ApiClient().get(ORGS), 401, "unauthorized")
    assert body["message"] == "Bạn cần đăng nhập (gửi mã truy cập hợp lệ)."


@pytest.mark.parametrize("path", [ORGS, "/api/v1/orgs/1", "/api/v1/orgs/1/children"])
def test_api_unknown_token_is_401_json(org_tree, path):
    assert_error(ApiClient("khong-phai-ma-that").get(path), 401, "unauthorized")


def test_api_expired_token_is_401(commune_officer, api_client):
    client = api_client(commune_officer)
    ApiToken.objects.filter(user=commune_officer).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert_error(client.get(ORGS), 401, "unauthorized")


def test_api_token_of_deactivated_user_stops_working(commune_officer, api_client):
    client = api_client(commune_officer)
    assert client.get(ORGS).status_code == 200
    commune_officer.is_active = False
    commune_officer.save()
    assert_error(client.get(ORGS), 401, "unauthorized")


def test_api_token_use_records_last_used(commune_officer, api_client):
    client = api_client(commune_officer)
    assert ApiToken.objects.get(user=commune_officer).last_used_at is None
    client.get(ORGS)
    assert ApiToken.objects.get(user=commune_officer).last_used_at is not None


def test_api_signed_in_session_also_works(client, city_appraiser):
    client.force_login(city_appraiser)
    response = client.get(ORGS)
    assert response.status_code == 200
    assert response.json()["count"] == 6


def test_token_endpoint_get_is_405_json(db):
    response = ApiClient().get(TOKEN_URL)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "method_not_allowed"
    assert response.json()["message"] == "Phương thức không được hỗ trợ."
    assert "POST" in response["Allow"]
