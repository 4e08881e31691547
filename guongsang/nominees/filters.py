"""The nominee list's filter form."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from guongsang.core.listing import FoldedSearchFilter

from . import selectors
from .models import Nominee


def _units(request):
    return selectors.nominee_units_for(request.user) if request else Nominee.objects.none()


class NomineeFilter(django_filters.FilterSet):
    """Name (diacritics ignored), kind, and unit with the units below it."""

    q = FoldedSearchFilter(field_name="name_folded", label=_("Họ tên (có dấu hoặc không dấu)"))
    kind = django_filters.ChoiceFilter(
        choices=Nominee.Kind.choices, label=_("Loại đối tượng"), empty_label=_("Tất cả")
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=_units,
        method="filter_unit",
        label=_("Đơn vị"),
        empty_label=_("Tất cả đơn vị tôi được xem"),
    )

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)
