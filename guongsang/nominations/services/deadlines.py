"""The day by which dossiers must reach a unit: set by the unit, inherited by its subtree."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import can
from guongsang.orgs.models import OrgUnit

from ..models import SubmissionDeadline
from .routing import _ancestor_paths


def deadline_for(unit: OrgUnit, year: int) -> SubmissionDeadline | None:
    """The deadline for dossiers reaching ``unit`` in ``year``: its own, else the nearest
    ancestor's that applies to its subtree."""
    own = SubmissionDeadline.objects.filter(unit=unit, year=year).first()
    if own is not None:
        return own
    return (
        SubmissionDeadline.objects.filter(
            unit__path__in=_ancestor_paths(unit), year=year, applies_to_subtree=True
        )
        .order_by("-unit__depth")
        .first()
    )


@transaction.atomic
def set_deadline(
    actor, unit: OrgUnit, *, year: int, due_date: dt.date, applies_to_subtree: bool = False, note: str = ""
) -> SubmissionDeadline:
    """Set (or move) the day by which dossiers must reach ``unit`` in ``year``."""
    if not can(actor, "change", SubmissionDeadline(unit=unit)):
        raise PermissionDenied(_("Bạn không có quyền đặt hạn nộp hồ sơ cho %(unit)s.") % {"unit": unit})
    if due_date.year not in (year, year + 1):
        raise ValidationError(
            {
                "due_date": _("Hạn nộp hồ sơ xét năm %(year)s phải trong năm %(year)s hoặc đầu năm sau.")
                % {"year": year}
            }
        )
    deadline = SubmissionDeadline.objects.select_for_update().filter(unit=unit, year=year).first()
    deadline = deadline or SubmissionDeadline(unit=unit, year=year)
    deadline.due_date, deadline.applies_to_subtree, deadline.note = due_date, applies_to_subtree, note
    audited(deadline, actor).save()
    return deadline
