"""The dossiers' metrics for the targets: proposals sent up to the level above."""

from __future__ import annotations

import datetime as dt

from .models import Nomination


def proposals_upward(buckets, start: dt.date, end: dt.date, *, level: str = "", award_type: str = ""):
    """Dossiers each bucket's units sent up in the period (submitted, not withdrawn), counted at
    the sending unit; optionally for awards of one level or one type (by code)."""
    qs = Nomination.objects.filter(submitted_at__date__gte=start, submitted_at__date__lte=end).exclude(
        status__in=[Nomination.Status.DRAFT, Nomination.Status.WITHDRAWN]
    )
    if level:
        qs = qs.filter(award_type__level=level)
    if award_type:
        qs = qs.filter(award_type__code=award_type)
    return buckets.count(qs, "submitting_unit")
