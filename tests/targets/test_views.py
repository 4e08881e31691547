"""The dashboard page and its export: who may open which unit, what it shows."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from guongsang.core.permissions import Role
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def city_officer(org_tree):
    """Cán bộ thi đua of Hà Nội: the city's dashboard and its children's, nothing deeper."""
    user = UserFactory(username="canbo.hanoi")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.OFFICER)
    return user


def _url(unit, **query):
    from urllib.parse import urlencode

    return reverse("targets:dashboard", args=[unit.pk]) + ("?" + urlencode(query) if query else "")


def test_an_officer_sees_their_unit_and_its_children(client, org_tree, plan, city_officer):
    client.force_login(city_officer)
    assert client.get(_url(org_tree.hanoi, year=2025)).status_code == 200
    assert client.get(_url(org_tree.thanh_xuan, year=2025)).status_code == 200
    assert client.get(_url(org_tree.laocai)).status_code == 404
    assert client.get(_url(org_tree.nation)).status_code == 404


def test_a_commune_officer_cannot_open_a_neighbour(client, org_tree, plan, commune_officer):
    client.force_login(commune_officer)
    assert client.get(_url(org_tree.thanh_xuan)).status_code == 200
    assert client.get(_url(org_tree.dong_da)).status_code == 404
    assert client.get(_url(org_tree.hanoi)).status_code == 404
    assert client.get(reverse("targets:export", args=[org_tree.dong_da.pk])).status_code == 404


def test_an_outsider_gets_404(client, org_tree, plan, outsider):
    client.force_login(outsider)
    assert client.get(_url(org_tree.hanoi)).status_code == 404


def test_the_home_goes_to_the_users_unit(client, org_tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("targets:home"))
    assert response.status_code == 302
    assert response["Location"] == _url(org_tree.thanh_xuan)


def test_the_dashboard_shows_targets_ranking_and_drill_down(client, org_tree, plan, recognise, city_officer):
    year = timezone.localdate().year if 2023 <= timezone.localdate().year <= 2025 else 2025
    recognise(org_tree.dong_da, year=year)
    recognise(org_tree.dong_da, year=year)
    client.force_login(city_officer)
    target = plan.targets.get(code="commune-build")
    response = client.get(_url(org_tree.hanoi, year=year, target=target.pk))
    html = response.content.decode()
    assert "Tuyên dương ≥ 3 gương" in html  # the city's own target
    assert "Đã đạt" in html  # Đống Đa met the commune target
    # The ranking links into each child's dashboard and its number into the registry.
    assert _url(org_tree.dong_da) + f"?year={year}" in html.replace("&amp;", "&")
    assert f"unit={org_tree.dong_da.pk}" in html
    assert 'id="targets-data"' in html and "<script>" not in html  # data by json_script only
    ranking = response.context["rows"]
    assert [r.unit.name for r in ranking][-1] == "Phường Đống Đa"


def test_the_export_opens_with_the_ranking(client, org_tree, plan, recognise, city_officer):
    recognise(org_tree.ba_dinh, year=2025)
    client.force_login(city_officer)
    target = plan.targets.get(code="commune-build")
    response = client.get(
        reverse("targets:export", args=[org_tree.hanoi.pk]), {"year": 2025, "target": target.pk}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Đơn vị", "Đạt được", "Chỉ tiêu")
    assert {r[0]: r[1] for r in rows[2:]} == {
        "Phường Thanh Xuân": 0,
        "Phường Đống Đa": 0,
        "Phường Ba Đình": 1,
    }
