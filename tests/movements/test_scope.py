"""Who sees which movement: the launcher's people and the units in scope, never another province."""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.movements import selectors, services
from guongsang.movements.models import Movement


@pytest.fixture
def national_movement(org_tree, superuser):
    return services.launch_movement(
        superuser,
        org_tree.nation,
        name="Cả nước chung tay vì người nghèo",
        kind="campaign",
        start_date=dt.date(2025, 10, 1),
        end_date=dt.date(2025, 10, 31),
    )


@pytest.fixture
def laocai_movement(org_tree, superuser):
    return services.launch_movement(
        superuser, org_tree.laocai, name="Lào Cai xanh", kind="regular", start_date=dt.date(2025, 3, 1)
    )


@pytest.fixture
def schools_movement(org_tree, city_officer):
    return services.launch_movement(
        city_officer,
        org_tree.hanoi,
        name="Dạy tốt – học tốt",
        kind="thematic",
        start_date=dt.date(2025, 9, 5),
        scope_kinds=["school"],
    )


def names(qs) -> set[str]:
    return set(qs.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("city_officer", {"Thi đua Dân vận khéo", "Dạy tốt – học tốt", "Cả nước chung tay vì người nghèo"}),
        ("city_appraiser", {"Thi đua Dân vận khéo", "Dạy tốt – học tốt", "Cả nước chung tay vì người nghèo"}),
        ("commune_officer", {"Thi đua Dân vận khéo", "Cả nước chung tay vì người nghèo"}),
        ("school_officer", {"Thi đua Dân vận khéo", "Dạy tốt – học tốt", "Cả nước chung tay vì người nghèo"}),
        ("laocai_officer", {"Lào Cai xanh", "Cả nước chung tay vì người nghèo"}),
        ("outsider", set()),
    ],
)
def test_movements_for_each_persona(
    request, persona, expected, hanoi_movement, national_movement, laocai_movement, schools_movement
):
    assert names(selectors.movements_for(request.getfixturevalue(persona))) == expected


def test_movements_open_to_a_unit(
    org_tree, hanoi_movement, national_movement, laocai_movement, schools_movement
):
    on = dt.date(2025, 12, 1)
    # The national campaign ended in October; the schools' movement is not for wards.
    assert names(selectors.movements_open_to(org_tree.thanh_xuan, on=on)) == {"Thi đua Dân vận khéo"}
    assert names(selectors.movements_open_to(org_tree.chu_van_an, on=on)) == {
        "Thi đua Dân vận khéo",
        "Dạy tốt – học tốt",
    }
    assert names(selectors.movements_open_to(org_tree.bao_thang, on=on)) == {"Lào Cai xanh"}


def test_movement_includes_only_units_strictly_below(org_tree, hanoi_movement, schools_movement):
    assert hanoi_movement.includes(org_tree.thanh_xuan)
    assert not hanoi_movement.includes(org_tree.hanoi)
    assert not hanoi_movement.includes(org_tree.bao_thang)
    assert schools_movement.includes(org_tree.chu_van_an)
    assert not schools_movement.includes(org_tree.so_noi_vu)
    assert set(services.units_in_scope(schools_movement)) == {org_tree.chu_van_an}


def test_commune_sees_only_its_own_registration_launcher_sees_all(
    hanoi_movement, org_tree, commune_officer, dongda_officer, city_officer
):
    services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, "Cam kết A")
    services.register(dongda_officer, hanoi_movement, org_tree.dong_da, "Cam kết B")
    assert [r.unit for r in selectors.registrations_for(commune_officer, hanoi_movement)] == [
        org_tree.thanh_xuan
    ]
    assert {r.unit for r in selectors.registrations_for(city_officer, hanoi_movement)} == {
        org_tree.thanh_xuan,
        org_tree.dong_da,
    }
    assert set(selectors.registrations_visible_to(dongda_officer).values_list("unit__name", flat=True)) == {
        "Phường Đống Đa"
    }


def test_registering_units_offers_the_officers_unregistered_units(hanoi_movement, org_tree, commune_officer):
    assert selectors.registering_units_for(commune_officer, hanoi_movement) == [org_tree.thanh_xuan]
    services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, "Cam kết")
    assert selectors.registering_units_for(commune_officer, hanoi_movement) == []


def test_search_filters(org_tree, city_officer, hanoi_movement, schools_movement):
    education = selectors.fields().get(code="giao-duc")
    services.update_movement(city_officer, schools_movement, fields=[education])
    assert names(selectors.search_movements(city_officer, q="day tot")) == {"Dạy tốt – học tốt"}
    assert names(selectors.search_movements(city_officer, kind="thematic")) == {"Dạy tốt – học tốt"}
    assert names(selectors.search_movements(city_officer, field="giao-duc")) == {"Dạy tốt – học tốt"}
    assert names(selectors.search_movements(city_officer, year=2024)) == set()
    assert names(selectors.search_movements(city_officer, year=2025)) == {
        "Thi đua Dân vận khéo",
        "Dạy tốt – học tốt",
    }


def test_launcher_may_not_name_another_provinces_standing_unit(org_tree, city_officer):
    with pytest.raises(Exception) as refused:
        services.launch_movement(
            city_officer,
            org_tree.hanoi,
            name="X",
            kind="regular",
            start_date=dt.date(2025, 1, 1),
            standing_unit=org_tree.bao_thang,
        )
    assert refused.value.message_dict["standing_unit"] == [
        "Cơ quan thường trực phải là Thành phố Hà Nội hoặc một đơn vị trực thuộc."
    ]
    assert not Movement.objects.exists()


def test_commune_officer_cannot_launch_for_the_city(org_tree, commune_officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(
        PermissionDenied, match="Bạn không có quyền phát động phong trào tại Thành phố Hà Nội"
    ):
        services.launch_movement(
            commune_officer, org_tree.hanoi, name="X", kind="regular", start_date=dt.date(2025, 1, 1)
        )


def test_launch_and_edit_are_audited_with_the_actor(hanoi_movement, city_officer):
    services.update_movement(city_officer, hanoi_movement, end_date=dt.date(2030, 12, 31))
    rows = list(hanoi_movement.history.order_by("history_date").values_list("history_type", "history_user"))
    assert rows == [("+", city_officer.pk), ("~", city_officer.pk)]


def test_launch_notifies_officers_in_scope_only(
    org_tree,
    city_officer,
    commune_officer,
    laocai_officer,
    school_officer,
    django_capture_on_commit_callbacks,
):
    from guongsang.core.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        services.launch_movement(
            city_officer,
            org_tree.hanoi,
            name="Dạy tốt",
            kind="thematic",
            start_date=dt.date(2025, 9, 5),
            scope_kinds=["school"],
        )
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"canbo.chuvanan"}


def test_end_before_start_is_refused(org_tree, city_officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.launch_movement(
            city_officer,
            org_tree.hanoi,
            name="X",
            kind="regular",
            start_date=dt.date(2025, 5, 1),
            end_date=dt.date(2025, 4, 1),
        )
    assert "Ngày kết thúc không được trước ngày bắt đầu." in str(refused.value)
