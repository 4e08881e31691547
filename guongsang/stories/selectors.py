"""Read queries over stories: the editors' lists, the public column, exemplars, search.

What the public sees is decided here and only here: :func:`public_stories` keeps published
stories whose every person has a publication consent in force, :func:`public_exemplars` the
people who consented to the portal. Consents are read from the nominees app's table (read only).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from guongsang.core.permissions import visible_to
from guongsang.core.text import fold
from guongsang.movements.models import Field
from guongsang.nominees.models import Consent, Nominee
from guongsang.orgs.models import OrgUnit

from .models import PressCoverage, PropagationReport, Story, StoryPhoto, WeeklySelection

MAX_QUERY_WORDS = 8


def _words(q: str) -> list[str]:
    return fold(q)[:200].split()[:MAX_QUERY_WORDS]


def stories_for(
    user,
    *,
    q: str = "",
    status: str = "",
    unit: OrgUnit | None = None,
    field: Field | None = None,
    year: int | None = None,
) -> QuerySet[Story]:
    """The stories ``user`` may see in the back office, filtered, newest first."""
    qs = visible_to(user, Story.objects.select_related("unit", "field"))
    for word in _words(q):
        qs = qs.filter(search_folded__contains=word)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if field is not None:
        qs = qs.filter(field=field)
    if year:
        qs = qs.filter(created_at__year=year)
    return qs.order_by("-updated_at", "-pk")


def consent_in_force(scope: str, nominee_ref="nominee_id") -> Exists:
    return Exists(
        Consent.objects.filter(
            nominee=OuterRef(nominee_ref), withdrawn_at__isnull=True, scope__in=[scope, Consent.Scope.ALL]
        )
    )


def missing_consent(scope: str = Consent.Scope.STORIES) -> Exists:
    """True for a story with a person lacking a consent in force for ``scope``."""
    through = Story.nominees.through.objects.filter(story=OuterRef("pk"))
    return Exists(through.exclude(consent_in_force(scope)))


def nominees_without_consent(story: Story, scope: str = Consent.Scope.STORIES) -> list[Nominee]:
    """The story's people who have not consented to being published in ``scope``."""
    return list(
        story.nominees.filter(merged_into__isnull=True)
        .exclude(consent_in_force(scope, "pk"))
        .order_by("name_folded")
    ) + list(story.nominees.filter(merged_into__isnull=False))


def public_stories(
    *, unit: OrgUnit | None = None, field: Field | None = None, year: int | None = None, q: str = ""
) -> QuerySet[Story]:
    """Published stories the public may read: every person in them consents, newest first.

    ``unit`` keeps the unit's stories and those of the units below it.
    """
    qs = Story.objects.filter(status=Story.Status.PUBLISHED).exclude(missing_consent())
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if field is not None:
        qs = qs.filter(field=field)
    if year:
        start = timezone.make_aware(dt.datetime(year, 1, 1))
        qs = qs.filter(published_at__gte=start, published_at__lt=start.replace(year=year + 1))
    for word in _words(q):
        qs = qs.filter(search_folded__contains=word)
    return qs.select_related("unit", "field").order_by("-published_at", "-pk")


def with_first_photo(qs: QuerySet[Story]) -> QuerySet[Story]:
    return qs.prefetch_related(Prefetch("photos", queryset=StoryPhoto.objects.order_by("order", "pk")))


def public_story(story_id: int) -> Story | None:
    """One story as the public may read it, or None; with ``photo_list`` and ``public_people``
    (the people who also consented to the portal and made their name public).

    The same rule as :func:`public_stories`, in three plain queries instead of nested
    subqueries: this is the page every shared link opens.
    """
    story = (
        Story.objects.select_related("unit", "field")
        .filter(pk=story_id, status=Story.Status.PUBLISHED)
        .first()
    )
    if story is None:
        return None
    people = list(story.nominees.select_related("unit", "residence").order_by("name_folded", "pk"))
    scopes = _consent_scopes([person.pk for person in people])
    if any(not _allows(scopes, p.pk, Consent.Scope.STORIES) or p.merged_into_id for p in people):
        return None
    story.public_people = [
        p
        for p in people
        if _allows(scopes, p.pk, Consent.Scope.PORTAL) and "full_name" in (p.public_fields or [])
    ]
    story.photo_list = list(story.photos.all())
    return story


def _consent_scopes(nominee_ids: list[int]) -> set[tuple[int, str]]:
    """(nominee, scope) of every consent in force among ``nominee_ids``: one plain query."""
    if not nominee_ids:
        return set()
    return set(
        Consent.objects.filter(nominee_id__in=nominee_ids, withdrawn_at__isnull=True).values_list(
            "nominee_id", "scope"
        )
    )


def _allows(scopes: set[tuple[int, str]], nominee_id: int, scope: str) -> bool:
    """The rule of :func:`consent_in_force`, on consents already read."""
    return (nominee_id, scope) in scopes or (nominee_id, Consent.Scope.ALL) in scopes


def related_stories(story: Story, limit: int = 4) -> list[dict]:
    """Titles and addresses of the unit's latest other public stories (the "same unit" box).

    Read as two plain queries (the unit's latest published stories, then which of those have a
    person without consent) rather than one nested NOT EXISTS: this runs on every story page.
    Among the unit's ``3 × limit`` latest stories the public ones are kept, so a unit whose
    recent stories mostly lack consent shows fewer links rather than older ones."""
    candidates = list(
        Story.objects.filter(status=Story.Status.PUBLISHED, unit_id=story.unit_id)
        .exclude(pk=story.pk)
        .order_by("-published_at", "-pk")
        .values_list("pk", "title")[: limit * 3]
    )
    if not candidates:
        return []
    hidden = set(
        Story.nominees.through.objects.filter(story_id__in=[pk for pk, _ in candidates])
        .exclude(consent_in_force(Consent.Scope.STORIES))
        .values_list("story_id", flat=True)
    )
    public = [(pk, title) for pk, title in candidates if pk not in hidden][:limit]
    return [{"title": title, "url": Story(pk=pk, title=title).get_public_url()} for pk, title in public]


def public_exemplars(q: str = "") -> QuerySet[Nominee]:
    """The people who consented to appear on the public portal and chose to make their name
    public (not merged duplicates). The JSON list is matched as text: the same on SQLite and
    PostgreSQL, and the quotes keep "full_name" from matching inside another field's name."""
    qs = (
        Nominee.objects.filter(merged_into__isnull=True, public_fields__icontains='"full_name"')
        .filter(consent_in_force(Consent.Scope.PORTAL, "pk"))
        .select_related("unit", "residence")
    )
    for word in _words(q):
        qs = qs.filter(name_folded__contains=word)
    return qs.order_by("name_folded", "pk")


def featured_exemplars(limit: int = 6) -> list[Nominee]:
    """Exemplars of the featured (else the latest) published stories, once each."""
    seen: dict[int, Nominee] = {}
    stories = public_stories().order_by("-featured", "-published_at", "-pk")[:40]
    through = Story.nominees.through.objects.filter(story__in=stories).values_list("nominee_id", flat=True)
    for nominee in public_exemplars().filter(pk__in=through)[: limit * 2]:
        seen.setdefault(nominee.pk, nominee)
    return list(seen.values())[:limit]


def exemplar_stories(nominee: Nominee) -> QuerySet[Story]:
    return public_stories().filter(nominees=nominee)


def coverage_of(nominee: Nominee) -> QuerySet[PressCoverage]:
    return nominee.press_coverage.order_by("-published_on", "-pk")


def coverage_for(user, nominee: Nominee | None = None) -> QuerySet[PressCoverage]:
    qs = visible_to(user, PressCoverage.objects.select_related("nominee", "nominee__unit"))
    if nominee is not None:
        qs = qs.filter(nominee=nominee)
    return qs


def press_log(
    user,
    *,
    outlet: str = "",
    year: int | None = None,
    unit: OrgUnit | None = None,
    nominee: Nominee | None = None,
    q: str = "",
) -> QuerySet[PressCoverage]:
    """The press log ``user`` may see (articles about the exemplars of their units), newest first.

    ``outlet`` is matched as recorded (the page offers the recorded names to choose from);
    ``unit`` keeps the exemplars of that unit and the units below it; ``q`` matches the
    exemplar's name, diacritics and case ignored, word by word.
    """
    qs = coverage_for(user, nominee).select_related("recorded_by")
    if outlet:
        qs = qs.filter(outlet=outlet)
    if year:
        # A date range, not ``__year``: the published-date index serves it.
        qs = qs.filter(published_on__gte=dt.date(year, 1, 1), published_on__lt=dt.date(year + 1, 1, 1))
    if unit is not None:
        qs = qs.filter(nominee__unit__path__startswith=unit.path)
    for word in _words(q):
        qs = qs.filter(nominee__name_folded__contains=word)
    return qs.order_by("-published_on", "-pk")


def press_log_choices(user) -> dict:
    """What the press log's filters offer ``user``: the outlets, years and units of the
    articles they see (not every unit of their scope: most never made the news)."""
    seen = coverage_for(user).order_by()
    return {
        "outlets": list(seen.values_list("outlet", flat=True).distinct().order_by("outlet")[:500]),
        "years": [d.year for d in seen.dates("published_on", "year", order="DESC")],
        "units": OrgUnit.objects.filter(pk__in=seen.values("nominee__unit_id")).order_by("path"),
    }


def public_units() -> QuerySet[OrgUnit]:
    """Units with at least one public story: the choices of the column's unit filter."""
    ids = public_stories().order_by().values("unit_id")
    return OrgUnit.objects.filter(pk__in=ids).order_by("path")


def public_fields() -> QuerySet[Field]:
    ids = public_stories().order_by().values("field_id")
    return Field.objects.filter(pk__in=ids).order_by("order", "name")


def public_years() -> list[int]:
    dates = public_stories().order_by().dates("published_at", "year", order="DESC")
    return [d.year for d in dates]


# The newest stories the search reads first (see ``newest_matches``).
RECENT_WINDOW = 5_000


def newest_matches(q: str, limit: int) -> list[Story]:
    """The ``limit`` newest public stories matching ``q``.

    A word common to many stories ("nguoi", "doan") makes the trigram index return tens of
    thousands of rows to sort. So the newest ``RECENT_WINDOW`` stories are searched first (a range
    of the published-date index): if they hold ``limit`` matches, those are exactly the newest
    matches overall. Only when they do not — the words are rare, and the trigram index is fast —
    is the whole column searched.
    """
    cutoff = (
        Story.objects.filter(status=Story.Status.PUBLISHED)
        .order_by("-published_at")
        .values_list("published_at", flat=True)[RECENT_WINDOW - 1 : RECENT_WINDOW]
        .first()
    )
    if cutoff is not None:
        recent = list(public_stories(q=q).filter(published_at__gte=cutoff)[:limit])
        if len(recent) >= limit:
            return recent
    return list(public_stories(q=q)[:limit])


def search(q: str, *, limit: int = 20) -> dict:
    """Stories and exemplars matching ``q``, diacritics and case ignored, word by word."""
    if not _words(q):
        return {"stories": [], "exemplars": []}
    return {"stories": newest_matches(q, limit), "exemplars": list(public_exemplars(q=q)[:limit])}


# --- Weekly propagation lists ---------------------------------------------------------------


def selections_for(user) -> QuerySet[WeeklySelection]:
    """Weekly lists ``user`` sees: those of their units and of the units above them (which are
    addressed to them)."""
    from guongsang.core.permissions import scope_for

    scope = scope_for(user)
    qs = WeeklySelection.objects.select_related("unit")
    if scope.everything:
        return qs
    if scope.empty:
        return qs.none()
    own = visible_to(user, qs)
    # Lists issued by an ancestor of any unit the user works in reach them too.
    unit_paths = list(OrgUnit.objects.filter(scope.q()).values_list("path", flat=True)[:200]) + list(
        scope.subtree_paths
    )
    ancestors: set[str] = set()
    step = OrgUnit.steplen
    for path in unit_paths:
        ancestors.update(path[:end] for end in range(step, len(path) + 1, step))
    return (own | qs.filter(unit__path__in=sorted(ancestors))).distinct()


def coverage_by_unit(selection: WeeklySelection) -> list[dict]:
    """For each unit directly below the issuer: the reports it sent (empty when none yet)."""
    children = list(OrgUnit.objects.get_children(selection.unit).order_by("name"))
    reports: dict[int, list[PropagationReport]] = {}
    for report in selection.reports.select_related("unit", "reported_by").order_by("held_on", "pk"):
        # A report from deeper down counts for the child unit it sits under.
        for child in children:
            if report.unit.path.startswith(child.path):
                reports.setdefault(child.pk, []).append(report)
                break
    return [{"unit": child, "reports": reports.get(child.pk, [])} for child in children]


def week_candidates(unit: OrgUnit, year: int, week: int) -> QuerySet[Story]:
    """Stories of ``unit``'s subtree published in the ISO week: what an editor starts from."""
    monday = dt.date.fromisocalendar(year, week, 1)
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    return public_stories(unit=unit).filter(
        published_at__gte=start, published_at__lt=start + dt.timedelta(days=7)
    )
