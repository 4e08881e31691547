"""API of the award catalogue: ``/api/v1/award-types/``."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from guongsang.core.api import ApiDate, BoundedPagination, DbId, api_enum
from guongsang.core.permissions import can

from . import selectors, services
from .models import AwardRule, AwardType, SubjectKind

# An id the database can hold: a larger number would overflow SQLite's INTEGER (a 500).
router = Router(tags=["Danh hiệu và hình thức khen thưởng"])

# The enums of this API, named apart from other apps' (see core.api.api_enum).
AwardTypeLevel = api_enum(AwardType.Level)
AwardTypeCategory = api_enum(AwardType.Category)
AwardRuleVoteBase = api_enum(AwardRule.VoteBase)


class RuleOut(Schema):
    id: int
    effective_from: dt.date
    effective_to: dt.date | None
    legal_basis: str
    council_required: bool
    quorum_num: int
    quorum_den: int
    vote_base: AwardRuleVoteBase
    threshold_num: int
    threshold_den: int
    threshold_strict: bool
    secret_ballot: bool
    cap_per_year: int | None
    once_per_person: bool
    ratio_of_id: int | None
    ratio_percent: Decimal | None
    exclude_disciplined: bool
    exclude_prosecuted: bool
    exclude_posthumous: bool
    required_parts: list[dict]
    summary: str

    @staticmethod
    def resolve_summary(obj: AwardRule) -> str:
        return selectors.rule_summary(obj)


class AwardTypeOut(Schema):
    id: int
    code: str
    name: str
    category: AwardTypeCategory
    subject_kinds: list[str]
    level: AwardTypeLevel
    decider_kind: str
    province_id: int | None
    description: str
    is_active: bool
    rules: list[RuleOut]

    @staticmethod
    def resolve_rules(obj: AwardType) -> list[AwardRule]:
        return list(obj.rules.all())


class AwardTypeFilter(Schema):
    subject_kind: SubjectKind | None = None
    level: AwardTypeLevel | None = None
    q: str = Field("", max_length=200, description="Tìm theo tên, không phân biệt dấu")
    include_inactive: bool = False


class RuleIn(Schema):
    effective_from: ApiDate
    legal_basis: str = Field(..., min_length=1, max_length=500)
    council_required: bool = True
    quorum_num: int = Field(2, ge=1, le=1000)
    quorum_den: int = Field(3, ge=1, le=1000)
    vote_base: AwardRuleVoteBase = AwardRule.VoteBase.PRESENT
    threshold_num: int = Field(1, ge=1, le=1000)
    threshold_den: int = Field(2, ge=1, le=1000)
    threshold_strict: bool = True
    secret_ballot: bool = False
    cap_per_year: int | None = Field(None, ge=1, le=1_000_000)
    once_per_person: bool = False
    exclude_disciplined: bool = True
    exclude_prosecuted: bool = True
    exclude_posthumous: bool = False
    required_parts: list[dict] = []


def _require_view(request) -> None:
    if not can(request.user, "view", AwardType):
        raise PermissionDenied


@router.get("/", response=list[AwardTypeOut], summary="Danh mục danh hiệu, hình thức khen thưởng")
@paginate(BoundedPagination, page_size=50)
def list_award_types(request, filters: Query[AwardTypeFilter]):
    _require_view(request)
    return selectors.award_types_for(
        subject_kind=filters.subject_kind,
        level=filters.level or "",
        q=filters.q,
        active_only=not filters.include_inactive,
    )


@router.get("/{award_type_id}", response=AwardTypeOut, summary="Một danh hiệu với các phiên bản quy định")
def get_award_type(request, award_type_id: int):
    _require_view(request)
    return get_object_or_404(selectors.award_types_for(active_only=False), pk=award_type_id)


@router.get("/{award_type_id}/rule", response=RuleOut, summary="Quy định có hiệu lực vào một ngày")
def rule_on(request, award_type_id: int, on: dt.date | None = None):
    _require_view(request)
    award_type = get_object_or_404(AwardType, pk=award_type_id)
    return selectors.rule_in_force(award_type, on or timezone.localdate())


@router.post("/{award_type_id}/rules", response={201: RuleOut}, summary="Thêm phiên bản quy định mới")
def add_rule(request, award_type_id: int, payload: RuleIn):
    award_type = get_object_or_404(AwardType, pk=award_type_id)
    data = payload.dict()
    rule = services.add_rule_version(request.user, award_type, **data)
    return Status(201, rule)


# --- Decisions, recognitions, public verification ---------------------------------------------------

decisions_router = Router(tags=["Quyết định khen thưởng"])
recognitions_router = Router(tags=["Sổ khen thưởng"])
verify_router = Router(tags=["Công khai"], auth=None)


class DecisionItemOut(Schema):
    id: int
    nomination_id: int
    approved: bool
    reason: str


class DecisionOut(Schema):
    id: int
    issuing_unit_id: int
    award_type_id: int
    award_year: int
    symbol: str
    number: int | None
    number_display: str
    year: int | None
    title: str
    status: str
    signer_name: str
    signer_title: str
    authority_line: str
    signed_on: dt.date | None
    items: list[DecisionItemOut]

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.order_by("pk"))


class DraftIn(Schema):
    nomination_ids: list[DbId] = Field(..., min_length=1, max_length=500)
    title: str = Field("", max_length=500)
    symbol: str = Field("QĐ-UBND", min_length=1, max_length=32)


class ItemIn(Schema):
    approved: bool
    reason: str = Field("", max_length=5000)


class SignIn(Schema):
    signer_title: str = Field(..., min_length=1, max_length=64)
    authority_line: str = Field("", max_length=64)
    signed_on: ApiDate | None = Field(
        None, description="Nhập bổ sung kỳ trước: ngày ký thực tế (không được sau hôm nay)"
    )
    number: int | None = Field(
        None, ge=1, le=99999, description="Số thực tế của quyết định đã ký (chỉ khi nhập bổ sung)"
    )
    reason: str = Field(
        "", max_length=1000, description="Lý do nhập bổ sung (bắt buộc khi ngày ký trước hôm nay)"
    )


class RecognitionOut(Schema):
    id: int
    nominee_id: int
    nominee_name: str = Field(alias="nominee.full_name")
    award_type_id: int
    award_type_name: str = Field(alias="award_type.name")
    level: str
    unit_id: int
    year: int
    decision_id: int
    decision_number: str = Field(alias="decision.number_display")
    status: str
    revoked_reason: str
    verify_code: str


class RecognitionFilter(Schema):
    q: str = Field("", max_length=200)
    award_type: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1900, le=2200)
    level: AwardTypeLevel | None = None
    status: str = Field("", pattern="^(|active|revoked)$")


class RevokeIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)
    legal_basis: str = Field(..., min_length=1, max_length=500)


class VerifyOut(Schema):
    valid: bool
    status: str
    name: str
    award: str
    level: str
    year: int
    decision_number: str
    decision_date: dt.date | None
    issued_by: str


@decisions_router.get("/", response=list[DecisionOut], summary="Quyết định tôi được xem")
@paginate(BoundedPagination, page_size=50)
def list_decisions(request):
    return selectors.decisions_for(request.auth)


@decisions_router.post(
    "/", response={201: DecisionOut}, summary="Lập dự thảo quyết định từ hồ sơ đã được đề nghị"
)
def draft(request, payload: DraftIn):
    from .dossiers import provider

    dossiers = list(
        provider().visible_to(request.auth).filter(pk__in=payload.nomination_ids).select_related("rule")
    )
    if len(dossiers) != len(set(payload.nomination_ids)):
        from guongsang.core.api import ApiError

        raise ApiError(404, "not_found", "Có hồ sơ không tồn tại hoặc bạn không được xem.")
    decision = services.draft_decision(
        request.auth,
        dossiers[0].receiving_unit,
        award_type=dossiers[0].award_type,
        award_year=dossiers[0].year,
        nominations=dossiers,
        title=payload.title,
        symbol=payload.symbol,
    )
    return Status(201, decision)


@decisions_router.get("/{decision_id}", response=DecisionOut, summary="Một quyết định")
def get_decision(request, decision_id: int):
    return get_object_or_404(selectors.decisions_for(request.auth), pk=decision_id)


@decisions_router.post(
    "/{decision_id}/items/{item_id}", response=DecisionOut, summary="Khen hoặc không khen một hồ sơ"
)
def set_item(request, decision_id: int, item_id: int, payload: ItemIn):
    decision = get_object_or_404(selectors.decisions_for(request.auth), pk=decision_id)
    item = get_object_or_404(decision.items, pk=item_id)
    services.set_item(request.auth, item, approved=payload.approved, reason=payload.reason)
    return decision


@decisions_router.post("/{decision_id}/sign", response=DecisionOut, summary="Ký ban hành (thủ trưởng)")
def sign(request, decision_id: int, payload: SignIn):
    decision = get_object_or_404(selectors.decisions_for(request.auth), pk=decision_id)
    return services.sign_decision(
        request.auth,
        decision,
        signer_title=payload.signer_title,
        authority_line=payload.authority_line,
        signed_on=payload.signed_on,
        number=payload.number,
        reason=payload.reason,
    )


@recognitions_router.get("/", response=list[RecognitionOut], summary="Sổ khen thưởng")
@paginate(BoundedPagination, page_size=50)
def list_recognitions(request, filters: Query[RecognitionFilter]):
    return selectors.recognitions_for(
        request.auth,
        q=filters.q,
        award_type=filters.award_type,
        year=filters.year,
        level=filters.level or "",
        status=filters.status,
    )


@recognitions_router.get("/{recognition_id}", response=RecognitionOut, summary="Một khen thưởng")
def get_recognition(request, recognition_id: int):
    return get_object_or_404(selectors.recognitions_for(request.auth), pk=recognition_id)


@recognitions_router.post("/{recognition_id}/revoke", response=RecognitionOut, summary="Thu hồi khen thưởng")
def revoke(request, recognition_id: int, payload: RevokeIn):
    recognition = get_object_or_404(selectors.recognitions_for(request.auth), pk=recognition_id)
    return services.revoke_recognition(
        request.auth, recognition, reason=payload.reason, legal_basis=payload.legal_basis
    )


@verify_router.get("/{code}", response=VerifyOut, summary="Xác minh bằng khen, giấy khen theo mã QR")
def verify(request, code: str):
    from guongsang.core.api import ApiError

    recognition = selectors.recognition_by_code(code)
    if recognition is None:
        raise ApiError(404, "not_found", "Không tìm thấy khen thưởng có mã này.")
    return {
        "valid": recognition.status == "active",
        "status": recognition.status,
        "name": recognition.nominee.full_name,
        "award": recognition.award_type.name,
        "level": recognition.get_level_display(),
        "year": recognition.year,
        "decision_number": recognition.decision.number_display,
        "decision_date": recognition.decision.signed_on,
        "issued_by": recognition.unit.name,
    }
