"""The public column, without login: pages, sharing tags, feeds, embed, sitemap, privacy, cache."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from guongsang.nominees import services as nominee_services
from guongsang.stories import services
from tests.stories.fixtures import LAN_CCCD, LAN_PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon():
    return Client()


def test_home_shows_latest_stories_and_featured_exemplars(anon, published):
    page = anon.get("/tin-tuc/")
    assert page.status_code == 200
    html = page.content.decode()
    assert published.title in html
    assert "Phạm Thị Lan" in html


def test_story_page_has_open_graph_and_twitter_tags(anon, published):
    page = anon.get(published.get_public_url())
    assert page.status_code == 200
    html = page.content.decode()
    url = "https://guongsang.example.vn" + published.get_public_url()
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:title" content="{published.title}">' in html
    assert '<meta property="og:image" content="https://guongsang.example.vn/media/stories/photos/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'property="og:description"' in html and "Mười năm dạy chữ" in html
    assert f'<link rel="canonical" href="{url}">' in html


def test_story_page_shares_with_plain_links_and_no_script(anon, published):
    html = anon.get(published.get_public_url()).content.decode()
    assert "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fguongsang.example.vn" in html
    assert "zalo" in html.lower()
    assert "<script" not in html
    assert " style=" not in html and "<style" not in html


def test_public_pages_set_no_cookie_and_a_strict_csp(anon, published):
    response = anon.get(published.get_public_url())
    assert not response.cookies
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def _without_media_names(html):
    """Uploaded files get random hex names, which may contain any run of digits."""
    return re.sub(r"/media/[\w/.-]+", "/media/…", html)


def test_story_page_shows_only_the_persons_public_fields(anon, published, lan):
    html = _without_media_names(anon.get(published.get_public_url()).content.decode())
    assert "Giáo viên" in html  # occupation: public
    assert LAN_CCCD not in html and "lan.pham@example.vn" not in html
    assert LAN_PHONE not in html and "654" not in html
    exemplar = _without_media_names(anon.get(f"/tin-tuc/guong-sang/{lan.pk}/").content.decode())
    assert "Giáo viên" in exemplar and "Phường Thanh Xuân" in exemplar
    assert "1990" not in exemplar  # birth year not chosen for publication
    assert LAN_CCCD not in exemplar


def test_person_without_portal_consent_has_no_public_page(anon, hung):
    assert anon.get(f"/tin-tuc/guong-sang/{hung.pk}/").status_code == 404


def test_draft_and_unpublished_stories_are_not_found(anon, make_story, published, editor):
    draft = make_story()
    assert anon.get(draft.get_public_url()).status_code == 404
    services.unpublish(editor, published, "")
    assert anon.get(published.get_public_url()).status_code == 404


def test_story_page_is_served_from_cache_until_a_change(
    anon, published, editor, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = published.get_public_url()
    assert anon.get(url).status_code == 200
    with django_assert_num_queries(0):
        assert anon.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.update_story(editor, published, title="Cô giáo Lan — lớp học tình thương")
    published.refresh_from_db()
    fresh = anon.get(published.get_public_url())
    assert "Cô giáo Lan — lớp học tình thương" in fresh.content.decode()


def test_withdrawing_consent_removes_the_cached_page(
    anon, published, lan, records_officer, django_capture_on_commit_callbacks
):
    url = published.get_public_url()
    assert anon.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        nominee_services.withdraw_consent(records_officer, lan.consents.get())
    assert anon.get(url).status_code == 404


def test_wrong_slug_redirects_to_the_canonical_address(anon, published):
    response = anon.get(f"/tin-tuc/bai-viet/{published.pk}/")
    assert response.status_code == 301 and response["Location"] == published.get_public_url()


def test_wrong_slug_redirects_from_the_cache_too(anon, published, django_assert_num_queries):
    url = published.get_public_url()
    assert anon.get(url).status_code == 200  # now cached
    with django_assert_num_queries(0):
        short = anon.get(f"/tin-tuc/bai-viet/{published.pk}/")
        wrong = anon.get(f"/tin-tuc/bai-viet/{published.pk}/ten-cu-cua-bai/")
        cached = anon.get(url)
    assert short.status_code == 301 and short["Location"] == url
    assert wrong.status_code == 301 and wrong["Location"] == url
    assert cached.status_code == 200 and published.title in cached.content.decode()
    assert cached.content.decode().startswith("<!DOCTYPE html>")


def test_old_slug_redirects_to_the_new_title(anon, published, editor, django_capture_on_commit_callbacks):
    old = published.get_public_url()
    assert anon.get(old).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.update_story(editor, published, title="Lớp học tình thương của cô Lan")
    published.refresh_from_db()
    assert anon.get(published.get_public_url()).status_code == 200
    moved = anon.get(old)  # served from the fresh cache entry
    assert moved.status_code == 301 and moved["Location"] == published.get_public_url()


def test_unit_without_stories_has_its_page_feed_and_snippet(anon, org_tree, published):
    """A ward that has published nothing yet still gets the snippet for its own website."""
    ward = org_tree.bao_thang
    page = anon.get(f"/tin-tuc/don-vi/{ward.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xã Bảo Thắng" in html and "Đơn vị chưa có bài viết nào." in html
    assert published.title not in html
    assert f"https://guongsang.example.vn/tin-tuc/don-vi/{ward.pk}/nhung/" in html
    assert f"/tin-tuc/don-vi/{ward.pk}/rss/" in html
    assert anon.get(f"/tin-tuc/don-vi/{ward.pk}/nhung/").status_code == 200
    assert anon.get("/tin-tuc/don-vi/999999/").status_code == 404


def test_column_filters_by_unit_field_and_year(
    anon, make_story, publish, lan, org_tree, editor, field_education
):
    ours = publish(make_story(nominees=[lan], title="Bài của Thanh Xuân"))
    other = services.create_story(
        editor,
        unit=org_tree.dong_da,
        nominees=[lan],
        title="Bài của Đống Đa",
        lead="Sa-pô",
        field=field_education,
    )
    other = services.publish(editor, services.submit_for_review(editor, other))
    html = anon.get("/tin-tuc/nguoi-tot-viec-tot/", {"unit": org_tree.dong_da.pk}).content.decode()
    assert other.title in html and ours.title not in html
    html = anon.get("/tin-tuc/nguoi-tot-viec-tot/", {"field": field_education.pk}).content.decode()
    assert other.title in html and ours.title not in html
    year = timezone.localdate().year
    html = anon.get("/tin-tuc/nguoi-tot-viec-tot/", {"year": year}).content.decode()
    assert other.title in html and ours.title in html
    html = anon.get("/tin-tuc/nguoi-tot-viec-tot/", {"year": year - 1}).content.decode()
    assert other.title not in html
    html = anon.get("/tin-tuc/nguoi-tot-viec-tot/", {"q": "dong da"}).content.decode()
    assert other.title in html and ours.title not in html


def test_column_tolerates_bad_filters(anon, published):
    response = anon.get("/tin-tuc/nguoi-tot-viec-tot/", {"unit": "abc", "year": "99999999999", "page": "x"})
    assert response.status_code == 200


def test_column_query_count_does_not_grow_with_stories(
    anon, make_story, publish, lan, django_assert_max_num_queries
):
    for n in range(8):
        publish(make_story(nominees=[lan], title=f"Bài số {n}"))
    with django_assert_max_num_queries(9):
        assert anon.get("/tin-tuc/nguoi-tot-viec-tot/").status_code == 200


def test_unit_page_rss_and_atom_feeds(anon, published, org_tree):
    page = anon.get(f"/tin-tuc/don-vi/{org_tree.hanoi.pk}/").content.decode()
    assert published.title in page and "application/rss+xml" in page
    rss = anon.get(f"/tin-tuc/don-vi/{org_tree.thanh_xuan.pk}/rss/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert published.title in rss.content.decode()
    atom = anon.get(f"/tin-tuc/don-vi/{org_tree.thanh_xuan.pk}/atom/")
    assert (
        atom["Content-Type"].startswith("application/atom+xml") and published.title in atom.content.decode()
    )
    empty = anon.get(f"/tin-tuc/don-vi/{org_tree.bao_thang.pk}/rss/")
    assert published.title not in empty.content.decode()


def test_embed_snippet_may_be_framed_by_any_site(anon, published, org_tree):
    response = anon.get(f"/tin-tuc/don-vi/{org_tree.thanh_xuan.pk}/nhung/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert published.title in response.content.decode()
    assert 'target="_blank"' in response.content.decode()
    # Every other page keeps the same-origin framing rule.
    assert anon.get("/tin-tuc/")["X-Frame-Options"] == "DENY"


def _sitemap(anon) -> str:
    """Every entry of every section the index lists, as one text."""
    index = anon.get("/sitemap.xml")
    assert index.status_code == 200 and b"<sitemapindex" in index.content
    sections = re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index.content.decode())
    assert sections
    return "".join(anon.get(section.replace("&amp;", "&")).content.decode() for section in sections)


def test_sitemap_lists_public_stories_units_and_exemplars(anon, published, lan, make_story, org_tree):
    draft = make_story(title="Bản nháp bí mật")
    xml = _sitemap(anon)
    assert published.get_public_url() in xml
    assert f"/tin-tuc/guong-sang/{lan.pk}/" in xml
    assert f"/tin-tuc/don-vi/{org_tree.thanh_xuan.pk}/" in xml
    assert "/tin-tuc/nguoi-tot-viec-tot/" in xml
    assert f"/tin-tuc/bai-viet/{draft.pk}/" not in xml


def test_sitemap_index_pages_a_section_past_its_limit(anon, make_story, publish, monkeypatch):
    """Past ``limit`` stories (5,000 in production; 2 here) the index lists a second page."""
    from guongsang.portal.sitemaps import StorySitemap

    monkeypatch.setattr(StorySitemap, "limit", 2)
    stories = [publish(make_story(title=f"Bài thứ {n}")) for n in range(1, 6)]
    index = anon.get("/sitemap.xml").content.decode()
    assert "/sitemap-stories.xml</loc>" in index
    assert "/sitemap-stories.xml?p=2</loc>" in index and "/sitemap-stories.xml?p=3</loc>" in index
    assert "?p=4" not in index
    last = anon.get("/sitemap-stories.xml?p=3").content.decode()
    assert stories[-1].get_public_url() in last and stories[0].get_public_url() not in last
    assert anon.get("/sitemap-stories.xml?p=4").status_code == 404
    assert anon.get("/sitemap-khong-co.xml").status_code == 404
    assert set(re.findall(r"/tin-tuc/bai-viet/(\d+)/", _sitemap(anon))) == {str(s.pk) for s in stories}


def test_exemplar_list_and_page(anon, published, lan, hung):
    html = anon.get("/tin-tuc/guong-sang/").content.decode()
    assert "Phạm Thị Lan" in html and "Đoàn Văn Hùng" not in html


def test_story_html_is_well_formed(anon, published):
    """A cheap structural check (the browser test runs the real validators' rules via axe)."""
    html = anon.get(published.get_public_url()).content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<main") == 1 and html.count("<h1") == 1
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_person_who_keeps_their_name_private_has_no_public_page(anon, org_tree, records_officer):
    person = nominee_services.create_nominee(
        records_officer, full_name="Vũ Ẩn Danh", unit=org_tree.thanh_xuan
    )
    nominee_services.give_consent(records_officer, person, given_by="Vũ Ẩn Danh", scope="portal")
    assert anon.get(f"/tin-tuc/guong-sang/{person.pk}/").status_code == 404
    assert "Vũ Ẩn Danh" not in anon.get("/tin-tuc/guong-sang/").content.decode()


def test_exemplar_portrait_is_served_only_with_consent_and_choice(
    anon, lan, hung, records_officer, settings, tmp_path
):
    """Portraits are private files: the portal hands one over only for a person who consented
    and chose to show it; the page links that view, never a /media/ path."""
    from django.core.files.base import ContentFile

    from guongsang.nominees.models import Nominee
    from tests.stories.fixtures import png_bytes

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    portrait = png_bytes(20, 20)
    for person in (lan, hung):
        person.photo.save("chan-dung.png", ContentFile(portrait))
    url = f"/tin-tuc/guong-sang/{lan.pk}/anh/"
    # Lan consented, but the photo is not among her public fields yet.
    assert anon.get(url).status_code == 404
    assert url not in anon.get(f"/tin-tuc/guong-sang/{lan.pk}/").content.decode()
    nominee_services.update_nominee(records_officer, lan, public_fields=["full_name", "photo"])

    html = anon.get(f"/tin-tuc/guong-sang/{lan.pk}/").content.decode()
    assert f'src="{url}"' in html and "/media/" not in html
    response = anon.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == portrait
    # Hùng gave no consent: no portrait, whatever is stored.
    Nominee.objects.filter(pk=hung.pk).update(public_fields=["full_name", "photo"])
    assert anon.get(f"/tin-tuc/guong-sang/{hung.pk}/anh/").status_code == 404
