"""Filter forms of the award lists."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AwardType, Decision


class DecisionFilter(django_filters.FilterSet):
    """Status, award and year of issue."""

    status = django_filters.ChoiceFilter(
        choices=Decision.Status.choices, label=_("Trạng thái"), empty_label=_("Tất cả")
    )
    award_type = django_filters.ModelChoiceFilter(
        queryset=AwardType.objects.order_by("name"), label=_("Danh hiệu"), empty_label=_("Tất cả")
    )
    year = django_filters.NumberFilter(label=_("Năm ban hành"), min_value=1900, max_value=9999)
