"""Who may see and act on dossiers (see core.permissions).

- Seeing a dossier: anyone with a role over the unit that prepared it or the unit deciding it.
- Preparing, submitting, supplementing, withdrawing: officers, heads and unit administrators of
  the preparing unit.
- Receiving, returning, appraising: appraisers over the deciding unit, and its own officers (at
  commune level the commune's emulation officer does the appraisal).
"""

import rules

from guongsang.core.permissions import Role, has_role, scope_for

PREPARER_ROLES = (Role.OFFICER, Role.HEAD, Role.UNIT_ADMIN)
APPRAISER_ROLES = (Role.APPRAISER, Role.OFFICER)


def _dossier(obj):
    return getattr(obj, "nomination", obj)


@rules.predicate
def prepares(user, obj=None) -> bool:
    """The user prepares dossiers for the submitting unit."""
    scope = scope_for(user, PREPARER_ROLES)
    if obj is None:
        return not scope.empty
    return scope.covers(_dossier(obj).submitting_unit)


@rules.predicate
def appraises(user, obj=None) -> bool:
    """The user appraises for the deciding (receiving) unit."""
    scope = scope_for(user, APPRAISER_ROLES)
    if obj is None:
        return not scope.empty
    return scope.covers(_dossier(obj).receiving_unit)


def decides_with(*roles):
    """A predicate: the user holds one of ``roles`` over the dossier's deciding unit."""

    @rules.predicate(name="decides_with:" + ",".join(sorted(roles)))
    def predicate(user, obj=None) -> bool:
        scope = scope_for(user, roles)
        if obj is None:
            return not scope.empty
        return scope.covers(_dossier(obj).receiving_unit)

    return predicate


can_view = rules.is_superuser | has_role()

rules.add_perm("nominations.view_nomination", can_view)
rules.add_perm("nominations.add_nomination", rules.is_superuser | prepares)
rules.add_perm("nominations.change_nomination", rules.is_superuser | prepares)
rules.add_perm("nominations.submit_nomination", rules.is_superuser | prepares)
rules.add_perm("nominations.withdraw_nomination", rules.is_superuser | prepares)
rules.add_perm("nominations.appraise_nomination", rules.is_superuser | appraises)
rules.add_perm("nominations.export_nomination", can_view)
# The council's people (its secretary, members, an appraiser, the head) of the deciding unit put
# dossiers to the council and record its result — the councils app decides which of them may run a
# session; the head of the deciding unit decides.
rules.add_perm(
    "nominations.council_nomination",
    rules.is_superuser | decides_with(Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER, Role.APPRAISER, Role.HEAD),
)
rules.add_perm("nominations.decide_nomination", rules.is_superuser | decides_with(Role.HEAD))
rules.add_perm("nominations.view_evidence", can_view)
rules.add_perm("nominations.add_evidence", rules.is_superuser | prepares | appraises)

rules.add_perm("nominations.view_submissiondeadline", can_view)
rules.add_perm(
    "nominations.change_submissiondeadline", rules.is_superuser | has_role(Role.APPRAISER, Role.UNIT_ADMIN)
)

rules.add_perm("nominations", can_view)
