"""Writes of plans, targets and staff counts, and the judgement of progress against a target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.core.audit import audited
from guongsang.core.permissions import can
from guongsang.orgs.models import OrgUnit

from . import metrics
from .models import Plan, StaffCount, Target

# A plan spans a few years; a typo of a century is refused.
MIN_YEAR, MAX_YEAR = 2000, 2100
# "≥ 700 individuals a year" is the largest count the plans set; beyond a million is a typo.
MAX_COUNT = Decimal(1_000_000)


class Status(models.TextChoices):
    """Where a unit stands against a target."""

    MET = "met", gettext_lazy("Đã đạt")
    ON_TRACK = "on_track", gettext_lazy("Đúng tiến độ")
    BEHIND = "behind", gettext_lazy("Chậm tiến độ")
    MISSED = "missed", gettext_lazy("Không đạt")
    NO_DATA = "no_data", gettext_lazy("Chưa đủ dữ liệu")


def elapsed_share(start: dt.date, end: dt.date, today: dt.date) -> float:
    """The share of the period [start, end] (both included) gone by at the end of ``today``."""
    if today < start:
        return 0.0
    if today >= end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)


def judge(value: int, required: int | None, start: dt.date, end: dt.date, today: dt.date) -> str:
    """Met once the value reaches what is required; missed when the period ended short of it;
    otherwise on track when the value keeps pace with the share of the period elapsed (half the
    year gone, half the target reached), behind when it does not."""
    if required is None:
        return Status.NO_DATA
    if value >= required:
        return Status.MET
    if today >= end:
        return Status.MISSED
    return Status.ON_TRACK if value >= required * elapsed_share(start, end, today) else Status.BEHIND


def window(target: Target, year: int) -> tuple[dt.date, dt.date]:
    """The days a target counts over for ``year``: that year, or the plan's whole period."""
    if target.span == Target.Span.PERIOD:
        return dt.date(target.plan.start_year, 1, 1), dt.date(target.plan.end_year, 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- plans and targets -------------------------------------------------------------------------


def _check_kinds(kinds: list[str], field: str) -> list[str]:
    unknown = [k for k in kinds if k not in OrgUnit.Kind.values]
    if unknown:
        raise ValidationError(
            {field: _("Loại đơn vị không hợp lệ: %(kinds)s.") % {"kinds": ", ".join(unknown)}}
        )
    return sorted(set(kinds))


@transaction.atomic
def create_plan(
    actor,
    issuer: OrgUnit,
    *,
    number: str,
    title: str,
    issued_on: dt.date,
    start_year: int,
    end_year: int,
    applies_to_kinds: list[str] = (),
    parent: Plan | None = None,
) -> Plan:
    """Record a unit's plan for a period of years."""
    if not can(actor, "add", Plan(issuer=issuer)):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch của %(unit)s.") % {"unit": issuer})
    errors = {}
    if not (start_year and end_year):
        errors["start_year"] = _("Kế hoạch phải có giai đoạn (từ năm, đến năm).")
    elif not (MIN_YEAR <= start_year <= end_year <= MAX_YEAR):
        errors["end_year"] = _("Giai đoạn không hợp lệ: năm kết thúc phải sau năm bắt đầu, trong 2000–2100.")
    if parent is not None and not issuer.path.startswith(parent.issuer.path):
        errors["parent"] = _("Kế hoạch cấp trên phải của đơn vị cấp trên.")
    if errors:
        raise ValidationError(errors)
    plan = Plan(
        issuer=issuer,
        number=(number or "").strip(),
        title=(title or "").strip(),
        issued_on=issued_on,
        start_year=start_year,
        end_year=end_year,
        applies_to_kinds=_check_kinds(list(applies_to_kinds), "applies_to_kinds"),
        parent=parent,
        created_by=actor,
    )
    plan.full_clean(exclude=["created_by"])
    audited(plan, actor).save()
    return plan


TARGET_FIELDS = {
    "code",
    "label",
    "metric",
    "params",
    "unit_kinds",
    "threshold_kind",
    "threshold",
    "span",
    "order",
}


def _generic_params(target: Target) -> set[str]:
    # A coverage target may say which children count ("every commune and school").
    return {"child_kinds"} if target.threshold_kind == Target.ThresholdKind.COVERAGE else set()


def _validate_target(target: Target) -> None:
    errors: dict[str, Any] = {}
    metric = metrics.get(target.metric)
    if metric is None:
        errors["metric"] = _("Chỉ số đo “%(name)s” không tồn tại.") % {"name": target.metric}
    elif not isinstance(target.params, dict) or set(target.params) - set(metric.params) - _generic_params(
        target
    ):
        errors["params"] = _("Tham số không hợp lệ cho chỉ số đo này; được dùng: %(names)s.") % {
            "names": ", ".join(metric.params) or "—"
        }
    try:
        threshold = Decimal(str(target.threshold))
    except (InvalidOperation, TypeError):
        threshold = None
    if threshold is None or not threshold.is_finite():
        errors["threshold"] = _("Ngưỡng phải là một số.")
    elif threshold <= 0:
        errors["threshold"] = _("Ngưỡng phải lớn hơn 0.")
    elif target.threshold_kind != Target.ThresholdKind.ABSOLUTE and threshold > 100:
        errors["threshold"] = _("Tỷ lệ không được quá 100%.")
    elif threshold > MAX_COUNT:
        errors["threshold"] = _("Ngưỡng quá lớn, vui lòng kiểm tra lại.")
    if target.span not in Target.Span.values:
        errors["span"] = _("Chỉ tiêu phải tính theo năm hoặc cả giai đoạn.")
    try:
        target.unit_kinds = _check_kinds(list(target.unit_kinds or []), "unit_kinds")
    except ValidationError as error:
        errors.update(error.error_dict)
    plan_kinds = set(target.plan.applies_to_kinds)
    if plan_kinds and set(target.unit_kinds) - plan_kinds:
        errors["unit_kinds"] = _("Kế hoạch không áp dụng cho các loại đơn vị này.")
    if errors:
        raise ValidationError(errors)
    target.threshold = threshold
    target.full_clean(exclude=["plan"])


@transaction.atomic
def add_target(actor, plan: Plan, **data) -> Target:
    """Add a target to a plan."""
    if not can(actor, "change", plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    unknown = set(data) - TARGET_FIELDS
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    target = Target(plan=plan, **data)
    _validate_target(target)
    audited(target, actor).save()
    return target


@transaction.atomic
def update_target(actor, target: Target, **changes) -> Target:
    """Change a target; the history keeps what it was (a change after the period started is
    how a plan gets quietly softened, so it must stay visible)."""
    target = Target.objects.select_for_update().select_related("plan").get(pk=target.pk)
    if not can(actor, "change", target.plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    unknown = set(changes) - TARGET_FIELDS
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    for name, value in changes.items():
        setattr(target, name, value)
    _validate_target(target)
    audited(target, actor).save()
    return target


@transaction.atomic
def set_staff_count(actor, unit: OrgUnit, *, as_of: dt.date, count: int, source: str = "") -> StaffCount:
    """Record (or correct) the unit's staff count on a day."""
    if not can(actor, "add", StaffCount(unit=unit)):
        raise PermissionDenied(_("Bạn không có quyền cập nhật số cán bộ của %(unit)s.") % {"unit": unit})
    if count is None or int(count) < 0 or int(count) > 10_000_000:
        raise ValidationError({"count": _("Số cán bộ không hợp lệ.")})
    row = StaffCount.objects.filter(unit=unit, as_of=as_of).first() or StaffCount(unit=unit, as_of=as_of)
    row.count = int(count)
    row.source = (source or "").strip()
    row.full_clean()
    audited(row, actor).save()
    return row
