"""The movement list's filter form."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guongsang.core.listing import FoldedSearchFilter

from . import selectors
from .models import Movement

#: The list offers years from this one to next year.
FIRST_LIST_YEAR = 2015
STATES = [("running", _("Đang diễn ra")), ("upcoming", _("Sắp bắt đầu")), ("ended", _("Đã kết thúc"))]


def _years():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + 1, FIRST_LIST_YEAR - 1, -1)]


def _launchers(request):
    return selectors.launching_units(request.user) if request else Movement.objects.none()


class MovementFilter(django_filters.FilterSet):
    """Name (diacritics ignored), year it runs in, kind, field of work, launcher (and below), state."""

    q = FoldedSearchFilter(field_name="name_folded", label=_("Tên phong trào (gõ có dấu hoặc không dấu)"))
    year = django_filters.ChoiceFilter(
        choices=_years, method="filter_year", label=_("Năm"), empty_label=_("Mọi năm")
    )
    kind = django_filters.ChoiceFilter(
        choices=Movement.Kind.choices, label=_("Loại phong trào"), empty_label=_("Tất cả")
    )
    field = django_filters.ChoiceFilter(
        choices=lambda: [(f.code, f.name) for f in selectors.fields()],
        field_name="fields__code",
        label=_("Lĩnh vực"),
        empty_label=_("Tất cả"),
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=_launchers, method="filter_unit", label=_("Đơn vị phát động"), empty_label=_("Tất cả")
    )
    state = django_filters.ChoiceFilter(
        choices=STATES, method="filter_state", label=_("Tình trạng"), empty_label=_("Tất cả")
    )

    def filter_year(self, queryset, name, value):
        return selectors.running_in_year(queryset, int(value))

    def filter_state(self, queryset, name, value):
        return selectors.in_state(queryset, value)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)
