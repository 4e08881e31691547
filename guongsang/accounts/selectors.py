"""Read queries on users and memberships."""

from __future__ import annotations

from django.db.models import QuerySet

from guongsang.core.permissions import Role, scope_for, visible_to

from .models import Membership, User


def members_of(user, unit) -> QuerySet[Membership]:
    """The memberships held on ``unit`` (current and ended), if ``user`` may see the unit."""
    return (
        visible_to(user, Membership.objects.filter(unit=unit))
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def memberships_of(user) -> QuerySet[Membership]:
    """The user's own active memberships, for the unit switcher and navigation."""
    return Membership.objects.active().filter(user=user).select_related("unit").order_by("unit__path", "role")


def people_reaching(unit, roles) -> QuerySet:
    """Active users holding one of ``roles`` over ``unit`` today: on the unit itself, or, for the
    roles that reach a subtree, on one of its ancestors. Whom to notify about the unit's work."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from guongsang.core.permissions import SUBTREE_ROLES

    roles = set(roles)
    step = type(unit).steplen
    ancestor_paths = [unit.path[:end] for end in range(step, len(unit.path), step)]
    query = Q(unit=unit, role__in=sorted(roles))
    subtree = sorted(roles & SUBTREE_ROLES)
    if subtree and ancestor_paths:
        query |= Q(unit__path__in=ancestor_paths, role__in=subtree)
    memberships = Membership.objects.active().filter(query)
    return get_user_model().objects.filter(pk__in=memberships.values("user_id"), is_active=True)


def users_for(actor) -> QuerySet[User]:
    """The people ``actor`` administers: users holding (or having held) a role on a unit
    where ``actor`` is a unit administrator. A superuser administers everyone.

    Whoever has never held a role in the actor's units stays invisible, so a unit administrator
    cannot learn which usernames exist elsewhere.
    """
    scope = scope_for(actor, [Role.UNIT_ADMIN])
    if scope.everything:
        return User.objects.all()
    if scope.empty:
        return User.objects.none()
    memberships = visible_to(actor, Membership.objects.all(), roles=[Role.UNIT_ADMIN])
    return User.objects.filter(pk__in=memberships.values("user_id"))


def holds_role_at(user, unit, role: str) -> bool:
    """Whether ``user`` holds ``role`` at ``unit`` itself today (not through a unit above it)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.active().filter(user=user, unit=unit, role=role).exists()


def people_in(unit, *, on=None) -> QuerySet[User]:
    """Active users holding a role in force on ``on`` (today by default) at ``unit`` or a unit
    below it: the people of that organisation, e.g. those a council of the unit seats."""
    memberships = Membership.objects.active(on).filter(unit__path__startswith=unit.path)
    return User.objects.filter(pk__in=memberships.values("user_id"), is_active=True)


def holds_any_role(user, *, on=None) -> bool:
    """Whether ``user`` is an active account holding some role in force somewhere (an official)."""
    return bool(user.is_active) and Membership.objects.active(on).filter(user=user).exists()
