"""API of dossiers: ``/api/v1/nominations/``, with the same checks as the pages.

A state change is ``POST /nominations/{id}/transitions/{name}`` with the ``version`` the client
last read: a dossier changed meanwhile answers 409 ``conflict``, a change not allowed from the
current state 409 ``transition_not_allowed``.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from guongsang.awards.models import AwardType
from guongsang.core.api import ApiError, BoundedPagination
from guongsang.core.permissions import can, visible_to
from guongsang.orgs.models import OrgUnit

from . import selectors, services
from .api_public import public_router
from .models import Nomination

router = Router(tags=["Hồ sơ đề nghị"])

__all__ = ["public_router", "router"]


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
    origin: Nomination.Origin
    submitting_unit: UnitRef
    receiving_unit: UnitRef
    year: int
    status: Nomination.Status
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
    status: Nomination.Status | None = None
    award_type: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1900, le=2200)
    unit: int | None = Field(None, ge=1, le=2**31 - 1, description="Đơn vị đề nghị hoặc xét duyệt")
    origin: Nomination.Origin | None = None


class NominationIn(Schema):
    nominee_id: int = Field(..., ge=1, le=2**31 - 1)
    award_type_id: int = Field(..., ge=1, le=2**31 - 1)
    submitting_unit_id: int = Field(..., ge=1, le=2**31 - 1)
    receiving_unit_id: int | None = Field(None, ge=1, le=2**31 - 1)
    achievements: str = Field(..., min_length=1, max_length=services.MAX_ACHIEVEMENTS)
    year: int | None = Field(None, ge=2000, le=2100)
    movement_id: int | None = Field(None, ge=1, le=2**31 - 1)
    field_id: int | None = Field(None, ge=1, le=2**31 - 1)
    origin: Nomination.Origin = Nomination.Origin.UNIT


class NominationPatch(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)
    achievements: str | None = Field(None, min_length=1, max_length=services.MAX_ACHIEVEMENTS)


class TransitionIn(Schema):
    version: int | None = Field(None, ge=1, le=2**31 - 1, description="Phiên bản hồ sơ khi đọc lần cuối")
    note: str = Field("", max_length=5000)


class TransitionOut(Schema):
    name: str
    label: str


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
    "/{nomination_id}", response=NominationOut, summary="Sửa nội dung hồ sơ đang soạn hoặc bị trả lại"
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
    response=NominationOut,
    summary="Chuyển trạng thái hồ sơ (submit, receive, return_for_supplement, resubmit, appraise, withdraw)",
)
def do_transition(request, nomination_id: int, name: str, payload: TransitionIn):
    nomination = _visible(request, nomination_id)
    if name not in services.TRANSITIONS:
        raise ApiError(404, "unknown_transition", "Thao tác này không tồn tại.")
    return _conflicts(
        lambda: services.transition(
            request.auth, nomination, name, version=payload.version, note=payload.note
        )
    )
