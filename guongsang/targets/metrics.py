"""The metric registry: named counts that the apps above contribute, read by the targets.

Each app registers its metrics in its ``AppConfig.ready()``::

    from guongsang.targets import metrics

    metrics.register("stories_published", _("Bài viết được đăng"), stories_published,
                     list_url=stories_list_url)

A metric function takes the :class:`Buckets` to count into (units, each standing for its subtree
and the units it succeeded), the first and last day of the period, and the target's parameters;
it answers ``{unit id: count}`` with one aggregate query: it builds its queryset and hands it to
:meth:`Buckets.count`, which groups the rows by the bucket their unit falls in (a CASE over the
tree path), never looping over units in Python.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from guongsang.orgs.models import OrgUnit, UnitSuccession

MetricFunc = Callable[..., dict[int, int]]
ListUrl = Callable[..., str | None]


@dataclass(frozen=True)
class Metric:
    """A named count of some app's records, and where to list the records behind a number."""

    name: str
    label: str
    func: MetricFunc
    #: ``list_url(unit, start, end, **params)``: the app's list of the records counted, or None.
    list_url: ListUrl | None = None
    #: The parameters the metric understands, with a short description each (for the forms/API).
    params: dict[str, str] = field(default_factory=dict)

    def __call__(self, buckets: Buckets, start: dt.date, end: dt.date, **params: Any) -> dict[int, int]:
        counts = self.func(buckets, start, end, **params)
        return {unit.pk: counts.get(unit.pk, 0) for unit in buckets.units}


REGISTRY: dict[str, Metric] = {}


def register(
    name: str, label: str, func: MetricFunc, *, list_url: ListUrl | None = None, params: dict | None = None
) -> Metric:
    """Add a metric (registering a name twice keeps the first: ``ready()`` may run twice in tests)."""
    if name not in REGISTRY:
        REGISTRY[name] = Metric(name, label, func, list_url, dict(params or {}))
    return REGISTRY[name]


def get(name: str) -> Metric | None:
    return REGISTRY.get(name)


def choices() -> list[tuple[str, str]]:
    """The registered metrics as form choices, by label."""
    return sorted(((m.name, str(m.label)) for m in REGISTRY.values()), key=lambda c: c[1])


class Buckets:
    """Units to count into: each unit's bucket is its subtree plus the subtrees of the units it
    (or any unit under it) carries on from, so a merged-away ward's records count under the
    ward that succeeded it.

    Built once (a query per generation of successions), then used by any number of metrics,
    each one aggregate query.
    """

    def __init__(self, units: Iterable[OrgUnit]):
        self.units: list[OrgUnit] = list(units)
        self.by_path = {unit.path: unit for unit in self.units}
        #: Predecessor path → the bucket unit's path, for subtrees outside the buckets' own.
        self.inherited: dict[str, str] = self._inherited()

    def _bucket_path(self, path: str) -> str | None:
        """The innermost bucket holding ``path``."""
        holding = [bucket for bucket in self.by_path if path.startswith(bucket)]
        return max(holding, key=len) if holding else None

    def _inherited(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.units:
            return found
        # Successors anywhere in a bucket's subtree (a commune under a district), then their
        # predecessors' successors, and so on back in time.
        frontier = Q(pk__in=[])
        for path in self.by_path:
            frontier |= Q(successor__path__startswith=path)
        rows = list(
            UnitSuccession.objects.filter(frontier).values_list("successor__path", "predecessor__path")
        )
        while rows:
            next_paths = []
            for successor_path, predecessor_path in rows:
                bucket = found.get(successor_path) or self._bucket_path(successor_path)
                if bucket is None:
                    for known, owner in found.items():
                        if successor_path.startswith(known):
                            bucket = owner
                            break
                if (
                    bucket is None
                    or predecessor_path in found
                    or self._bucket_path(predecessor_path) == bucket
                ):
                    continue
                found[predecessor_path] = bucket
                next_paths.append(predecessor_path)
            rows = (
                list(
                    UnitSuccession.objects.filter(successor__path__in=next_paths).values_list(
                        "successor__path", "predecessor__path"
                    )
                )
                if next_paths
                else []
            )
        return found

    def q(self, unit_field: str) -> Q:
        """Rows whose unit (``unit_field``, e.g. ``"unit"`` or ``"nominee__unit"``) is in a bucket."""
        query = Q(pk__in=[])
        for path in [*self.by_path, *self.inherited]:
            query |= Q(**{f"{unit_field}__path__startswith": path})
        return query

    def key(self, unit_field: str):
        """An expression naming the bucket (its unit's path) a row's unit falls in."""
        column = f"{unit_field}__path"
        # Longest first: a predecessor nested under another bucket still goes to its successor.
        whens = [
            When(**{f"{column}__startswith": path}, then=Value(owner))
            for path, owner in sorted(self.inherited.items(), key=lambda item: -len(item[0]))
        ]
        lengths = {len(path) for path in self.by_path}
        if len(lengths) == 1:
            # Buckets of one depth (siblings, or one unit): the bucket is the path's prefix.
            default = Substr(column, 1, lengths.pop())
        else:
            whens += [
                When(**{f"{column}__startswith": path}, then=Value(path))
                for path in sorted(self.by_path, key=len, reverse=True)
            ]
            default = Value("")
        if not whens:
            return default
        return Case(*whens, default=default, output_field=CharField())

    @property
    def disjoint(self) -> bool:
        """Whether no bucket lies inside another (siblings, or units of separate branches)."""
        paths = sorted(self.by_path)
        return not any(b.startswith(a) for a, b in itertools.pairwise(paths))

    def _bucket_q(self, unit: OrgUnit, unit_field: str) -> Q:
        query = Q(**{f"{unit_field}__path__startswith": unit.path})
        for path, owner in self.inherited.items():
            # The successor's records count in every bucket holding it, so do the predecessor's.
            if owner.startswith(unit.path):
                query |= Q(**{f"{unit_field}__path__startswith": path})
        return query

    def count(self, queryset: QuerySet, unit_field: str, distinct: str | None = None) -> dict[int, int]:
        """Count ``queryset``'s rows per bucket in one query (``distinct``: count that field's
        distinct values instead, e.g. the nominees of several recognitions).

        Disjoint buckets (the usual case: a unit's children) group the rows by bucket; nested
        ones (a unit beside its own children) count each bucket with a filtered aggregate, so
        a row counts in every bucket that holds it.
        """
        if not self.units:
            return {}
        measure = distinct or "pk"
        if not self.disjoint:
            totals = queryset.filter(self.q(unit_field)).aggregate(
                **{
                    f"b{unit.pk}": Count(
                        measure, distinct=bool(distinct), filter=self._bucket_q(unit, unit_field)
                    )
                    for unit in self.units
                }
            )
            return {unit.pk: totals[f"b{unit.pk}"] or 0 for unit in self.units}
        rows = (
            queryset.filter(self.q(unit_field))
            .annotate(_bucket=self.key(unit_field))
            .order_by()
            .values("_bucket")
            .annotate(_n=Count(measure, distinct=bool(distinct)))
            .values_list("_bucket", "_n")
        )
        result: dict[int, int] = {}
        for path, n in rows:
            unit = self.by_path.get(path)
            if unit is not None:
                result[unit.pk] = result.get(unit.pk, 0) + n
        return result
