"""The one permission path: who sees which units (``visible_to``) and who may do what (``can``)."""

import datetime as dt

import pytest
from django.utils import timezone

from guongsang.accounts.models import Membership
from guongsang.core.models import Job
from guongsang.core.permissions import Role, can, scope_for, visible_to
from guongsang.orgs.models import OrgUnit, UnitSuccession
from tests.factories import PERSONA_SCOPES, MembershipFactory, UserFactory

VISIBLE = PERSONA_SCOPES


def visible_names(user, org_tree) -> set[str]:
    ids = set(visible_to(user, OrgUnit.objects.all()).values_list("pk", flat=True))
    return {name for name, unit in vars(org_tree).items() if unit.pk in ids}


@pytest.mark.parametrize(("persona", "expected"), VISIBLE.items())
def test_visible_to_units_matches_persona_scope(request, org_tree, persona, expected):
    user = request.getfixturevalue(persona)
    assert visible_names(user, org_tree) == expected


@pytest.mark.parametrize("persona", VISIBLE)
def test_can_view_unit_agrees_with_visible_to(request, org_tree, persona):
    user = request.getfixturevalue(persona)
    for name, unit in vars(org_tree).items():
        assert can(user, "view", unit) == (name in VISIBLE[persona]), name


@pytest.mark.parametrize(
    ("persona", "unit_name", "allowed"),
    [
        ("city_admin", "hanoi", True),
        ("city_admin", "dong_da", True),
        ("city_admin", "bao_thang", False),
        ("city_admin", "nation", False),
        ("city_appraiser", "hanoi", False),
        ("commune_officer", "thanh_xuan", False),
        ("laocai_officer", "bao_thang", False),
        ("outsider", "thanh_xuan", False),
        ("superuser", "bao_thang", True),
    ],
)
def test_can_add_unit_only_for_unit_admins_in_scope(request, org_tree, persona, unit_name, allowed):
    user = request.getfixturevalue(persona)
    unit = getattr(org_tree, unit_name)
    assert can(user, "add", unit) is allowed
    assert can(user, "manage_members", unit) is allowed


def test_can_record_succession_only_under_own_administration(org_tree, city_admin, city_appraiser):
    inside = UnitSuccession(predecessor=org_tree.dong_da, successor=org_tree.ba_dinh)
    outside = UnitSuccession(predecessor=org_tree.bao_thang, successor=org_tree.bao_thang)
    assert can(city_admin, "add", inside)
    assert not can(city_admin, "add", outside)
    assert not can(city_appraiser, "add", inside)


def test_visible_to_memberships_follows_unit_scope(org_tree, commune_officer, city_appraiser, laocai_officer):
    # The appraiser sees the ward officer's role (it is in Hà Nội), not the Lào Cai officer's.
    roles = visible_to(city_appraiser, Membership.objects.all())
    assert set(roles.values_list("user__username", flat=True)) == {"canbo.thanhxuan", "thamdinh.hanoi"}
    assert set(visible_to(commune_officer, Membership.objects.all()).values_list("user", flat=True)) == {
        commune_officer.pk
    }


def test_visible_to_ended_membership_gives_nothing(org_tree):
    user = UserFactory()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.APPRAISER, valid_to=yesterday)
    assert visible_names(user, org_tree) == set()


def test_visible_to_future_membership_gives_nothing_yet(org_tree):
    user = UserFactory()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.APPRAISER, valid_from=tomorrow)
    assert visible_names(user, org_tree) == set()


def test_visible_to_deactivated_user_sees_nothing(org_tree, city_appraiser):
    city_appraiser.is_active = False
    city_appraiser.save()
    assert visible_names(city_appraiser, org_tree) == set()


def test_visible_to_roles_on_two_provinces_add_up(org_tree):
    user = UserFactory()
    MembershipFactory(user=user, unit=org_tree.dong_da, role=Role.OFFICER)
    MembershipFactory(user=user, unit=org_tree.laocai, role=Role.INSPECTOR)
    assert visible_names(user, org_tree) == {"dong_da", "laocai", "bao_thang"}


def test_visible_to_restricted_to_one_role(org_tree):
    user = UserFactory()
    MembershipFactory(user=user, unit=org_tree.dong_da, role=Role.OFFICER)
    MembershipFactory(user=user, unit=org_tree.laocai, role=Role.UNIT_ADMIN)
    admin_units = visible_to(user, OrgUnit.objects.all(), roles=[Role.UNIT_ADMIN])
    assert set(admin_units.values_list("name", flat=True)) == {"Tỉnh Lào Cai", "Xã Bảo Thắng"}


def test_scope_for_nested_subtrees_keeps_the_widest(org_tree):
    user = UserFactory()
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.APPRAISER)
    MembershipFactory(user=user, unit=org_tree.dong_da, role=Role.EDITOR)
    assert scope_for(user).subtree_paths == (org_tree.hanoi.path,)


def test_visible_to_model_without_scope_refuses(org_tree, superuser):
    with pytest.raises(TypeError, match="scope_unit_path"):
        visible_to(superuser, Job.objects.all())
