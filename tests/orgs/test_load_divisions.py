"""``manage.py load_divisions``: the real map, loaded once, found again, renamed with the package.

Each test loads the 3,355 units (well under a second on SQLite): a shared, module-wide map
would have to be cleaned out of the database by hand, and the other tests count units.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from guongsang.orgs import selectors
from guongsang.orgs.management.commands import load_divisions as command
from guongsang.orgs.models import OrgUnit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Kind = OrgUnit.Kind


def run() -> str:
    out = io.StringIO()
    call_command("load_divisions", stdout=out)
    return out.getvalue()


def assert_tree_consistent() -> None:
    """What treebeard's find_problems checks, in one query: paths, depths and child counts."""
    rows = list(OrgUnit.objects.values_list("path", "depth", "numchild"))
    paths = {path for path, _depth, _numchild in rows}
    children: dict[str, int] = {}
    for path, depth, _numchild in rows:
        assert len(path) == depth * OrgUnit.steplen
        if depth > 1:
            parent = path[: -OrgUnit.steplen]
            assert parent in paths
            children[parent] = children.get(parent, 0) + 1
    assert {path: numchild for path, _depth, numchild in rows if numchild} == children


def test_load_divisions_loads_34_provinces_and_3321_communes():
    run()
    nation = OrgUnit.objects.get(kind=Kind.NATION, code="VN")
    assert nation.name == "Việt Nam"
    assert OrgUnit.objects.filter(kind=Kind.PROVINCE).count() == 34
    assert OrgUnit.objects.filter(kind=Kind.COMMUNE).count() == 3321
    assert OrgUnit.objects.get_children(nation).filter(kind=Kind.PROVINCE).count() == 34
    hanoi = OrgUnit.objects.get(kind=Kind.PROVINCE, code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert OrgUnit.objects.get_children(hanoi).filter(kind=Kind.COMMUNE).count() == 126


def test_load_divisions_builds_a_consistent_tree_with_history():
    run()
    assert_tree_consistent()
    hanoi = OrgUnit.objects.get(kind=Kind.PROVINCE, code="01")
    assert hanoi.numchild == 126
    dong_da = OrgUnit.objects.get(kind=Kind.COMMUNE, code="00235")
    assert OrgUnit.objects.get_parent(dong_da) == hanoi
    assert dong_da.name_folded == "phuong dong da"
    assert dong_da.history.filter(history_type="+").count() == 1


def test_load_divisions_second_run_changes_nothing_and_says_so():
    run()
    before = (OrgUnit.objects.count(), OrgUnit.history.count())
    output = run()
    assert (OrgUnit.objects.count(), OrgUnit.history.count()) == before
    assert "Không có thay đổi: 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu đã có." in output


def test_load_divisions_reuses_units_with_the_same_codes(org_tree):
    run()
    assert OrgUnit.objects.filter(kind=Kind.NATION).count() == 1
    assert OrgUnit.objects.filter(kind=Kind.PROVINCE).count() == 34
    assert OrgUnit.objects.filter(kind=Kind.COMMUNE).count() == 3321
    assert OrgUnit.objects.get(kind=Kind.PROVINCE, code="01").pk == org_tree.hanoi.pk
    assert OrgUnit.objects.get(kind=Kind.COMMUNE, code="00235").pk == org_tree.dong_da.pk
    # The units the test tree had without codes keep their places beside the new communes.
    org_tree.so_noi_vu.refresh_from_db()
    assert OrgUnit.objects.get_parent(org_tree.so_noi_vu) == org_tree.hanoi
    assert_tree_consistent()


def test_load_divisions_renames_a_unit_the_package_renamed(monkeypatch):
    run()
    provinces, communes = command.package_divisions()
    for division in communes:
        if division.code == "00235":
            division.name = "Phường Đống Đa Mới"
    monkeypatch.setattr(command, "package_divisions", lambda: (provinces, communes))
    output = run()
    dong_da = OrgUnit.objects.get(kind=Kind.COMMUNE, code="00235")
    assert dong_da.name == "Phường Đống Đa Mới"
    assert dong_da.name_folded == "phuong dong da moi"
    assert dong_da.history.filter(history_type="~").count() == 1
    assert "1 đổi tên" in output
    assert OrgUnit.objects.filter(kind=Kind.COMMUNE).count() == 3321


def test_search_dong_da_finds_phuong_dong_da_after_loading():
    run()
    superuser = UserFactory(is_superuser=True, is_staff=True)
    names = list(selectors.search_units(superuser, "dong da").values_list("name", flat=True))
    assert "Phường Đống Đa" in names
    assert "Phường Thanh Xuân" in selectors.search_units(superuser, "THANH XUAN").values_list(
        "name", flat=True
    )
