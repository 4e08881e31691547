"""API of the book: ``/api/v1/books/`` — editions the user sees, their table of contents, the
editor's writes (a new edition; title, foreword and chapters; choosing, ordering and removing
stories) and the build as a job.

The same services as the editor's pages, with the same checks: an edition the user does not see
is 404; one they see but may not edit (only the organising unit's editors may) is 403.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from guongsang.core.api import ApiError, BoundedPagination, DbId, api_enum
from guongsang.orgs.models import OrgUnit
from guongsang.stories import selectors as stories

from . import selectors, services
from .models import BookEdition

router = Router(tags=["Sách"])

# The enums of this API, named apart from other apps' (see core.api.api_enum).
BookEditionStatus = api_enum(BookEdition.Status)
BookEditionChapterBy = api_enum(BookEdition.ChapterBy)


class EditionOut(Schema):
    id: int
    organiser_id: int
    organiser_name: str
    year: int
    title: str
    subtitle: str
    chapter_by: BookEditionChapterBy
    status: BookEditionStatus
    is_public: bool
    foreword: str
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


class EditionIn(Schema):
    organiser: int = Field(..., ge=1, le=2**31 - 1, description="Đơn vị tổ chức")
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field("", max_length=255, description="Bỏ trống: “Những bông hoa đẹp”")
    subtitle: str = Field("", max_length=255)
    foreword: str = Field("", max_length=50_000, description="Lời nói đầu: HTML (được lọc) hoặc văn bản")
    chapter_by: BookEditionChapterBy = BookEdition.ChapterBy.FIELD


class EditionPatch(Schema):
    title: str | None = Field(None, max_length=255)
    subtitle: str | None = Field(None, max_length=255)
    foreword: str | None = Field(None, max_length=50_000)
    chapter_by: BookEditionChapterBy | None = None
    is_public: bool | None = Field(None, description="Cho tải về trên cổng thông tin (sách đã dựng)")


class StoryIdsIn(Schema):
    story_ids: list[DbId] = Field(..., min_length=1, max_length=500)


class BookEntryOut(Schema):
    story_id: int
    title: str
    unit: str
    order: int
    printable: bool = Field(description="Sẽ in trong sách (bài còn đăng, mọi người trong bài đồng ý)")


class AddedOut(Schema):
    added: int
    stories: list[BookEntryOut]


def _entries(edition: BookEdition) -> list[dict]:
    left_out = {s.pk for s in selectors.left_out(edition)}
    return [
        {
            "story_id": e.story_id,
            "title": e.story.title,
            "unit": e.story.unit.name,
            "order": e.order,
            "printable": e.story_id not in left_out,
        }
        for e in selectors.entries_of(edition)
    ]


def _edition(request, edition_id: int) -> BookEdition:
    return get_object_or_404(selectors.editions_for(request.user), pk=edition_id)


@router.get("/", response=list[EditionOut])
@paginate(BoundedPagination)
def list_editions(request):
    return selectors.editions_for(request.user)


@router.post("/", response={201: EditionOut}, summary="Lập ấn phẩm sách mới")
def create_edition(request, payload: EditionIn):
    organiser = OrgUnit.objects.filter(pk=payload.organiser).first()
    if organiser is None:
        raise ApiError(
            422,
            "validation_error",
            _("Không tìm thấy đơn vị tổ chức."),
            errors=[{"field": "organiser", "message": _("Không tìm thấy đơn vị tổ chức.")}],
        )
    data = payload.dict(exclude={"organiser"})
    edition = services.create_edition(request.user, organiser, **data)
    return Status(201, _edition(request, edition.pk))


@router.get("/{edition_id}", response=EditionOut)
def get_edition(request, edition_id: int):
    return _edition(request, edition_id)


@router.patch("/{edition_id}", response=EditionOut, summary="Sửa tên sách, lời nói đầu, cách chia chương")
def patch_edition(request, edition_id: int, payload: EditionPatch):
    edition = _edition(request, edition_id)
    services.update_edition(request.user, edition, **payload.dict(exclude_unset=True, exclude_none=True))
    return _edition(request, edition_id)


@router.get("/{edition_id}/stories", response=list[BookEntryOut], summary="Các bài trong sách, theo thứ tự")
def edition_stories(request, edition_id: int):
    return _entries(_edition(request, edition_id))


@router.post("/{edition_id}/stories", response=AddedOut, summary="Thêm bài vào cuối sách")
def add_stories(request, edition_id: int, payload: StoryIdsIn):
    edition = _edition(request, edition_id)
    wanted = list(dict.fromkeys(payload.story_ids))
    # Only stories the user may see: a refusal must not give away the title of another unit's draft.
    found = {s.pk: s for s in stories.stories_for(request.user).filter(pk__in=wanted)}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ApiError(
            422,
            "story_not_found",
            _("Không tìm thấy bài số %(ids)s, hoặc bạn không có quyền xem.")
            % {"ids": ", ".join(str(i) for i in missing)},
        )
    added = services.add_stories(request.user, edition, [found[i] for i in wanted])
    return {"added": added, "stories": _entries(edition)}


@router.post(
    "/{edition_id}/stories/reorder",
    response=list[BookEntryOut],
    summary="Sắp lại thứ tự bài (các bài không nêu giữ thứ tự, xếp sau)",
)
def reorder_stories(request, edition_id: int, payload: StoryIdsIn):
    edition = _edition(request, edition_id)
    services.reorder(request.user, edition, payload.story_ids)
    return _entries(edition)


@router.delete("/{edition_id}/stories/{story_id}", response={204: None}, summary="Bỏ bài khỏi sách")
def remove_story(request, edition_id: int, story_id: int):
    edition = _edition(request, edition_id)
    entry = get_object_or_404(edition.entries.select_related("edition"), story_id=story_id)
    services.remove_story(request.user, entry)
    return Status(204, None)


@router.get("/{edition_id}/chapters", response=list[ChapterOut])
def edition_chapters(request, edition_id: int):
    edition = get_object_or_404(selectors.editions_for(request.user), pk=edition_id)
    return [{"title": c.title, "story_ids": [s.pk for s in c.stories]} for c in selectors.chapters(edition)]


@router.post("/{edition_id}/build", response={202: JobOut}, summary="Dựng EPUB và PDF (tác vụ nền)")
def build(request, edition_id: int):
    edition = get_object_or_404(selectors.editions_for(request.user), pk=edition_id)
    job = services.start_build(request.user, edition)
    return Status(202, {"job_id": job.pk, "url": job.get_absolute_url()})
