"""API: browsing and searching the org tree, under the caller's scope."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from guongsang.core.api import api_enum
from guongsang.core.periods import last_day

from .models import OrgUnit
from .selectors import children_of, search_units, units_for

router = Router(tags=["Đơn vị"])

# The enums of this API, named apart from other apps' (see core.api.api_enum).
OrgUnitKind = api_enum(OrgUnit.Kind)


class OrgUnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: OrgUnitKind
    kind_display: str = Field(alias="get_kind_display")
    code: str
    depth: int
    parent_id: int | None = None
    has_children: bool
    staff_count: int | None
    valid_from: dt.date | None = Field(..., description="Ngày đầu tiên đơn vị có hiệu lực")
    valid_until: dt.date | None = Field(
        ..., description="Ngày cuối cùng đơn vị còn hiệu lực (null: đang hoạt động)"
    )
    valid_to: dt.date | None = Field(
        ..., description="Ngày đầu tiên đơn vị không còn hiệu lực (valid_until + 1 ngày)"
    )

    @staticmethod
    def resolve_valid_until(obj: OrgUnit) -> dt.date | None:
        return last_day(obj.valid_to)

    @staticmethod
    def resolve_has_children(obj: OrgUnit) -> bool:
        return obj.numchild > 0

    @staticmethod
    def resolve_parent_id(obj: OrgUnit) -> int | None:
        return getattr(obj, "parent_id_cached", None)


class OrgFilter(Schema):
    q: str = Field("", max_length=200, description="Tìm theo tên, không phân biệt dấu và hoa thường")
    kind: OrgUnitKind | None = None
    parent: int | None = Field(None, description="Chỉ các đơn vị trực thuộc đơn vị này")


def _with_parents(units: list[OrgUnit]) -> list[OrgUnit]:
    """Attach each unit's parent id with one query for the whole page."""
    parent_paths = {u.path[: -OrgUnit.steplen] for u in units if u.depth > 1}
    ids = dict(OrgUnit.objects.filter(path__in=parent_paths).values_list("path", "id"))
    for unit in units:
        unit.parent_id_cached = ids.get(unit.path[: -OrgUnit.steplen])
    return units


class UnitPagination(PageNumberPagination):
    """Page-number pagination that also resolves parent ids in bulk."""

    class Input(PageNumberPagination.Input):
        # Bounded: an absurd page number would overflow the database's OFFSET (a 500 on
        # PostgreSQL) instead of being refused as bad input.
        page: int = Field(1, ge=1, le=1_000_000)

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        result = super().paginate_queryset(queryset, pagination, request=request, **params)
        result["items"] = _with_parents(list(result["items"]))
        return result


@router.get("/", response=list[OrgUnitOut], summary="Danh sách đơn vị")
@paginate(UnitPagination)
def list_units(request, filters: Query[OrgFilter]):
    """Units the caller may see, filtered by a diacritics-insensitive name query, kind and parent."""
    parent = None
    if filters.parent is not None:
        parent = get_object_or_404(units_for(request.auth), pk=filters.parent)
    return search_units(request.auth, q=filters.q, kind=filters.kind or "", parent=parent)


@router.get("/{unit_id}", response=OrgUnitOut, summary="Chi tiết đơn vị")
def get_unit(request, unit_id: int):
    unit = get_object_or_404(units_for(request.auth), pk=unit_id)
    return _with_parents([unit])[0]


@router.get("/{unit_id}/children", response=list[OrgUnitOut], summary="Đơn vị trực thuộc")
@paginate(UnitPagination)
def unit_children(request, unit_id: int):
    unit = get_object_or_404(units_for(request.auth), pk=unit_id)
    return children_of(request.auth, unit)
