"""XSS in unit names, which an administrator types and every page shows: the corpus as the names
of new units (through the add-unit form), read back from the org browser (tree, search, the
htmx children fragment, each unit's page), the portal's unit pages, feeds and embeddable column,
the commune picker of the public report form — and from the embed code a ward copies onto its
own website, which must stay inert once pasted there."""

import pytest
from lxml import etree
from lxml import html as lxml_html

from guongsang.orgs.models import OrgUnit
from tests.stories.xss_vectors import VECTORS, assert_inert, executable_parts, packed

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_units(client, org_tree, city_admin):
    """A commune of Hà Nội per chunk of the corpus, named (and short-named) after it, the first
    with a unit of its own below (so the tree shows it as a folder)."""
    client.force_login(city_admin)
    short = [v for v in VECTORS if len(v) <= 64]
    units = []
    for index, chunk in enumerate(packed(245)):
        response = client.post(
            f"/don-vi/{org_tree.hanoi.pk}/them-truc-thuoc/",
            {"name": f"unit{index} {chunk}", "short_name": short[index % len(short)], "kind": "commune"},
        )
        assert response.status_code == 302, response.content.decode()[-3000:]
        units.append(OrgUnit.objects.get(name=f"unit{index} {chunk}"))
    response = client.post(
        f"/don-vi/{units[0].pk}/them-truc-thuoc/", {"name": f"child {VECTORS[0]}", "kind": "school"}
    )
    assert response.status_code == 302
    return units


def test_org_browser_shows_unit_names_as_text(client, org_tree, hostile_units):
    names = [u.name for u in hostile_units]
    assert_inert(client.get("/don-vi/").content.decode())
    assert_inert(client.get("/don-vi/", {"q": "unit"}).content.decode(), names)
    fragment = client.get(f"/don-vi/{org_tree.hanoi.pk}/truc-thuoc/").content.decode()
    assert_inert(f"<main>{fragment}</main>", names)
    for unit in hostile_units:
        assert_inert(client.get(unit.get_absolute_url()).content.decode(), [unit.name, unit.short_name])
    assert_inert(client.get(hostile_units[0].get_absolute_url()).content.decode(), [f"child {VECTORS[0]}"])


def test_portal_unit_pages_feeds_and_pickers_show_unit_names_as_text(client, org_tree, hostile_units):
    client.logout()
    for unit in hostile_units:
        page = client.get(f"/tin-tuc/don-vi/{unit.pk}/").content.decode()
        assert_inert(page, [unit.name], within="")
        # What the ward copies from the page and pastes into its own website.
        code = lxml_html.document_fromstring(page).get_element_by_id("embed-code").text_content()
        assert executable_parts(f"<html><body>{code}</body></html>", allowed={"iframe"}) == [], code
        frame = lxml_html.fragment_fromstring(code)
        assert frame.tag == "iframe" and unit.name in frame.get("title")
        assert_inert(client.get(f"/tin-tuc/don-vi/{unit.pk}/nhung/").content.decode(), [unit.name], within="")
        for kind in ("rss", "atom"):
            feed = etree.fromstring(client.get(f"/tin-tuc/don-vi/{unit.pk}/{kind}/").content)
            assert unit.name in "".join(feed.itertext())
    options = client.get("/bao-tin/xa-phuong/", {"tinh": org_tree.hanoi.pk}).content.decode()
    assert_inert(f"<main><select>{options}</select></main>", [u.name for u in hostile_units])
