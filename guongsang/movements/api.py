"""API router of the movements app, mounted under /api/v1/movements/.

Every list and lookup goes through the selectors' scoped querysets (something outside the
caller's scope is a 404, as if it did not exist); every write calls the same service the pages
call, so the API refuses exactly what the UI refuses, with the same Vietnamese message.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from guongsang.core.api import ApiError, api_enum, errors
from guongsang.orgs.models import OrgUnit
from guongsang.orgs.selectors import units_for

from . import selectors, services
from .models import CriteriaSet, Criterion, Field, Movement, Registration

router = Router(tags=["Phong trào thi đua và tiêu chí"])

# The enums of this API, named apart from other apps' (see core.api.api_enum).
MovementKind = api_enum(Movement.Kind)
OrgUnitKind = api_enum(OrgUnit.Kind)
RegistrationStatus = api_enum(Registration.Status)
CriteriaSetKind = api_enum(CriteriaSet.Kind)


class Pagination(PageNumberPagination):
    class Input(PageNumberPagination.Input):
        # Bounded: an absurd page number would overflow PostgreSQL's OFFSET instead of a 422.
        page: int = SchemaField(1, ge=1, le=1_000_000)


# --- Schemas -----------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str


class FieldOut(Schema):
    code: str
    name: str


class MovementOut(Schema):
    id: int
    name: str
    kind: MovementKind
    kind_display: str = SchemaField(alias="get_kind_display")
    unit: UnitRef
    standing_unit: UnitRef | None
    start_date: dt.date
    end_date: dt.date | None
    fields: list[FieldOut]
    scope_kinds: list[str]
    description: str

    @staticmethod
    def resolve_fields(obj: Movement) -> list[Field]:
        return list(obj.fields.all())


class MovementIn(Schema):
    unit: int = SchemaField(description="Đơn vị phát động (id)")
    name: str = SchemaField(min_length=1, max_length=255)
    kind: MovementKind
    start_date: dt.date
    end_date: dt.date | None = None
    description: str = SchemaField("", max_length=20_000)
    fields: list[str] = SchemaField(default_factory=list, max_length=50, description="Mã lĩnh vực")
    standing_unit: int | None = None
    scope_kinds: list[OrgUnitKind] = SchemaField(default_factory=list, max_length=20)


class MovementFilter(Schema):
    q: str = SchemaField("", max_length=200, description="Tìm theo tên, không phân biệt dấu")
    kind: MovementKind | None = None
    field: str = SchemaField("", max_length=64, description="Mã lĩnh vực")
    year: int | None = SchemaField(None, ge=1900, le=2200)
    state: str = SchemaField("", pattern="^(|running|upcoming|ended)$")
    unit: int | None = SchemaField(None, description="Đơn vị phát động (và các đơn vị trực thuộc)")


class RegistrationOut(Schema):
    id: int
    movement_id: int
    unit: UnitRef
    status: RegistrationStatus
    status_display: str = SchemaField(alias="get_status_display")
    pledge: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    reason: str


class RegisterIn(Schema):
    unit: int = SchemaField(description="Đơn vị đăng ký (id)")
    pledge: str = SchemaField("", max_length=20_000)
    submit: bool = SchemaField(False, description="Gửi ngay cho đơn vị phát động")


class RejectIn(Schema):
    reason: str = SchemaField(max_length=2000)


class PledgeIn(Schema):
    pledge: str = SchemaField(max_length=20_000)


class CriterionOut(Schema):
    id: int
    order: int
    text: str
    required: bool
    criteria_set_id: int


class CriteriaSetOut(Schema):
    id: int
    kind: CriteriaSetKind
    kind_display: str = SchemaField(alias="get_kind_display")
    name: str
    unit: UnitRef
    movement_id: int | None
    year: int | None
    is_active: bool
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj: CriteriaSet) -> list[Criterion]:
        return list(obj.criteria.all())


class ChecklistItemOut(CriterionOut):
    set_name: str = SchemaField(alias="criteria_set.name")
    set_kind: CriteriaSetKind = SchemaField(alias="criteria_set.kind")
    set_unit: str = SchemaField(alias="criteria_set.unit.name")


# --- Movements ---------------------------------------------------------------------------------


def _movement(request, movement_id: int) -> Movement:
    return get_object_or_404(selectors.movements_for(request.auth), pk=movement_id)


def _unit(request, unit_id: int, field: str) -> OrgUnit:
    """A unit the caller sees; any other id is bad input on that field (never a hint it exists)."""
    unit = units_for(request.auth).filter(pk=unit_id).first()
    if unit is None:
        raise ApiError(
            422,
            "validation_error",
            "Không tìm thấy đơn vị này trong phạm vi của bạn.",
            errors=[{"field": field, "message": "Không tìm thấy đơn vị này trong phạm vi của bạn."}],
        )
    return unit


def _fields(codes: list[str]) -> list[Field]:
    found = {f.code: f for f in Field.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        message = "Không có lĩnh vực mã: " + ", ".join(sorted(set(unknown))) + "."
        raise ApiError(422, "validation_error", message, errors=[{"field": "fields", "message": message}])
    return [found[c] for c in codes]


@router.get("/", response=list[MovementOut], summary="Danh sách phong trào")
@paginate(Pagination)
def list_movements(request, filters: Query[MovementFilter]):
    """Movements the caller sees (launched by their units or open to them), filtered."""
    unit = None
    if filters.unit is not None:
        unit = get_object_or_404(units_for(request.auth), pk=filters.unit)
    return selectors.search_movements(
        request.auth,
        q=filters.q,
        kind=filters.kind or "",
        field=filters.field,
        year=filters.year,
        state=filters.state,
        unit=unit,
    )


@router.post("/", response={201: MovementOut}, summary="Phát động phong trào")
def create_movement(request, payload: MovementIn):
    unit = _unit(request, payload.unit, "unit")
    standing_unit = None
    if payload.standing_unit is not None:
        # Any unit under the launcher may run it, seen by the caller or not; the service checks.
        standing_unit = OrgUnit.objects.filter(pk=payload.standing_unit).first()
        if standing_unit is None:
            raise ApiError(422, "validation_error", "Không tìm thấy cơ quan thường trực.")
    movement = services.launch_movement(
        request.auth,
        unit,
        name=payload.name,
        kind=payload.kind,
        start_date=payload.start_date,
        end_date=payload.end_date,
        description=payload.description,
        fields=_fields(payload.fields),
        standing_unit=standing_unit,
        scope_kinds=payload.scope_kinds,
    )
    return Status(201, movement)


@router.get("/criteria", response=list[ChecklistItemOut], summary="Danh mục tiêu chí của hồ sơ")
def criteria_checklist(request, unit: int, movement: int | None = None, year: int | None = None):
    """The checklist a dossier decided at ``unit`` answers (general, movement's, unit's own)."""
    target = get_object_or_404(units_for(request.auth), pk=unit)
    chosen = _movement(request, movement) if movement is not None else None
    if year is not None and not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise ApiError(
            422,
            "validation_error",
            "Năm không hợp lệ.",
            errors=[{"field": "year", "message": "Năm không hợp lệ."}],
        )
    return selectors.criteria_for(target, chosen, year=year)


@router.get("/criteria-sets", response=list[CriteriaSetOut], summary="Bộ tiêu chí")
@paginate(Pagination)
def list_criteria_sets(request, unit: int | None = None, movement: int | None = None):
    """Criteria sets the caller sees; with ``unit``, those the unit issued."""
    qs = selectors.criteria_sets_for(request.auth).prefetch_related("criteria")
    if unit is not None:
        qs = qs.filter(unit=get_object_or_404(units_for(request.auth), pk=unit))
    if movement is not None:
        qs = qs.filter(movement=_movement(request, movement))
    return qs.order_by("unit__path", "kind", "name", "pk")


@router.get("/{movement_id}", response=MovementOut, summary="Chi tiết phong trào")
def get_movement(request, movement_id: int):
    return _movement(request, movement_id)


# --- Registrations -----------------------------------------------------------------------------


@router.get("/{movement_id}/registrations", response=list[RegistrationOut], summary="Đăng ký thi đua")
@paginate(Pagination)
def list_registrations(request, movement_id: int):
    """All registrations for the launcher's people; for the others, their own units'."""
    return selectors.registrations_for(request.auth, _movement(request, movement_id))


@router.post("/{movement_id}/registrations", response={201: RegistrationOut}, summary="Đăng ký thi đua")
def register(request, movement_id: int, payload: RegisterIn):
    movement = _movement(request, movement_id)
    unit = _unit(request, payload.unit, "unit")
    return Status(201, services.register(request.auth, movement, unit, payload.pledge, submit=payload.submit))


def _registration(request, registration_id: int) -> Registration:
    return get_object_or_404(selectors.registrations_visible_to(request.auth), pk=registration_id)


def _transition(call):
    """Run a transition; one the current state does not allow is a 409 with its own code."""
    try:
        return call()
    except services.TransitionRefused as refused:
        raise ApiError(409, "invalid_transition", " ".join(refused.messages)) from None


@router.get("/registrations/{registration_id}", response=RegistrationOut, summary="Chi tiết đăng ký")
def get_registration(request, registration_id: int):
    return _registration(request, registration_id)


@router.post(
    "/registrations/{registration_id}/pledge",
    response={200: RegistrationOut, **errors(409)},
    summary="Sửa nội dung đăng ký",
)
def update_pledge(request, registration_id: int, payload: PledgeIn):
    registration = _registration(request, registration_id)
    return _transition(lambda: services.update_registration(request.auth, registration, payload.pledge))


@router.post(
    "/registrations/{registration_id}/submit",
    response={200: RegistrationOut, **errors(409)},
    summary="Gửi đăng ký",
)
def submit_registration(request, registration_id: int):
    registration = _registration(request, registration_id)
    return _transition(lambda: services.submit_registration(request.auth, registration))


@router.post(
    "/registrations/{registration_id}/approve",
    response={200: RegistrationOut, **errors(409)},
    summary="Duyệt đăng ký",
)
def approve_registration(request, registration_id: int):
    registration = _registration(request, registration_id)
    return _transition(lambda: services.approve_registration(request.auth, registration))


@router.post(
    "/registrations/{registration_id}/reject",
    response={200: RegistrationOut, **errors(409)},
    summary="Từ chối đăng ký",
)
def reject_registration(request, registration_id: int, payload: RejectIn):
    registration = _registration(request, registration_id)
    return _transition(lambda: services.reject_registration(request.auth, registration, payload.reason))
