"""API router of the targets, mounted under /api/v1/targets/.

Plans and targets are read through the scoped selectors (a plan out of reach is a 404) and
written through the same services as the pages; progress and the children's ranking are
computed from the metrics, never stored.
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from typing_extensions import TypeAliasType

from guongsang.core.api import ApiDate, BoundedPagination, DbId, api_enum
from guongsang.orgs.models import OrgUnit
from guongsang.orgs.selectors import units_for

from . import metrics, selectors, services
from .models import Plan, Target
from .services import Status as ProgressStatus

router = Router(tags=["Kế hoạch, chỉ tiêu và tiến độ"])

TargetThresholdKind = api_enum(Target.ThresholdKind)
TargetSpan = api_enum(Target.Span)
OrgUnitKind = api_enum(OrgUnit.Kind)
# ``Status`` alone would collide with other apps' enums in the OpenAPI description.
TargetProgressStatus = TypeAliasType("TargetProgressStatus", ProgressStatus)


class UnitRef(Schema):
    id: int
    name: str


class TargetOut(Schema):
    id: int
    code: str
    label: str
    metric: str
    params: dict
    unit_kinds: list[str]
    threshold_kind: TargetThresholdKind
    threshold: float
    span: TargetSpan


class PlanOut(Schema):
    id: int
    number: str
    title: str
    issuer: UnitRef
    issued_on: dt.date
    start_year: int
    end_year: int
    applies_to_kinds: list[str]
    parent_id: int | None


class PlanDetailOut(PlanOut):
    targets: list[TargetOut]

    @staticmethod
    def resolve_targets(obj: Plan) -> list[Target]:
        return list(obj.targets.all())


class PlanIn(Schema):
    issuer: DbId = SchemaField(description="Đơn vị ban hành (id)")
    number: str = SchemaField(min_length=1, max_length=64, description="Số, ký hiệu: 99/KH-UBND")
    title: str = SchemaField(min_length=1, max_length=500)
    issued_on: ApiDate
    start_year: int = SchemaField(ge=2000, le=2100)
    end_year: int = SchemaField(ge=2000, le=2100)
    applies_to_kinds: list[OrgUnitKind] = SchemaField(default_factory=list, max_length=20)
    parent: DbId | None = None


class TargetIn(Schema):
    code: str = SchemaField(min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    label: str = SchemaField(min_length=1, max_length=500)
    metric: str = SchemaField(max_length=64, description="Tên chỉ số đo (xem GET /targets/metrics)")
    params: dict = SchemaField(default_factory=dict)
    unit_kinds: list[OrgUnitKind] = SchemaField(default_factory=list, max_length=20)
    threshold_kind: TargetThresholdKind
    threshold: float
    span: TargetSpan = Target.Span.YEAR
    order: int = SchemaField(0, ge=0, le=1000)


class MetricOut(Schema):
    name: str
    label: str
    params: dict[str, str]
    has_list: bool


class ProgressOut(Schema):
    unit: UnitRef
    target: TargetOut
    plan: str
    start: dt.date
    end: dt.date
    value: int
    required: int | None
    percent: int | None
    status: TargetProgressStatus
    covered_units: int | None = None
    child_units: int | None = None
    staff: int | None = None
    list_url: str | None = None


class YearQuery(Schema):
    year: int | None = SchemaField(
        None, ge=2000, le=2100, description="Năm (mặc định: năm nay, hoặc năm cuối của kế hoạch gần nhất)"
    )


class RankingQuery(YearQuery):
    target: DbId
    sort: str = SchemaField("percent", pattern=r"^-?(percent|value|name)$")


def _progress(row: selectors.Progress) -> dict:
    return {
        "unit": row.unit,
        "target": row.target,
        "plan": str(row.target.plan),
        "start": row.start,
        "end": row.end,
        "value": row.value,
        "required": row.required,
        "percent": row.percent,
        "status": row.status,
        "covered_units": row.covered[0] if row.covered else None,
        "child_units": row.covered[1] if row.covered else None,
        "staff": row.staff,
        "list_url": row.list_url,
    }


@router.get("/metrics", response=list[MetricOut], summary="Các chỉ số đo mà chỉ tiêu có thể dùng")
def list_metrics(request):
    return [
        {
            "name": m.name,
            "label": str(m.label),
            "params": {k: str(v) for k, v in m.params.items()},
            "has_list": bool(m.list_url),
        }
        for m in sorted(metrics.REGISTRY.values(), key=lambda m: m.name)
    ]


@router.get("/plans", response=list[PlanOut], summary="Kế hoạch của đơn vị và cấp trên")
@paginate(BoundedPagination)
def list_plans(request):
    return selectors.plans_for(request.user).order_by("-start_year", "issuer__path", "pk")


@router.get("/plans/{plan_id}", response=PlanDetailOut, summary="Một kế hoạch và các chỉ tiêu")
def get_plan(request, plan_id: DbId):
    return get_object_or_404(selectors.plans_for(request.user), pk=plan_id)


@router.post("/plans", response={201: PlanDetailOut}, summary="Lập kế hoạch")
def create_plan(request, payload: PlanIn):
    issuer = get_object_or_404(units_for(request.user), pk=payload.issuer)
    parent = (
        get_object_or_404(selectors.plans_for(request.user), pk=payload.parent) if payload.parent else None
    )
    data = payload.dict(exclude={"issuer", "parent"})
    return Status(201, services.create_plan(request.user, issuer, parent=parent, **data))


@router.post("/plans/{plan_id}/targets", response={201: TargetOut}, summary="Thêm chỉ tiêu vào kế hoạch")
def add_target(request, plan_id: DbId, payload: TargetIn):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=plan_id)
    return Status(201, services.add_target(request.user, plan, **payload.dict()))


@router.get("/progress/{unit_id}", response=list[ProgressOut], summary="Tiến độ các chỉ tiêu của một đơn vị")
def unit_progress(request, unit_id: DbId, query: Query[YearQuery]):
    unit = get_object_or_404(selectors.dashboard_units(request.user), pk=unit_id)
    year = query.year or selectors.default_year(unit)
    return [_progress(row) for row in selectors.progress_of(unit, year)]


@router.get(
    "/progress/{unit_id}/children",
    response=list[ProgressOut],
    summary="Xếp hạng các đơn vị trực thuộc theo một chỉ tiêu (chậm nhất trước)",
)
def children_ranking(request, unit_id: DbId, query: Query[RankingQuery]):
    unit = get_object_or_404(selectors.dashboard_units(request.user), pk=unit_id)
    year = query.year or selectors.default_year(unit)
    target = next((t for t in selectors.ranking_targets(unit, year) if t.pk == query.target), None)
    if target is None:
        from django.http import Http404

        raise Http404
    return [_progress(row) for row in selectors.ranking(unit, target, year, query.sort)]
