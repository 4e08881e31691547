"""Who may do what in a contest (see core.permissions).

- Organisers: officers, heads, editors and unit administrators over the organiser unit. They set
  the contest up, see entries with their authors, assign judges, compute and publish results.
- Judges: the users named on a round's jury. They see their assigned entries under a blind code
  and nothing about the author; a judge is never also an organiser of the same contest.
- Units: officers of a unit see the entries they sent through it.
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


organiser = rules.is_superuser | organises

rules.add_perm("contest.view_contest", rules.is_authenticated)
rules.add_perm("contest.add_contest", organiser)
rules.add_perm("contest.change_contest", organiser)
rules.add_perm("contest.manage_contest", organiser)
rules.add_perm("contest.view_entry", organiser | sends_for_unit)
rules.add_perm("contest.change_entry", organiser)
rules.add_perm("contest.discover_entry", organiser)
rules.add_perm("contest.judge_contest", has_role(Role.JUDGE) | rules.is_superuser)
rules.add_perm("contest", rules.is_authenticated)
