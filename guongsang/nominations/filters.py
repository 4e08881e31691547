"""The dossier list's filter form."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from guongsang.awards.models import AwardType
from guongsang.core.listing import FoldedSearchFilter

from .models import Nomination


class NominationFilter(django_filters.FilterSet):
    """Nominee name (diacritics ignored), status, award, origin and year, as the export takes them."""

    q = FoldedSearchFilter(field_name="nominee__name_folded", label=_("Tên người được đề nghị"))
    status = django_filters.ChoiceFilter(
        choices=Nomination.Status.choices, label=_("Trạng thái"), empty_label=_("Tất cả")
    )
    award_type = django_filters.ModelChoiceFilter(
        queryset=AwardType.objects.filter(is_active=True).order_by("name"),
        label=_("Danh hiệu"),
        empty_label=_("Tất cả"),
    )
    origin = django_filters.ChoiceFilter(
        choices=Nomination.Origin.choices, label=_("Nguồn"), empty_label=_("Tất cả")
    )
    year = django_filters.NumberFilter(label=_("Năm"), min_value=1900, max_value=9999)
