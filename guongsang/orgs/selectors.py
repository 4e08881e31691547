"""Read queries over the org tree, shared by the views, the API and the exports."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from guongsang.core.permissions import visible_to
from guongsang.core.text import fold

from .models import Cluster, OrgUnit, UnitSuccession


def units_for(user) -> QuerySet[OrgUnit]:
    """Every unit ``user`` may see."""
    return visible_to(user, OrgUnit.objects.all())


def search_units(
    user, q: str = "", kind: str = "", parent: OrgUnit | None = None, current_only: bool = False
) -> QuerySet[OrgUnit]:
    """Units matching a diacritics- and case-insensitive query, within the user's scope.

    Each word of the query must appear in the folded name, so "dong da" finds "Phường Đống Đa"
    and "ha noi thanh xuan" nothing it should not.
    """
    qs = units_for(user)
    for word in fold(q).split():
        qs = qs.filter(name_folded__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if current_only:
        qs = qs.filter(valid_to__isnull=True)
    return qs.order_by("path")


def children_of(user, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The unit's direct children the user may see, in tree order."""
    return units_for(user).filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path")


def ancestors_of(unit: OrgUnit) -> list[OrgUnit]:
    """The chain from the root down to the unit's parent, for breadcrumbs."""
    return list(OrgUnit.objects.get_ancestors(unit))


def lineage(unit: OrgUnit) -> list[OrgUnit]:
    """The unit and every unit it carries on from (recursively): whose records roll up to it."""
    seen = {unit.pk: unit}
    frontier = [unit.pk]
    while frontier:
        rows = UnitSuccession.objects.filter(successor_id__in=frontier).select_related("predecessor")
        frontier = []
        for row in rows:
            if row.predecessor_id not in seen:
                seen[row.predecessor_id] = row.predecessor
                frontier.append(row.predecessor_id)
    return list(seen.values())


def rollup_q(unit: OrgUnit, prefix: str = "unit__") -> Q:
    """A filter for records attributed to ``unit``'s subtree or to any unit it succeeded."""
    query = Q(pk__in=[])
    for member in lineage(unit):
        query |= Q(**{f"{prefix}path__startswith": member.path})
    return query


def clusters_for(user) -> QuerySet[Cluster]:
    """Clusters the user may see, with their head and deputy joined."""
    return visible_to(user, Cluster.objects.select_related("organiser", "head", "deputy"))


def clusters_of_unit(user, unit: OrgUnit) -> QuerySet[Cluster]:
    """Clusters the unit takes part in or organises, among those ``user`` may open.

    A commune's officer does not see a cluster the city organises, so the unit page must not
    link to it (the link would answer 404).
    """
    return clusters_for(user).filter(Q(members=unit) | Q(organiser=unit)).distinct()


def successions_of(user, unit: OrgUnit) -> list[UnitSuccession]:
    """The units ``unit`` handed over to, each marked ``successor_visible`` for ``user``.

    That a unit ended and who carries on is what an officer of the old unit needs to know, so
    every successor is named; only those the user may open are linked.
    """
    rows = list(unit.successions_out.select_related("successor").order_by("effective_date", "pk"))
    visible = set(units_for(user).filter(pk__in=[r.successor_id for r in rows]).values_list("pk", flat=True))
    for row in rows:
        row.successor_visible = row.successor_id in visible
    return rows


def visible_lineage(user, unit: OrgUnit) -> list[OrgUnit]:
    """The units ``unit`` carries on from (not itself) that ``user`` may open."""
    others = [u for u in lineage(unit) if u.pk != unit.pk]
    visible = set(units_for(user).filter(pk__in=[u.pk for u in others]).values_list("pk", flat=True))
    return [u for u in others if u.pk in visible]
