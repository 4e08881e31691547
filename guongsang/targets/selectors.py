"""Read queries of the targets: which targets a unit owes, its progress, its children's ranking."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from guongsang.core.permissions import scope_for, visible_to
from guongsang.orgs.models import OrgUnit

from . import metrics
from .models import Plan, StaffCount, Target
from .services import Status, judge, window


def plans_for(user) -> QuerySet[Plan]:
    """Plans the user may see: those of the units in their scope and of the units above them
    (a commune's officer reads the city's plan that gives the commune its targets)."""
    scope = scope_for(user)
    if scope.everything:
        return Plan.objects.select_related("issuer")
    paths = set(scope.subtree_paths) | set(
        OrgUnit.objects.filter(pk__in=scope.unit_ids).values_list("path", flat=True)
    )
    query = Q(pk__in=[])
    for path in paths:
        # The issuer is the unit, one of its ancestors, or under it.
        ancestors = [path[:i] for i in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen)]
        query |= Q(issuer__path__in=ancestors) | Q(issuer__path__startswith=path)
    return Plan.objects.filter(query).select_related("issuer")


def dashboard_units(user) -> QuerySet[OrgUnit]:
    """Units whose dashboard the user may open: those in their scope and the direct children of
    the units they hold a role at (an officer sees how the units below are doing)."""
    scope = scope_for(user)
    units = OrgUnit.objects.all()
    if scope.everything:
        return units
    query = scope.q()
    for path in OrgUnit.objects.filter(pk__in=scope.unit_ids).values_list("path", flat=True):
        query |= Q(path__startswith=path, depth=len(path) // OrgUnit.steplen + 1)
    return units.filter(query)


def applies(target: Target, unit: OrgUnit) -> bool:
    """Whether ``unit`` owes ``target`` (the issuer's own targets, or its kind's under it)."""
    issuer = target.plan.issuer
    if unit.pk == issuer.pk:
        return not target.unit_kinds
    return unit.path.startswith(issuer.path) and unit.kind in target.unit_kinds


def targets_for(unit: OrgUnit, year: int) -> list[Target]:
    """The targets ``unit`` owes in ``year``, from its own plans and those of the units above."""
    ancestors = [unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    rows = Target.objects.filter(
        plan__issuer__path__in=ancestors, plan__start_year__lte=year, plan__end_year__gte=year
    ).select_related("plan__issuer")
    return [
        t for t in rows.order_by("plan__issuer__depth", "plan__issued_on", "order", "pk") if applies(t, unit)
    ]


def default_year(unit: OrgUnit, today: dt.date | None = None) -> int:
    """The year a dashboard opens on: this year when a plan reaching the unit covers it, else
    the last year of the latest such plan (a 2023–2025 plan, looked at in 2026)."""
    this_year = (today or timezone.localdate()).year
    ancestors = [unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    plans = Plan.objects.filter(issuer__path__in=ancestors, start_year__lte=this_year)
    if not plans.exists() or plans.filter(end_year__gte=this_year).exists():
        return this_year
    return plans.order_by("-end_year").values_list("end_year", flat=True).first()


def staff_on(units: list[OrgUnit], day: dt.date) -> dict[int, int]:
    """Each unit's staff count on ``day``: the latest dated count up to that day (one query),
    else the unit's undated figure."""
    counts: dict[int, int] = {}
    rows = (
        StaffCount.objects.filter(unit__in=[u.pk for u in units], as_of__lte=day)
        .order_by("unit_id", "-as_of")
        .values_list("unit_id", "count")
    )
    for unit_id, count in rows:
        counts.setdefault(unit_id, count)
    for unit in units:
        if unit.pk not in counts and unit.staff_count:
            counts[unit.pk] = unit.staff_count
    return counts


def current_children(
    unit: OrgUnit, kinds: list[str] | None = None, on: dt.date | None = None
) -> QuerySet[OrgUnit]:
    """The unit's direct children in force (today, or on ``on``), optionally of some kinds."""
    on = on or timezone.localdate()
    qs = OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("path")


@dataclass
class Progress:
    """One unit against one target in one window."""

    unit: OrgUnit
    target: Target
    start: dt.date
    end: dt.date
    value: int
    required: int | None
    status: str
    #: For a coverage target: how many child units have the item, out of how many.
    covered: tuple[int, int] | None = None
    staff: int | None = None
    list_url: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def percent(self) -> int | None:
        """The value as a share of what is required (capped display is the template's)."""
        if not self.required:
            return None
        return round(100 * self.value / self.required)


def _required(target: Target, staff: int | None, children: int | None = None) -> int | None:
    threshold = float(target.threshold)
    if target.threshold_kind == Target.ThresholdKind.ABSOLUTE:
        return math.ceil(threshold)
    if target.threshold_kind == Target.ThresholdKind.STAFF_SHARE:
        return math.ceil(threshold * staff / 100) if staff else None
    return math.ceil(threshold * children / 100) if children else None


def evaluate(target: Target, units: list[OrgUnit], year: int, today: dt.date | None = None) -> list[Progress]:
    """Each of ``units`` against ``target`` in ``year``: one metric query for them all (two for
    a coverage target: the children of every unit at once), one for the staff counts."""
    today = today or timezone.localdate()
    metric = metrics.get(target.metric)
    start, end = window(target, year)
    if metric is None or not units:
        return [Progress(u, target, start, end, 0, None, Status.NO_DATA) for u in units]
    params = dict(target.params)
    results = []
    if target.threshold_kind == Target.ThresholdKind.COVERAGE:
        kinds = params.pop("child_kinds", None) if "child_kinds" in params else None
        under = Q(pk__in=[])
        for unit in units:
            under |= Q(path__startswith=unit.path, depth=unit.depth + 1)
        children = list(
            OrgUnit.objects.filter(under)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
            .order_by("path")
        )
        if kinds:
            children = [c for c in children if c.kind in kinds]
        counts = metric(metrics.Buckets(children), start, end, **params) if children else {}
        for unit in units:
            mine = [c for c in children if c.path.startswith(unit.path)]
            covered = sum(1 for c in mine if counts.get(c.pk, 0) > 0)
            required = _required(target, None, len(mine))
            results.append(
                Progress(
                    unit,
                    target,
                    start,
                    end,
                    covered,
                    required,
                    judge(covered, required, start, end, today),
                    covered=(covered, len(mine)),
                )
            )
        return results
    counts = metric(metrics.Buckets(units), start, end, **params)
    staff = staff_on(units, end) if target.threshold_kind == Target.ThresholdKind.STAFF_SHARE else {}
    for unit in units:
        value = counts.get(unit.pk, 0)
        required = _required(target, staff.get(unit.pk))
        url = metric.list_url(unit, start, end, **params) if metric.list_url else None
        results.append(
            Progress(
                unit,
                target,
                start,
                end,
                value,
                required,
                judge(value, required, start, end, today),
                staff=staff.get(unit.pk),
                list_url=url,
            )
        )
    return results


def progress_of(unit: OrgUnit, year: int, today: dt.date | None = None) -> list[Progress]:
    """The unit's standing against every target it owes in ``year``."""
    return [evaluate(target, [unit], year, today)[0] for target in targets_for(unit, year)]


def ranking_targets(unit: OrgUnit, year: int) -> list[Target]:
    """Targets the unit's children owe (for the ranking table): of the plans of the unit and
    of those above it, the ones some kind of its children owes."""
    kinds = set(current_children(unit).values_list("kind", flat=True).distinct())
    ancestors = [unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    rows = Target.objects.filter(
        plan__issuer__path__in=ancestors, plan__start_year__lte=year, plan__end_year__gte=year
    ).select_related("plan__issuer")
    return [t for t in rows.order_by("plan__issuer__depth", "order", "pk") if kinds & set(t.unit_kinds)]


RANKING_SORTS = {
    "percent": lambda p: (p.percent if p.percent is not None else 10**9, p.unit.name),
    "value": lambda p: (p.value, p.unit.name),
    "name": lambda p: (p.unit.name,),
}


def ranking(
    unit: OrgUnit, target: Target, year: int, sort: str = "percent", today: dt.date | None = None
) -> list[Progress]:
    """The unit's children that owe ``target``, each against it; by default the furthest behind
    first (lowest share of what is required). ``sort`` is a key of :data:`RANKING_SORTS`, with
    a leading "-" for descending."""
    children = list(current_children(unit, target.unit_kinds))
    rows = evaluate(target, children, year, today)
    key = sort.lstrip("-")
    if key not in RANKING_SORTS:
        key, sort = "percent", "percent"
    return sorted(rows, key=RANKING_SORTS[key], reverse=sort.startswith("-"))


def visible_plan(user, plan_id: int) -> Plan | None:
    return plans_for(user).filter(pk=plan_id).first()


def staff_counts_for(user) -> QuerySet[StaffCount]:
    return visible_to(user, StaffCount.objects.select_related("unit"))
