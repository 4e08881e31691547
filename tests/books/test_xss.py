"""XSS in the book: the corpus in the edition's title, subtitle and foreword (through the editors'
forms), in its chapter titles (the fields and units stories are filed under) and in the stories
it prints, read back from the back-office pages, the build job, the public downloads page, the
API and every XHTML file of the built EPUB."""

import io
import zipfile

import pytest
from django.utils import timezone
from lxml import etree

from guongsang.books import build, services
from guongsang.books.models import BookEdition
from guongsang.movements.models import Field
from guongsang.orgs import services as org_services
from guongsang.stories import services as story_services
from tests.stories.fixtures import photo_upload
from tests.stories.xss_vectors import VECTORS, assert_inert, executable_parts, packed, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_stories(make_story, publish, writer, lan, org_tree, city_admin):
    """One published story per chunk of the corpus, each in a field named after the chunk (fields
    are catalogue data the administrators add in the admin: there is no other way in), the ward's
    own name the corpus too."""
    org_services.update_unit(city_admin, org_tree.thanh_xuan, name=packed(255)[1])
    stories = []
    for index, chunk in enumerate(packed(255)):
        field = Field.objects.create(code=f"linh-vuc-{index}", name=chunk, order=100 + index)
        story = make_story(
            nominees=[lan], title=chunk, lead=chunk, author_name=chunk, field=field, body=f"<p>{chunk}</p>"
        )
        if index == 0:
            story_services.add_photo(writer, story, image=photo_upload(), alt_text=chunk, caption=chunk)
        stories.append(publish(story))
    return stories


def test_book_shows_payloads_as_text_on_pages_api_and_in_the_epub(
    client, editor, org_tree, hostile_stories, api_client, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    title, subtitle = packed(255)[2], packed(255)[3]
    foreword = "".join(f"<p>{vector}</p>{vector}" for vector in VECTORS)
    response = client.post(
        "/sach/",
        {
            "organiser": org_tree.hanoi.pk,
            "year": timezone.localdate().year,
            "title": title,
            "chapter_by": "field",
        },
    )
    edition = BookEdition.objects.get()
    assert response.status_code == 302 and edition.title == title
    fields = {"title": title, "subtitle": subtitle, "chapter_by": "field", "foreword": foreword}
    assert client.post(edition.get_absolute_url(), fields).status_code == 302
    client.post(f"/sach/{edition.pk}/chon-bai/", {"stories": [s.pk for s in hostile_stories]})
    assert edition.entries.count() == len(hostile_stories)
    chapter_titles = [s.field.name for s in hostile_stories]
    assert_inert(client.get("/sach/").content.decode(), [title])
    assert_inert(
        client.get(edition.get_absolute_url()).content.decode(),
        [title, subtitle, *chapter_titles, *(s.title for s in hostile_stories)],
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sach/{edition.pk}/dung-sach/")
    edition.refresh_from_db()
    assert edition.status == BookEdition.Status.BUILT, edition.build_message
    assert_inert(client.get(response["Location"]).content.decode(), [title])  # the job's page

    with zipfile.ZipFile(io.BytesIO(edition.epub.read())) as archive:
        pages = {n: archive.read(n) for n in archive.namelist() if n.endswith((".xhtml", ".ncx", ".opf"))}
    everything = ""
    for name, content in pages.items():
        etree.fromstring(content)  # every file still well-formed XML: the payloads broke nothing
        if name.endswith(".xhtml"):
            # The book's own stylesheet is the one link a page has.
            assert executable_parts(content) in ([], ["<link href=style/book.css>"]), name
            everything += page_text(content)
    missing = [t for t in [title, subtitle, *chapter_titles, packed(255)[1]] if t not in everything]
    assert missing == []

    fields["is_public"] = "on"
    assert client.post(edition.get_absolute_url(), fields).status_code == 302
    anonymous = client.__class__()
    for url in ("/tin-tuc/sach/", "/tin-tuc/"):
        page = anonymous.get(url).content.decode()
        assert_inert(page, [title] + ([subtitle] if url.endswith("sach/") else []), within="")
    answer = api_client(editor).get(f"/api/v1/books/{edition.pk}")
    assert answer["Content-Type"].startswith("application/json")
    assert (answer.json()["title"], answer.json()["subtitle"]) == (title, subtitle)
    chapters = api_client(editor).get(f"/api/v1/books/{edition.pk}/chapters").json()
    assert sorted(c["title"] for c in chapters) == sorted(chapter_titles)


def test_every_payload_alone_in_the_foreword_is_sanitised(editor, org_tree):
    """The foreword is rich text: each payload alone, as the editor might paste it, keeps nothing
    that runs, in the stored HTML as in its XHTML for the e-book."""
    edition = services.create_edition(editor, org_tree.hanoi, year=timezone.localdate().year)
    for vector in VECTORS:
        edition = services.update_edition(editor, edition, foreword=vector)
        for html in (edition.foreword, build.xhtml_fragment(edition.foreword)):
            if html:
                assert executable_parts(f"<div>{html}</div>") == [], vector
