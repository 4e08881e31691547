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
    valid_to: dt.date | None = None,
) -> OrgUnit:
    """Add a unit under ``parent``; only the parent's administrators may.

    ``valid_to`` is the stored end (the first day no longer in force, see core.periods): a unit
    that has already ended may be entered to record its history."""
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
        valid_to=valid_to,
    )
    _check_period(unit)
    audited(unit, actor)
    unit.full_clean(exclude=["path", "depth", "numchild", "name_folded"])
    return OrgUnit.objects.add_child(parent, instance=unit)


def _check_period(unit: OrgUnit) -> None:
    if unit.valid_from and unit.valid_to and unit.valid_to <= unit.valid_from:
        raise ValidationError({"valid_to": _("Ngày cuối hiệu lực không được trước ngày bắt đầu hiệu lực.")})


@transaction.atomic
def update_unit(actor, unit: OrgUnit, *, reason: str = "", **changes) -> OrgUnit:
    """Change a unit's descriptive fields (name, short name, code, staff, validity).

    Ending a unit (or moving its end) closes it to new work and is recorded with its legal basis
    or reason, which the unit's timeline shows."""
    if not can(actor, "change", unit):
        raise PermissionDenied(_("Bạn không có quyền sửa đơn vị %(unit)s.") % {"unit": unit})
    allowed = {"name", "short_name", "code", "staff_count", "valid_from", "valid_to"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    ends = "valid_to" in changes and changes["valid_to"] != unit.valid_to
    if ends and not reason.strip():
        raise ValidationError(
            {"reason": _("Cần ghi căn cứ hoặc lý do khi chấm dứt hay đổi ngày hết hiệu lực của đơn vị.")},
            code="reason_required",
        )
    for field, value in changes.items():
        setattr(unit, field, value)
    _check_period(unit)
    unit.full_clean(exclude=["path", "depth", "numchild", "name_folded"])
    audited(unit, actor)
    if reason.strip():
        unit._change_reason = reason.strip()[:100]
    unit.save()
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
