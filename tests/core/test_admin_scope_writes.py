"""The admin's forms offer and save only what the user administers.

A Hà Nội unit administrator may add memberships, successions and clusters inside Hà Nội through
/quan-tri/, and nothing that reaches into Lào Cai: not a role for themselves there, not a Lào Cai
unit as the predecessor of one of theirs (which would widen their reach), not a Lào Cai cluster
member, not a national award type.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.forms import ModelChoiceField
from django.test import RequestFactory

from guongsang.accounts.models import Membership
from guongsang.awards.models import AwardType
from guongsang.core.admin_site import ScopedWritesMixin
from guongsang.core.permissions import Role, scope_for, visible_to
from guongsang.orgs.models import Cluster, OrgUnit, UnitSuccession

MEMBERSHIP_ADD = "/quan-tri/accounts/membership/add/"
SUCCESSION_ADD = "/quan-tri/orgs/unitsuccession/add/"
CLUSTER_ADD = "/quan-tri/orgs/cluster/add/"
AWARDTYPE_ADD = "/quan-tri/awards/awardtype/add/"
REFUSED = "ngoài phạm vi"


@pytest.fixture
def admin_client(client, city_admin):
    client.force_login(city_admin)
    return client


def _membership_post(user, unit, role=Role.UNIT_ADMIN) -> dict:
    return {"user": user.pk, "unit": unit.pk, "role": role, "valid_from": "", "valid_to": ""}


# --- Memberships ---------------------------------------------------------------------------


def test_city_admin_cannot_make_themselves_admin_of_another_province(admin_client, city_admin, org_tree):
    response = admin_client.post(MEMBERSHIP_ADD, _membership_post(city_admin, org_tree.bao_thang))
    assert response.status_code == 200  # the form again, with the reason
    assert not Membership.objects.filter(unit=org_tree.bao_thang, user=city_admin).exists()
    assert not scope_for(city_admin).covers(org_tree.bao_thang)


def test_city_admin_cannot_give_a_role_to_someone_outside_their_units(admin_client, laocai_officer, org_tree):
    response = admin_client.post(MEMBERSHIP_ADD, _membership_post(laocai_officer, org_tree.thanh_xuan))
    assert response.status_code == 200
    assert not Membership.objects.filter(user=laocai_officer, unit=org_tree.thanh_xuan).exists()


def test_city_admin_adds_a_membership_inside_the_city(admin_client, city_admin, commune_officer, org_tree):
    response = admin_client.post(
        MEMBERSHIP_ADD, _membership_post(commune_officer, org_tree.dong_da, Role.OFFICER)
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=commune_officer, unit=org_tree.dong_da)
    assert membership.history.latest().history_user == city_admin


def test_city_admin_cannot_move_a_membership_to_another_province(admin_client, commune_officer, org_tree):
    membership = commune_officer.memberships.get()
    response = admin_client.post(
        f"/quan-tri/accounts/membership/{membership.pk}/change/",
        _membership_post(commune_officer, org_tree.bao_thang, Role.OFFICER),
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.unit == org_tree.thanh_xuan


def test_membership_form_offers_only_units_and_people_in_scope(
    admin_client, commune_officer, laocai_officer, org_tree
):
    response = admin_client.get(MEMBERSHIP_ADD)
    form = response.context["adminform"].form
    units = set(form.fields["unit"].queryset)
    users = set(form.fields["user"].queryset)
    assert org_tree.dong_da in units and org_tree.bao_thang not in units
    assert commune_officer in users and laocai_officer not in users


def test_history_revert_cannot_touch_a_membership_now_in_another_province(
    admin_client, superuser, commune_officer, org_tree
):
    """A version from when the row was in Hà Nội does not let Hà Nội's admin rewrite it now."""
    membership = commune_officer.memberships.get()
    old_version = membership.history.latest()
    membership.unit = org_tree.bao_thang
    membership.save()
    response = admin_client.post(
        f"/quan-tri/accounts/membership/{membership.pk}/history/{old_version.history_id}/",
        _membership_post(commune_officer, org_tree.thanh_xuan, Role.OFFICER),
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.unit == org_tree.bao_thang
    # Nor may they look at the old versions of a row now out of their reach.
    url = f"/quan-tri/accounts/membership/{membership.pk}/history/{old_version.history_id}/"
    assert admin_client.get(url).status_code == 403


def test_refused_form_does_not_name_the_foreign_person_it_was_given(admin_client, laocai_officer, org_tree):
    response = admin_client.post(MEMBERSHIP_ADD, _membership_post(laocai_officer, org_tree.thanh_xuan))
    assert response.status_code == 200
    assert "Hoàng Văn Sơn" not in response.content.decode()


def test_save_model_refuses_an_object_out_of_scope_whatever_path_reaches_it(city_admin, org_tree):
    """The last line of defence, under the form's check: saving a foreign row is refused."""
    model_admin = admin.site._registry[Membership]
    request = RequestFactory().post(MEMBERSHIP_ADD)
    request.user = city_admin
    foreign = Membership(user=city_admin, unit=org_tree.bao_thang, role=Role.UNIT_ADMIN)
    with pytest.raises(PermissionDenied, match="ngoài phạm vi"):
        model_admin.save_model(request, foreign, form=None, change=False)
    assert foreign.pk is None


# --- Successions ---------------------------------------------------------------------------


def _succession_post(predecessor, successor) -> dict:
    return {
        "predecessor": predecessor.pk,
        "successor": successor.pk,
        "kind": UnitSuccession.Kind.MERGE,
        "effective_date": "01/07/2025",
        "legal_basis": "Nghị quyết 1656/NQ-UBTVQH15",
    }


def test_city_admin_cannot_take_over_a_unit_of_another_province(admin_client, city_admin, org_tree):
    response = admin_client.post(SUCCESSION_ADD, _succession_post(org_tree.bao_thang, org_tree.thanh_xuan))
    assert response.status_code == 200
    assert not UnitSuccession.objects.exists()
    org_tree.bao_thang.refresh_from_db()
    assert org_tree.bao_thang.valid_to is None
    assert not scope_for(city_admin).covers(org_tree.bao_thang)


def test_city_admin_records_a_merge_inside_the_city_through_the_service(admin_client, city_admin, org_tree):
    response = admin_client.post(SUCCESSION_ADD, _succession_post(org_tree.ba_dinh, org_tree.thanh_xuan))
    assert response.status_code == 302
    row = UnitSuccession.objects.get()
    assert (row.predecessor, row.successor) == (org_tree.ba_dinh, org_tree.thanh_xuan)
    assert row.history.latest().history_user == city_admin
    # The service ends the predecessor; a plain admin save would not.
    org_tree.ba_dinh.refresh_from_db()
    assert org_tree.ba_dinh.valid_to == dt.date(2025, 7, 1)


# --- Clusters ------------------------------------------------------------------------------


def _cluster_post(organiser, members, name="Cụm thi đua các phường") -> dict:
    return {
        "organiser": organiser.pk,
        "name": name,
        "year": "2026",
        "members": ",".join(str(m.pk) for m in members),
    }


def test_city_admin_cannot_put_a_unit_of_another_province_in_a_cluster(admin_client, org_tree):
    response = admin_client.post(
        CLUSTER_ADD, _cluster_post(org_tree.hanoi, [org_tree.thanh_xuan, org_tree.bao_thang])
    )
    assert response.status_code == 200
    assert not Cluster.objects.exists()


def test_city_admin_cannot_organise_a_cluster_for_another_province(admin_client, org_tree):
    response = admin_client.post(CLUSTER_ADD, _cluster_post(org_tree.laocai, [org_tree.thanh_xuan]))
    assert response.status_code == 200
    assert not Cluster.objects.exists()


def test_cluster_head_must_be_a_member(admin_client, org_tree):
    data = _cluster_post(org_tree.hanoi, [org_tree.thanh_xuan]) | {"head": org_tree.dong_da.pk}
    response = admin_client.post(CLUSTER_ADD, data)
    assert response.status_code == 200
    assert "phải là đơn vị thành viên" in response.content.decode()
    assert not Cluster.objects.exists()


def test_city_admin_sets_up_a_cluster_of_city_units(admin_client, org_tree):
    response = admin_client.post(
        CLUSTER_ADD, _cluster_post(org_tree.hanoi, [org_tree.thanh_xuan, org_tree.dong_da])
    )
    assert response.status_code == 302
    cluster = Cluster.objects.get()
    assert set(cluster.members.all()) == {org_tree.thanh_xuan, org_tree.dong_da}


# --- Award catalogue -----------------------------------------------------------------------


def _award_type_post(code: str, province: OrgUnit | None) -> dict:
    return {
        "code": code,
        "name": "Người tốt, việc tốt",
        "category": AwardType.Category.TITLE,
        "subject_kinds": '["individual"]',
        "level": AwardType.Level.PROVINCE,
        "decider_kind": OrgUnit.Kind.PROVINCE,
        "province": province.pk if province else "",
        "description": "",
        "is_active": "on",
        "rules-TOTAL_FORMS": "0",
        "rules-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize("province", ["laocai", None])
def test_city_admin_cannot_add_an_award_type_of_another_province_or_the_nation(
    admin_client, org_tree, province
):
    unit = getattr(org_tree, province) if province else None
    response = admin_client.post(AWARDTYPE_ADD, _award_type_post("ntvt-khac", unit))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    if unit is None:  # a national type: the form is refused as a whole
        assert REFUSED in " ".join(errors[NON_FIELD_ERRORS])
    else:  # Lào Cai is not among the provinces offered
        assert "province" in errors
    assert not AwardType.objects.filter(code="ntvt-khac").exists()


def test_city_admin_adds_the_citys_own_award_type(admin_client, org_tree):
    response = admin_client.post(AWARDTYPE_ADD, _award_type_post("ntvt-hanoi", org_tree.hanoi))
    assert response.status_code == 302
    assert AwardType.objects.get(code="ntvt-hanoi").province == org_tree.hanoi


# --- Every registered admin ----------------------------------------------------------------


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(
    "model_admin",
    [model_admin for _, model_admin in _registered()],
    ids=[m._meta.label for m, _ in _registered()],
)
def test_no_registered_admin_lets_a_city_admin_write_outside_the_city(
    model_admin, city_admin, laocai_officer, org_tree
):
    """Every admin a unit administrator can write through limits its choices to their units and
    checks what it saves; the others must not let them write at all."""
    request = RequestFactory().get("/quan-tri/")
    request.user = city_admin
    can_add = model_admin.has_add_permission(request)
    can_change = model_admin.has_change_permission(request)
    if not (can_add or can_change):
        return
    assert isinstance(model_admin, ScopedWritesMixin), f"{model_admin} writes without the scope checks"
    if not can_add:
        return
    form = model_admin.get_form(request)()
    user_model = get_user_model()
    for name, field in form.fields.items():
        if not isinstance(field, ModelChoiceField):
            continue
        model = field.queryset.model
        if model is OrgUnit:
            assert not field.queryset.filter(pk__in=[org_tree.bao_thang.pk, org_tree.laocai.pk]).exists(), (
                name
            )
        elif issubclass(model, user_model):
            assert not field.queryset.filter(pk=laocai_officer.pk).exists(), name
        elif getattr(model, "scope_unit_path", None) is not None:
            reachable = visible_to(city_admin, model._default_manager.all(), roles=[Role.UNIT_ADMIN])
            assert not field.queryset.exclude(pk__in=reachable.values("pk")).exists(), name
