"""Writes on book editions: create and edit, choose and order stories, set the cover, build.

The build itself (EPUB 3 and the A5 PDF) runs as a background job: :func:`start_build` records
the job and enqueues ``tasks.build_edition_task``, which calls ``build.run_build``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from guongsang.core.audit import audited
from guongsang.core.permissions import can
from guongsang.core.services import create_job
from guongsang.orgs.models import OrgUnit
from guongsang.stories.models import Story
from guongsang.stories.sanitize import body_from_input, plain_line
from guongsang.stories.services import check_photo

from .models import BookEdition, BookEntry

BUILD_JOB = "books.build"


def _check(actor, edition: BookEdition) -> None:
    if not can(actor, "change", edition):
        raise PermissionDenied(_("Chỉ biên tập viên của đơn vị tổ chức được biên tập sách."))


@transaction.atomic
def create_edition(
    actor,
    organiser: OrgUnit,
    *,
    year: int,
    title: str = "",
    subtitle: str = "",
    foreword: str = "",
    chapter_by: str = BookEdition.ChapterBy.FIELD,
) -> BookEdition:
    """A new edition of the book for ``organiser`` and ``year`` (one per organiser and year)."""
    edition = BookEdition(
        organiser=organiser,
        year=year,
        title=plain_line(title) or "Những bông hoa đẹp",
        subtitle=plain_line(subtitle),
        foreword=body_from_input(foreword),
        chapter_by=chapter_by,
        created_by=actor,
    )
    if not can(actor, "add", edition):
        raise PermissionDenied(_("Chỉ biên tập viên của %(unit)s được lập sách.") % {"unit": organiser})
    if BookEdition.objects.filter(organiser=organiser, year=year).exists():
        raise ValidationError(
            {"year": _("%(unit)s đã có ấn phẩm năm %(year)s.") % {"unit": organiser, "year": year}}
        )
    edition.full_clean(exclude=["created_by", "cover", "epub", "pdf"])
    audited(edition, actor).save()
    return edition


@transaction.atomic
def update_edition(actor, edition: BookEdition, **changes) -> BookEdition:
    """Edit the title, foreword, chapter order or release on the portal."""
    edition = BookEdition.objects.select_for_update().get(pk=edition.pk)
    _check(actor, edition)
    if "title" in changes:
        edition.title = plain_line(changes["title"]) or edition.title
    if "subtitle" in changes:
        edition.subtitle = plain_line(changes["subtitle"])
    if "foreword" in changes:
        edition.foreword = body_from_input(changes["foreword"])
    if "chapter_by" in changes:
        edition.chapter_by = changes["chapter_by"]
    if "is_public" in changes:
        if changes["is_public"] and edition.status != BookEdition.Status.BUILT:
            raise ValidationError({"is_public": _("Hãy dựng sách xong trước khi cho tải về.")})
        edition.is_public = bool(changes["is_public"])
    edition.full_clean(exclude=["created_by", "cover", "epub", "pdf"])
    audited(edition, actor).save()
    from guongsang.stories import cache

    transaction.on_commit(cache.bump)
    return edition


@transaction.atomic
def set_cover(actor, edition: BookEdition, image) -> BookEdition:
    """Set the cover image (JPG or PNG, checked like story photos)."""
    edition = BookEdition.objects.select_for_update().get(pk=edition.pk)
    _check(actor, edition)
    try:
        check_photo(image)
    except ValidationError as exc:
        raise ValidationError({"cover": exc.messages}) from exc
    edition.cover.save(image.name, image, save=False)
    audited(edition, actor).save()
    return edition


@transaction.atomic
def add_stories(actor, edition: BookEdition, stories) -> int:
    """Append chosen stories at the end of the book; returns how many were added."""
    edition = BookEdition.objects.select_for_update().select_related("organiser").get(pk=edition.pk)
    _check(actor, edition)
    last = edition.entries.aggregate(m=Max("order"))["m"] or 0
    existing = set(edition.entries.values_list("story_id", flat=True))
    added = []
    for story in stories:
        if story.pk in existing:
            continue
        if story.status != Story.Status.PUBLISHED:
            raise ValidationError(
                _("Bài “%(title)s” chưa được đăng.") % {"title": story.title}, code="story_not_published"
            )
        if not story.unit.path.startswith(edition.organiser.path):
            raise ValidationError(
                _("Bài “%(title)s” không thuộc %(unit)s hoặc đơn vị trực thuộc.")
                % {"title": story.title, "unit": edition.organiser},
                code="story_outside_organiser",
            )
        if story.published_at and timezone.localtime(story.published_at).year != edition.year:
            raise ValidationError(
                _("Bài “%(title)s” đăng năm %(published)s, không thuộc ấn phẩm năm %(year)s.")
                % {
                    "title": story.title,
                    "published": timezone.localtime(story.published_at).year,
                    "year": edition.year,
                },
                code="story_other_year",
            )
        last += 10
        added.append(BookEntry(edition=edition, story=story, order=last))
        existing.add(story.pk)
    bulk_create_with_history(added, BookEntry, default_user=actor)
    return len(added)


@transaction.atomic
def remove_story(actor, entry: BookEntry) -> None:
    """Take a chosen story out of the book (the story itself stays as it is)."""
    edition = BookEdition.objects.select_for_update().get(pk=entry.edition_id)
    _check(actor, edition)
    audited(entry, actor).delete()


@transaction.atomic
def reorder(actor, edition: BookEdition, story_ids: list[int]) -> None:
    """Put the edition's stories in the given order (stories not named keep their place after).

    A story named twice, or not in the book, is refused: the order asked for would be ambiguous.
    """
    edition = BookEdition.objects.select_for_update().get(pk=edition.pk)
    _check(actor, edition)
    entries = {e.story_id: e for e in edition.entries.all()}
    if len(set(story_ids)) != len(story_ids):
        raise ValidationError(_("Mỗi bài chỉ được nêu một lần trong thứ tự mới."), code="duplicate_story")
    unknown = [i for i in story_ids if i not in entries]
    if unknown:
        raise ValidationError(
            _("Bài số %(ids)s không có trong sách.") % {"ids": ", ".join(str(i) for i in unknown)},
            code="story_not_in_book",
        )
    ordered = [entries[i] for i in story_ids]
    ordered += [e for sid, e in sorted(entries.items(), key=lambda kv: kv[1].order) if sid not in story_ids]
    moved = []
    for position, entry in enumerate(ordered, 1):
        if entry.order != position * 10:
            entry.order = position * 10
            moved.append(entry)
    # Only the stories whose place changed get a history row (and an UPDATE).
    bulk_update_with_history(moved, BookEntry, ["order"], default_user=actor)


@transaction.atomic
def move(actor, entry: BookEntry, offset: int) -> None:
    """Move a story one place up (-1) or down (+1)."""
    ids = list(entry.edition.entries.order_by("order", "pk").values_list("story_id", flat=True))
    index = ids.index(entry.story_id)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    reorder(actor, entry.edition, ids)


def build_interrupted(job) -> None:
    """The build job was found stale: the edition may be built again."""
    BookEdition.objects.filter(pk=job.params.get("edition"), status=BookEdition.Status.BUILDING).update(
        status=BookEdition.Status.FAILED, build_message=job.message
    )


@transaction.atomic
def start_build(actor, edition: BookEdition):
    """Record the build job and enqueue it once committed; returns the job to follow."""
    edition = BookEdition.objects.select_for_update().get(pk=edition.pk)
    _check(actor, edition)
    if not edition.entries.exists():
        raise ValidationError(_("Sách chưa có bài viết nào."))
    if edition.status == BookEdition.Status.BUILDING:
        raise ValidationError(_("Sách đang được dựng, vui lòng đợi."), code="transition_not_allowed")
    edition.status = BookEdition.Status.BUILDING
    audited(edition, actor).save()
    job = create_job(
        actor,
        BUILD_JOB,
        _("Dựng sách “%(title)s” %(year)s") % {"title": edition.title, "year": edition.year},
        {"edition": edition.pk},
    )
    from .tasks import build_edition_task

    transaction.on_commit(lambda: build_edition_task.enqueue(job.pk))
    return job
