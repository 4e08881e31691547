"""The dossiers' metrics for the targets: proposals sent up to the level above."""

from __future__ import annotations

import datetime as dt

from .models import Nomination


def proposals_upward(buckets, start: dt.date, end: dt.date, *, level: str = "", award_type: str = ""):
    """Dossiers each bucket's units sent up for the rounds of the period's years (submitted, not
    withdrawn), counted at the sending unit; optionally for awards of one level or one type (by
    code). By the dossier's year, as the plans count ("propose ≥ 2 a year"): a dossier for
    the 2025 round sent on 5 January 2026 counts for 2025."""
    qs = Nomination.objects.filter(
        year__gte=start.year, year__lte=end.year, submitted_at__isnull=False
    ).exclude(status__in=[Nomination.Status.DRAFT, Nomination.Status.WITHDRAWN])
    if level:
        qs = qs.filter(award_type__level=level)
    if award_type:
        qs = qs.filter(award_type__code=award_type)
    return buckets.count(qs, "submitting_unit")
