"""Who may see and do what with movements, registrations and criteria (see core.permissions).

- Seeing a movement: any role covering the launcher, or covering a unit in its scope.
- Launching, editing, attaching documents, keeping a movement's criteria: the officers, unit
  administrators and heads of the launching unit.
- Registering: the officer of a unit in scope. Deciding on a registration: the officers,
  appraisers and heads of the launching unit (appraisers reach it from above too).
- Criteria sets: the officers, unit administrators and heads of the owning unit.
"""

import rules

from guongsang.core.permissions import Role, has_role, scope_for

LAUNCHER_ROLES = (Role.OFFICER, Role.UNIT_ADMIN, Role.HEAD)
DECIDER_ROLES = (Role.OFFICER, Role.APPRAISER, Role.HEAD)

can_launch = has_role(*LAUNCHER_ROLES)
can_register = has_role(Role.OFFICER)


@rules.predicate
def sees_movement(user, movement=None) -> bool:
    """The user covers the launcher or one of the units in the movement's scope."""
    if movement is None:
        return not scope_for(user).empty
    from .selectors import movements_for

    return movements_for(user).filter(pk=movement.pk).exists()


@rules.predicate
def launches_movement_of(user, obj=None) -> bool:
    """The user is an officer, unit administrator or head over the launcher of obj's movement."""
    if obj is None:
        return not scope_for(user, LAUNCHER_ROLES).empty
    return scope_for(user, LAUNCHER_ROLES).covers(obj.movement.unit)


@rules.predicate
def decides_registration(user, registration=None) -> bool:
    """The user is an officer, appraiser or head over the launching unit of the registration's movement."""
    if registration is None:
        return not scope_for(user, DECIDER_ROLES).empty
    return scope_for(user, DECIDER_ROLES).covers(registration.movement.unit)


@rules.predicate
def sees_registration(user, registration=None) -> bool:
    """The registering unit's people, and the launcher's."""
    if registration is None:
        return not scope_for(user).empty
    scope = scope_for(user)
    return scope.covers(registration.unit) or scope.covers(registration.movement.unit)


@rules.predicate
def sees_criteria_set(user, criteria_set=None) -> bool:
    """The owner's people; for general criteria also the units below; for a movement's, its viewers."""
    scope = scope_for(user)
    if criteria_set is None:
        return not scope.empty
    if scope.covers(criteria_set.unit):
        return True
    if criteria_set.movement_id is not None:
        return sees_movement(user, criteria_set.movement)
    if criteria_set.kind == criteria_set.Kind.GENERAL:
        from .selectors import sees_below

        return sees_below(user, criteria_set.unit)
    return False


rules.add_perm("movements.view_movement", sees_movement)
rules.add_perm("movements.add_movement", can_launch)
rules.add_perm("movements.change_movement", can_launch)


@rules.predicate
def sees_attachment(user, attachment=None) -> bool:
    """Whoever sees the movement may read its documents."""
    if attachment is None:
        return not scope_for(user).empty
    return sees_movement(user, attachment.movement)


rules.add_perm("movements.view_movementattachment", sees_attachment)
rules.add_perm("movements.add_movementattachment", launches_movement_of)
rules.add_perm("movements.delete_movementattachment", launches_movement_of)

rules.add_perm("movements.view_registration", sees_registration)
rules.add_perm("movements.add_registration", can_register)
rules.add_perm("movements.change_registration", can_register)
rules.add_perm("movements.decide_registration", decides_registration)

rules.add_perm("movements.view_criteriaset", sees_criteria_set)
rules.add_perm("movements.add_criteriaset", can_launch)
rules.add_perm("movements.change_criteriaset", can_launch)

rules.add_perm("movements.view_field", rules.is_authenticated)
# Fields are one national list: only system administrators change it.
rules.add_perm("movements.add_field", rules.is_superuser)
rules.add_perm("movements.change_field", rules.is_superuser)
rules.add_perm("movements.delete_field", rules.is_superuser)

rules.add_perm("movements", has_role())
