"""The filter form of the officers' list of tips."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import GoodDeedReport


class ReportFilter(django_filters.FilterSet):
    """The officers' list of tips: person's name or tracking code (as typed, each word), status."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Tên người được báo tin hoặc mã theo dõi"),
        widget=forms.SearchInput,
    )
    status = django_filters.ChoiceFilter(
        choices=GoodDeedReport.Status.choices,
        label=_("Trạng thái"),
        empty_label=_("Tất cả"),
    )

    def search(self, queryset, name, value):
        for word in value[:100].split():
            queryset = queryset.filter(Q(person_name__icontains=word) | Q(tracking_code__icontains=word))
        return queryset
