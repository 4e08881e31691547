"""The movements' metrics for the targets: movements launched."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from .models import Movement


def launched(buckets, start: dt.date, end: dt.date):
    """Movements each bucket's units launched with a start in the period."""
    return buckets.count(Movement.objects.filter(start_date__gte=start, start_date__lte=end), "unit")


def launched_url(unit, start: dt.date, end: dt.date, **params) -> str | None:
    """The movement list filtered to the unit (and below) and the year."""
    query = {"unit": unit.pk}
    if start.year == end.year:
        query["year"] = start.year
    return f"{reverse('movements:list')}?{urlencode(query)}"
