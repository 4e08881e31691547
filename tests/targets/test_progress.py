"""Judging progress against the share of the period elapsed, and a unit's targets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from guongsang.orgs.models import OrgUnit
from guongsang.targets import selectors, services
from guongsang.targets.models import StaffCount, Target
from guongsang.targets.services import Status, judge

JAN1, DEC31 = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("value", "required", "today", "status"),
    [
        (2, 2, dt.date(2025, 3, 1), Status.MET),  # reached early
        (1, 2, dt.date(2025, 7, 1), Status.ON_TRACK),  # half the year (182 days of 365), half the target
        (0, 2, dt.date(2025, 7, 2), Status.BEHIND),
        (1, 4, dt.date(2025, 7, 2), Status.BEHIND),  # a quarter at mid-year
        (1, 2, dt.date(2026, 1, 5), Status.MISSED),  # the year is over
        (0, 2, dt.date(2024, 12, 1), Status.ON_TRACK),  # not started yet
        (5, None, dt.date(2025, 7, 2), Status.NO_DATA),  # a staff share without a staff count
    ],
)
def test_judge(value, required, today, status):
    assert judge(value, required, JAN1, DEC31, today) == status


def test_elapsed_share_counts_today():
    assert services.elapsed_share(JAN1, DEC31, JAN1) == pytest.approx(1 / 365)
    assert services.elapsed_share(JAN1, DEC31, DEC31) == 1.0


def test_a_commune_owes_the_city_plans_commune_target_only(org_tree, plan):
    codes = [t.code for t in selectors.targets_for(org_tree.thanh_xuan, 2025)]
    assert codes == ["commune-build"]
    assert [t.code for t in selectors.targets_for(org_tree.hanoi, 2025)] == [
        "city-honour",
        "movement-coverage",
    ]
    assert selectors.targets_for(org_tree.thanh_xuan, 2026) == []  # outside the period
    assert selectors.targets_for(org_tree.bao_thang, 2025) == []  # another province


def test_progress_of_a_commune(org_tree, plan, recognise):
    recognise(org_tree.thanh_xuan, year=2025)
    [row] = selectors.progress_of(org_tree.thanh_xuan, 2025, today=dt.date(2025, 10, 1))
    assert (row.value, row.required, row.status) == (1, 2, Status.BEHIND)
    assert f"unit={org_tree.thanh_xuan.pk}" in row.list_url
    recognise(org_tree.thanh_xuan, year=2025)
    [row] = selectors.progress_of(org_tree.thanh_xuan, 2025, today=dt.date(2025, 10, 1))
    assert row.status == Status.MET


def test_staff_share_uses_the_dated_count_in_force(org_tree, plan, recognise, superuser):
    # 120 undated → 6 needed; a count of 40 dated before the year's end → 2 needed.
    dept = org_tree.so_noi_vu
    [row] = selectors.progress_of(dept, 2025, today=dt.date(2025, 6, 1))
    assert (row.required, row.staff) == (6, 120)
    services.set_staff_count(superuser, dept, as_of=dt.date(2025, 1, 1), count=40)
    services.set_staff_count(superuser, dept, as_of=dt.date(2026, 1, 1), count=400)  # later: not in force
    for _ in range(2):
        recognise(dept, year=2025)
    [row] = selectors.progress_of(dept, 2025, today=dt.date(2025, 6, 1))
    assert (row.value, row.required, row.staff, row.status) == (2, 2, 40, Status.MET)
    assert StaffCount.objects.filter(unit=dept).count() == 2


def test_coverage_counts_child_units_with_the_item(org_tree, plan, launch):
    launch(org_tree.thanh_xuan, dt.date(2025, 2, 1))
    launch(org_tree.dong_da, dt.date(2025, 2, 1))
    progress = {
        p.target.code: p for p in selectors.progress_of(org_tree.hanoi, 2025, today=dt.date(2025, 6, 1))
    }
    coverage = progress["movement-coverage"]
    assert coverage.covered == (2, 3)  # three wards, two launched (schools and departments not counted)
    assert (coverage.value, coverage.required, coverage.status) == (2, 3, Status.ON_TRACK)


def test_ranking_puts_the_furthest_behind_first(org_tree, plan, recognise):
    for _ in range(2):
        recognise(org_tree.dong_da, year=2025)
    recognise(org_tree.ba_dinh, year=2025)
    target = plan.targets.get(code="commune-build")
    rows = selectors.ranking(org_tree.hanoi, target, 2025, today=dt.date(2025, 10, 1))
    assert [(r.unit.name, r.value) for r in rows] == [
        ("Phường Thanh Xuân", 0),
        ("Phường Ba Đình", 1),
        ("Phường Đống Đa", 2),
    ]
    assert [r.status for r in rows] == [Status.BEHIND, Status.BEHIND, Status.MET]
    assert (
        next(r.unit.name for r in selectors.ranking(org_tree.hanoi, target, 2025, "-value"))
        == "Phường Đống Đa"
    )


def test_the_ranking_is_a_fixed_number_of_queries(org_tree, plan, recognise, django_assert_max_num_queries):
    target = plan.targets.get(code="commune-build")
    for index in range(10):
        ward = OrgUnit.objects.add_child(
            org_tree.hanoi, {"name": f"Phường thử {index}", "kind": OrgUnit.Kind.COMMUNE}
        )
        recognise(ward, year=2025)
    org_tree.hanoi.refresh_from_db()
    # children, successions, the metric: not one query per ward
    with django_assert_max_num_queries(3):
        rows = selectors.ranking(org_tree.hanoi, target, 2025)
    assert len(rows) == 13


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"threshold": -1}, "threshold"),
        ({"threshold": 0}, "threshold"),
        ({"threshold": 5_000_000}, "threshold"),
        ({"threshold_kind": Target.ThresholdKind.STAFF_SHARE, "threshold": 120}, "threshold"),
        ({"metric": "no-such-metric"}, "metric"),
        ({"params": {"colour": "red"}}, "params"),
        ({"span": ""}, "span"),
        ({"unit_kinds": ["enterprise"]}, "unit_kinds"),
    ],
)
def test_bad_targets_are_refused_and_nothing_saved(plan, superuser, changes, field):
    data = {
        "code": "x",
        "label": "Chỉ tiêu thử",
        "metric": "recognitions",
        "threshold_kind": "absolute",
        "threshold": 2,
    }
    with pytest.raises(ValidationError) as error:
        services.add_target(superuser, plan, **{**data, **changes})
    assert field in error.value.message_dict
    assert not plan.targets.filter(code="x").exists()


def test_a_plan_needs_a_period(org_tree, superuser):
    with pytest.raises(ValidationError) as error:
        services.create_plan(
            superuser,
            org_tree.hanoi,
            number="1/KH",
            title="Thử",
            issued_on=dt.date(2025, 1, 1),
            start_year=2025,
            end_year=2023,
        )
    assert "end_year" in error.value.message_dict


def test_editing_a_target_is_in_its_history(plan, superuser):
    target = plan.targets.get(code="commune-build")
    services.update_target(superuser, target, threshold=3)
    versions = list(target.history.order_by("history_date").values_list("threshold", "history_user_id"))
    assert [float(v[0]) for v in versions] == [2.0, 3.0]
    assert versions[-1][1] == superuser.pk


def test_the_dashboard_opens_on_the_plans_last_year_once_it_is_over(org_tree, plan):
    assert selectors.default_year(org_tree.thanh_xuan, today=dt.date(2024, 5, 1)) == 2024
    assert selectors.default_year(org_tree.thanh_xuan, today=dt.date(2026, 12, 5)) == 2025
    assert selectors.default_year(org_tree.bao_thang, today=dt.date(2026, 12, 5)) == 2026  # no plan
