"""Writes on the org tree: adding and changing units, recording successions, clusters."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import can

from .models import Cluster, OrgUnit, UnitSuccession


@transaction.atomic
def add_unit(
    actor,
    parent: OrgUnit,
    *,
    kind: str,
    name: str,
    short_name: str = "",
    code: str = "",
    staff_count: int | None = None,
    valid_from: dt.date | None = None,
) -> OrgUnit:
    """Add a unit under ``parent``; only the parent's administrators may."""
    if not can(actor, "add", parent):
        raise PermissionDenied(_("Bạn không có quyền thêm đơn vị trực thuộc %(unit)s.") % {"unit": parent})
    if not name.strip():
        raise ValidationError({"name": _("Tên đơn vị không được để trống.")})
    unit = OrgUnit(
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
        code=code.strip(),
        staff_count=staff_count,
        valid_from=valid_from,
    )
    audited(unit, actor)
    unit.full_clean(exclude=["path", "depth", "numchild", "name_folded"])
    return OrgUnit.objects.add_child(parent, instance=unit)


@transaction.atomic
def update_unit(actor, unit: OrgUnit, **changes) -> OrgUnit:
    """Change a unit's descriptive fields (name, short name, code, staff, validity)."""
    if not can(actor, "change", unit):
        raise PermissionDenied(_("Bạn không có quyền sửa đơn vị %(unit)s.") % {"unit": unit})
    allowed = {"name", "short_name", "code", "staff_count", "valid_from", "valid_to"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.full_clean(exclude=["path", "depth", "numchild", "name_folded"])
    audited(unit, actor).save()
    return unit


@transaction.atomic
def record_succession(
    actor,
    predecessors: list[OrgUnit],
    successor: OrgUnit,
    *,
    kind: str,
    effective_date: dt.date,
    legal_basis: str = "",
) -> list[UnitSuccession]:
    """Record that ``successor`` carries on from ``predecessors`` (merge A + B → C, or a rename).

    The predecessors end the day before; their records stay theirs and roll up under the
    successor through ``selectors.rollup_q``.
    """
    if not can(actor, "add", UnitSuccession(predecessor=successor, successor=successor)):
        raise PermissionDenied(
            _("Bạn không có quyền ghi nhận sáp nhập, đổi tên cho %(unit)s.") % {"unit": successor}
        )
    rows = []
    for old in predecessors:
        if old.pk == successor.pk:
            raise ValidationError(_("Một đơn vị không thể kế thừa chính nó."))
        # Recording a succession ends the predecessor: the actor must administer it too, or an
        # administrator of one province could end the units of another.
        if not can(actor, "change", old):
            raise PermissionDenied(_("Bạn không có quyền chấm dứt đơn vị %(unit)s.") % {"unit": old})
        if old.valid_to is None or old.valid_to > effective_date:
            old.valid_to = effective_date
            audited(old, actor).save()
        row = UnitSuccession(
            predecessor=old,
            successor=successor,
            kind=kind,
            effective_date=effective_date,
            legal_basis=legal_basis,
        )
        audited(row, actor).save()
        rows.append(row)
    if successor.valid_from is None:
        successor.valid_from = effective_date
        audited(successor, actor).save()
    return rows


@transaction.atomic
def create_cluster(
    actor,
    organiser: OrgUnit,
    *,
    name: str,
    year: int,
    members: list[OrgUnit],
    head: OrgUnit | None = None,
    deputy: OrgUnit | None = None,
) -> Cluster:
    """Set up a cụm thi đua; the head and deputy must be members."""
    if not can(actor, "add", Cluster(organiser=organiser)):
        raise PermissionDenied(_("Bạn không có quyền lập cụm thi đua tại %(unit)s.") % {"unit": organiser})
    member_ids = {m.pk for m in members}
    for role_unit in (head, deputy):
        if role_unit is not None and role_unit.pk not in member_ids:
            raise ValidationError(_("Cụm trưởng và cụm phó phải là đơn vị thành viên của cụm."))
    cluster = Cluster(organiser=organiser, name=name, year=year, head=head, deputy=deputy)
    cluster.full_clean(exclude=["members"])
    audited(cluster, actor).save()
    cluster.members.set(members)
    return cluster
