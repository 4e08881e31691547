"""Records the metrics count, made directly (the metrics read tables; how the records came to be
is the other apps' tests' business), and a Hà Nội plan with targets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from guongsang.awards.models import AwardType, Decision, Recognition
from guongsang.orgs.models import OrgUnit, UnitSuccession
from guongsang.stories.models import Story
from guongsang.targets.models import Plan, Target
from tests.factories import MovementFactory, NomineeFactory, OrgUnitFactory


@pytest.fixture
def award_type(db):
    return AwardType.objects.create(
        code="ntvt-thu",
        name="Người tốt, việc tốt (thử)",
        category=AwardType.Category.TITLE,
        level=AwardType.Level.PROVINCE,
        decider_kind=OrgUnit.Kind.PROVINCE,
    )


@pytest.fixture
def recognise(org_tree, award_type, superuser):
    """``recognise(unit, year, level=...)``: a recognition in force of a new person of ``unit``."""
    decisions: dict[int, Decision] = {}

    def make(unit, year: int = 2024, level: str = AwardType.Level.PROVINCE, status=Recognition.Status.ACTIVE):
        decision = decisions.get(year) or Decision.objects.create(
            issuing_unit=org_tree.hanoi,
            award_type=award_type,
            award_year=year,
            title="Tặng danh hiệu",
            status=Decision.Status.SIGNED,
            signed_on=dt.date(year + 1, 1, 10),
            created_by=superuser,
        )
        decisions[year] = decision
        return Recognition.objects.create(
            nominee=NomineeFactory(unit=unit),
            award_type=award_type,
            level=level,
            unit=org_tree.hanoi,
            year=year,
            decision=decision,
            status=status,
        )

    return make


@pytest.fixture
def launch(org_tree):
    """``launch(unit, day)``: a movement the unit launched starting on ``day``."""

    def make(unit, day: dt.date):
        return MovementFactory(unit=unit, start_date=day)

    return make


@pytest.fixture
def publish(org_tree):
    """``publish(unit, day)``: a story the unit published that day."""

    def make(unit, day: dt.date, status=Story.Status.PUBLISHED):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        return Story.objects.create(unit=unit, title="Bài viết thử", status=status, published_at=moment)

    return make


@pytest.fixture
def merged_ward(org_tree):
    """Phường Khương Mai, ended 01/07/2025 and merged into Phường Thanh Xuân."""
    old = OrgUnitFactory(
        parent=org_tree.hanoi,
        name="Phường Khương Mai",
        kind=OrgUnit.Kind.COMMUNE,
        valid_from=dt.date(2000, 1, 1),
        valid_to=dt.date(2025, 7, 1),
    )
    UnitSuccession.objects.create(
        predecessor=old,
        successor=org_tree.thanh_xuan,
        kind=UnitSuccession.Kind.MERGE,
        effective_date=dt.date(2025, 7, 1),
    )
    return old


@pytest.fixture
def plan(org_tree, superuser):
    """Hà Nội's KH 99/KH-UBND 2023–2025 with a city target, a commune target, a department
    target on staff and a coverage target."""
    from guongsang.targets import services

    plan = services.create_plan(
        superuser,
        org_tree.hanoi,
        number="99/KH-UBND",
        title="Xây dựng, bồi dưỡng, tuyên truyền gương điển hình tiên tiến giai đoạn 2023–2025",
        issued_on=dt.date(2023, 4, 3),
        start_year=2023,
        end_year=2025,
        applies_to_kinds=[OrgUnit.Kind.COMMUNE, OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.SCHOOL],
    )
    services.add_target(
        superuser,
        plan,
        code="city-honour",
        label="Tuyên dương ≥ 3 gương",
        metric="recognitions",
        threshold_kind=Target.ThresholdKind.ABSOLUTE,
        threshold=3,
    )
    services.add_target(
        superuser,
        plan,
        code="commune-build",
        label="Mỗi xã, phường ≥ 2 gương",
        metric="recognitions",
        unit_kinds=[OrgUnit.Kind.COMMUNE],
        threshold_kind=Target.ThresholdKind.ABSOLUTE,
        threshold=2,
        order=1,
    )
    services.add_target(
        superuser,
        plan,
        code="dept-staff",
        label="Sở: gương ≥ 5% cán bộ",
        metric="recognitions",
        unit_kinds=[OrgUnit.Kind.DEPARTMENT],
        threshold_kind=Target.ThresholdKind.STAFF_SHARE,
        threshold=5,
        order=2,
    )
    services.add_target(
        superuser,
        plan,
        code="movement-coverage",
        label="100% xã, phường phát động phong trào",
        metric="movements_launched",
        params={"child_kinds": [OrgUnit.Kind.COMMUNE]},
        threshold_kind=Target.ThresholdKind.COVERAGE,
        threshold=100,
        order=3,
    )
    return Plan.objects.get(pk=plan.pk)
