"""API of the award catalogue: ``/api/v1/award-types/``."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from guongsang.core.api import BoundedPagination
from guongsang.core.permissions import can

from . import selectors, services
from .models import AwardRule, AwardType, SubjectKind

router = Router(tags=["Danh hiệu và hình thức khen thưởng"])


class RuleOut(Schema):
    id: int
    effective_from: dt.date
    effective_to: dt.date | None
    legal_basis: str
    council_required: bool
    quorum_num: int
    quorum_den: int
    vote_base: AwardRule.VoteBase
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
    category: AwardType.Category
    subject_kinds: list[str]
    level: AwardType.Level
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
    level: AwardType.Level | None = None
    q: str = Field("", max_length=200, description="Tìm theo tên, không phân biệt dấu")
    include_inactive: bool = False


class RuleIn(Schema):
    effective_from: dt.date
    legal_basis: str = Field(..., min_length=1, max_length=500)
    council_required: bool = True
    quorum_num: int = Field(2, ge=1, le=1000)
    quorum_den: int = Field(3, ge=1, le=1000)
    vote_base: AwardRule.VoteBase = AwardRule.VoteBase.PRESENT
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
