"""Merging and renaming units: the old ones end, keep their history, and roll up to the new one."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guongsang.accounts.models import Membership
from guongsang.core.audit import timeline
from guongsang.core.permissions import Role
from guongsang.orgs import selectors, services
from guongsang.orgs.models import OrgUnit, UnitSuccession
from tests.factories import MembershipFactory, UserFactory

MERGE_DAY = dt.date(2025, 7, 1)


@pytest.fixture
def new_ward(org_tree, city_admin) -> OrgUnit:
    """Phường Kim Liên, the ward that carries on from Thanh Xuân and Đống Đa."""
    return services.add_unit(city_admin, org_tree.hanoi, kind=OrgUnit.Kind.COMMUNE, name="Phường Kim Liên")


@pytest.fixture
def merged(org_tree, city_admin, new_ward):
    """Phường Thanh Xuân + Phường Đống Đa → Phường Kim Liên on 1/7/2025."""
    return services.record_succession(
        city_admin,
        [org_tree.thanh_xuan, org_tree.dong_da],
        new_ward,
        kind=UnitSuccession.Kind.MERGE,
        effective_date=MERGE_DAY,
        legal_basis="Nghị quyết 1656/NQ-UBTVQH15",
    )


def test_record_succession_merge_ends_the_old_units(org_tree, merged):
    for unit in (org_tree.thanh_xuan, org_tree.dong_da):
        unit.refresh_from_db()
        assert unit.valid_to == MERGE_DAY
        assert not unit.is_current
    assert OrgUnit.objects.filter(pk=org_tree.dong_da.pk).exists()  # never deleted


def test_record_succession_merge_starts_the_successor(merged, new_ward):
    new_ward.refresh_from_db()
    assert new_ward.valid_from == MERGE_DAY
    assert new_ward.is_current


def test_record_succession_merge_writes_one_row_per_predecessor(org_tree, merged, new_ward):
    rows = UnitSuccession.objects.filter(successor=new_ward).order_by("predecessor__path")
    assert [(r.predecessor, r.kind, r.effective_date) for r in rows] == [
        (org_tree.thanh_xuan, "merge", MERGE_DAY),
        (org_tree.dong_da, "merge", MERGE_DAY),
    ]
    assert rows[0].legal_basis == "Nghị quyết 1656/NQ-UBTVQH15"


def test_record_succession_keeps_history_with_actor(org_tree, merged, city_admin):
    history = org_tree.dong_da.history.order_by("history_date", "history_id")
    assert history.count() == 2
    assert history.first().valid_to is None  # the unit as it was before the merge
    assert history.last().valid_to == MERGE_DAY
    assert history.last().history_user == city_admin
    change = timeline(org_tree.dong_da)[0]
    assert change.who == "Lê Thu Hà"
    assert change.changes == [("hết hiệu lực từ", "—", "01/07/2025")]


def test_lineage_of_successor_lists_predecessors(org_tree, merged, new_ward):
    assert {u.name for u in selectors.lineage(new_ward)} == {
        "Phường Kim Liên",
        "Phường Thanh Xuân",
        "Phường Đống Đa",
    }
    assert selectors.lineage(org_tree.dong_da) == [org_tree.dong_da]


def test_lineage_follows_chains_of_successions(org_tree, merged, new_ward, city_admin):
    renamed = services.add_unit(
        city_admin, org_tree.hanoi, kind=OrgUnit.Kind.COMMUNE, name="Phường Kim Liên 2"
    )
    services.record_succession(
        city_admin, [new_ward], renamed, kind=UnitSuccession.Kind.RENAME, effective_date=dt.date(2026, 1, 1)
    )
    assert {u.name for u in selectors.lineage(renamed)} == {
        "Phường Kim Liên 2",
        "Phường Kim Liên",
        "Phường Thanh Xuân",
        "Phường Đống Đa",
    }


def test_rollup_q_covers_records_of_merged_units(org_tree, merged, new_ward, commune_officer):
    # Records made by the old wards stay attributed to them and roll up to the new ward.
    old = MembershipFactory(unit=org_tree.dong_da, role=Role.OFFICER)
    new = MembershipFactory(unit=new_ward, role=Role.OFFICER)
    MembershipFactory(unit=org_tree.ba_dinh, role=Role.OFFICER)
    MembershipFactory(unit=org_tree.bao_thang, role=Role.OFFICER)
    rolled_up = Membership.objects.filter(selectors.rollup_q(new_ward))
    assert set(rolled_up) == {old, new, commune_officer.memberships.get()}
    assert old.unit == org_tree.dong_da


def test_rollup_q_without_succession_is_the_subtree(org_tree):
    inside = MembershipFactory(unit=org_tree.dong_da)
    MembershipFactory(unit=org_tree.bao_thang)
    assert list(Membership.objects.filter(selectors.rollup_q(org_tree.hanoi))) == [inside]


def test_record_succession_appraiser_is_refused(org_tree, new_ward, city_appraiser):
    with pytest.raises(PermissionDenied):
        services.record_succession(
            city_appraiser, [org_tree.dong_da], new_ward, kind="merge", effective_date=MERGE_DAY
        )
    org_tree.dong_da.refresh_from_db()
    assert org_tree.dong_da.valid_to is None


def test_record_succession_cannot_end_another_province_unit(org_tree):
    # An administrator of Lào Cai must not end a ward of Hà Nội by naming it a predecessor.
    laocai_admin = UserFactory()
    MembershipFactory(user=laocai_admin, unit=org_tree.laocai, role=Role.UNIT_ADMIN)
    with pytest.raises(PermissionDenied):
        services.record_succession(
            laocai_admin, [org_tree.dong_da], org_tree.bao_thang, kind="merge", effective_date=MERGE_DAY
        )
    org_tree.dong_da.refresh_from_db()
    assert org_tree.dong_da.valid_to is None
    assert not UnitSuccession.objects.exists()


def test_record_succession_to_itself_is_refused_and_nothing_written(org_tree, new_ward, city_admin):
    with pytest.raises(ValidationError, match="không thể kế thừa chính nó"):
        services.record_succession(
            city_admin, [org_tree.dong_da, new_ward], new_ward, kind="merge", effective_date=MERGE_DAY
        )
    org_tree.dong_da.refresh_from_db()
    assert org_tree.dong_da.valid_to is None  # one transaction: the first predecessor is untouched
    assert not UnitSuccession.objects.exists()


def test_record_succession_keeps_an_earlier_end_date(org_tree, new_ward, city_admin):
    earlier = dt.date(2025, 3, 1)
    services.update_unit(city_admin, org_tree.dong_da, valid_to=earlier, reason="Giải thể sớm")
    services.record_succession(
        city_admin, [org_tree.dong_da], new_ward, kind="merge", effective_date=MERGE_DAY
    )
    org_tree.dong_da.refresh_from_db()
    assert org_tree.dong_da.valid_to == earlier


def test_unit_pages_show_the_succession(client, org_tree, merged, new_ward, city_appraiser):
    client.force_login(city_appraiser)
    old_page = client.get(f"/don-vi/{org_tree.dong_da.pk}/")
    assert old_page.status_code == 200
    text = old_page.content.decode()
    assert "đã hết hiệu lực" in text
    assert "Đã chuyển giao cho:" in text
    assert "Phường Kim Liên" in text
    assert "01/07/2025" in text
    new_page = client.get(f"/don-vi/{new_ward.pk}/")
    assert new_page.status_code == 200
    assert "Kế thừa hồ sơ của:" in new_page.content.decode()
    assert "Phường Thanh Xuân" in new_page.content.decode()


def test_search_marks_merged_units_as_ended(client, merged, city_appraiser):
    client.force_login(city_appraiser)
    response = client.get("/don-vi/", {"q": "dong da"})
    assert response.status_code == 200
    assert "đã hết hiệu lực" in response.content.decode()
