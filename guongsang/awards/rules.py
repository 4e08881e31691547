"""Who may see and edit the award catalogue (see core.permissions).

The catalogue is reference data: every signed-in user with a role reads it. National award types
are edited by system administrators; a province's own titles (Hà Nội's Người tốt, việc tốt) also
by that province's unit administrators.
"""

import rules

from guongsang.core.permissions import Role, has_role, scope_for


@rules.predicate
def has_any_role(user, obj=None) -> bool:
    return not scope_for(user).empty


@rules.predicate
def administers_catalogue_entry(user, obj=None) -> bool:
    """A unit administrator over the province that owns the award type (or the rule's type)."""
    scope = scope_for(user, [Role.UNIT_ADMIN])
    if obj is None:
        return not scope.empty
    award_type = getattr(obj, "award_type", obj)
    province = getattr(award_type, "province", None)
    return province is not None and scope.covers(province)


can_view = rules.is_superuser | has_any_role
can_edit = rules.is_superuser | administers_catalogue_entry

rules.add_perm("awards.view_awardtype", can_view)
rules.add_perm("awards.add_awardtype", can_edit)
rules.add_perm("awards.change_awardtype", can_edit)
rules.add_perm("awards.view_awardrule", can_view)
rules.add_perm("awards.add_awardrule", can_edit)
rules.add_perm("awards.change_awardrule", can_edit)
rules.add_perm("awards", can_view)


# Decisions: drafted by the appraisers or the head of the issuing unit, signed by its head.
# Recognitions: seen by the deciding unit's and the nominee's unit's people; revoked by the head.
@rules.predicate
def heads_deciding_unit(user, obj=None) -> bool:
    """The head of the unit that issues the decision (or issued the recognition) itself: a city
    chairman reaches the wards below in what he may see, but a ward's decision is signed, and
    revoked, by the ward's chairman."""
    from guongsang.accounts.selectors import holds_role_at

    if obj is None:
        return not scope_for(user, [Role.HEAD]).empty
    unit = getattr(obj, "issuing_unit", None) or obj.unit
    return holds_role_at(user, unit, Role.HEAD)


can_draft = rules.is_superuser | has_role(Role.APPRAISER, Role.HEAD)
can_sign = rules.is_superuser | heads_deciding_unit

rules.add_perm("awards.view_decision", rules.is_superuser | has_role())
rules.add_perm("awards.add_decision", can_draft)
rules.add_perm("awards.change_decision", can_draft)
rules.add_perm("awards.sign_decision", can_sign)
rules.add_perm("awards.view_recognition", rules.is_superuser | has_role())
rules.add_perm("awards.revoke_recognition", rules.is_superuser | heads_deciding_unit)
rules.add_perm("awards.export_recognition", rules.is_superuser | has_role())
