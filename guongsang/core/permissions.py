"""The one permission path: roles, scopes over the org tree, ``visible_to`` and ``can``.

A ``Membership(user, unit, role)`` grants a role on a unit. Roles in ``SUBTREE_ROLES`` reach the
unit's whole subtree (an appraiser of the city sees every commune of the city); the others reach
only the unit itself (a commune officer sees only the commune). Superusers, the national
administrators, see everything.

Every list, API endpoint, export and admin page filters through :func:`visible_to`; every action
is asked through :func:`can`, which delegates to the django-rules predicates that each app
declares in its ``rules.py`` (``<app>.<action>_<model>``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rules
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md that a membership can grant."""

    OFFICER = "officer", _("Cán bộ thi đua")
    APPRAISER = "appraiser", _("Thẩm định viên (Nội vụ / Ban TĐKT)")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký Hội đồng TĐKT")
    HEAD = "head", _("Chủ tịch / Thủ trưởng")
    EDITOR = "editor", _("Biên tập viên")
    JUDGE = "judge", _("Giám khảo")
    INSPECTOR = "inspector", _("Đoàn kiểm tra")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")


# Roles whose work spans the units below them: they appraise, decide, inspect, edit for or
# administer a whole level.
SUBTREE_ROLES: frozenset[str] = frozenset(
    {Role.APPRAISER, Role.HEAD, Role.INSPECTOR, Role.EDITOR, Role.UNIT_ADMIN}
)
ALL_ROLES: frozenset[str] = frozenset(Role.values)


@dataclass(frozen=True)
class Scope:
    """The part of the org tree a user reaches with a given set of roles."""

    everything: bool = False
    subtree_paths: tuple[str, ...] = ()
    unit_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.everything or self.subtree_paths or self.unit_ids)

    def covers(self, unit) -> bool:
        """Whether ``unit`` (an ``OrgUnit`` or ``None``) lies inside this scope."""
        if self.everything:
            return True
        if unit is None:
            return False
        return unit.pk in self.unit_ids or any(unit.path.startswith(p) for p in self.subtree_paths)

    def q(self, prefix: str = "") -> Q:
        """A filter for rows whose org unit (reached through ``prefix``) is in scope."""
        if self.everything:
            return Q()
        query = Q(pk__in=[])
        for path in self.subtree_paths:
            query |= Q(**{f"{prefix}path__startswith": path})
        if self.unit_ids:
            query |= Q(**{f"{prefix}pk__in": sorted(self.unit_ids)})
        return query


def scope_for(user, roles: Iterable[str] | None = None) -> Scope:
    """The scope ``user`` reaches through memberships with any of ``roles`` (all roles if None).

    Cached on the user object, so one request asks the database once per role set.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    wanted = frozenset(roles) if roles is not None else ALL_ROLES
    cache = user.__dict__.setdefault("_scope_cache", {})
    if wanted not in cache:
        paths: set[str] = set()
        ids: set[int] = set()
        for role, unit_id, path in (
            user.memberships.active().filter(role__in=wanted).values_list("role", "unit_id", "unit__path")
        ):
            if role in SUBTREE_ROLES:
                paths.add(path)
            else:
                ids.add(unit_id)
        # A unit that carries on from merged or renamed units inherits their records.
        for predecessor_id, predecessor_path, through_subtree in _predecessors(ids, paths):
            if through_subtree:
                paths.add(predecessor_path)
            else:
                ids.add(predecessor_id)
        # A path already covered by a shorter one adds nothing to the query.
        minimal = tuple(sorted(p for p in paths if not any(p != o and p.startswith(o) for o in paths)))
        cache[wanted] = Scope(subtree_paths=minimal, unit_ids=frozenset(ids))
    return cache[wanted]


def _predecessors(unit_ids: set[int], paths: set[str]) -> list[tuple[int, str, bool]]:
    """Every unit the given units succeeded, recursively: (id, path, reached through a subtree)."""
    from django.apps import apps

    succession = apps.get_model("orgs", "UnitSuccession")
    unit_model = apps.get_model("orgs", "OrgUnit")
    subtree_ids = set(unit_model.objects.filter(path__in=paths).values_list("pk", flat=True) if paths else ())
    frontier = {pk: False for pk in unit_ids} | {pk: True for pk in subtree_ids}
    seen = set(frontier)
    found = []
    while frontier:
        rows = succession.objects.filter(successor_id__in=list(frontier)).values_list(
            "successor_id", "predecessor_id", "predecessor__path"
        )
        next_frontier = {}
        for successor_id, predecessor_id, predecessor_path in rows:
            if predecessor_id in seen:
                continue
            seen.add(predecessor_id)
            through_subtree = frontier[successor_id]
            found.append((predecessor_id, predecessor_path, through_subtree))
            next_frontier[predecessor_id] = through_subtree
        frontier = next_frontier
    return found


def _paths(model) -> tuple[str, ...]:
    """The model's ``scope_unit_path``: one path, or a tuple when a row hangs on several units
    (a dossier is seen by the unit that sent it and by the unit that decides on it)."""
    prefix = getattr(model, "scope_unit_path", None)
    if prefix is None:
        raise TypeError(f"{model.__name__} declares no scope_unit_path; it cannot be scoped.")
    return (prefix,) if isinstance(prefix, str) else tuple(prefix)


def visible_to(user, queryset: QuerySet, roles: Iterable[str] | None = None) -> QuerySet:
    """Restrict ``queryset`` to the rows ``user`` may see.

    The model says how its rows hang on the org tree with ``scope_unit_path`` ("" for ``OrgUnit``
    itself, "unit__" for a model with a ``unit`` foreign key, a tuple of such paths when a row
    is seen from several units, …).
    """
    prefixes = _paths(queryset.model)
    scope = scope_for(user, roles)
    if scope.everything:
        return queryset
    if scope.empty:
        return queryset.none()
    # Scoping follows forward foreign keys only, so the filter never duplicates rows.
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= scope.q(prefix)
    return queryset.filter(query)


def can(user, action: str, obj) -> bool:
    """Whether ``user`` may do ``action`` on ``obj`` (a model instance or a model class)."""
    meta = obj._meta
    return user.has_perm(
        f"{meta.app_label}.{action}_{meta.model_name}", None if isinstance(obj, type) else obj
    )


def units_of(obj) -> list:
    """The org units an object hangs on, following each of its scope paths."""
    units = []
    for prefix in _paths(type(obj)):
        current = obj
        for part in [p for p in prefix.split("__") if p]:
            current = getattr(current, part)
            if current is None:
                break
        if current is not None:
            units.append(current)
    return units


def unit_of(obj):
    """The (first) org unit an object hangs on."""
    units = units_of(obj)
    return units[0] if units else None


def has_role(*roles: str):
    """A django-rules predicate: the user holds one of ``roles`` over the object's unit.

    Asked without an object (list pages, admin index), it answers whether the user holds such
    a role anywhere.
    """
    wanted = frozenset(roles) if roles else ALL_ROLES
    name = "has_role:" + ",".join(sorted(wanted))

    @rules.predicate(name=name)
    def predicate(user, obj=None) -> bool:
        scope = scope_for(user, wanted)
        if obj is None:
            return not scope.empty
        return any(scope.covers(unit) for unit in units_of(obj))

    return predicate


is_superuser = rules.is_superuser
