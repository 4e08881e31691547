"""sitemap.xml: the public column's pages, stories, exemplars and units.

``/sitemap.xml`` is an index of the sections below (``/sitemap-stories.xml``…); a section longer
than its ``limit`` is split into pages (``?p=2``) that the index lists one by one.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from guongsang.orgs.models import OrgUnit
from guongsang.stories import selectors


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["portal:home", "portal:column", "portal:exemplars", "portal:books"]

    def location(self, item):
        return reverse(item)


class StorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return (
            selectors.public_stories().select_related(None).only("pk", "title", "updated_at").order_by("pk")
        )

    def location(self, story):
        return story.get_public_url()

    def lastmod(self, story):
        return story.updated_at


class ExemplarSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return selectors.public_exemplars().order_by("pk")

    def location(self, person):
        return reverse("portal:exemplar", args=[person.pk])


class UnitSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4
    limit = 5000

    def items(self):
        return OrgUnit.objects.filter(pk__in=selectors.public_units().values("pk")).order_by("pk")

    def location(self, unit):
        return reverse("portal:unit", args=[unit.pk])


SITEMAPS = {
    "pages": StaticSitemap,
    "stories": StorySitemap,
    "exemplars": ExemplarSitemap,
    "units": UnitSitemap,
}
