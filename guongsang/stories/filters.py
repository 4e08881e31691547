"""The back-office story list's filter form."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from guongsang.core.listing import FoldedSearchFilter
from guongsang.movements.models import Field

from .models import Story
from .selectors import MAX_QUERY_WORDS


class StoryFilter(django_filters.FilterSet):
    """Words of the title and text (diacritics ignored), status, field of work, year written."""

    q = FoldedSearchFilter(field_name="search_folded", label=_("Tìm bài viết"), max_words=MAX_QUERY_WORDS)
    status = django_filters.ChoiceFilter(
        choices=Story.Status.choices, label=_("Trạng thái"), empty_label=_("Tất cả")
    )
    field = django_filters.ModelChoiceFilter(
        queryset=Field.objects.order_by("order", "name"), label=_("Lĩnh vực"), empty_label=_("Tất cả")
    )
    year = django_filters.NumberFilter(field_name="created_at", lookup_expr="year", label=_("Năm"))
