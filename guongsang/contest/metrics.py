"""The contest's metrics for the targets: entries sent by units."""

from __future__ import annotations

import datetime as dt

from .models import Entry


def entries(buckets, start: dt.date, end: dt.date):
    """Entries each bucket's units sent in the period (neither withdrawn nor disqualified)."""
    qs = Entry.objects.filter(created_at__date__gte=start, created_at__date__lte=end).exclude(
        status__in=[Entry.Status.WITHDRAWN, Entry.Status.DISQUALIFIED]
    )
    return buckets.count(qs, "unit")
