"""Who may do what in a contest (see core.permissions).

- Organisers: officers, heads, editors and unit administrators over the organiser unit. They set
  the contest up, see entries with their authors, assign judges, compute and publish results.
- Judges: the users named on a round's jury. They see their assigned entries under a blind code
  and nothing about the author; a judge is never also an organiser of the same contest.
- Units: officers of a unit see the entries they sent through it.
- A judge of a contest sees none of its organisers' pages (they show authors), even if they
  also hold an organiser or unit role: blind judging outranks every other role.
- Discovery (an entry's person becomes a draft dossier) needs both sides: an organiser of the
  contest, or an officer over the person's commune, who also prepares dossiers and nominees
  for that commune (the nominations and nominees rules decide that).
"""

import rules

from guongsang.core.permissions import Role, has_role, scope_for

ORGANISER_ROLES = (Role.OFFICER, Role.HEAD, Role.EDITOR, Role.UNIT_ADMIN)
UNIT_SENDER_ROLES = (Role.OFFICER, Role.HEAD, Role.UNIT_ADMIN)


def _contest(obj):
    """The contest an object belongs to (a contest, round, entry, judge, similarity run…)."""
    for attr in ("round", "run"):
        obj = getattr(obj, attr, obj)
    return getattr(obj, "contest", obj)


@rules.predicate
def organises(user, obj=None) -> bool:
    """The user holds an organiser role over the contest's organiser unit."""
    scope = scope_for(user, ORGANISER_ROLES)
    if obj is None:
        return not scope.empty
    return scope.covers(_contest(obj).organiser)


@rules.predicate
def sends_for_unit(user, obj=None) -> bool:
    """The user may send entries through a unit (the object is the unit, or an entry)."""
    scope = scope_for(user, UNIT_SENDER_ROLES)
    if obj is None:
        return not scope.empty
    unit = getattr(obj, "unit", obj)
    return unit is not None and scope.covers(unit)


@rules.predicate
def judges_contest(user, obj=None) -> bool:
    """The user sits on a jury of the object's contest (asked without an object: never)."""
    if obj is None or user is None or not user.is_authenticated:
        return False
    contest = _contest(obj)
    if getattr(contest, "pk", None) is None:
        return False
    from .models import Judge

    return Judge.objects.filter(round__contest_id=contest.pk, user=user).exists()


@rules.predicate
def reaches_subject(user, obj=None) -> bool:
    """The user is an officer over the commune an entry's person lives in."""
    if obj is None:
        return not scope_for(user, UNIT_SENDER_ROLES).empty
    return scope_for(user, UNIT_SENDER_ROLES).covers(getattr(obj, "subject_commune", None))


@rules.predicate
def prepares_dossiers_for_subject(user, obj=None) -> bool:
    """The user may create a nominee and a draft dossier at the entry's commune."""
    if obj is None:
        return True
    from guongsang.core.permissions import can
    from guongsang.nominations.models import Nomination
    from guongsang.nominees.models import Nominee

    commune = getattr(obj, "subject_commune", None)
    if commune is None:
        return False
    return can(user, "add", Nominee(unit=commune)) and can(
        user, "add", Nomination(submitting_unit=commune, receiving_unit=commune)
    )


organiser = rules.is_superuser | organises
not_judge = ~judges_contest

rules.add_perm("contest.view_contest", rules.is_authenticated)
rules.add_perm("contest.add_contest", organiser)
rules.add_perm("contest.change_contest", organiser & not_judge)
rules.add_perm("contest.manage_contest", organiser & not_judge)
rules.add_perm("contest.view_entry", (organiser | sends_for_unit) & not_judge)
rules.add_perm("contest.change_entry", organiser & not_judge)
rules.add_perm(
    "contest.discover_entry",
    (organiser | reaches_subject) & not_judge & (rules.is_superuser | prepares_dossiers_for_subject),
)
rules.add_perm("contest.judge_contest", has_role(Role.JUDGE) | rules.is_superuser)
rules.add_perm("contest", rules.is_authenticated)
