"""API of nominees: list, read, create (with likely duplicates), update, reveal CCCD, merge,
duplicate check, consents. Every read goes through the caller's scope; the CCCD is masked."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from guongsang.core.api import ApiError, api_enum
from guongsang.core.permissions import can
from guongsang.orgs.models import OrgUnit
from guongsang.orgs.selectors import units_for

from . import selectors, services
from .models import Consent, Nominee

router = Router(tags=["Người được đề xuất"])

# The enums of this API, named apart from other apps' (see core.api.api_enum).
NomineeKind = api_enum(Nominee.Kind)
NomineeGender = api_enum(Nominee.Gender)
ConsentRelation = api_enum(Consent.Relation)
ConsentScope = api_enum(Consent.Scope)


Name = Field(..., min_length=1, max_length=255)


class UnitRef(Schema):
    id: int
    name: str


class NomineeOut(Schema):
    id: int
    kind: NomineeKind
    kind_display: str = Field(alias="get_kind_display")
    full_name: str
    gender: str
    birth_date: dt.date | None
    birth_year: int | None
    ethnicity: str
    occupation: str
    position: str
    unit: UnitRef
    residence: UnitRef | None
    cccd_masked: str = Field(description="Số CCCD đã che (0010******45); số đầy đủ: POST /{id}/reveal-cccd")
    phone_masked: str = Field(description="Số điện thoại đã che; số đầy đủ: POST /{id}/reveal-contact")
    email_masked: str = Field(description="Thư điện tử đã che; địa chỉ đầy đủ: POST /{id}/reveal-contact")
    is_deceased: bool
    is_disciplined: bool
    is_prosecuted: bool
    public_fields: list[str]
    merged_into_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class DuplicateOut(Schema):
    nominee: NomineeOut
    score: int
    reasons: list[str]

    @staticmethod
    def resolve_reasons(obj) -> list[str]:
        return list(obj.reasons)


class NomineeCreateOut(Schema):
    nominee: NomineeOut
    duplicates: list[DuplicateOut]


class NomineeIn(Schema):
    kind: NomineeKind = Nominee.Kind.INDIVIDUAL
    full_name: str = Name
    gender: NomineeGender | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    ethnicity: str = Field("", max_length=64)
    occupation: str = Field("", max_length=255)
    position: str = Field("", max_length=255)
    unit: int
    residence: int | None = None
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    cccd: str = Field("", max_length=32)
    is_deceased: bool = False
    is_disciplined: bool = False
    is_prosecuted: bool = False
    public_fields: list[str] = Field(default_factory=list, max_length=20)


class NomineePatch(Schema):
    kind: NomineeKind | None = None
    full_name: str | None = Field(None, min_length=1, max_length=255)
    gender: NomineeGender | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    ethnicity: str | None = Field(None, max_length=64)
    occupation: str | None = Field(None, max_length=255)
    position: str | None = Field(None, max_length=255)
    unit: int | None = None
    residence: int | None = None
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    cccd: str | None = Field(None, max_length=32)
    is_deceased: bool | None = None
    is_disciplined: bool | None = None
    is_prosecuted: bool | None = None
    public_fields: list[str] | None = Field(None, max_length=20)


class NomineeFilter(Schema):
    q: str = Field("", max_length=200, description="Tìm theo họ tên, không phân biệt dấu và hoa thường")
    kind: NomineeKind | None = None
    unit: int | None = Field(None, description="Chỉ người của đơn vị này (và các đơn vị trực thuộc)")


class DuplicateQuery(Schema):
    full_name: str = Field(..., min_length=1, max_length=255)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    unit: int | None = None
    residence: int | None = None


class RevealOut(Schema):
    cccd: str


class ContactOut(Schema):
    phone: str
    email: str


class MergeIn(Schema):
    keep: int = Field(..., description="Người được giữ lại")
    drop: int = Field(..., description="Người được hợp nhất vào người giữ lại (không bị xoá)")


class ConsentIn(Schema):
    given_by: str = Name
    relation: ConsentRelation = Consent.Relation.SELF
    given_at: dt.date | None = None
    scope: ConsentScope
    note: str = Field("", max_length=2000)


class ConsentOut(Schema):
    id: int
    given_by: str
    relation: ConsentRelation
    given_at: dt.date
    scope: ConsentScope
    note: str
    withdrawn_at: dt.datetime | None


class Pagination(PageNumberPagination):
    class Input(PageNumberPagination.Input):
        # Bounded, as in the org API: an absurd page would overflow PostgreSQL's OFFSET.
        page: int = Field(1, ge=1, le=1_000_000)


def _nominee(request, nominee_id: int, include_merged: bool = True) -> Nominee:
    return get_object_or_404(
        selectors.nominees_for(request.auth, include_merged=include_merged), pk=nominee_id
    )


def _unit(request, unit_id: int | None, field: str) -> OrgUnit | None:
    """A unit the caller sees, or a 422 naming the field (never a hint about units out of scope)."""
    if unit_id is None:
        return None
    unit = units_for(request.auth).filter(pk=unit_id).first()
    if unit is None:
        raise ApiError(
            422,
            "validation_error",
            _("Không tìm thấy đơn vị #%(id)s trong phạm vi của bạn.") % {"id": unit_id},
            errors=[{"field": field, "message": _("Đơn vị không hợp lệ.")}],
        )
    return unit


def _residence(unit_id: int | None) -> OrgUnit | None:
    # A residence may be any commune of the country: people live outside their unit's province.
    if unit_id is None:
        return None
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ApiError(
            422,
            "validation_error",
            _("Không tìm thấy xã, phường #%(id)s.") % {"id": unit_id},
            errors=[{"field": "residence", "message": _("Xã, phường không hợp lệ.")}],
        )
    return unit


@router.get("/", response=list[NomineeOut], summary="Danh sách người được đề xuất")
@paginate(Pagination)
def list_nominees(request, filters: Query[NomineeFilter]):
    """Nominees the caller may see (merged duplicates left out), filtered by name, kind and unit."""
    unit = None
    if filters.unit is not None:
        unit = get_object_or_404(units_for(request.auth), pk=filters.unit)
    return selectors.nominees_for(request.auth, q=filters.q, kind=filters.kind or "", unit=unit)


@router.get("/duplicates", response=list[DuplicateOut], summary="Kiểm tra người có thể trùng")
def duplicates(request, query: Query[DuplicateQuery]):
    """Likely duplicates of a person (name without diacritics, birth year, unit or commune),
    among the nominees the caller sees, best first."""
    unit = _unit(request, query.unit, "unit")
    residence = _residence(query.residence)
    return selectors.likely_duplicates(query.full_name, query.birth_year, unit, residence, user=request.auth)


@router.post("/merge", response=NomineeOut, summary="Hợp nhất hai người trùng")
def merge(request, payload: MergeIn):
    """Merge ``drop`` into ``keep``: both histories kept, consents and other records moved."""
    keep = _nominee(request, payload.keep)
    drop = _nominee(request, payload.drop)
    return services.merge_nominees(request.auth, keep=keep, drop=drop)


@router.get("/{int:nominee_id}", response=NomineeOut, summary="Chi tiết người được đề xuất")
def get_nominee(request, nominee_id: int):
    return _nominee(request, nominee_id)


@router.post("/", response={201: NomineeCreateOut}, summary="Thêm người được đề xuất")
def create_nominee(request, payload: NomineeIn):
    """Create a nominee; the response lists likely duplicates already in the system to check."""
    data = payload.dict()
    data["unit"] = _unit(request, payload.unit, "unit")
    data["residence"] = _residence(payload.residence)
    data["gender"] = data["gender"] or ""
    nominee = services.create_nominee(request.auth, **data)
    found = selectors.likely_duplicates(
        nominee.full_name,
        nominee.birth_year,
        nominee.unit,
        nominee.residence,
        exclude=nominee,
        cccd=nominee.cccd,
        user=request.auth,
    )
    return Status(201, {"nominee": nominee, "duplicates": found})


@router.patch("/{int:nominee_id}", response=NomineeOut, summary="Sửa thông tin người được đề xuất")
def update_nominee(request, nominee_id: int, payload: NomineePatch):
    nominee = _nominee(request, nominee_id)
    changes = payload.dict(exclude_unset=True)
    if "unit" in changes:
        if changes["unit"] is None:
            raise ApiError(422, "validation_error", _("Người được đề xuất phải thuộc một đơn vị."))
        changes["unit"] = _unit(request, changes["unit"], "unit")
    if "residence" in changes:
        changes["residence"] = _residence(changes["residence"])
    if "gender" in changes:
        changes["gender"] = changes["gender"] or ""
    for name in ("full_name", "kind", "is_deceased", "is_disciplined", "is_prosecuted"):
        if name in changes and changes[name] is None:
            raise ApiError(
                422, "validation_error", _("Trường %(field)s không được để trống.") % {"field": name}
            )
    for name in ("ethnicity", "occupation", "position", "phone", "email", "cccd"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    if "public_fields" in changes and changes["public_fields"] is None:
        changes["public_fields"] = []
    return services.update_nominee(request.auth, nominee, **changes)


@router.post(
    "/{int:nominee_id}/reveal-cccd", response=RevealOut, summary="Xem số CCCD đầy đủ (được ghi nhật ký)"
)
def reveal_cccd(request, nominee_id: int):
    """The full CCCD number, for the officer of the nominee's unit and the appraisers and heads
    above it; every call is logged."""
    nominee = _nominee(request, nominee_id)
    if not nominee.cccd:
        raise ApiError(404, "no_cccd", _("Người này chưa có số CCCD."))
    return {"cccd": services.reveal_cccd(request.auth, nominee)}


@router.get("/{int:nominee_id}/consents", response=list[ConsentOut], summary="Sự đồng ý công bố")
def list_consents(request, nominee_id: int):
    return selectors.consents_of(_nominee(request, nominee_id))


@router.post("/{int:nominee_id}/consents", response={201: ConsentOut}, summary="Ghi nhận đồng ý công bố")
def add_consent(request, nominee_id: int, payload: ConsentIn):
    nominee = _nominee(request, nominee_id, include_merged=False)
    return Status(201, services.give_consent(request.auth, nominee, **payload.dict()))


@router.post(
    "/{int:nominee_id}/consents/{int:consent_id}/withdraw",
    response=ConsentOut,
    summary="Rút lại đồng ý công bố",
)
def withdraw_consent(request, nominee_id: int, consent_id: int):
    nominee = _nominee(request, nominee_id)
    consent = get_object_or_404(Consent, pk=consent_id, nominee=nominee)
    if not can(request.auth, "change", consent):
        raise PermissionDenied(_("Bạn không có quyền rút lại sự đồng ý này."))
    return services.withdraw_consent(request.auth, consent)


@router.post(
    "/{int:nominee_id}/reveal-contact",
    response=ContactOut,
    summary="Xem số điện thoại và thư điện tử đầy đủ (được ghi nhật ký)",
)
def reveal_contact(request, nominee_id: int):
    """The full phone number and e-mail address, for those who may edit the nominee (the officer
    of its unit, the appraisers and unit administrators above it); each value shown is logged."""
    nominee = _nominee(request, nominee_id)
    if not services.may_reveal(request.auth, nominee, "phone"):
        raise PermissionDenied(_("Bạn không có quyền xem thông tin liên hệ đầy đủ của người này."))
    return {
        name: services.reveal(request.auth, nominee, name) if getattr(nominee, name) else ""
        for name in ("phone", "email")
    }
