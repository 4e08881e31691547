"""XSS in the rest of publicity: the press coverage log, the weekly propagation list and the
units' reports of how they propagated it. The corpus goes in through the forms editors use, and
is read back from every page and API answer that shows it: as text, never as markup, and no
pasted link other than http(s) ever becomes an href."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guongsang.nominees import services as nominee_services
from guongsang.stories import services, weekly
from guongsang.stories.models import PressCoverage, PropagationReport
from tests.stories.xss_vectors import BAD_LINKS, VECTORS, assert_inert, packed

pytestmark = pytest.mark.django_db


def test_press_log_shows_every_payload_as_text(client, editor, lan):
    today = timezone.localdate().isoformat()
    client.force_login(editor)
    chunks = packed(255)
    for index, chunk in enumerate(chunks):
        response = client.post(
            f"/bai-viet/bao-chi/{lan.pk}/",
            {
                "outlet": chunk,
                "title": chunk,
                "published_on": today,
                # A link may carry quotes and brackets: it stays one attribute value.
                "url": f'https://bao.example.vn/{index}?"><script>alert(1)</script>' if index % 2 else "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert PressCoverage.objects.filter(nominee=lan).count() == len(chunks)

    assert_inert(client.get(f"/bai-viet/bao-chi/{lan.pk}/").content.decode(), VECTORS)
    # The log of every exemplar, its outlet filter listing the outlets, one of them chosen.
    assert_inert(client.get("/bai-viet/bao-chi/").content.decode(), VECTORS)
    filtered = client.get("/bai-viet/bao-chi/", {"outlet": chunks[0]}).content.decode()
    assert_inert(filtered, [chunks[0]])
    public = client.get(f"/tin-tuc/guong-sang/{lan.pk}/").content.decode()
    assert_inert(public, VECTORS)


def test_press_log_refuses_links_that_are_not_http(client, editor, lan, api_client):
    client.force_login(editor)
    api = api_client(editor)
    today = timezone.localdate()
    for link in BAD_LINKS:
        answer = api.post(
            "/api/v1/press-coverage/",
            {"nominee": lan.pk, "outlet": "Báo Hà Nội Mới", "published_on": today.isoformat(), "url": link},
        )
        assert answer.status_code == 422 and answer.json()["code"] == "validation_error", link
        with pytest.raises(ValidationError) as refused:
            services.record_coverage(editor, lan, outlet="Báo Hà Nội Mới", published_on=today, url=link)
        assert "url" in refused.value.message_dict, link
        page = client.post(
            f"/bai-viet/bao-chi/{lan.pk}/",
            {"outlet": "Báo Hà Nội Mới", "published_on": today.isoformat(), "url": link},
        )
        assert page.status_code == 200 and "errorlist" in page.content.decode(), link
    assert not PressCoverage.objects.exists()


@pytest.fixture
def hostile_selection(editor, writer, records_officer, org_tree, make_story, publish):
    """A weekly list of Hà Nội naming a person and stories whose names and titles are the corpus,
    its note the corpus too, written through the list's own form."""
    person = nominee_services.create_nominee(
        records_officer, full_name=packed(255)[0], unit=org_tree.thanh_xuan, occupation=VECTORS[7]
    )
    nominee_services.give_consent(records_officer, person, given_by="Người được đề xuất", scope="all")
    stories = [publish(make_story(nominees=[person], title=chunk)) for chunk in packed(255)]
    iso = timezone.localdate().isocalendar()
    selection = weekly.create_selection(
        editor, org_tree.hanoi, year=iso.year, week=iso.week, nominees=[person], stories=stories[:1]
    )
    return selection, person, stories


def test_weekly_list_and_propagation_reports_show_payloads_as_text(
    client, editor, ward_editor, hostile_selection, api_client
):
    selection, person, stories = hostile_selection
    url = selection.get_absolute_url()
    client.force_login(editor)
    # The draft's form lists the candidate stories and people by title and name.
    assert_inert(client.get(url).content.decode(), VECTORS)
    for note in packed(2000):
        response = client.post(
            url,
            {
                "nominees": [person.pk],
                "stories": [s.pk for s in stories],
                "note": note,
                "signer_title": VECTORS[0],
                "signer_name": VECTORS[1],
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        selection.refresh_from_db()
        assert selection.note == note
        assert_inert(client.get(url).content.decode(), [note, VECTORS[0], VECTORS[1]])
    assert_inert(client.get("/bai-viet/tuyen-truyen-tuan/").content.decode())
    api = api_client(editor).get(f"/api/v1/weekly-selections/{selection.pk}")
    assert api["Content-Type"].startswith("application/json") and api.json()["note"] == selection.note
    assert client.post(f"{url}ban-hanh/").status_code == 302

    # The ward reports how it propagated the list, its note the corpus.
    client.force_login(ward_editor)
    assert_inert(client.get(url).content.decode(), [s.title for s in stories] + [person.full_name])
    today = timezone.localdate().isoformat()
    for index, note in enumerate(packed(2000)):
        link = f'https://phuong.example.vn/tin/{index}?"><svg/onload=alert(1)>'
        response = client.post(
            f"{url}ket-qua/",
            {"unit": stories[0].unit_id, "kind": "post", "held_on": today, "url": link, "note": note},
        )
        assert response.status_code == 302
    assert PropagationReport.objects.filter(selection=selection).count() == 2
    assert_inert(client.get(url).content.decode())

    # The city's editors see every unit's reports, with their links.
    client.force_login(editor)
    assert_inert(client.get(url).content.decode())
    rows = api_client(editor).get(f"/api/v1/weekly-selections/{selection.pk}/coverage").json()
    links = [r["url"] for row in rows for r in row["reports"]]
    assert len(links) == 2 and all(link.startswith("https://phuong.example.vn/") for link in links)


def test_propagation_reports_refuse_links_that_are_not_http(
    client, editor, ward_editor, hostile_selection, org_tree
):
    selection, _, _ = hostile_selection
    selection = weekly.issue_selection(editor, selection)
    client.force_login(ward_editor)
    today = timezone.localdate()
    for link in BAD_LINKS:
        with pytest.raises(ValidationError):
            weekly.record_propagation(
                ward_editor, selection, org_tree.thanh_xuan, kind="post", held_on=today, url=link
            )
        client.post(
            f"{selection.get_absolute_url()}ket-qua/",
            {"unit": org_tree.thanh_xuan.pk, "kind": "other", "held_on": today.isoformat(), "url": link},
        )
    assert not PropagationReport.objects.exists()
