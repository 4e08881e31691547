"""API of dossiers: ``/api/v1/nominations/``, with the same checks as the pages.

A state change is ``POST /nominations/{id}/transitions/{name}`` with the ``version`` the client
last read: a dossier changed meanwhile answers 409 ``conflict``, a change not allowed from the
current state 409 ``transition_not_allowed``.

The dossier's content changes the same way: ``POST /nominations/{id}/evidence`` (multipart: the
file, ``version``, ``title``, ``part_code``) and ``PUT /nominations/{id}/criteria`` (the
checklist's answers) both need the ``version`` the client last read, and answer with the new one.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from guongsang.awards.models import AwardType
from guongsang.core.api import ApiDate, ApiError, BoundedPagination, api_enum, errors
from guongsang.core.permissions import can, visible_to
from guongsang.orgs.models import OrgUnit

from . import selectors, services
from .models import Nomination

router = Router(tags=["Hồ sơ đề nghị"])

# The enums of this API, named apart from other apps' (see core.api.api_enum).
NominationStatus = api_enum(Nomination.Status)
NominationOrigin = api_enum(Nomination.Origin)


class UnitRef(Schema):
    id: int
    name: str


class NominationOut(Schema):
    id: int
    code: str
    nominee_id: int
    nominee_name: str = Field(alias="nominee.full_name")
    award_type_id: int
    award_type_name: str = Field(alias="award_type.name")
    rule_id: int | None
    movement_id: int | None
    field_id: int | None
    achievements: str
    origin: NominationOrigin
    submitting_unit: UnitRef
    receiving_unit: UnitRef
    year: int
    status: NominationStatus
    status_display: str = Field(alias="get_status_display")
    version: int
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    appraised_at: dt.datetime | None
    parent_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    at: dt.datetime
    actor: str | None

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class NominationFilter(Schema):
    q: str = Field("", max_length=200, description="Tên người được đề nghị, không phân biệt dấu")
    status: NominationStatus | None = None
    award_type: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1900, le=2200)
    unit: int | None = Field(None, ge=1, le=2**31 - 1, description="Đơn vị đề nghị hoặc xét duyệt")
    origin: NominationOrigin | None = None


class NominationIn(Schema):
    nominee_id: int = Field(..., ge=1, le=2**31 - 1)
    award_type_id: int = Field(..., ge=1, le=2**31 - 1)
    submitting_unit_id: int = Field(..., ge=1, le=2**31 - 1)
    receiving_unit_id: int | None = Field(None, ge=1, le=2**31 - 1)
    achievements: str = Field(..., min_length=1, max_length=services.MAX_ACHIEVEMENTS)
    year: int | None = Field(None, ge=2000, le=2100)
    movement_id: int | None = Field(None, ge=1, le=2**31 - 1)
    field_id: int | None = Field(None, ge=1, le=2**31 - 1)
    origin: NominationOrigin = Nomination.Origin.UNIT


class NominationPatch(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)
    achievements: str | None = Field(None, min_length=1, max_length=services.MAX_ACHIEVEMENTS)


class TransitionIn(Schema):
    version: int | None = Field(None, ge=1, le=2**31 - 1, description="Phiên bản hồ sơ khi đọc lần cuối")
    note: str = Field("", max_length=5000)
    occurred_on: ApiDate | None = Field(
        None, description="Nhập bổ sung kỳ trước: ngày sự việc thực sự xảy ra (không được sau hôm nay)"
    )
    reason: str = Field("", max_length=1000, description="Lý do nhập bổ sung (bắt buộc khi có occurred_on)")


class TransitionOut(Schema):
    name: str
    label: str


class EvidenceOut(Schema):
    id: int
    title: str
    part_code: str
    size: int
    uploaded_at: dt.datetime
    uploaded_by: str

    @staticmethod
    def resolve_uploaded_by(obj) -> str:
        return str(obj.uploaded_by)


class PartOut(Schema):
    code: str
    name: str


class EvidenceListOut(Schema):
    version: int
    items: list[EvidenceOut]
    missing_parts: list[PartOut]


class EvidenceIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1, description="Phiên bản hồ sơ khi đọc lần cuối")
    title: str = Field("", max_length=255)
    part_code: str = Field("", max_length=64, description="Thành phần hồ sơ mà tệp đáp ứng")


class UploadedOut(Schema):
    version: int = Field(..., description="Phiên bản mới của hồ sơ")
    evidence: EvidenceOut


class AnswerOut(Schema):
    id: int
    order: int
    text: str
    required: bool
    met: bool | None
    note: str


class CriteriaOut(Schema):
    version: int
    changed: int = 0
    answers: list[AnswerOut]


class AnswerIn(Schema):
    id: int = Field(..., ge=1, le=2**31 - 1)
    met: bool | None = Field(None, description="Đạt (true), không đạt (false), chưa đánh giá (null)")
    note: str = Field("", max_length=services.MAX_CRITERION_NOTE)


class CriteriaIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1, description="Phiên bản hồ sơ khi đọc lần cuối")
    answers: list[AnswerIn] = Field(..., max_length=500)


def _visible(request, nomination_id: int) -> Nomination:
    return get_object_or_404(selectors.nominations_for(request.auth), pk=nomination_id)


def _conflicts(call):
    """Run a service call, answering state problems with 409 and a Vietnamese message."""
    try:
        return call()
    except services.StaleDossier as exc:
        raise ApiError(409, "conflict", " ".join(exc.messages)) from exc
    except services.TransitionRefused as exc:
        raise ApiError(
            409, exc.error_list[0].code or "transition_not_allowed", " ".join(exc.messages)
        ) from exc


@router.get("/", response=list[NominationOut], summary="Hồ sơ tôi được xem")
@paginate(BoundedPagination, page_size=50)
def list_nominations(request, filters: Query[NominationFilter]):
    if not can(request.auth, "view", Nomination):
        raise PermissionDenied
    return selectors.nominations_for(
        request.auth,
        q=filters.q,
        status=filters.status or "",
        award_type=filters.award_type,
        year=filters.year,
        unit=filters.unit,
        origin=filters.origin or "",
    )


@router.post("/", response={201: NominationOut}, summary="Lập hồ sơ (bản nháp)")
def create_nomination(request, payload: NominationIn):
    from guongsang.movements.models import Field as MovementField
    from guongsang.movements.selectors import movements_for
    from guongsang.nominees.models import Nominee

    user = request.auth
    nominee = get_object_or_404(visible_to(user, Nominee.objects.all()), pk=payload.nominee_id)
    award_type = get_object_or_404(AwardType, pk=payload.award_type_id)
    units = visible_to(user, OrgUnit.objects.all())
    submitting_unit = get_object_or_404(units, pk=payload.submitting_unit_id)
    receiving_unit = None
    if payload.receiving_unit_id is not None:
        receiving_unit = get_object_or_404(OrgUnit, pk=payload.receiving_unit_id)
    movement = None
    if payload.movement_id is not None:
        movement = get_object_or_404(movements_for(user), pk=payload.movement_id)
    field = get_object_or_404(MovementField, pk=payload.field_id) if payload.field_id is not None else None
    nomination = services.create_nomination(
        user,
        nominee=nominee,
        award_type=award_type,
        submitting_unit=submitting_unit,
        receiving_unit=receiving_unit,
        achievements=payload.achievements,
        year=payload.year,
        movement=movement,
        field=field,
        origin=payload.origin,
    )
    return Status(201, nomination)


@router.get("/{nomination_id}", response=NominationOut, summary="Một hồ sơ")
def get_nomination(request, nomination_id: int):
    return _visible(request, nomination_id)


@router.patch(
    "/{nomination_id}",
    response={200: NominationOut, **errors(409)},
    summary="Sửa nội dung hồ sơ đang soạn hoặc bị trả lại",
)
def patch_nomination(request, nomination_id: int, payload: NominationPatch):
    nomination = _visible(request, nomination_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    changes = {k: v for k, v in changes.items() if v is not None}
    return _conflicts(
        lambda: services.update_nomination(request.auth, nomination, version=payload.version, **changes)
    )


@router.get("/{nomination_id}/events", response=list[EventOut], summary="Quá trình xử lý hồ sơ")
def nomination_events(request, nomination_id: int):
    nomination = _visible(request, nomination_id)
    return list(nomination.events.select_related("actor")[:500])


@router.get(
    "/{nomination_id}/transitions", response=list[TransitionOut], summary="Thao tác tôi được làm với hồ sơ"
)
def nomination_transitions(request, nomination_id: int):
    nomination = _visible(request, nomination_id)
    return [
        {"name": t.name, "label": str(t.label)}
        for t in services.available_transitions(request.auth, nomination)
    ]


@router.post(
    "/{nomination_id}/transitions/{name}",
    response={200: NominationOut, **errors(409)},
    summary="Chuyển trạng thái hồ sơ (submit, receive, return_for_supplement, resubmit, appraise, withdraw)",
)
def do_transition(request, nomination_id: int, name: str, payload: TransitionIn):
    nomination = _visible(request, nomination_id)
    if name not in services.TRANSITIONS:
        raise ApiError(404, "unknown_transition", "Thao tác này không tồn tại.")
    return _conflicts(
        lambda: services.transition(
            request.auth,
            nomination,
            name,
            version=payload.version,
            note=payload.note,
            occurred_on=payload.occurred_on,
            reason=payload.reason,
        )
    )


@router.get("/{nomination_id}/evidence", response=EvidenceListOut, summary="Tài liệu của hồ sơ")
def list_evidence(request, nomination_id: int):
    nomination = _visible(request, nomination_id)
    return {
        "version": nomination.version,
        "items": list(nomination.evidence.select_related("uploaded_by")),
        "missing_parts": services.missing_parts(nomination),
    }


@router.post(
    "/{nomination_id}/evidence",
    response={201: UploadedOut, **errors(409)},
    summary="Tải lên tài liệu (PDF, DOCX, XLSX, JPG, PNG; tối đa 20 MB)",
)
def upload_evidence(request, nomination_id: int, payload: Form[EvidenceIn], file: File[UploadedFile]):
    nomination = _visible(request, nomination_id)
    evidence = _conflicts(
        lambda: services.add_evidence(
            request.auth,
            nomination,
            file=file,
            title=payload.title,
            part_code=payload.part_code,
            version=payload.version,
        )
    )
    return Status(201, {"version": nomination.version, "evidence": evidence})


def _criteria(nomination: Nomination, changed: int = 0) -> dict:
    return {
        "version": nomination.version,
        "changed": changed,
        "answers": list(nomination.criteria_answers.all()),
    }


@router.get("/{nomination_id}/criteria", response=CriteriaOut, summary="Tiêu chí của hồ sơ và đánh giá")
def get_criteria(request, nomination_id: int):
    return _criteria(_visible(request, nomination_id))


@router.put(
    "/{nomination_id}/criteria",
    response={200: CriteriaOut, **errors(409)},
    summary="Đánh giá tiêu chí (khi hồ sơ đang soạn hoặc bị trả lại)",
)
def answer_criteria(request, nomination_id: int, payload: CriteriaIn):
    nomination = _visible(request, nomination_id)
    ids = [a.id for a in payload.answers]
    if len(ids) != len(set(ids)):
        raise ApiError(
            422, "validation_error", _("Mỗi tiêu chí chỉ được đánh giá một lần trong một yêu cầu.")
        )
    answers = {a.id: (a.met, a.note) for a in payload.answers}
    changed = _conflicts(
        lambda: services.answer_criteria(request.auth, nomination, answers, version=payload.version)
    )
    return _criteria(nomination, changed)
