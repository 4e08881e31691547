"""The header's unit switcher and notification bell, and the production settings' deploy check."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.utils import timezone

from guongsang.accounts.middleware import SESSION_KEY
from guongsang.core.models import Notification
from guongsang.core.permissions import Role
from guongsang.core.services import mark_read, notify
from tests.factories import MembershipFactory

SWITCH = "/chon-don-vi/"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_units_officer(client, commune_officer, org_tree):
    """The Thanh Xuân officer, also an officer of Đống Đa, signed in."""
    MembershipFactory(user=commune_officer, unit=org_tree.dong_da, role=Role.OFFICER)
    client.force_login(commune_officer)
    return client


# --- Unit switcher -------------------------------------------------------------------------


def test_switcher_is_offered_only_with_several_units(client, commune_officer, two_units_officer):
    assert 'id="unit-switcher"' in two_units_officer.get("/").content.decode()


def test_switcher_hidden_with_one_unit(client, laocai_officer):
    client.force_login(laocai_officer)
    text = client.get("/").content.decode()
    assert 'id="unit-switcher"' not in text
    assert "Xã Bảo Thắng" in text


def test_switch_unit_changes_the_current_unit_and_goes_back(two_units_officer, org_tree):
    response = two_units_officer.post(SWITCH, {"unit": org_tree.dong_da.pk, "next": "/don-vi/"})
    assert response.status_code == 302
    assert response["Location"] == "/don-vi/"
    assert two_units_officer.session[SESSION_KEY] == org_tree.dong_da.pk
    text = two_units_officer.get("/").content.decode()
    assert f'<option value="{org_tree.dong_da.pk}" selected>' in text


def test_switch_unit_to_a_unit_without_a_role_is_refused(two_units_officer, org_tree):
    two_units_officer.post(SWITCH, {"unit": org_tree.dong_da.pk})
    response = two_units_officer.post(SWITCH, {"unit": org_tree.bao_thang.pk, "next": "/"}, follow=True)
    assert "Bạn không có vai trò tại đơn vị này." in response.content.decode()
    assert two_units_officer.session[SESSION_KEY] == org_tree.dong_da.pk


def test_switch_unit_to_an_ended_role_is_refused(two_units_officer, commune_officer, org_tree):
    commune_officer.memberships.filter(unit=org_tree.dong_da).update(valid_to=timezone.localdate())
    two_units_officer.post(SWITCH, {"unit": org_tree.dong_da.pk})
    assert SESSION_KEY not in two_units_officer.session


@pytest.mark.parametrize("value", ["", "abc", "1.5"])
def test_switch_unit_with_a_malformed_unit_is_a_bad_request(two_units_officer, value):
    assert two_units_officer.post(SWITCH, {"unit": value}).status_code == 400


def test_switch_unit_never_redirects_off_site(two_units_officer, org_tree):
    response = two_units_officer.post(SWITCH, {"unit": org_tree.dong_da.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_switch_unit_only_by_post_and_signed_in(client, two_units_officer, org_tree):
    assert two_units_officer.get(SWITCH).status_code == 405
    two_units_officer.logout()
    response = two_units_officer.post(SWITCH, {"unit": org_tree.dong_da.pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


# --- Notification bell ---------------------------------------------------------------------


@pytest.fixture
def notified(commune_officer, city_appraiser, django_capture_on_commit_callbacks):
    """Two notices for the Thanh Xuân officer (one already read), one for the appraiser."""
    with django_capture_on_commit_callbacks(execute=True):
        notify([commune_officer], title="Hồ sơ cần bổ sung", url="/ho-so/")
        notify([commune_officer], title="Lịch họp Hội đồng")
        notify([commune_officer], title="Thông báo cũ")
        notify([city_appraiser], title="Hồ sơ mới chờ thẩm định")
    mark_read(commune_officer, Notification.objects.filter(title="Thông báo cũ").values_list("pk", flat=True))
    return commune_officer


def test_bell_counts_only_the_users_unread_notices(client, notified):
    client.force_login(notified)
    text = client.get("/").content.decode()
    assert '<span class="badge" aria-label="2 chưa đọc">2</span>' in text


def test_notifications_page_lists_the_users_notices_only(client, notified):
    client.force_login(notified)
    text = client.get("/thong-bao/").content.decode()
    assert "Hồ sơ cần bổ sung" in text and "Lịch họp Hội đồng" in text
    assert "Hồ sơ mới chờ thẩm định" not in text


def test_mark_read_clears_the_bell_and_leaves_others_unread(client, notified, city_appraiser):
    client.force_login(notified)
    response = client.post("/thong-bao/da-doc/", follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đã đánh dấu tất cả thông báo là đã đọc." in text
    assert 'class="badge"' not in text
    assert not notified.notifications.filter(read_at__isnull=True).exists()
    assert city_appraiser.notifications.filter(read_at__isnull=True).count() == 1


def test_mark_read_only_by_post(client, notified):
    client.force_login(notified)
    assert client.get("/thong-bao/da-doc/").status_code == 405
    assert notified.notifications.filter(read_at__isnull=True).count() == 2


# --- Production settings -------------------------------------------------------------------


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_")) and key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    env |= {
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "guongsang.settings",
        "SECRET_KEY": "k7#Zq9!vB2$wLx4@pR8^mN6&tY3*hJ5(eU1)sD0_fG-aC+iO=lK",
        "ALLOWED_HOSTS": "guongsang.example.vn",
        "GUONGSANG_VAR_DIR": str(tmp_path),
        # Production requires its own personal-data keys, apart from SECRET_KEY.
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "FIELD_LOOKUP_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_notice_about_a_very_long_name_is_shortened_not_lost(
    commune_officer, django_capture_on_commit_callbacks
):
    """A title quoting a 255-character movement name would not fit the notice's 255 characters:
    on PostgreSQL that failed after the use case had committed, and nobody was told."""
    with django_capture_on_commit_callbacks(execute=True):
        notify([commune_officer], title="Phong trào mới: " + "Thi đua " * 40)
    notice = Notification.objects.get(recipient=commune_officer)
    assert len(notice.title) == 255 and notice.title.startswith("Phong trào mới: Thi đua")
    assert notice.title.endswith("…")
