"""Read queries over tips, shared by the pages and the API: the officers' list, the lookup by
tracking code, and the places and awards the forms offer."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from guongsang.awards.models import AwardType
from guongsang.core.permissions import visible_to
from guongsang.orgs.models import OrgUnit

from .models import GoodDeedReport
from .rules import REPORT_HANDLER_ROLES


def reports_for(user, *, status: str = "", q: str = "") -> QuerySet[GoodDeedReport]:
    """The reports of good deeds in the communes ``user`` handles."""
    qs = visible_to(user, GoodDeedReport.objects.all(), roles=REPORT_HANDLER_ROLES).select_related(
        "place_commune"
    )
    if status:
        qs = qs.filter(status=status)
    for word in (q or "").split():
        qs = qs.filter(Q(person_name__icontains=word) | Q(tracking_code__icontains=word))
    return qs.order_by("-created_at", "-pk")


def report_by_code(code: str) -> GoodDeedReport | None:
    """A report looked up by its tracking code (case and spaces forgiven), for the public page."""
    cleaned = "".join((code or "").upper().split())
    if not cleaned or len(cleaned) > 20:
        return None
    return (
        GoodDeedReport.objects.select_related("place_commune", "nomination")
        .filter(tracking_code=cleaned)
        .first()
    )


def communes_of(province: OrgUnit | None):
    """The current communes of ``province`` (all of them when None), in alphabetical order."""
    today = timezone.localdate()
    qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE).exclude(valid_to__lte=today)
    if province is not None:
        qs = qs.filter(path__startswith=province.path)
    return qs.order_by("name_folded")


def provinces():
    """The current provinces and centrally-run cities, for the first step of the public form."""
    today = timezone.localdate()
    return (
        OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE)
        .exclude(valid_to__lte=today)
        .order_by("name_folded")
    )


def commune_by_code(code: str) -> OrgUnit | None:
    """A current commune by its official administrative code ("00004"), for the public API."""
    code = (code or "").strip()
    if not code or len(code) > 16:
        return None
    return communes_of(None).filter(code=code).first()


def award_types_for(commune: OrgUnit):
    """Active award types a dossier from ``commune`` may seek: national ones and its province's."""
    step = OrgUnit.steplen
    ancestors = [commune.path[:end] for end in range(step, len(commune.path), step)]
    return (
        AwardType.objects.filter(is_active=True)
        .filter(Q(province__isnull=True) | Q(province__path__in=ancestors))
        .order_by("level", "name")
    )
