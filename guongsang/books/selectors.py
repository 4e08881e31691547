"""Read queries over book editions: the editors' list, the public downloads, the chapters."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from guongsang.core.audit import TimelineEntry, timeline
from guongsang.core.permissions import visible_to
from guongsang.nominees.models import Consent
from guongsang.stories.models import Story, StoryPhoto
from guongsang.stories.selectors import missing_consent

from .models import BookEdition, BookEntry


def editions_for(user) -> QuerySet[BookEdition]:
    return visible_to(user, BookEdition.objects.select_related("organiser")).order_by("-year", "pk")


def public_editions() -> QuerySet[BookEdition]:
    """Editions built and released for download on the portal."""
    return (
        BookEdition.objects.filter(is_public=True, status=BookEdition.Status.BUILT)
        .select_related("organiser")
        .order_by("-year", "pk")
    )


def candidate_stories(edition: BookEdition) -> QuerySet[Story]:
    """Published stories of the organiser's subtree in the edition's year, not yet chosen."""
    return (
        Story.objects.filter(
            status=Story.Status.PUBLISHED,
            unit__path__startswith=edition.organiser.path,
            published_at__year=edition.year,
        )
        .exclude(pk__in=edition.entries.values("story_id"))
        .select_related("unit", "field")
        .order_by("-published_at")
    )


def entries_of(edition: BookEdition) -> list[BookEntry]:
    return list(edition.entries.select_related("story__unit", "story__field").order_by("order", "pk"))


@dataclass
class Chapter:
    """A chapter of the book: a field or a unit, and its stories in the editors' order."""

    title: str
    stories: list[Story] = field(default_factory=list)


def chapters(edition: BookEdition, *, printable_only: bool = True) -> list[Chapter]:
    """The book's chapters in order: a chapter opens where its first chosen story stands.

    ``printable_only`` leaves out stories no longer published or whose people did not consent
    to the book (consents can be withdrawn after the story was chosen).
    """
    stories = (
        Story.objects.filter(book_entries__edition=edition)
        .select_related("unit", "field")
        .prefetch_related(Prefetch("photos", queryset=StoryPhoto.objects.order_by("order", "pk")))
        .order_by("book_entries__order", "book_entries__pk")
    )
    if printable_only:
        stories = stories.filter(status=Story.Status.PUBLISHED).exclude(missing_consent(Consent.Scope.BOOK))
    grouped: dict[str, Chapter] = {}
    for story in stories:
        if edition.chapter_by == BookEdition.ChapterBy.UNIT:
            title = story.unit.name
        else:
            title = story.field.name if story.field else _("Những tấm gương khác")
        grouped.setdefault(title, Chapter(title)).stories.append(story)
    return list(grouped.values())


def left_out(edition: BookEdition) -> list[Story]:
    """Chosen stories that will not be printed (unpublished, or a person without book consent)."""
    printable = {s.pk for chapter in chapters(edition) for s in chapter.stories}
    return [e.story for e in entries_of(edition) if e.story_id not in printable]


TIMELINE_LENGTH = 50


def edition_timeline(edition: BookEdition) -> list[TimelineEntry]:
    """The edition's own changes with its stories added, moved and removed, newest first."""
    verbs = {"+": _("Thêm bài vào sách"), "~": _("Đổi thứ tự bài"), "-": _("Bỏ bài khỏi sách")}
    records = list(
        BookEntry.history.filter(edition_id=edition.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:TIMELINE_LENGTH]
    )
    titles = dict(Story.objects.filter(pk__in={r.story_id for r in records}).values_list("pk", "title"))
    events = [
        TimelineEntry(
            when=r.history_date,
            who=str(r.history_user) if r.history_user else _("Hệ thống"),
            action=f"{verbs.get(r.history_type, r.history_type)}: {titles.get(r.story_id, r.story_id)}",
        )
        for r in records
    ]
    merged = [*timeline(edition, limit=TIMELINE_LENGTH), *events]
    return sorted(merged, key=lambda e: e.when, reverse=True)[:TIMELINE_LENGTH]
