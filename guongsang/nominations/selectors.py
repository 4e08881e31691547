"""Read queries over dossiers, shared by pages, the API, exports and the worklist."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from guongsang.core.permissions import scope_for, visible_to
from guongsang.core.text import fold

from .models import Nomination, SubmissionDeadline
from .rules import APPRAISER_ROLES, PREPARER_ROLES

Status = Nomination.Status
WAITING_ON_PREPARER = (Status.DRAFT, Status.RETURNED)
WAITING_ON_APPRAISER = (Status.SUBMITTED, Status.UNDER_APPRAISAL)


def nominations_for(
    user,
    *,
    q: str = "",
    status: str = "",
    award_type: int | None = None,
    year: int | None = None,
    unit: int | None = None,
    origin: str = "",
) -> QuerySet[Nomination]:
    """The dossiers ``user`` may see, filtered as the list page and the API offer."""
    qs = visible_to(user, Nomination.objects.all()).select_related(
        "nominee", "award_type", "submitting_unit", "receiving_unit"
    )
    if status:
        qs = qs.filter(status=status)
    if award_type:
        qs = qs.filter(award_type_id=award_type)
    if year:
        qs = qs.filter(year=year)
    if unit:
        qs = qs.filter(Q(submitting_unit_id=unit) | Q(receiving_unit_id=unit))
    if origin:
        qs = qs.filter(origin=origin)
    for word in fold(q).split():
        qs = qs.filter(nominee__name_folded__contains=word)
    return qs.order_by("-updated_at", "-pk")


def deadlines_by_unit(unit_ids, year: int) -> dict[int, SubmissionDeadline]:
    """For each receiving unit, the deadline that applies to it in ``year`` (own or inherited),
    with one query for the deadlines and one for the units."""
    from guongsang.orgs.models import OrgUnit

    units = list(OrgUnit.objects.filter(pk__in=set(unit_ids)).only("id", "path"))
    step = OrgUnit.steplen
    all_paths = {u.path[:end] for u in units for end in range(step, len(u.path) + 1, step)}
    deadlines = {
        d.unit.path: d
        for d in SubmissionDeadline.objects.filter(unit__path__in=all_paths, year=year).select_related("unit")
    }
    result = {}
    for unit in units:
        own = deadlines.get(unit.path)
        if own is not None:
            result[unit.pk] = own
            continue
        for end in range(len(unit.path) - step, 0, -step):
            inherited = deadlines.get(unit.path[:end])
            if inherited is not None and inherited.applies_to_subtree:
                result[unit.pk] = inherited
                break
    return result


def annotate_deadlines(nominations: list[Nomination]) -> list[Nomination]:
    """Set ``deadline`` and ``is_overdue`` on each dossier: overdue when it has not reached the
    deciding unit (still being prepared or supplemented) after that unit's deadline."""
    today = timezone.localdate()
    by_year: dict[int, set[int]] = {}
    for n in nominations:
        by_year.setdefault(n.year, set()).add(n.receiving_unit_id)
    found = {year: deadlines_by_unit(ids, year) for year, ids in by_year.items()}
    for n in nominations:
        deadline = found[n.year].get(n.receiving_unit_id)
        n.deadline = deadline.due_date if deadline else None
        n.is_overdue = bool(deadline and n.status in WAITING_ON_PREPARER and today > deadline.due_date)
    return nominations


def worklist_for(user) -> dict[str, list[Nomination]]:
    """ "Việc cần làm": the dossiers waiting for ``user`` — to prepare or supplement, to receive,
    to appraise — each flagged when overdue."""
    base = Nomination.objects.select_related("nominee", "award_type", "submitting_unit", "receiving_unit")
    preparer = scope_for(user, PREPARER_ROLES)
    appraiser = scope_for(user, APPRAISER_ROLES)
    lists: dict[str, list[Nomination]] = {}
    if not preparer.empty:
        mine = base.filter(preparer.q("submitting_unit__"), status__in=WAITING_ON_PREPARER)
        lists["to_prepare"] = annotate_deadlines(list(mine.order_by("status", "-updated_at")[:200]))
    if not appraiser.empty:
        theirs = base.filter(appraiser.q("receiving_unit__"), status__in=WAITING_ON_APPRAISER)
        lists["to_appraise"] = annotate_deadlines(list(theirs.order_by("submitted_at", "pk")[:200]))
    return lists


def awaiting_council(unit) -> QuerySet[Nomination]:
    """Appraised dossiers decided at ``unit`` that wait for its council."""
    return (
        Nomination.objects.filter(receiving_unit=unit, status=Status.APPRAISED)
        .select_related("nominee", "award_type", "rule", "submitting_unit")
        .order_by("appraised_at", "pk")
    )


def awaiting_decision(unit) -> QuerySet[Nomination]:
    """Dossiers the council of ``unit`` recommended (or that need no council), for its head."""
    return (
        Nomination.objects.filter(receiving_unit=unit, status=Status.PASSED)
        .select_related("nominee", "award_type", "rule", "submitting_unit")
        .order_by("award_type__name", "nominee__name_folded", "pk")
    )
