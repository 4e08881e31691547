"""Read queries on users and memberships."""

from __future__ import annotations

from django.db.models import QuerySet

from guongsang.core.permissions import visible_to

from .models import Membership


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
