"""API of publicity: ``/api/v1/stories/`` (back office), ``/api/v1/public/stories/`` (published
only, no login), ``/api/v1/search`` (no login), ``/api/v1/weekly-selections/``,
``/api/v1/press-coverage/`` (the press log).

The same services and selectors as the pages: a state change refused from the current state is
409 ``transition_not_allowed``; a story that may not be published is 422 ``not_publishable``.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from guongsang.core.api import ApiError, BoundedPagination, DbId, api_enum, errors
from guongsang.core.permissions import can, visible_to
from guongsang.movements.models import Field as MovementField
from guongsang.nominees.models import Nominee
from guongsang.orgs.models import OrgUnit

from . import selectors, services, weekly
from .models import PressCoverage, PropagationReport, Story, WeeklySelection
from .sanitize import plain_line

router = Router(tags=["Bài viết tuyên truyền"])

# The enums of this API, named apart from other apps' (see core.api.api_enum).
StoryStatus = api_enum(Story.Status)
WeeklySelectionStatus = api_enum(WeeklySelection.Status)
PropagationReportKind = api_enum(PropagationReport.Kind)
public_router = Router(tags=["Công khai"], auth=None)
search_router = Router(tags=["Công khai"], auth=None)
weekly_router = Router(tags=["Tuyên truyền tuần"])
press_router = Router(tags=["Báo chí"])


class UnitRef(Schema):
    id: int
    name: str


class FieldRef(Schema):
    id: int
    name: str


class PhotoSizeOut(Schema):
    url: str
    width: int
    height: int


class PhotoOut(Schema):
    url: str
    alt_text: str
    caption: str
    width: int
    height: int
    sizes: list[PhotoSizeOut] = Field(
        description="Bản JPEG thu nhỏ của ảnh (rộng 480, 960, 1600 điểm ảnh), nhỏ trước lớn sau."
    )

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.image.url

    @staticmethod
    def resolve_sizes(obj) -> list:
        return [{"url": s.url, "width": s.width, "height": s.height} for s in obj.sizes]


class PersonOut(Schema):
    id: int
    data: dict

    @staticmethod
    def resolve_data(obj) -> dict:
        return obj.public_data()


class PublicStoryOut(Schema):
    id: int
    title: str
    lead: str
    url: str
    unit: UnitRef
    field: FieldRef | None
    author_name: str
    published_at: dt.datetime | None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_public_url()


class PublicStoryDetail(PublicStoryOut):
    body: str
    source_outlet: str
    source_date: dt.date | None
    source_url: str
    photos: list[PhotoOut]
    people: list[PersonOut]

    @staticmethod
    def resolve_photos(obj) -> list:
        return obj.photo_list

    @staticmethod
    def resolve_people(obj) -> list:
        return obj.public_people


class StoryOut(PublicStoryOut):
    status: StoryStatus
    status_display: str = Field(alias="get_status_display")
    body: str
    source_outlet: str
    source_date: dt.date | None
    source_url: str
    featured: bool
    nominee_ids: list[int]
    review_note: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_nominee_ids(obj) -> list[int]:
        return [n.pk for n in obj.nominees.all()]


class StoryIn(Schema):
    unit: int = Field(..., ge=1, le=2**31 - 1)
    title: str = Field(..., max_length=255)
    lead: str = Field("", max_length=1000)
    body: str = Field(
        "", max_length=200_000, description="HTML (được lọc theo danh sách thẻ cho phép) hoặc văn bản"
    )
    nominees: list[DbId] = Field(default_factory=list, max_length=100)
    field: int | None = Field(None, ge=1, le=2**31 - 1)
    author_name: str = Field("", max_length=255)
    source_outlet: str = Field("", max_length=255)
    source_date: dt.date | None = None
    source_url: str = Field("", max_length=500)


class StoryPatch(Schema):
    title: str | None = Field(None, max_length=255)
    lead: str | None = Field(None, max_length=1000)
    body: str | None = Field(None, max_length=200_000)
    nominees: list[DbId] | None = Field(None, max_length=100)
    field: int | None = Field(None, ge=1, le=2**31 - 1)
    author_name: str | None = Field(None, max_length=255)
    source_outlet: str | None = Field(None, max_length=255)
    source_date: dt.date | None = None
    source_url: str | None = Field(None, max_length=500)
    featured: bool | None = None


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class StoryFilter(Schema):
    q: str = Field("", max_length=200)
    status: StoryStatus | None = None
    field: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1900, le=2200)


class PublicFilter(Schema):
    q: str = Field("", max_length=200, description="Từ khoá, không phân biệt dấu và hoa thường")
    unit: int | None = Field(None, ge=1, le=2**31 - 1, description="Đơn vị (cả các đơn vị trực thuộc)")
    field: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1900, le=2200)


def _refused(exc: ValidationError):
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, services.TransitionRefused) or code == "transition_not_allowed":
        raise ApiError(409, "transition_not_allowed", " ".join(exc.messages))
    if isinstance(exc, services.NotPublishable):
        raise ApiError(422, "not_publishable", " ".join(exc.messages))
    raise exc


def _story_qs(request):
    return selectors.stories_for(request.user).prefetch_related("nominees")


def _resolve(request, data: dict) -> dict:
    if data.get("unit") is not None:
        data["unit"] = get_object_or_404(OrgUnit, pk=data["unit"])
    if "field" in data:
        data["field"] = MovementField.objects.filter(pk=data["field"]).first() if data["field"] else None
    if data.get("nominees") is not None:
        wanted = set(data["nominees"])
        found = list(visible_to(request.user, Nominee.objects.filter(pk__in=wanted)))
        if len(found) != len(wanted):
            raise ApiError(
                422, "validation_error", "Có người được nói đến không tồn tại hoặc bạn không có quyền xem."
            )
        data["nominees"] = found
    return data


@router.get("/", response=list[StoryOut], summary="Bài viết bạn được xem")
@paginate(BoundedPagination)
def list_stories(request, filters: Query[StoryFilter]):
    if not can(request.user, "view", Story):
        raise PermissionDenied
    field = MovementField.objects.filter(pk=filters.field).first() if filters.field else None
    return selectors.stories_for(
        request.user, q=filters.q, status=filters.status or "", field=field, year=filters.year
    ).prefetch_related("nominees")


@router.post("/", response={201: StoryOut}, summary="Viết bài mới (bản nháp)")
def create_story(request, payload: StoryIn):
    data = _resolve(request, payload.dict())
    story = services.create_story(request.user, **data)
    return Status(201, _story_qs(request).get(pk=story.pk))


@router.get("/{story_id}", response=StoryOut)
def get_story(request, story_id: int):
    return get_object_or_404(_story_qs(request), pk=story_id)


@router.patch("/{story_id}", response={200: StoryOut, **errors(409)})
def patch_story(request, story_id: int, payload: StoryPatch):
    story = get_object_or_404(_story_qs(request), pk=story_id)
    data = _resolve(request, payload.dict(exclude_unset=True))
    try:
        services.update_story(request.user, story, **data)
    except ValidationError as exc:
        _refused(exc)
    return get_object_or_404(_story_qs(request), pk=story_id)


@router.post(
    "/{story_id}/transitions/{name}",
    response={200: StoryOut, **errors(409)},
    summary="submit, return, publish, unpublish",
)
def transition(request, story_id: int, name: str, payload: NoteIn | None = None):
    story = get_object_or_404(_story_qs(request), pk=story_id)
    if name not in services.TRANSITIONS:
        raise ApiError(404, "not_found", "Không có thao tác này.")
    try:
        if name in ("return", "unpublish"):
            services.TRANSITIONS[name](request.user, story, payload.note if payload else "")
        else:
            services.TRANSITIONS[name](request.user, story)
    except ValidationError as exc:
        _refused(exc)
    return get_object_or_404(_story_qs(request), pk=story_id)


# --- Public ---------------------------------------------------------------------------------


def _public_filters(filters: PublicFilter) -> dict:
    return {
        "unit": OrgUnit.objects.filter(pk=filters.unit).first() if filters.unit else None,
        "field": MovementField.objects.filter(pk=filters.field).first() if filters.field else None,
        "year": filters.year,
        "q": filters.q,
    }


@public_router.get("/", response=list[PublicStoryOut], summary="Bài viết đã đăng")
@paginate(BoundedPagination)
def public_list(request, filters: Query[PublicFilter]):
    return selectors.public_stories(**_public_filters(filters))


@public_router.get("/{story_id}", response=PublicStoryDetail, summary="Một bài đã đăng")
def public_detail(request, story_id: int):
    story = selectors.public_story(story_id)
    if story is None:
        raise ApiError(404, "not_found", "Không tìm thấy bài viết.")
    return story


class ExemplarOut(Schema):
    id: int
    data: dict
    url: str

    @staticmethod
    def resolve_data(obj) -> dict:
        return obj.public_data()

    @staticmethod
    def resolve_url(obj) -> str:
        from django.urls import reverse

        return reverse("portal:exemplar", args=[obj.pk])


class SearchOut(Schema):
    q: str
    stories: list[PublicStoryOut]
    exemplars: list[ExemplarOut]


@search_router.get("", response=SearchOut, summary="Tìm bài viết và gương điển hình (không dấu cũng được)")
def search(request, q: str = Query("", max_length=200), limit: int = Query(20, ge=1, le=50)):
    found = selectors.search(q, limit=limit)
    return {"q": q, **found}


# --- Weekly lists ---------------------------------------------------------------------------


class SelectionOut(Schema):
    id: int
    unit: UnitRef
    year: int
    week: int
    number: int | None
    symbol: str
    subject: str
    status: WeeklySelectionStatus
    note: str
    nominee_ids: list[int]
    story_ids: list[int]
    issued_at: dt.datetime | None

    @staticmethod
    def resolve_subject(obj) -> str:
        return weekly.subject_line(obj)

    @staticmethod
    def resolve_nominee_ids(obj) -> list[int]:
        return [n.pk for n in obj.nominees.all()]

    @staticmethod
    def resolve_story_ids(obj) -> list[int]:
        return [s.pk for s in obj.stories.all()]


class SelectionIn(Schema):
    unit: int = Field(..., ge=1, le=2**31 - 1)
    year: int = Field(..., ge=2000, le=2100)
    week: int = Field(..., ge=1, le=53)
    note: str = Field("", max_length=2000)
    nominees: list[DbId] = Field(default_factory=list, max_length=200)
    stories: list[DbId] = Field(default_factory=list, max_length=200)


class PropagationReportIn(Schema):
    unit: int = Field(..., ge=1, le=2**31 - 1)
    kind: PropagationReportKind
    held_on: dt.date
    url: str = Field("", max_length=500)
    audience: int | None = Field(None, ge=0, le=10_000_000)
    note: str = Field("", max_length=2000)


class CoverageRow(Schema):
    unit: UnitRef
    reports: list[dict]


def _selection_qs(request):
    return selectors.selections_for(request.user).prefetch_related("nominees", "stories")


@weekly_router.get("/", response=list[SelectionOut])
@paginate(BoundedPagination)
def list_selections(request):
    return _selection_qs(request)


@weekly_router.post("/", response={201: SelectionOut})
def create_selection(request, payload: SelectionIn):
    unit = get_object_or_404(OrgUnit, pk=payload.unit)
    nominees = list(Nominee.objects.filter(pk__in=payload.nominees))
    stories = list(Story.objects.filter(pk__in=payload.stories).select_related("unit"))
    selection = weekly.create_selection(
        request.user,
        unit,
        year=payload.year,
        week=payload.week,
        note=payload.note,
        nominees=nominees,
        stories=stories,
    )
    return Status(201, _selection_qs(request).get(pk=selection.pk))


@weekly_router.get("/{selection_id}", response=SelectionOut)
def get_selection(request, selection_id: int):
    return get_object_or_404(_selection_qs(request), pk=selection_id)


@weekly_router.post("/{selection_id}/issue", response={200: SelectionOut, **errors(409)})
def issue(request, selection_id: int):
    selection = get_object_or_404(_selection_qs(request), pk=selection_id)
    try:
        weekly.issue_selection(request.user, selection)
    except ValidationError as exc:
        _refused(exc)
    return get_object_or_404(_selection_qs(request), pk=selection_id)


@weekly_router.post("/{selection_id}/reports", response={201: dict, **errors(409)})
def report(request, selection_id: int, payload: PropagationReportIn):
    selection = get_object_or_404(_selection_qs(request), pk=selection_id)
    unit = get_object_or_404(OrgUnit, pk=payload.unit)
    try:
        created = weekly.record_propagation(
            request.user,
            selection,
            unit,
            kind=payload.kind,
            held_on=payload.held_on,
            url=payload.url,
            audience=payload.audience,
            note=payload.note,
        )
    except ValidationError as exc:
        _refused(exc)
    return Status(201, {"id": created.pk, "unit": unit.pk, "kind": created.kind})


@weekly_router.get(
    "/{selection_id}/coverage", response=list[CoverageRow], summary="Kết quả tuyên truyền theo đơn vị"
)
def coverage(request, selection_id: int):
    selection = get_object_or_404(_selection_qs(request), pk=selection_id)
    if not can(request.user, "change", selection):
        raise PermissionDenied
    return [
        {
            "unit": row["unit"],
            "reports": [
                {"kind": r.kind, "held_on": r.held_on.isoformat(), "url": r.url, "unit": r.unit_id}
                for r in row["reports"]
            ],
        }
        for row in selectors.coverage_by_unit(selection)
    ]


# --- Press coverage -------------------------------------------------------------------------


class NomineeRef(Schema):
    id: int
    full_name: str


class CoverageOut(Schema):
    id: int
    nominee: NomineeRef
    unit: UnitRef
    outlet: str
    title: str
    published_on: dt.date
    url: str
    recorded_by: str
    created_at: dt.datetime

    @staticmethod
    def resolve_unit(obj) -> OrgUnit:
        return obj.nominee.unit

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return str(obj.recorded_by) if obj.recorded_by else ""


class CoverageIn(Schema):
    nominee: int = Field(..., ge=1, le=2**31 - 1, description="Gương điển hình (mã người được đề xuất)")
    outlet: str = Field(..., max_length=255, description="Cơ quan báo chí")
    published_on: dt.date = Field(..., description="Ngày đăng (không sau hôm nay)")
    title: str = Field("", max_length=500)
    url: str = Field("", max_length=500, description="Đường dẫn http:// hoặc https://")


class CoverageFilter(Schema):
    outlet: str = Field("", max_length=255, description="Cơ quan báo chí, đúng tên đã ghi nhận")
    year: int | None = Field(None, ge=1900, le=2200, description="Năm đăng")
    unit: int | None = Field(None, ge=1, le=2**31 - 1, description="Đơn vị (cả các đơn vị trực thuộc)")
    nominee: int | None = Field(None, ge=1, le=2**31 - 1, description="Gương điển hình")
    q: str = Field("", max_length=200, description="Tên gương điển hình, không phân biệt dấu")


def _coverage_qs(request):
    return selectors.coverage_for(request.user).select_related("recorded_by")


@press_router.get("/", response=list[CoverageOut], summary="Báo chí viết về gương điển hình")
@paginate(BoundedPagination)
def list_coverage(request, filters: Query[CoverageFilter]):
    if not can(request.user, "view", PressCoverage):
        raise PermissionDenied
    # An unknown unit or a person the user may not see filters to nothing, as on the page.
    unit = OrgUnit.objects.filter(pk=filters.unit).first() if filters.unit else None
    nominee = None
    if filters.nominee:
        nominee = visible_to(request.user, Nominee.objects.all()).filter(pk=filters.nominee).first()
        if nominee is None:
            return PressCoverage.objects.none()
    if filters.unit and unit is None:
        return PressCoverage.objects.none()
    return selectors.press_log(
        request.user,
        outlet=plain_line(filters.outlet),
        year=filters.year,
        unit=unit,
        nominee=nominee,
        q=plain_line(filters.q),
    )


@press_router.post("/", response={201: CoverageOut}, summary="Ghi nhận một bài báo")
def create_coverage(request, payload: CoverageIn):
    nominee = visible_to(request.user, Nominee.objects.all()).filter(pk=payload.nominee).first()
    if nominee is None:
        raise ApiError(
            422,
            "nominee_not_found",
            _("Không tìm thấy gương điển hình này, hoặc bạn không có quyền xem người này."),
            errors=[{"field": "nominee", "message": _("Không tìm thấy hoặc không có quyền xem.")}],
        )
    entry = services.record_coverage(
        request.user,
        nominee,
        outlet=payload.outlet,
        published_on=payload.published_on,
        url=payload.url,
        title=payload.title,
    )
    return Status(201, _coverage_qs(request).get(pk=entry.pk))


@press_router.get("/{coverage_id}", response=CoverageOut)
def get_coverage(request, coverage_id: int):
    return get_object_or_404(_coverage_qs(request), pk=coverage_id)


@press_router.delete("/{coverage_id}", response={204: None}, summary="Xoá bài báo khỏi nhật ký")
def delete_coverage(request, coverage_id: int):
    entry = get_object_or_404(_coverage_qs(request), pk=coverage_id)
    services.remove_coverage(request.user, entry)
    return Status(204, None)
