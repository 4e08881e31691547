"""The unit page links only to what the reader may open: clusters, successors, predecessors."""

import datetime as dt

import pytest

from guongsang.orgs import services
from guongsang.orgs.models import OrgUnit, UnitSuccession


@pytest.fixture
def city_cluster(org_tree, city_admin):
    """A cluster the city organises, with Phường Thanh Xuân as its head."""
    return services.create_cluster(
        city_admin,
        org_tree.hanoi,
        name="Cụm thi đua số 1",
        year=2026,
        members=[org_tree.thanh_xuan, org_tree.dong_da],
        head=org_tree.thanh_xuan,
    )


@pytest.fixture
def kim_lien(org_tree, city_admin) -> OrgUnit:
    """Phường Kim Liên carries on from Phường Thanh Xuân since 1/7/2025."""
    ward = services.add_unit(city_admin, org_tree.hanoi, kind=OrgUnit.Kind.COMMUNE, name="Phường Kim Liên")
    services.record_succession(
        city_admin,
        [org_tree.thanh_xuan],
        ward,
        kind=UnitSuccession.Kind.MERGE,
        effective_date=dt.date(2025, 7, 1),
    )
    return ward


def test_unit_page_hides_clusters_the_commune_officer_cannot_open(
    client, commune_officer, org_tree, city_cluster
):
    client.force_login(commune_officer)
    text = client.get(org_tree.thanh_xuan.get_absolute_url()).content.decode()
    assert "Cụm thi đua số 1" not in text
    assert city_cluster.get_absolute_url() not in text
    # The link it would have given is indeed closed to them.
    assert client.get(city_cluster.get_absolute_url()).status_code == 404


def test_unit_page_lists_clusters_for_the_city_appraiser(client, city_appraiser, org_tree, city_cluster):
    client.force_login(city_appraiser)
    text = client.get(org_tree.thanh_xuan.get_absolute_url()).content.decode()
    assert city_cluster.get_absolute_url() in text
    assert "cụm trưởng" in text


def test_unit_page_names_the_successor_without_a_dead_link(client, commune_officer, org_tree, kim_lien):
    client.force_login(commune_officer)
    response = client.get(org_tree.thanh_xuan.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Phường Kim Liên" in text
    assert kim_lien.get_absolute_url() not in text
    assert client.get(kim_lien.get_absolute_url()).status_code == 404


def test_unit_page_links_the_successor_for_the_city_appraiser(client, city_appraiser, org_tree, kim_lien):
    client.force_login(city_appraiser)
    text = client.get(org_tree.thanh_xuan.get_absolute_url()).content.decode()
    assert f'href="{kim_lien.get_absolute_url()}"' in text
    # And the successor's page links back to the unit it carries on from.
    text = client.get(kim_lien.get_absolute_url()).content.decode()
    assert f'href="{org_tree.thanh_xuan.get_absolute_url()}"' in text
