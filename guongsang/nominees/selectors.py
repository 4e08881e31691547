"""Read queries over nominees and consents, shared by views, the API, imports and other apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from guongsang.core.crypto import blind_indexes
from guongsang.core.permissions import visible_to
from guongsang.core.text import fold
from guongsang.orgs.models import OrgUnit

from .models import Consent, Nominee, SensitiveAccess
from .rules import EDITOR_ROLES

# Scores of the duplicate check: the same folded name is the ground every match stands on;
# birth year and place (unit or commune) each add evidence; the same CCCD settles it.
NAME_SCORE = 40
YEAR_SCORE = 30
PLACE_SCORE = 30
CCCD_SCORE = 100
LIKELY_SCORE = NAME_SCORE + min(YEAR_SCORE, PLACE_SCORE)
# However common a name, the check reads at most this many rows per name.
MAX_CANDIDATES = 200


def nominees_for(
    user,
    q: str = "",
    kind: str = "",
    unit: OrgUnit | None = None,
    include_merged: bool = False,
) -> QuerySet[Nominee]:
    """The nominees ``user`` may see, filtered.

    ``q`` matches the folded name word by word ("nguyen van duc" finds "Nguyễn Văn Đức");
    ``unit`` keeps nominees of that unit and the units below it. Merged duplicates are left out
    unless asked for: their records live on the nominee they were merged into.
    """
    qs = visible_to(user, Nominee.objects.select_related("unit", "residence"))
    if not include_merged:
        qs = qs.filter(merged_into__isnull=True)
    for word in fold(q).split():
        qs = qs.filter(name_folded__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.order_by("name_folded", "pk")


def nominee_units_for(user) -> QuerySet[OrgUnit]:
    """The units that have nominees ``user`` sees: the choices of the list's unit filter."""
    unit_ids = nominees_for(user).order_by().values("unit_id")
    return OrgUnit.objects.filter(pk__in=unit_ids).order_by("path")


def editable_units_for(user) -> QuerySet[OrgUnit]:
    """Units ``user`` may add nominees to."""
    return visible_to(user, OrgUnit.objects.all(), roles=EDITOR_ROLES).order_by("path")


def residence_choices_for(user) -> QuerySet[OrgUnit]:
    """Communes to choose a residence from: those of the provinces the user works in."""
    from guongsang.core.permissions import scope_for

    communes = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE, valid_to__isnull=True)
    scope = scope_for(user)
    if scope.everything:
        return communes.order_by("path")
    paths = list(scope.subtree_paths)
    paths += OrgUnit.objects.filter(pk__in=sorted(scope.unit_ids)).values_list("path", flat=True)
    # A province sits at depth 2 (under the nation): its path is the first two steps.
    provinces = sorted({p[: 2 * OrgUnit.steplen] for p in paths})
    if not provinces:
        return communes.none()
    query = Q(pk__in=[])
    for prefix in provinces:
        query |= Q(path__startswith=prefix)
    return communes.filter(query).order_by("path")


@dataclass(frozen=True)
class Duplicate:
    """A nominee that is likely the same as the one being entered, with why."""

    nominee: Nominee
    score: int
    reasons: tuple[str, ...]

    def __iter__(self):
        # Unpacks as (nominee, score, reasons), the shape docs/dossiers.md promises.
        return iter((self.nominee, self.score, list(self.reasons)))


def _same_place(a: OrgUnit | None, b: OrgUnit | None) -> bool:
    """The same unit, or one lies inside the other and the outer one is a commune."""
    if a is None or b is None:
        return False
    if a.pk == b.pk:
        return True
    outer, inner = (a, b) if len(a.path) < len(b.path) else (b, a)
    return outer.kind == OrgUnit.Kind.COMMUNE and inner.path.startswith(outer.path)


def likely_duplicates(
    full_name: str,
    birth_year: int | None = None,
    unit: OrgUnit | None = None,
    residence: OrgUnit | None = None,
    exclude: Nominee | int | None = None,
    *,
    cccd: str = "",
    user=None,
    min_score: int = LIKELY_SCORE,
) -> list[Duplicate]:
    """Nominees that are likely the person described, best first.

    A candidate shares the folded name (diacritics, case and extra spaces ignored) and is
    scored on agreement: the same birth year, the same unit or commune (of work or residence).
    A different known birth year rules a candidate out. The same CCCD (through the blind index)
    is a match whatever the name. Both lookups use an index: nothing scans the table.

    Each result unpacks as ``(nominee, score, reasons)``. With ``user``, only nominees that user
    may see are returned (pages and the API); without, all (services, imports).
    """
    folded = fold(full_name)
    # Every lookup key's hash: during a lookup-key rotation some rows still hold the old one.
    indexes = blind_indexes(cccd) if cccd else []
    if not folded and not indexes:
        return []
    base = Nominee.objects.filter(merged_into__isnull=True).select_related("unit", "residence")
    if user is not None:
        base = visible_to(user, base)
    exclude_pk = exclude.pk if isinstance(exclude, Nominee) else exclude
    if exclude_pk is not None:
        base = base.exclude(pk=exclude_pk)
    candidates: dict[int, Nominee] = {}
    if folded:
        for nominee in base.filter(name_folded=folded).order_by("pk")[:MAX_CANDIDATES]:
            candidates[nominee.pk] = nominee
    if indexes:
        for nominee in base.filter(cccd_index__in=indexes):
            candidates[nominee.pk] = nominee
    places = [p for p in (unit, residence) if p is not None]
    found = []
    for nominee in candidates.values():
        score, reasons = 0, []
        if indexes and nominee.cccd_index in indexes:
            score += CCCD_SCORE
            reasons.append(_("Trùng số CCCD"))
        if folded and nominee.name_folded == folded:
            score += NAME_SCORE
            reasons.append(_("Trùng họ tên (không tính dấu)"))
        if birth_year and nominee.birth_year:
            if nominee.birth_year == birth_year:
                score += YEAR_SCORE
                reasons.append(_("Cùng năm sinh %(year)s") % {"year": birth_year})
            elif score < CCCD_SCORE:
                continue
        theirs = [p for p in (nominee.unit, nominee.residence) if p is not None]
        shared = next(((a, b) for a in places for b in theirs if _same_place(a, b)), None)
        if shared is not None:
            score += PLACE_SCORE
            reasons.append(_("Cùng đơn vị hoặc nơi cư trú: %(place)s") % {"place": shared[1].name})
        if score >= min_score:
            found.append(Duplicate(nominee, score, tuple(reasons)))
    found.sort(key=lambda d: (-d.score, d.nominee.pk))
    return found


def has_consent(nominee: Nominee, scope: str) -> bool:
    """Whether a consent in force covers publishing ``nominee`` in ``scope`` (stories, portal,
    book); a consent for "all" covers every scope."""
    return Consent.objects.filter(
        nominee=nominee, withdrawn_at__isnull=True, scope__in=[scope, Consent.Scope.ALL]
    ).exists()


def consents_of(nominee: Nominee) -> QuerySet[Consent]:
    """Every consent recorded for the nominee, in force or withdrawn, newest first."""
    return nominee.consents.select_related("recorded_by").order_by("-given_at", "-pk")


def sensitive_accesses_of(nominee: Nominee, limit: int = 20) -> list[SensitiveAccess]:
    """The latest full views of the nominee's sensitive fields."""
    return list(nominee.sensitive_accesses.select_related("user").order_by("-at", "-pk")[:limit])
