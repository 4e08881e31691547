"""Who may see and run councils (see core.permissions).

- Seeing a council, its sessions and results: anyone with a role over the council's unit.
- Setting up a council and its members: the unit's administrators, heads and appraisers (the
  Ban Thi đua – Khen thưởng prepares the council's work).
- Preparing and running a session (agenda, attendance, written opinions, closing): the council's
  secretary or chair, or an appraiser over the unit.
- Voting: a member of the council present at the session (checked in the service).
"""

import rules

from guongsang.core.permissions import Role, has_role, scope_for

MANAGER_ROLES = (Role.UNIT_ADMIN, Role.HEAD, Role.APPRAISER)


def _council(obj):
    for attr in ("council", "session"):
        if hasattr(obj, attr) and getattr(obj, attr) is not None:
            obj = getattr(obj, attr)
            return _council(obj)
    return obj


@rules.predicate
def manages_council(user, obj=None) -> bool:
    scope = scope_for(user, MANAGER_ROLES)
    if obj is None:
        return not scope.empty
    return scope.covers(_council(obj).unit)


@rules.predicate
def runs_session(user, obj=None) -> bool:
    """The council's secretary or chair (by seat), or an appraiser over its unit."""
    if obj is None:
        return not scope_for(user, [Role.APPRAISER, Role.COUNCIL_SECRETARY]).empty
    council = _council(obj)
    if scope_for(user, [Role.APPRAISER]).covers(council.unit):
        return True
    from .models import CouncilMember

    return CouncilMember.objects.filter(
        council=council,
        user=user,
        position__in=[CouncilMember.Position.SECRETARY, CouncilMember.Position.CHAIR],
    ).exists()


can_view = rules.is_superuser | has_role()

rules.add_perm("councils.view_council", can_view)
rules.add_perm("councils.add_council", rules.is_superuser | manages_council)
rules.add_perm("councils.change_council", rules.is_superuser | manages_council)
rules.add_perm("councils.view_councilsession", can_view)
rules.add_perm("councils.add_councilsession", rules.is_superuser | runs_session)
rules.add_perm("councils.run_councilsession", rules.is_superuser | runs_session)
rules.add_perm("councils", can_view)
