"""The dossier list (core.listing): its filters, sorting, paging and a constant query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guongsang.nominations import services
from guongsang.nominees.models import Nominee
from tests.factories import PASSWORD

LIST = reverse("nominations:list")


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _dossiers(officer, org_tree, award_type, names: list[str], year: int = 2025):
    for name in names:
        nominee = Nominee.objects.create(
            kind=Nominee.Kind.INDIVIDUAL, full_name=name, unit=org_tree.ba_dinh, created_by=officer
        )
        services.create_nomination(
            officer,
            nominee=nominee,
            award_type=award_type,
            submitting_unit=org_tree.ba_dinh,
            achievements="Thành tích",
            year=year,
        )


@pytest.fixture
def dossiers(org_tree, ba_dinh_officer, catalogue):
    _dossiers(ba_dinh_officer, org_tree, catalogue["giay-khen"], ["Trần Thị Bình", "Lê Văn An"], year=2024)
    _dossiers(ba_dinh_officer, org_tree, catalogue["giay-khen"], ["Đỗ Đức Cường"], year=2025)


def rows(response) -> list[str]:
    return [n.nominee.full_name for n in response.context["listing"].page.object_list]


def test_list_filters_by_folded_name_and_year_with_the_old_parameters(client, ba_dinh_officer, dossiers):
    _login(client, ba_dinh_officer)
    assert rows(client.get(LIST, {"q": "DO duc"})) == ["Đỗ Đức Cường"]
    assert sorted(rows(client.get(LIST, {"year": "2024"}))) == ["Lê Văn An", "Trần Thị Bình"]
    assert rows(client.get(LIST, {"status": "appraised"})) == []
    # Nonsense is ignored, not a 500.
    assert len(rows(client.get(LIST, {"status": "zzz", "year": "x", "sort": "password", "page": "99"}))) == 3


def test_list_sorts_by_nominee_both_ways_and_says_so(client, ba_dinh_officer, dossiers):
    _login(client, ba_dinh_officer)
    assert rows(client.get(LIST, {"sort": "nominee"})) == ["Đỗ Đức Cường", "Lê Văn An", "Trần Thị Bình"]
    response = client.get(LIST, {"sort": "-nominee", "year": "2024"})
    assert rows(response) == ["Trần Thị Bình", "Lê Văn An"]
    html = response.content.decode()
    assert 'aria-sort="descending"><a class="sort-link" href="?sort=nominee&amp;year=2024"' in html
    # The export button carries the filters on screen.
    assert '<input type="hidden" name="year" value="2024">' in html


def test_list_pages_without_a_query_per_row(client, org_tree, ba_dinh_officer, catalogue):
    _dossiers(ba_dinh_officer, org_tree, catalogue["giay-khen"], ["Người 1", "Người 2"])
    _login(client, ba_dinh_officer)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    _dossiers(ba_dinh_officer, org_tree, catalogue["giay-khen"], [f"Người {n}" for n in range(3, 56)])
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST, {"page": "2"})
    assert len(many) == len(few)
    assert "Trang 2/2" in response.content.decode() and "Tổng: 55" in response.content.decode()
    assert len(rows(response)) == 5


def test_list_htmx_returns_the_results_only(client, ba_dinh_officer, dossiers):
    _login(client, ba_dinh_officer)
    response = client.get(LIST, {"q": "binh"}, headers={"HX-Request": "true", "HX-Target": "list-results"})
    html = response.content.decode()
    assert "<html" not in html and "Trần Thị Bình" in html and "Lê Văn An" not in html
