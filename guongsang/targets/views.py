"""The targets' pages: a unit's dashboard (its targets, its children ranked) and its export."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from guongsang.core.permissions import scope_for
from guongsang.orgs.models import OrgUnit
from guongsang.orgs.selectors import ancestors_of

from . import selectors
from .forms import DashboardForm

#: How many rows of the ranking the chart draws (the table has them all).
CHART_ROWS = 30


@login_required
def home(request):
    """The dashboard of the user's current unit (or their first one)."""
    unit = getattr(request, "current_unit", None)
    if not unit:
        scope = scope_for(request.user)
        unit = (
            OrgUnit.objects.filter(depth=1).first()
            if scope.everything
            else selectors.dashboard_units(request.user).order_by("depth", "path").first()
        )
    if unit is None:
        raise Http404
    return redirect("targets:dashboard", unit.pk)


def _dashboard(request, unit_id: int):
    unit = get_object_or_404(selectors.dashboard_units(request.user), pk=unit_id)
    year, target_id, sort = DashboardForm(request.GET).values(unit)
    progress = selectors.progress_of(unit, year)
    choices = selectors.ranking_targets(unit, year)
    chosen = next((t for t in choices if t.pk == target_id), choices[0] if choices else None)
    rows = selectors.ranking(unit, chosen, year, sort) if chosen else []
    # Children the user may open get a drill-down link (an officer's unit's children, or a
    # subtree role's whole subtree).
    openable = set(
        selectors.dashboard_units(request.user)
        .filter(pk__in=[r.unit.pk for r in rows])
        .values_list("pk", flat=True)
    )
    return unit, year, sort, progress, choices, chosen, rows, openable


def _openable_ancestors(user, unit: OrgUnit) -> list[OrgUnit]:
    """The breadcrumb: the units above whose dashboards the user may open."""
    chain = ancestors_of(unit)
    allowed = set(
        selectors.dashboard_units(user).filter(pk__in=[a.pk for a in chain]).values_list("pk", flat=True)
    )
    return [a for a in chain if a.pk in allowed]


@login_required
def dashboard(request, unit_id: int):
    unit, year, sort, progress, choices, chosen, rows, openable = _dashboard(request, unit_id)
    chart = {
        "names": {"value": _("Đạt được"), "required": _("Chỉ tiêu")},
        "targets": {
            "labels": [p.target.label for p in progress],
            "percent": [min(p.percent, 100) if p.percent is not None else 0 for p in progress],
            "status": [p.status for p in progress],
        },
        # The head of the table only: 126 communes' bars would be unreadable.
        "ranking": {
            "title": chosen.label if chosen else "",
            "labels": [r.unit.name for r in rows[:CHART_ROWS]],
            "values": [r.value for r in rows[:CHART_ROWS]],
            "required": [r.required for r in rows[:CHART_ROWS]],
        },
    }
    base = {"year": year, **({"target": chosen.pk} if chosen else {})}
    headers = []
    for key, label in [
        ("name", _("Đơn vị")),
        ("value", _("Đạt được")),
        ("percent", _("Tỷ lệ so với chỉ tiêu")),
    ]:
        current = sort.lstrip("-") == key
        descending = current and sort.startswith("-")
        headers.append(
            {
                "label": label,
                "sort": f"-{key}" if current and not descending else key,
                "aria": ("descending" if descending else "ascending") if current else "",
            }
        )
    return render(
        request,
        "targets/dashboard.html",
        {
            "unit": unit,
            "ancestors": _openable_ancestors(request.user, unit),
            "year": year,
            "years": range(year - 3, year + 2),
            "progress": progress,
            "choices": choices,
            "chosen": chosen,
            "rows": rows,
            "openable": openable,
            "headers": headers,
            "base": base,
            "sort": sort,
            "chart": chart,
            "chart_cut": len(rows) > CHART_ROWS,
            "chart_rows": CHART_ROWS,
            "export_url": reverse("targets:export", args=[unit.pk]) + "?" + request.GET.urlencode(),
        },
    )


@login_required
def export(request, unit_id: int):
    """The ranking table as an XLSX sheet (the same rows and order as the page)."""
    from openpyxl import Workbook

    unit, year, _sort, _progress, _choices, chosen, rows, _openable = _dashboard(request, unit_id)
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    sheet.append([f"{unit.name} — {chosen.label if chosen else ''} — {year}"])
    sheet.append([_("Đơn vị"), _("Đạt được"), _("Chỉ tiêu"), _("Tỷ lệ (%)"), _("Tình trạng")])
    for row in rows:
        sheet.append([row.unit.name, row.value, row.required, row.percent, row.status_label])
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{unit.pk}-{year}.xlsx"'
    return response
