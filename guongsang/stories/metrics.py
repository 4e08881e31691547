"""The publicity metrics for the targets: stories published and weekly-list appearances."""

from __future__ import annotations

import datetime as dt

from .models import Story, WeeklySelection


def stories_published(buckets, start: dt.date, end: dt.date):
    """Stories each bucket's units published in the period (still published)."""
    qs = Story.objects.filter(
        status=Story.Status.PUBLISHED, published_at__date__gte=start, published_at__date__lte=end
    )
    return buckets.count(qs, "unit")


def weekly_appearances(buckets, start: dt.date, end: dt.date):
    """Appearances of each bucket's exemplars on the weekly propagation lists issued in the
    period, at any level (one person on three weeks' lists counts three)."""
    through = WeeklySelection.nominees.through
    qs = through.objects.filter(
        weeklyselection__status=WeeklySelection.Status.ISSUED,
        weeklyselection__issued_at__date__gte=start,
        weeklyselection__issued_at__date__lte=end,
    )
    return buckets.count(qs, "nominee__unit")
