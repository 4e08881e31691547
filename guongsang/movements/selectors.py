"""Read queries over movements, registrations, fields and criteria, shared by views, API and reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from guongsang.core.permissions import scope_for, visible_to
from guongsang.core.text import fold
from guongsang.orgs.models import OrgUnit

from .models import CriteriaSet, Criterion, Field, Movement, Registration

LAUNCHER_ROLES = ("officer", "unit_admin", "head")


def _proper_prefixes(path: str) -> list[str]:
    """The paths of every ancestor of the unit at ``path`` (materialised path, fixed step)."""
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path), step)]


def _kinds_q(kinds: Iterable[str]) -> Q:
    """Movements whose scope takes any of ``kinds`` (an empty ``scope_kinds`` takes every kind).

    ``scope_kinds`` is a JSON list of plain words; matching the quoted word in its text works
    alike on SQLite and PostgreSQL, where JSON containment does not.
    """
    query = Q(scope_kinds=[])
    for kind in sorted(set(kinds)):
        query |= Q(scope_kinds__icontains=f'"{kind}"')
    return query


def _participation_q(user) -> Q:
    """Movements launched above the units ``user`` covers, whose scope takes one of those units."""
    scope = scope_for(user)
    query = Q(pk__in=[])
    for path, kind in OrgUnit.objects.filter(pk__in=sorted(scope.unit_ids)).values_list("path", "kind"):
        query |= Q(unit__path__in=_proper_prefixes(path)) & _kinds_q([kind])
    for path in scope.subtree_paths:
        kinds = (
            OrgUnit.objects.filter(path__startswith=path).order_by().values_list("kind", flat=True).distinct()
        )
        query |= Q(unit__path__in=_proper_prefixes(path)) & _kinds_q(kinds)
    return query


def movements_for(user) -> QuerySet[Movement]:
    """Every movement ``user`` may see: launched by a unit they cover, or open to one."""
    base = Movement.objects.select_related("unit", "standing_unit")
    scope = scope_for(user)
    if scope.everything:
        return base
    if scope.empty:
        return base.none()
    return base.filter(scope.q("unit__") | _participation_q(user))


def movements_open_to(unit: OrgUnit, on: dt.date | None = None) -> QuerySet[Movement]:
    """Movements ``unit`` may register for on ``on`` (today): in scope and not yet ended."""
    day = on or timezone.localdate()
    return (
        Movement.objects.filter(unit__path__in=_proper_prefixes(unit.path))
        .filter(_kinds_q([unit.kind]))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("unit")
    )


def search_movements(
    user,
    q: str = "",
    kind: str = "",
    field: str = "",
    year: int | None = None,
    state: str = "",
    unit: OrgUnit | None = None,
) -> QuerySet[Movement]:
    """The movements a user sees, filtered: folded name words, kind, field code, year, running or
    ended, launcher (and the units below it)."""
    qs = movements_for(user)
    for word in fold(q).split():
        qs = qs.filter(name_folded__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    if field:
        qs = qs.filter(fields__code=field)
    if year:
        qs = running_in_year(qs, year)
    qs = in_state(qs, state)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.prefetch_related("fields").order_by("-start_date", "name", "pk")


def running_in_year(qs: QuerySet[Movement], year: int) -> QuerySet[Movement]:
    """The movements of ``qs`` that run for at least a day of ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return qs.filter(start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))


def in_state(qs: QuerySet[Movement], state: str) -> QuerySet[Movement]:
    """The movements of ``qs`` that are "running", "upcoming" or "ended" today (any other: all)."""
    today = timezone.localdate()
    if state == "running":
        return qs.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    if state == "ended":
        return qs.filter(end_date__lt=today)
    if state == "upcoming":
        return qs.filter(start_date__gt=today)
    return qs


def fields() -> QuerySet[Field]:
    """The fields of work, in their display order."""
    return Field.objects.order_by("order", "name")


def launcher_units_for(user) -> QuerySet[OrgUnit]:
    """Units on whose behalf ``user`` may launch movements and keep criteria."""
    return visible_to(user, OrgUnit.objects.all(), roles=LAUNCHER_ROLES).order_by("path")


def registering_units_for(user, movement: Movement) -> list[OrgUnit]:
    """Units in the movement's scope that ``user`` registers as officer and that have not yet."""
    registered = set(movement.registrations.values_list("unit_id", flat=True))
    units = visible_to(user, OrgUnit.objects.filter(path__startswith=movement.unit.path), roles=["officer"])
    return [u for u in units.order_by("path") if u.pk not in registered and movement.includes(u)]


def registrations_for(user, movement: Movement) -> QuerySet[Registration]:
    """The registrations of ``movement`` that ``user`` sees: all for the launcher's people, else
    those of the units the user covers."""
    qs = movement.registrations.select_related("unit", "decided_by").order_by("unit__path")
    if scope_for(user).covers(movement.unit):
        return qs
    return visible_to(user, qs)


def sees_below(user, unit: OrgUnit) -> bool:
    """Whether ``user`` covers some unit strictly below ``unit``."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if scope.empty:
        return False
    return OrgUnit.objects.filter(
        scope.q(""), path__startswith=unit.path, depth__gt=unit.depth
    ).exists() or any(unit.path.startswith(p) for p in scope.subtree_paths)


def criteria_sets_for(user) -> QuerySet[CriteriaSet]:
    """Criteria sets ``user`` sees: their units' own, the general sets of the units above them,
    and the sets of the movements they see."""
    base = CriteriaSet.objects.select_related("unit", "movement")
    scope = scope_for(user)
    if scope.everything:
        return base
    if scope.empty:
        return base.none()
    roots = list(OrgUnit.objects.filter(pk__in=sorted(scope.unit_ids)).values_list("path", flat=True))
    roots += scope.subtree_paths
    ancestors = sorted({prefix for path in roots for prefix in _proper_prefixes(path)})
    return base.filter(
        scope.q("unit__")
        | Q(kind=CriteriaSet.Kind.GENERAL, unit__path__in=ancestors)
        | Q(kind=CriteriaSet.Kind.MOVEMENT, movement__in=movements_for(user).values("pk"))
    )


def criteria_for(
    unit: OrgUnit, movement: Movement | None = None, *, year: int | None = None
) -> list[Criterion]:
    """The criteria a dossier decided at ``unit`` answers, in checklist order.

    First the general criteria of the unit's ancestors (from the top down) and of the unit
    itself, then the movement's own criteria, then the unit's own criteria. Only active sets.
    With ``year`` (the dossier's year), only the sets for that year or for no particular year:
    pass it, or a unit that keeps one set per year gets every year's.
    """
    paths = [*_proper_prefixes(unit.path), unit.path]
    wanted = Q(criteria_set__kind=CriteriaSet.Kind.GENERAL, criteria_set__unit__path__in=paths) | Q(
        criteria_set__kind=CriteriaSet.Kind.UNIT, criteria_set__unit=unit
    )
    if movement is not None:
        wanted |= Q(criteria_set__kind=CriteriaSet.Kind.MOVEMENT, criteria_set__movement=movement)
    qs = Criterion.objects.filter(wanted, criteria_set__is_active=True).select_related("criteria_set__unit")
    if year is not None:
        qs = qs.filter(Q(criteria_set__year__isnull=True) | Q(criteria_set__year=year))
    group = {CriteriaSet.Kind.GENERAL: 0, CriteriaSet.Kind.MOVEMENT: 1, CriteriaSet.Kind.UNIT: 2}
    return sorted(
        qs,
        key=lambda c: (
            group[c.criteria_set.kind],
            c.criteria_set.unit.depth,
            c.criteria_set_id,
            c.order,
            c.pk,
        ),
    )


def registrations_visible_to(user) -> QuerySet[Registration]:
    """Every registration ``user`` sees: their units' own, and those sent to movements their
    units launched."""
    base = Registration.objects.select_related("movement__unit", "unit", "decided_by")
    scope = scope_for(user)
    if scope.everything:
        return base
    if scope.empty:
        return base.none()
    return base.filter(scope.q("unit__") | scope.q("movement__unit__"))


def criteria_sets_of(user, unit: OrgUnit) -> QuerySet[CriteriaSet]:
    """The criteria sets ``unit`` issued (general, its movements', its own) that ``user`` sees,
    with their criteria."""
    return (
        criteria_sets_for(user)
        .filter(unit=unit)
        .prefetch_related("criteria")
        .order_by("kind", "-is_active", "-year", "name", "pk")
    )


def launching_units(user) -> QuerySet[OrgUnit]:
    """The units that launched a movement ``user`` sees: the choices of the list's unit filter."""
    return OrgUnit.objects.filter(pk__in=movements_for(user).values("unit_id")).order_by("path")
