"""A unit administrator manages the people of their units: creates accounts, grants and ends
roles, and reaches nobody outside their units. Everyone changes their own password."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guongsang.accounts import services
from guongsang.accounts.models import Membership, User
from guongsang.core.models import Notification
from guongsang.core.permissions import Role, scope_for
from tests.factories import PASSWORD


def members_url(unit) -> str:
    return f"/nguoi-dung/don-vi/{unit.pk}/"


# --- Services ------------------------------------------------------------------------------


def test_create_user_gives_a_first_role_and_a_one_time_password(city_admin, org_tree, client):
    user, password = services.create_user(
        city_admin, org_tree.dong_da, username="canbo.dongda", full_name="Vũ Thị Mai", role=Role.OFFICER
    )
    assert password
    assert user.memberships.get().unit == org_tree.dong_da
    assert scope_for(user).covers(org_tree.dong_da)
    assert user.history.latest().history_user == city_admin
    assert client.login(username="canbo.dongda", password=password)


def test_create_user_refuses_a_taken_username_in_any_case(city_admin, commune_officer, org_tree):
    with pytest.raises(ValidationError) as error:
        services.create_user(
            city_admin, org_tree.dong_da, username="CANBO.ThanhXuan", full_name="Ai đó", role=Role.OFFICER
        )
    assert "username" in error.value.error_dict


def test_create_user_outside_scope_is_refused(city_admin, org_tree):
    with pytest.raises(PermissionDenied):
        services.create_user(
            city_admin, org_tree.bao_thang, username="canbo.moi", full_name="Lò Văn Páo", role=Role.OFFICER
        )
    assert not User.objects.filter(username="canbo.moi").exists()


def test_create_user_by_an_officer_is_refused(commune_officer, org_tree):
    with pytest.raises(PermissionDenied):
        services.create_user(
            commune_officer, org_tree.thanh_xuan, username="x", full_name="X", role=Role.OFFICER
        )


def test_grant_role_tells_the_user(city_admin, commune_officer, org_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.grant_role(city_admin, commune_officer, org_tree.so_noi_vu, Role.APPRAISER)
    assert membership.history.latest().history_user == city_admin
    notice = Notification.objects.get(recipient=commune_officer)
    assert "Sở Nội vụ" in notice.title


def test_grant_role_at_a_unit_of_another_province_is_refused(city_admin, commune_officer, org_tree):
    with pytest.raises(PermissionDenied):
        services.grant_role(city_admin, commune_officer, org_tree.bao_thang, Role.UNIT_ADMIN)
    assert not Membership.objects.filter(unit=org_tree.bao_thang, user=commune_officer).exists()


def test_grant_role_twice_is_refused_then_renewed_after_it_ends(city_admin, commune_officer, org_tree):
    membership = commune_officer.memberships.get()
    with pytest.raises(ValidationError):
        services.grant_role(city_admin, commune_officer, org_tree.thanh_xuan, Role.OFFICER)
    services.end_role(city_admin, membership)
    renewed = services.grant_role(city_admin, commune_officer, org_tree.thanh_xuan, Role.OFFICER)
    assert renewed.pk == membership.pk
    assert renewed.valid_to is None


def test_end_role_keeps_the_row_and_removes_the_reach(city_admin, commune_officer, org_tree):
    membership = commune_officer.memberships.get()
    services.end_role(city_admin, membership)
    membership.refresh_from_db()
    assert membership.valid_to == timezone.localdate()
    assert not Membership.objects.active().filter(pk=membership.pk).exists()
    fresh = User.objects.get(pk=commune_officer.pk)
    assert not scope_for(fresh).covers(org_tree.thanh_xuan)


def test_end_role_of_ones_own_admin_role_is_refused(city_admin):
    with pytest.raises(ValidationError):
        services.end_role(city_admin, city_admin.memberships.get())


# --- The unit's members page ---------------------------------------------------------------


@pytest.fixture
def admin_client(client, city_admin):
    client.force_login(city_admin)
    return client


def test_members_page_creates_a_user_and_shows_the_password_once(admin_client, org_tree):
    response = admin_client.post(
        members_url(org_tree.dong_da),
        {
            "action": "create",
            "new-username": "canbo.dongda",
            "new-full_name": "Vũ Thị Mai",
            "new-email": "",
            "new-position": "Chuyên viên",
            "new-role": Role.OFFICER,
        },
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đã tạo người dùng canbo.dongda" in text
    user = User.objects.get(username="canbo.dongda")
    assert user.memberships.get().unit == org_tree.dong_da
    assert "Vũ Thị Mai" in text  # now listed among the unit's people


def test_members_page_grants_then_ends_a_role(admin_client, commune_officer, org_tree):
    response = admin_client.post(
        members_url(org_tree.dong_da),
        {"action": "grant", "grant-username": "canbo.thanhxuan", "grant-role": Role.OFFICER},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=commune_officer, unit=org_tree.dong_da)
    response = admin_client.post(f"/nguoi-dung/vai-tro/{membership.pk}/thu-hoi/")
    assert response.status_code == 302
    assert response["Location"] == members_url(org_tree.dong_da)
    membership.refresh_from_db()
    assert membership.valid_to == timezone.localdate()


def test_members_page_of_another_province_is_not_found(admin_client, org_tree):
    assert admin_client.get(members_url(org_tree.bao_thang)).status_code == 404
    response = admin_client.post(
        members_url(org_tree.bao_thang),
        {"action": "grant", "grant-username": "quantri.hanoi", "grant-role": Role.UNIT_ADMIN},
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(unit=org_tree.bao_thang).exclude(role=Role.OFFICER).exists()


def test_members_page_is_closed_to_an_officer(client, commune_officer, org_tree):
    client.force_login(commune_officer)
    assert client.get(members_url(org_tree.thanh_xuan)).status_code == 403


def test_ending_a_role_of_another_province_is_refused(admin_client, laocai_officer):
    membership = laocai_officer.memberships.get()
    response = admin_client.post(f"/nguoi-dung/vai-tro/{membership.pk}/thu-hoi/")
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.valid_to is None


def _grant_error(client, unit, username: str) -> str:
    response = client.post(
        members_url(unit), {"action": "grant", "grant-username": username, "grant-role": Role.OFFICER}
    )
    assert response.status_code == 200
    form = response.context["grant_form"]
    return " ".join(form.errors["username"]).replace(username, "<tên>")


def test_grant_form_does_not_reveal_accounts_of_other_provinces(admin_client, laocai_officer, org_tree):
    elsewhere = _grant_error(admin_client, org_tree.dong_da, "canbo.baothang")
    nowhere = _grant_error(admin_client, org_tree.dong_da, "khong.ton.tai")
    assert elsewhere == nowhere
    assert "trong các đơn vị bạn quản trị" in nowhere
    assert not Membership.objects.filter(user=laocai_officer, unit=org_tree.dong_da).exists()


# --- Password change -----------------------------------------------------------------------


def test_password_change_is_linked_from_the_user_menu(client, commune_officer):
    client.force_login(commune_officer)
    text = client.get("/").content.decode()
    assert 'href="/nguoi-dung/doi-mat-khau/"' in text
    page = client.get("/nguoi-dung/doi-mat-khau/")
    assert page.status_code == 200
    assert "Mật khẩu cũ" in page.content.decode()


def test_password_change_keeps_the_user_signed_in_and_records_who(client, commune_officer):
    client.force_login(commune_officer)
    new = "Hoa-Sen-Ho-Tay-2026"
    response = client.post(
        "/nguoi-dung/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã đổi mật khẩu." in response.content.decode()
    assert response.context["user"].is_authenticated
    commune_officer.refresh_from_db()
    assert commune_officer.check_password(new)
    assert commune_officer.history.latest().history_user == commune_officer


def test_password_change_with_a_wrong_old_password_changes_nothing(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        "/nguoi-dung/doi-mat-khau/",
        {"old_password": "sai-mat-khau", "new_password1": "Hoa-Sen-2026!", "new_password2": "Hoa-Sen-2026!"},
    )
    assert response.status_code == 200
    commune_officer.refresh_from_db()
    assert commune_officer.check_password(PASSWORD)


def test_password_change_needs_sign_in(client):
    response = client.get("/nguoi-dung/doi-mat-khau/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_change_password_service_refuses_someone_elses_account(city_admin, commune_officer):
    with pytest.raises(PermissionDenied):
        services.change_password(city_admin, commune_officer, "Hoa-Sen-Ho-Tay-2026")
