"""The public column (no login): home, the "Người tốt, việc tốt" column, story pages, units,
exemplars, search, books; feeds, the embeddable snippet and the sitemap live beside it.

Every page is read through ``stories.selectors`` (published stories whose people consent, and
people who consent to the portal). Pages carry no session, no CSRF token and no script, so a
cache may keep them whole: the story page is kept in the cache (``stories.cache``) until any write
that affects public pages bumps its generation.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from guongsang.awards import selectors as awards
from guongsang.books import selectors as books
from guongsang.core.files import serve, serve_image
from guongsang.movements.models import Field
from guongsang.orgs.models import OrgUnit
from guongsang.stories import cache, selectors
from guongsang.stories.sanitize import plain_text

PAGE_SIZE = 12
# Plain links (no SDK, no third-party script): the networks read the Open Graph tags themselves.
FACEBOOK_SHARE = "https://www.facebook.com/sharer/sharer.php?u={url}"
ZALO_SHARE = "https://sp.zalo.me/share_to_zalo?url={url}"


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def _public(response: HttpResponse, seconds: int = 60) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@require_safe
def home(request):
    latest = list(selectors.with_first_photo(selectors.public_stories())[:PAGE_SIZE])
    return _public(
        render(
            request,
            "portal/home.html",
            {
                "featured": selectors.featured_exemplars(),
                "latest": latest,
                "books": books.public_editions()[:3],
            },
        )
    )


def _filters(request) -> dict:
    unit = OrgUnit.objects.filter(pk=_int(request.GET.get("unit"))).first()
    field = Field.objects.filter(pk=_int(request.GET.get("field"))).first()
    year = _int(request.GET.get("year"))
    return {"unit": unit, "field": field, "year": year, "q": request.GET.get("q", "").strip()[:200]}


@require_safe
def column(request):
    """The column "Người tốt, việc tốt": every public story, filtered by unit, field, year, title."""
    filters = _filters(request)
    page = Paginator(selectors.with_first_photo(selectors.public_stories(**filters)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return _public(
        render(
            request,
            "portal/column.html",
            {
                "page": page,
                "filters": filters,
                "units": selectors.public_units(),
                "fields": selectors.public_fields(),
                "years": selectors.public_years(),
                "query": query.urlencode(),
            },
        )
    )


@require_safe
def story(request, story_id: int, slug: str = "") -> HttpResponse:
    """One story. Served from the cache when it is there; otherwise rendered and kept.

    A missing or stale slug (the title changed) answers 301 to the canonical address, from the
    cache as from the database: the cache keeps the slug in front of the page for that."""
    language = translation.get_language()
    cached = cache.get_page("story", story_id, language)
    if cached is None:
        found = selectors.public_story(story_id)
        if found is None:
            raise Http404
        canonical, content = found.slug, _render_story(request, found).encode()
        cache.set_page(canonical.encode() + b"\n" + content, "story", story_id, language)
    else:
        head, _, content = cached.partition(b"\n")
        canonical = head.decode()
    if slug != canonical:
        return HttpResponsePermanentRedirect(reverse("portal:story", args=[story_id, canonical]))
    return _public(HttpResponse(content), 300)


def _render_story(request, found) -> str:
    photos = found.photo_list
    url = _absolute(found.get_public_url())
    summary = found.lead or plain_text(found.body)[:200]
    return render_to_string(
        "portal/story.html",
        {
            "story": found,
            "photos": photos,
            "people": [(n, n.public_data()) for n in found.public_people],
            "canonical": url,
            "summary": summary,
            "share": {
                "facebook": FACEBOOK_SHARE.format(url=quote(url, safe="")),
                "zalo": ZALO_SHARE.format(url=quote(url, safe="")),
            },
            "related": selectors.related_stories(found),
        },
        request=request,
    )


@require_safe
def unit_page(request, unit_id: int) -> HttpResponse:
    """A unit's own page and column: its stories and those of the units below it.

    Every unit has one, with no story yet too: a new ward takes its feed and embeddable snippet
    from here before it publishes anything."""
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    stories = selectors.with_first_photo(selectors.public_stories(unit=unit))
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    embed_url = _absolute(f"/tin-tuc/don-vi/{unit.pk}/nhung/")
    return _public(
        render(
            request,
            "portal/unit.html",
            {
                "unit": unit,
                "page": page,
                "children": selectors.public_units()
                .filter(path__startswith=unit.path)
                .exclude(pk=unit.pk)[:50],
                "feed_rss": _absolute(f"/tin-tuc/don-vi/{unit.pk}/rss/"),
                "embed_code": _embed_code(embed_url, unit),
            },
        )
    )


def _embed_code(url: str, unit: OrgUnit) -> str:
    """The markup a unit pastes into its own website to show its column. The unit's name goes
    into an attribute of that markup, so it is escaped for it here; the page escapes the whole
    code once more to show it as text."""
    title = f"{_('Người tốt, việc tốt')} — {unit.name}"
    return format_html(
        '<iframe src="{}" title="{}" width="100%" height="420" loading="lazy"></iframe>', url, title
    )


@require_safe
@xframe_options_exempt
def embed(request, unit_id: int):
    """A small list of the unit's latest stories for the unit's own website (an iframe)."""
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    stories = list(selectors.public_stories(unit=unit)[:5])
    response = render(request, "portal/embed.html", {"unit": unit, "stories": stories})
    # Any site may frame this one page; it carries nothing but public links.
    response._csp_replace = {"frame-ancestors": ["*"]}
    return _public(response, 300)


@require_safe
def exemplar(request, nominee_id: int):
    """A person who consented to the portal: only the fields they chose, their recognitions,
    their stories, the press.

    Recognitions in force only: a revoked award is no honour to show, and the revocation
    (often for a false declaration) is not what the person agreed to publish. Anyone holding the
    certificate still learns it was revoked from its verification page, which each entry links to.
    """
    person = selectors.public_exemplars().filter(pk=nominee_id).first()
    if person is None:
        raise Http404
    return _public(
        render(
            request,
            "portal/exemplar.html",
            {
                "person": person,
                "data": person.public_data(),
                "recognitions": list(awards.public_recognitions(person)[:50]),
                "stories": list(selectors.with_first_photo(selectors.exemplar_stories(person))[:20]),
                "coverage": list(selectors.coverage_of(person)[:20]),
            },
        )
    )


@require_safe
def exemplar_photo(request, nominee_id: int):
    """The portrait of a person who consented to the portal and chose to show it; for anyone else
    (no consent, consent withdrawn, the photo not among the chosen fields) there is none."""
    person = selectors.public_exemplars().filter(pk=nominee_id).first()
    if person is None or not person.public_data().get("photo"):
        raise Http404
    # Not cached by shared caches: a withdrawn consent must hide the portrait at once.
    return serve_image(person.photo, cache="private, max-age=300")


@require_safe
def exemplars(request):
    q = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.public_exemplars(q), 30).get_page(request.GET.get("page"))
    return _public(render(request, "portal/exemplars.html", {"page": page, "q": q}))


@require_safe
def search(request):
    q = request.GET.get("q", "").strip()[:200]
    found = selectors.search(q)
    return _public(render(request, "portal/search.html", {"q": q, **found}))


@require_safe
def book_list(request):
    return _public(render(request, "portal/books.html", {"editions": books.public_editions()}))


@require_safe
def book_download(request, edition_id: int, kind: str):
    edition = books.public_editions().filter(pk=edition_id).first()
    if edition is None or kind not in ("epub", "pdf"):
        raise Http404
    file = getattr(edition, kind)
    if not file:
        raise Http404
    name = f"nhung-bong-hoa-dep-{edition.year}.{kind}"
    content_type = "application/epub+zip" if kind == "epub" else "application/pdf"
    # A public book: anyone may keep a copy, caches included.
    return serve(file, filename=name, content_type=content_type, cache="public, max-age=3600")
