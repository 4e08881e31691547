"""``manage.py demo``: the Hà Nội demo, built once, with one working login per role."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from guongsang.accounts.models import Membership, User
from guongsang.core.permissions import Role
from guongsang.demo import builder as demo
from guongsang.orgs import selectors
from guongsang.orgs.models import Cluster, OrgUnit

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        OrgUnit.objects.count(),
        OrgUnit.history.count(),
        Cluster.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_demo_builds_hanoi_on_the_real_map():
    run()
    hanoi = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code="01")
    below = OrgUnit.objects.get_descendants(hanoi)
    assert below.filter(kind=OrgUnit.Kind.COMMUNE).count() == 126
    assert below.filter(kind=OrgUnit.Kind.DEPARTMENT).count() >= 20
    assert below.filter(kind=OrgUnit.Kind.SCHOOL).count() == 30
    fronts = set(below.filter(kind=OrgUnit.Kind.FRONT).values_list("name", flat=True))
    assert {"Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội", "Thành đoàn Hà Nội"} <= fronts
    assert Cluster.objects.filter(organiser=hanoi).count() == 2
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE).count() == 3321


def test_demo_creates_a_working_login_per_role():
    run()
    held = set(Membership.objects.active().values_list("role", flat=True))
    assert held == set(Role.values)
    request = RequestFactory().post("/dang-nhap/")
    for username in ["admin", *(login.username for login in demo.DEMO_LOGINS)]:
        user = authenticate(request, username=username, password=demo.DEMO_PASSWORD)
        assert user is not None, username
    assert User.objects.get(username="admin").is_superuser
    # The ward officer sees only the ward; the city appraiser the whole city, not Lào Cai.
    officer = User.objects.get(username="canbo.badinh")
    assert list(selectors.units_for(officer).values_list("name", flat=True)) == ["Phường Ba Đình"]
    appraiser = User.objects.get(username="thamdinh.hanoi")
    assert selectors.search_units(appraiser, "truong thpt chu van an").exists()
    assert not selectors.search_units(appraiser, "lao cai").exists()


def test_demo_second_run_changes_nothing_and_says_so():
    run()
    before = counts()
    output = run()
    assert counts() == before
    assert "Không có thay đổi: dữ liệu mẫu Hà Nội đã có." in output


def test_demo_logins_only_prints_the_table_and_writes_nothing():
    assert "Chưa có dữ liệu mẫu" in run("--logins-only")
    assert OrgUnit.objects.count() == 0
    run()
    output = run("--logins-only")
    assert "Tên đăng nhập" in output
    assert "Mật khẩu" in output
    for login in demo.DEMO_LOGINS:
        assert login.username in output
    assert demo.DEMO_PASSWORD in output


def test_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        run()
    assert OrgUnit.objects.count() == 0


def test_demo_takes_dossiers_through_a_council_to_a_signed_decision():
    from guongsang.awards.models import Decision, Recognition
    from guongsang.councils.models import CouncilSession
    from guongsang.nominations.models import Nomination

    run()
    # The vetting story's dossiers (the targets' part adds 2025 proposals for another title).
    statuses = sorted(
        Nomination.objects.filter(award_type__code="cong-dan-thu-do-uu-tu").values_list("status", flat=True)
    )
    assert statuses == sorted(["draft", "submitted", "returned", "approved", "approved", "appraised"])
    assert CouncilSession.objects.get().status == CouncilSession.Status.CLOSED
    decision = Decision.objects.get()
    assert decision.status == Decision.Status.SIGNED
    assert decision.signed_by.username == "chutich.hanoi"
    assert Recognition.objects.filter(decision=decision).count() == 2
    before = Nomination.objects.count()
    run()
    assert Nomination.objects.count() == before


def test_demo_loads_the_city_plan_with_wards_that_met_it_and_wards_that_did_not():
    from guongsang.targets import selectors as targets
    from guongsang.targets.models import Plan, StaffCount

    run()
    hanoi = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code="01")
    plan = Plan.objects.get(issuer=hanoi, number="99/KH-UBND")
    assert (plan.start_year, plan.end_year) == (2023, 2025)
    assert plan.targets.count() >= 6
    assert StaffCount.objects.filter(unit__name="Sở Nội vụ", count=176).exists()
    proposals = plan.targets.get(code="xa-truong-de-nghi-2")
    rows = {r.unit.name: r for r in targets.ranking(hanoi, proposals, 2025)}
    assert (rows["Phường Hoàn Kiếm"].value, rows["Phường Hoàn Kiếm"].status) == (3, "met")
    assert (rows["Phường Thanh Xuân"].value, rows["Phường Thanh Xuân"].status) == (1, "missed")
    before = Plan.objects.count(), plan.targets.count()
    run()
    assert (Plan.objects.count(), plan.targets.count()) == before
