"""API of the book: ``/api/v1/books/`` — editions the user sees (public editions for anyone),
their table of contents, and the build as a job."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from guongsang.core.api import BoundedPagination

from . import selectors, services
from .models import BookEdition

router = Router(tags=["Sách"])


class EditionOut(Schema):
    id: int
    organiser_id: int
    organiser_name: str
    year: int
    title: str
    subtitle: str
    chapter_by: BookEdition.ChapterBy
    status: BookEdition.Status
    is_public: bool
    built_at: dt.datetime | None
    epub_url: str
    pdf_url: str

    @staticmethod
    def resolve_organiser_name(obj) -> str:
        return obj.organiser.name

    @staticmethod
    def resolve_epub_url(obj) -> str:
        from django.urls import reverse

        return reverse("books:download", args=[obj.pk, "epub"]) if obj.epub else ""

    @staticmethod
    def resolve_pdf_url(obj) -> str:
        from django.urls import reverse

        return reverse("books:download", args=[obj.pk, "pdf"]) if obj.pdf else ""


class ChapterOut(Schema):
    title: str
    story_ids: list[int]


class JobOut(Schema):
    job_id: int
    url: str


@router.get("/", response=list[EditionOut])
@paginate(BoundedPagination)
def list_editions(request):
    return selectors.editions_for(request.user)


@router.get("/{edition_id}", response=EditionOut)
def get_edition(request, edition_id: int):
    return get_object_or_404(selectors.editions_for(request.user), pk=edition_id)


@router.get("/{edition_id}/chapters", response=list[ChapterOut])
def edition_chapters(request, edition_id: int):
    edition = get_object_or_404(selectors.editions_for(request.user), pk=edition_id)
    return [{"title": c.title, "story_ids": [s.pk for s in c.stories]} for c in selectors.chapters(edition)]


@router.post("/{edition_id}/build", response={202: JobOut}, summary="Dựng EPUB và PDF (tác vụ nền)")
def build(request, edition_id: int):
    edition = get_object_or_404(selectors.editions_for(request.user), pk=edition_id)
    job = services.start_build(request.user, edition)
    return Status(202, {"job_id": job.pk, "url": job.get_absolute_url()})
