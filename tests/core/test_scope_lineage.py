"""A unit that carries on from merged units inherits the right to see their records."""

import datetime as dt

import pytest

from guongsang.core.permissions import Role, scope_for, visible_to
from guongsang.orgs import services
from guongsang.orgs.models import OrgUnit
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

MERGER = dt.date(2025, 7, 1)


@pytest.fixture
def merged_ward(org_tree, superuser):
    """Phường Đống Đa and Phường Ba Đình merged into a new Phường Văn Miếu."""
    new_ward = OrgUnitFactory(parent=org_tree.hanoi, name="Phường Văn Miếu", kind=OrgUnit.Kind.COMMUNE)
    services.record_succession(
        superuser, [org_tree.dong_da, org_tree.ba_dinh], new_ward, kind="merge", effective_date=MERGER
    )
    return new_ward


def test_successor_officer_sees_predecessor_units(org_tree, merged_ward):
    officer = UserFactory(username="canbo.vanmieu")
    MembershipFactory(user=officer, unit=merged_ward, role=Role.OFFICER)
    visible = set(visible_to(officer, OrgUnit.objects.all()).values_list("name", flat=True))
    assert visible == {"Phường Văn Miếu", "Phường Đống Đa", "Phường Ba Đình"}


def test_successor_scope_does_not_leak_to_siblings(org_tree, merged_ward):
    officer = UserFactory(username="canbo.vanmieu")
    MembershipFactory(user=officer, unit=merged_ward, role=Role.OFFICER)
    scope = scope_for(officer)
    assert not scope.covers(org_tree.thanh_xuan)
    assert not scope.covers(org_tree.hanoi)


def test_predecessor_officer_keeps_only_own_unit(org_tree, merged_ward):
    officer = UserFactory(username="canbo.dongda")
    MembershipFactory(user=officer, unit=org_tree.dong_da, role=Role.OFFICER)
    visible = set(visible_to(officer, OrgUnit.objects.all()).values_list("name", flat=True))
    assert visible == {"Phường Đống Đa"}


def test_predecessors_end_on_merger_date(org_tree, merged_ward):
    org_tree.dong_da.refresh_from_db()
    assert org_tree.dong_da.valid_to == MERGER
    assert not org_tree.dong_da.is_current
