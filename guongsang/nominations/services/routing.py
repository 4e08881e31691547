"""Where a dossier goes: the unit whose head decides its award."""

from __future__ import annotations

from guongsang.orgs.models import OrgUnit


def decider_for(unit: OrgUnit, award_type) -> OrgUnit:
    """The unit whose head decides ``award_type`` for a dossier prepared at ``unit``: the nearest
    unit of the award's deciding kind at or above it, else the province above it."""
    chain = [*OrgUnit.objects.filter(path__in=_ancestor_paths(unit)).order_by("-depth"), unit]
    chain.sort(key=lambda u: -u.depth)
    for candidate in chain:
        if candidate.kind == award_type.decider_kind:
            return candidate
    for candidate in chain:
        if candidate.kind == OrgUnit.Kind.PROVINCE:
            return candidate
    return unit


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    step = OrgUnit.steplen
    return [unit.path[:end] for end in range(step, len(unit.path), step)]
