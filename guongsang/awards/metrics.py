"""The awards' metrics for the targets: recognitions of a subtree's people, by award and level."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from .models import Recognition


def recognitions(
    buckets, start: dt.date, end: dt.date, *, level: str = "", award_type: str = "", subject_kind: str = ""
):
    """Recognitions in force for achievements of the period's years, of the people and
    collectives of each bucket (by the nominee's unit: the exemplars a unit built, whoever
    decided); optionally of one award level, one award type (by code), one kind of subject.

    By the year of the achievement, as the registry lists them, so that the number and the list
    behind it agree (a decision of January honours the year before)."""
    qs = Recognition.objects.filter(
        status=Recognition.Status.ACTIVE, year__gte=start.year, year__lte=end.year
    )
    if level:
        qs = qs.filter(level=level)
    if award_type:
        qs = qs.filter(award_type__code=award_type)
    if subject_kind:
        qs = qs.filter(nominee__kind=subject_kind)
    return buckets.count(qs, "nominee__unit")


def recognitions_url(unit, start: dt.date, end: dt.date, *, level: str = "", **params) -> str:
    """The registry filtered to the unit (and its predecessors), the year and the level."""
    query = {"unit": unit.pk, "status": Recognition.Status.ACTIVE}
    if start.year == end.year:
        query["year"] = start.year
    if level:
        query["level"] = level
    return f"{reverse('awards:registry')}?{urlencode(query)}"
