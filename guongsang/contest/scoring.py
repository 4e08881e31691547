"""Scores and their statistics: the weighted rubric total, and per entry the mean, the median
and the mean of per-judge z-scores side by side, the spread between judges, and the ranking.

Why z-scores: one judge marks everything between 60 and 70, another between 30 and 95. An entry
read by the severe judge is not worse for it. Each judge's totals are turned into distances from
that judge's own mean in units of that judge's own spread, so every judge counts equally.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_values(criteria: list[dict], values: dict) -> dict[str, float]:
    """The judge's marks, one per criterion, each a number from 0 to the criterion's maximum;
    every problem is reported at once (field = criterion key)."""
    errors: dict[str, str] = {}
    clean: dict[str, float] = {}
    known = {c["key"] for c in criteria}
    for key in values or {}:
        if key not in known:
            errors[key] = _("Tiêu chí “%(key)s” không có trong thang điểm của vòng này.") % {"key": key}
    for criterion in criteria:
        key, top = criterion["key"], float(criterion["max"])
        raw = (values or {}).get(key)
        if raw in (None, ""):
            errors[key] = _("Chưa chấm tiêu chí “%(name)s”.") % {"name": criterion["name"]}
            continue
        try:
            value = float(str(raw).replace(",", "."))
        except ValueError:
            errors[key] = _("Điểm tiêu chí “%(name)s” phải là một số.") % {"name": criterion["name"]}
            continue
        if not math.isfinite(value) or not 0 <= value <= top:
            errors[key] = _("Điểm tiêu chí “%(name)s” phải từ 0 đến %(max)s (đã nhập %(value)s).") % {
                "name": criterion["name"],
                "max": f"{top:g}",
                "value": raw,
            }
            continue
        clean[key] = value
    if errors:
        raise ValidationError(errors)
    return clean


def weighted_total(criteria: list[dict], values: dict[str, float]) -> float:
    """The total on a 0–100 scale: each criterion's share of its maximum, weighted."""
    weight = sum(float(c["weight"]) for c in criteria) or 1.0
    total = sum(float(c["weight"]) * values[c["key"]] / float(c["max"]) for c in criteria)
    return round(100 * total / weight, 2)


@dataclass
class EntryStats:
    n: int
    mean: float
    median: float
    zscore: float
    spread: float
    disagreement: bool


def entry_statistics(
    scores: Iterable[tuple[int, int, float]], *, disagreement_gap: float
) -> dict[int, EntryStats]:
    """From (entry id, judge id, total) triples, each entry's statistics.

    A judge with fewer than two scores, or who gave everyone the same mark, says nothing about
    their own scale: their z-scores count as 0 (average).
    """
    rows = list(scores)
    by_judge: dict[int, list[float]] = defaultdict(list)
    for _entry, judge, total in rows:
        by_judge[judge].append(total)
    scale = {}
    for judge, totals in by_judge.items():
        mean = statistics.fmean(totals)
        sd = statistics.pstdev(totals) if len(totals) > 1 else 0.0
        scale[judge] = (mean, sd)
    totals_by_entry: dict[int, list[float]] = defaultdict(list)
    z_by_entry: dict[int, list[float]] = defaultdict(list)
    for entry, judge, total in rows:
        mean, sd = scale[judge]
        totals_by_entry[entry].append(total)
        z_by_entry[entry].append((total - mean) / sd if sd > 1e-9 else 0.0)
    result = {}
    for entry, totals in totals_by_entry.items():
        spread = max(totals) - min(totals)
        result[entry] = EntryStats(
            n=len(totals),
            mean=round(statistics.fmean(totals), 4),
            median=round(statistics.median(totals), 4),
            zscore=round(statistics.fmean(z_by_entry[entry]), 4),
            spread=round(spread, 4),
            disagreement=len(totals) > 1 and spread >= disagreement_gap,
        )
    return result


def competition_ranks(values: dict[int, float | tuple | None]) -> dict[int, int | None]:
    """Ranks "1, 2, 2, 4", highest first: equal values share a rank; entries without a value get
    none. A value may be a tuple (measure, tie-breaker…). Numbers are compared to 4 decimals, so
    float noise never splits a real tie."""

    def key_of(value) -> tuple:
        parts = value if isinstance(value, tuple) else (value,)
        return tuple(-round(p or 0.0, 4) for p in parts)

    ordered = sorted(
        ((key, key_of(value)) for key, value in values.items() if value is not None),
        key=lambda item: (item[1], item[0]),
    )
    ranks: dict[int, int | None] = dict.fromkeys(values)
    previous = None
    rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank = position
            previous = value
        ranks[key] = rank
    return ranks
