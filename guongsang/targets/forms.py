"""The dashboard's choice of year, target and order (read from the query string)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import RANKING_SORTS


class DashboardForm(forms.Form):
    """``?year=2025&target=12&sort=-percent``: anything invalid falls back to the defaults."""

    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    target = forms.IntegerField(label=_("Chỉ tiêu xếp hạng"), min_value=1, required=False)
    sort = forms.ChoiceField(
        choices=[(k, k) for key in RANKING_SORTS for k in (key, f"-{key}")], required=False
    )

    def values(self, unit=None) -> tuple[int, int | None, str]:
        from .selectors import default_year

        data = self.cleaned_data if self.is_valid() else {}
        return (
            data.get("year") or (default_year(unit) if unit is not None else timezone.localdate().year),
            data.get("target"),
            data.get("sort") or "percent",
        )
