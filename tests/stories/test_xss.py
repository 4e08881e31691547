"""XSS: every payload of the corpus, in every text field an editor fills, published, and read back
from every public page, the feeds and the API: nothing executable survives."""

import pytest
from django.test import Client
from lxml import html as lxml_html

from guongsang.stories import services
from tests.stories.fixtures import photo_upload
from tests.stories.xss_vectors import VECTORS, executable_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(make_story, writer, editor, lan):
    """One published story per payload, the payload in every text field."""
    stories = []
    for index, vector in enumerate(VECTORS):
        story = make_story(
            nominees=[lan],
            title=f"Bài {index} {vector}",
            lead=f"Sa-pô {vector}",
            body=f"<p>Đoạn {vector}</p>{vector}",
            author_name=vector,
            source_outlet=vector,
        )
        services.add_photo(writer, story, image=photo_upload(), alt_text=vector, caption=vector)
        story = services.publish(editor, services.submit_for_review(writer, story))
        stories.append(story)
    return stories


def test_corpus_has_at_least_fifty_vectors():
    assert len(VECTORS) >= 50


def test_no_payload_survives_into_public_pages(hostile, org_tree, lan):
    client = Client()
    pages = [story.get_public_url() for story in hostile]
    pages += [
        "/tin-tuc/",
        "/tin-tuc/nguoi-tot-viec-tot/",
        "/tin-tuc/nguoi-tot-viec-tot/?page=2",
        f"/tin-tuc/don-vi/{org_tree.thanh_xuan.pk}/",
        f"/tin-tuc/don-vi/{org_tree.thanh_xuan.pk}/nhung/",
        f"/tin-tuc/guong-sang/{lan.pk}/",
        "/tin-tuc/tim-kiem/?q=bai",
    ]
    pages += [f"/tin-tuc/tim-kiem/?q={v}" for v in VECTORS[:20]]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert executable_parts(response.content.decode()) == [], url


def test_no_payload_survives_into_back_office_pages(hostile, client, editor):
    client.force_login(editor)
    for story in hostile[:: max(1, len(hostile) // 15)]:
        response = client.get(story.get_absolute_url())
        page = response.content.decode()
        assert "<script>alert(1)</script>" not in page
        # The signed-in layout around <main> has its own (static) scripts; the story is inside.
        assert executable_parts(page, within="main") == [], story.pk


def test_feeds_carry_payloads_as_escaped_text(hostile, org_tree):
    client = Client()
    for kind in ("rss", "atom"):
        feed = client.get(f"/tin-tuc/don-vi/{org_tree.thanh_xuan.pk}/{kind}/").content.decode()
        assert "<script>" not in feed and "<img src=x" not in feed


def test_api_bodies_are_sanitised(hostile, api_client):
    for story in hostile:
        body = api_client().get(f"/api/v1/public/stories/{story.pk}").json()["body"]
        fragment = lxml_html.fragment_fromstring(f"<div>{body}</div>")
        for element in fragment.iter():
            assert element.tag in {
                "div",
                "p",
                "br",
                "strong",
                "em",
                "b",
                "i",
                "u",
                "s",
                "sub",
                "sup",
                "ul",
                "ol",
                "li",
                "blockquote",
                "h2",
                "h3",
                "h4",
                "a",
            }, (story.pk, element.tag)
            for name, value in element.attrib.items():
                assert not name.startswith("on")
                assert not "".join(value.split()).lower().startswith(("javascript:", "data:", "vbscript:"))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        " javascript:alert(1)",
    ],
)
def test_non_http_links_are_refused(make_story, url):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_story(source_url=url)
