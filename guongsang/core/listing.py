"""One way to list things in the back office: filter, sort, page, render.

A list view hands :func:`list_page` the rows the user may see (already through ``visible_to``),
a django-filter ``FilterSet`` for the filter form, the table's columns (the sortable ones say how
they sort) and the row template; it gets back a :class:`Listing` that the shared partials
(``core/_list.html`` for the form and the results, ``core/_list_results.html`` for the results
alone) render, and :func:`render_list` answers an htmx filter change with the results alone::

    listing = list_page(
        request,
        selectors.stories_for(request.user),
        filterset_class=StoryFilter,
        columns=[
            Column(_("Tiêu đề"), sort="title", order=("title_folded",)),
            Column(_("Đơn vị")),
        ],
        row_template="stories/_row.html",
        empty_message=_("Chưa có bài viết nào khớp điều kiện lọc."),
    )
    return render_list(request, "stories/list.html", listing, {"may_create": ...})

The URL says ``?sort=title`` (ascending) or ``?sort=-title`` (descending); a value that is not a
column's ``sort`` key is ignored, so a visitor can never order by an arbitrary field. Without a
sort the queryset keeps its own ordering (the selector's default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .text import fold

SORT_PARAM = "sort"
PAGE_PARAM = "page"
DEFAULT_PAGE_SIZE = 50
#: The id of the element the results render into; htmx requests that target it get the results alone.
RESULTS_ID = "list-results"


@dataclass(frozen=True)
class Column:
    """A table column: its header and, when sortable, its URL key and the fields it orders by
    (ascending; the descending order reverses each of them)."""

    label: str
    sort: str = ""
    order: tuple[str, ...] = ()
    #: Extra class on the header cell (for example "num" for right-aligned figures).
    css_class: str = ""

    def __post_init__(self):
        if bool(self.sort) != bool(self.order):
            raise ValueError("A sortable column needs both a sort key and the fields it orders by.")


@dataclass
class Header:
    """A column header as the table renders it."""

    label: str
    url: str = ""
    #: "ascending", "descending" or "" (the value of the header's aria-sort).
    aria_sort: str = ""
    css_class: str = ""


@dataclass
class Listing:
    """What a list page renders: the filter form, the page of rows, the headers and the pager."""

    filterset: django_filters.FilterSet | None
    page: Page
    headers: list[Header]
    row_template: str
    empty_message: str
    #: "Tổng: 120", or the list's own phrase ("Có 120 phong trào.").
    count_text: str
    #: The active sort as it appears in the URL ("-year"), or "" for the default ordering.
    sort: str
    #: The query string of the current filters and sort, without the page ("q=an&sort=-year").
    query: str
    previous_url: str = ""
    next_url: str = ""
    results_id: str = RESULTS_ID
    #: The page repeats the filters in a form of its own (core/_list_filter_values.html), kept in step.
    repeat_filters: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def form(self):
        return self.filterset.form if self.filterset is not None else None

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def filter_values(self) -> list[tuple[str, str]]:
        """The filters as typed, for a form that repeats them (an export button beside the list)."""
        if self.filterset is None:
            return []
        data = self.filterset.data or {}
        return [(name, data.get(name, "")) for name in self.filterset.filters]

    @property
    def filtered(self) -> bool:
        """True when the visitor narrowed the list (the empty state then suggests other filters)."""
        if self.filterset is None or not self.filterset.is_bound:
            return False
        return any(self.filterset.data.get(name) for name in self.filterset.filters)


def _reverse(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f[1:] if f.startswith("-") else f"-{f}" for f in order)


def _url(query: QueryDict, **changes) -> str:
    query = query.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def list_page(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    columns: list[Column],
    row_template: str,
    filterset_class: type[django_filters.FilterSet] | None = None,
    default_sort: str = "",
    page_size: int = DEFAULT_PAGE_SIZE,
    empty_message: str = "",
    count_message: Callable[[int], str] | None = None,
    repeat_filters: bool = False,
    filterset_kwargs: dict | None = None,
) -> Listing:
    """Filter ``queryset`` (rows the user may already see) by the request's query string, sort it
    by a whitelisted column, and cut the requested page out of it.

    ``default_sort`` ("-year") applies when the URL names no valid sort; leave it empty to keep
    the queryset's own ordering. A page number out of range shows the last page, a page that is
    not a number the first (Django's ``Paginator.get_page``).
    """
    params = request.GET
    filterset = None
    if filterset_class is not None:
        filterset = filterset_class(
            params or None, queryset=queryset, request=request, **(filterset_kwargs or {})
        )
        queryset = filterset.qs

    orders = {c.sort: c.order for c in columns if c.sort}
    requested = params.get(SORT_PARAM, "")
    sort = requested if requested.lstrip("-") in orders and requested.count("-") <= 1 else ""
    if not sort and default_sort.lstrip("-") in orders:
        sort = default_sort
    if sort:
        key = sort.lstrip("-")
        order = orders[key] if not sort.startswith("-") else _reverse(orders[key])
        # The primary key last, so that rows with equal values keep their place from page to page.
        queryset = queryset.order_by(*order, "-pk" if sort.startswith("-") else "pk")

    page = Paginator(queryset, page_size).get_page(params.get(PAGE_PARAM))
    # Evaluated once here: views may decorate the rows (deadlines, counts) before the template reads them.
    page.object_list = list(page.object_list)

    base = params.copy()
    base.pop(PAGE_PARAM, None)
    if sort != requested:
        base.pop(SORT_PARAM, None)
        if sort and sort != default_sort:
            base[SORT_PARAM] = sort
    headers = []
    for column in columns:
        header = Header(label=column.label, css_class=column.css_class)
        if column.sort:
            ascending = sort == column.sort
            descending = sort == f"-{column.sort}"
            header.aria_sort = "ascending" if ascending else "descending" if descending else ""
            # A click on the sorted column reverses it; on another column sorts by it ascending.
            header.url = _url(
                base, **{SORT_PARAM: f"-{column.sort}" if ascending else column.sort, PAGE_PARAM: None}
            )
        headers.append(header)

    return Listing(
        filterset=filterset,
        page=page,
        headers=headers,
        row_template=row_template,
        empty_message=empty_message or str(_("Không có mục nào khớp điều kiện lọc.")),
        count_text=count_message(page.paginator.count)
        if count_message
        else _("Tổng: %(count)s") % {"count": page.paginator.count},
        sort=sort,
        query=base.urlencode(),
        previous_url=_url(base, **{PAGE_PARAM: page.previous_page_number()}) if page.has_previous() else "",
        next_url=_url(base, **{PAGE_PARAM: page.next_page_number()}) if page.has_next() else "",
        repeat_filters=repeat_filters,
    )


def render_list(
    request: HttpRequest, template: str, listing: Listing, context: dict | None = None
) -> HttpResponse:
    """The whole page, or only the results when htmx asks for them (a filter change, a sort, a page)."""
    context = {"listing": listing, **(context or {})}
    htmx = getattr(request, "htmx", None)
    # An htmx request that names no other target is the list's own (a filter form posted by htmx).
    if htmx and not htmx.boosted and htmx.target in (None, listing.results_id):
        return render(request, "core/_list_results.html", context)
    return render(request, template, context)


# --- Filters the lists share ------------------------------------------------------------------


class FoldedSearchFilter(django_filters.CharFilter):
    """Search that ignores diacritics and case: every word of the query must occur in one of the
    folded columns ``field_names`` ("nguyen van a" finds "Nguyễn Văn A"; "đ" folds to "d").
    A query longer than ``max_length`` is cut, not refused (as the lists always did)."""

    def __init__(
        self,
        *args,
        field_names: tuple[str, ...] = (),
        max_length: int = 200,
        max_words: int | None = None,
        **kwargs,
    ):
        kwargs.setdefault("label", _("Tìm"))
        kwargs.setdefault("widget", forms.SearchInput(attrs={"autocomplete": "off"}))
        super().__init__(*args, **kwargs)
        self.field_names = field_names or (self.field_name,)
        self.max_length = max_length
        self.max_words = max_words

    def filter(self, qs, value):
        for word in fold((value or "")[: self.max_length]).split()[: self.max_words]:
            condition = Q()
            for name in self.field_names:
                condition |= Q(**{f"{name}__contains": word})
            qs = qs.filter(condition)
        return qs
