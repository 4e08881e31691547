"""Entering a past cycle as it happened ("nhập bổ sung"): facts recorded now with their real dates.

A district that runs its 2024 cycle on paper enters it afterwards: the receipt of 05/01/2024, the
council of 12/01/2024, decision 05/QĐ-UBND signed 15/01/2024. Only the people a unit trusts with
its records (``can(user, "enter_past", unit)``: its administrators, appraisers and head) may do
so, never for a day still to come, and always with a reason; the reason goes on every history row
the entry writes, and pages mark such records "nhập bổ sung".
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .permissions import can

ENTERED_LATER = gettext_lazy("Nhập bổ sung")
# simple-history keeps a change reason of at most 100 characters.
REASON_LENGTH = 100


def is_past(day: dt.date | None, today: dt.date | None = None) -> bool:
    """Whether ``day`` is given and before today: the write records a fact of the past."""
    return day is not None and day < (today or timezone.localdate())


def refuse_future(day: dt.date | None, today: dt.date | None = None) -> None:
    """Nothing is recorded as having happened on a day still to come."""
    today = today or timezone.localdate()
    if day is not None and day > today:
        raise ValidationError(
            _("Ngày %(day)s chưa đến; chỉ nhập được sự việc đã xảy ra (đến hôm nay %(today)s).")
            % {"day": day.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")},
            code="future_date",
        )


def check_past_entry(actor, unit, day: dt.date, reason: str) -> str:
    """Allow ``actor`` to record at ``unit`` a fact that happened on ``day`` (before today), with
    ``reason``; returns the change reason for the history rows the entry writes."""
    if not can(actor, "enter_past", unit):
        raise PermissionDenied(
            _("Bạn không có quyền nhập bổ sung hồ sơ, quyết định của kỳ trước tại %(unit)s.") % {"unit": unit}
        )
    refuse_future(day)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Cần ghi lý do nhập bổ sung sự việc ngày %(day)s.") % {"day": day.strftime("%d/%m/%Y")},
            code="reason_required",
        )
    return change_reason(reason)


def change_reason(reason: str) -> str:
    """The history row's reason for a past entry: marked, and cut to what the column holds."""
    return f"{ENTERED_LATER}: {reason.strip()}"[:REASON_LENGTH]


def moment_on(day: dt.date) -> dt.datetime:
    """A time on ``day`` for a fact entered later: the day it happened at the clock time of the
    entry, so that two steps entered one after the other for one day keep their order."""
    now = timezone.localtime()
    return timezone.make_aware(dt.datetime.combine(day, now.time().replace(tzinfo=None)))
