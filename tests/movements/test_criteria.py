"""Criteria sets and the checklist ``criteria_for`` composes for a dossier."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guongsang.core.permissions import Role
from guongsang.movements import selectors, services
from guongsang.movements.models import CriteriaSet, Criterion
from tests.factories import MembershipFactory, UserFactory

Kind = CriteriaSet.Kind


@pytest.fixture
def nation_admin(superuser):
    return superuser


@pytest.fixture
def sets(org_tree, superuser, city_officer, commune_officer, dongda_officer, hanoi_movement):
    """General criteria of the nation and of the city, the movement's, and each ward's own."""

    def make(actor, unit, kind, name, texts, **extra):
        criteria_set = services.create_criteria_set(actor, unit, kind=kind, name=name, **extra)
        for text in texts:
            services.add_criterion(actor, criteria_set, text)
        return criteria_set

    return {
        "nation": make(superuser, org_tree.nation, Kind.GENERAL, "Tiêu chuẩn chung", ["Gương mẫu chấp hành"]),
        "city": make(
            city_officer, org_tree.hanoi, Kind.GENERAL, "Tiêu chuẩn Thủ đô", ["Thanh lịch, văn minh"]
        ),
        "movement": make(
            city_officer,
            org_tree.hanoi,
            Kind.MOVEMENT,
            "Tiêu chí Dân vận khéo",
            ["Có mô hình dân vận"],
            movement=hanoi_movement,
        ),
        "thanh_xuan": make(
            commune_officer,
            org_tree.thanh_xuan,
            Kind.UNIT,
            "Tiêu chí phường Thanh Xuân",
            ["Tham gia tổ dân phố", "Không vi phạm pháp luật"],
        ),
        "dong_da": make(
            dongda_officer, org_tree.dong_da, Kind.UNIT, "Tiêu chí phường Đống Đa", ["Riêng Đống Đa"]
        ),
        "laocai": make(superuser, org_tree.laocai, Kind.GENERAL, "Tiêu chuẩn Lào Cai", ["Riêng Lào Cai"]),
    }


def texts(criteria: list[Criterion]) -> list[str]:
    return [c.text for c in criteria]


def test_checklist_goes_general_top_down_then_unit(org_tree, sets):
    assert texts(selectors.criteria_for(org_tree.thanh_xuan)) == [
        "Gương mẫu chấp hành",
        "Thanh lịch, văn minh",
        "Tham gia tổ dân phố",
        "Không vi phạm pháp luật",
    ]


def test_movement_criteria_come_between_general_and_unit(org_tree, sets, hanoi_movement):
    assert texts(selectors.criteria_for(org_tree.thanh_xuan, hanoi_movement)) == [
        "Gương mẫu chấp hành",
        "Thanh lịch, văn minh",
        "Có mô hình dân vận",
        "Tham gia tổ dân phố",
        "Không vi phạm pháp luật",
    ]


def test_city_checklist_has_no_ward_criteria(org_tree, sets):
    assert texts(selectors.criteria_for(org_tree.hanoi)) == ["Gương mẫu chấp hành", "Thanh lịch, văn minh"]


def test_inactive_sets_are_left_out(org_tree, sets, city_officer):
    services.update_criteria_set(city_officer, sets["city"], is_active=False)
    assert "Thanh lịch, văn minh" not in texts(selectors.criteria_for(org_tree.thanh_xuan))


def test_year_keeps_that_years_sets_and_the_yearless(org_tree, sets, commune_officer):
    old = services.create_criteria_set(
        commune_officer, org_tree.thanh_xuan, kind=Kind.UNIT, name="2024", year=2024
    )
    services.add_criterion(commune_officer, old, "Tiêu chí năm 2024")
    new = services.create_criteria_set(
        commune_officer, org_tree.thanh_xuan, kind=Kind.UNIT, name="2025", year=2025
    )
    services.add_criterion(commune_officer, new, "Tiêu chí năm 2025")
    checklist_2025 = texts(selectors.criteria_for(org_tree.thanh_xuan, year=2025))
    assert "Tiêu chí năm 2025" in checklist_2025
    assert "Tiêu chí năm 2024" not in checklist_2025
    assert "Tham gia tổ dân phố" in checklist_2025


def test_checklist_is_read_in_one_query(org_tree, sets, hanoi_movement, django_assert_num_queries):
    with django_assert_num_queries(1):
        checklist = selectors.criteria_for(org_tree.thanh_xuan, hanoi_movement)
        [c.criteria_set.unit.name for c in checklist]


def test_reorder_and_remove(sets, commune_officer):
    first, second = sets["thanh_xuan"].criteria.order_by("order")
    services.move_criterion(commune_officer, second, -1)
    assert texts(list(sets["thanh_xuan"].criteria.order_by("order"))) == [
        "Không vi phạm pháp luật",
        "Tham gia tổ dân phố",
    ]
    first_id = first.pk
    services.remove_criterion(commune_officer, first)
    assert texts(list(sets["thanh_xuan"].criteria.all())) == ["Không vi phạm pháp luật"]
    removed = Criterion.history.filter(id=first_id, history_type="-").get()
    assert removed.history_user == commune_officer


def test_reorder_must_name_each_criterion_once(sets, commune_officer):
    ids = list(sets["thanh_xuan"].criteria.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="mỗi tiêu chí một lần"):
        services.reorder_criteria(commune_officer, sets["thanh_xuan"], [ids[0], ids[0]])


def test_empty_criterion_is_refused(sets, commune_officer):
    with pytest.raises(ValidationError) as refused:
        services.add_criterion(commune_officer, sets["thanh_xuan"], "   ")
    assert refused.value.message_dict == {"text": ["Nội dung tiêu chí không được để trống."]}


def test_neighbour_cannot_edit_another_wards_criteria(sets, dongda_officer):
    with pytest.raises(PermissionDenied):
        services.add_criterion(dongda_officer, sets["thanh_xuan"], "Chen vào")


def test_movement_set_belongs_to_the_launcher(org_tree, commune_officer, hanoi_movement):
    with pytest.raises(
        ValidationError, match="Bộ tiêu chí của phong trào do chính đơn vị phát động ban hành"
    ):
        services.create_criteria_set(
            commune_officer, org_tree.thanh_xuan, kind=Kind.MOVEMENT, name="X", movement=hanoi_movement
        )
    with pytest.raises(PermissionDenied):
        services.create_criteria_set(
            commune_officer, org_tree.hanoi, kind=Kind.MOVEMENT, name="X", movement=hanoi_movement
        )


def test_general_set_cannot_hang_on_a_movement(org_tree, city_officer, hanoi_movement):
    with pytest.raises(ValidationError, match="Chỉ bộ tiêu chí của phong trào mới gắn với phong trào"):
        services.create_criteria_set(
            city_officer, org_tree.hanoi, kind=Kind.GENERAL, name="X", movement=hanoi_movement
        )


def test_absurd_year_is_refused(org_tree, commune_officer):
    with pytest.raises(ValidationError) as refused:
        services.create_criteria_set(commune_officer, org_tree.thanh_xuan, kind=Kind.UNIT, name="X", year=25)
    assert refused.value.message_dict == {"year": ["Năm áp dụng phải từ 2000 đến 2100."]}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        # A ward sees the general criteria above it, its own and the movement's; not its neighbour's.
        (
            "commune_officer",
            {"Tiêu chuẩn chung", "Tiêu chuẩn Thủ đô", "Tiêu chí Dân vận khéo", "Tiêu chí phường Thanh Xuân"},
        ),
        ("laocai_officer", {"Tiêu chuẩn chung", "Tiêu chuẩn Lào Cai"}),
        ("outsider", set()),
    ],
)
def test_criteria_sets_for_each_persona(request, sets, persona, visible):
    user = request.getfixturevalue(persona)
    assert set(selectors.criteria_sets_for(user).values_list("name", flat=True)) == visible


def test_criteria_set_permission_matches_the_list(request, sets, org_tree):
    """The rule for one set and the list query agree, set by set, for a school officer."""
    school = UserFactory()
    MembershipFactory(user=school, unit=org_tree.chu_van_an, role=Role.OFFICER)
    listed = set(selectors.criteria_sets_for(school))
    for criteria_set in CriteriaSet.objects.all():
        assert school.has_perm("movements.view_criteriaset", criteria_set) == (criteria_set in listed)
