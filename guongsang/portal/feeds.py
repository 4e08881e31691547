"""RSS and Atom feeds of a unit's column (django.contrib.syndication)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from guongsang.orgs.models import OrgUnit
from guongsang.stories import selectors
from guongsang.stories.sanitize import plain_text


class UnitFeed(Feed):
    """The latest 20 public stories of a unit and the units below it."""

    def get_object(self, request, unit_id: int) -> OrgUnit:
        return get_object_or_404(OrgUnit, pk=unit_id)

    def title(self, unit: OrgUnit) -> str:
        return _("Người tốt, việc tốt — %(unit)s") % {"unit": unit.name}

    def link(self, unit: OrgUnit) -> str:
        return f"/tin-tuc/don-vi/{unit.pk}/"

    def description(self, unit: OrgUnit) -> str:
        return _("Gương điển hình tiên tiến, người tốt, việc tốt của %(unit)s") % {"unit": unit.name}

    def items(self, unit: OrgUnit):
        return selectors.public_stories(unit=unit)[:20]

    def item_title(self, story) -> str:
        return story.title

    def item_description(self, story) -> str:
        return story.lead or plain_text(story.body)[:300]

    def item_link(self, story) -> str:
        return story.get_public_url()

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.updated_at

    def item_author_name(self, story) -> str:
        return story.author_name or story.unit.name


class UnitAtomFeed(UnitFeed):
    feed_type = Atom1Feed
    subtitle = UnitFeed.description
