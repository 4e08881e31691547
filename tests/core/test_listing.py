"""The shared back-office list: filters, whitelisted sorting, paging, the rendered table."""

from __future__ import annotations

import copy
import re

import django_filters
import pytest
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.test import RequestFactory

from guongsang.core.listing import Column, FoldedSearchFilter, list_page, render_list
from guongsang.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


class GroupFilter(django_filters.FilterSet):
    q = FoldedSearchFilter(field_name="name")


class UnitFilter(django_filters.FilterSet):
    q = FoldedSearchFilter(field_name="name_folded")
    kind = django_filters.ChoiceFilter(choices=OrgUnit.Kind.choices, empty_label="Tất cả")


COLUMNS = [Column("Tên", sort="name", order=("name",)), Column("Mã")]


@pytest.fixture
def groups():
    return [Group.objects.create(name=f"nhom {n:02d}") for n in range(25)]


def _list(query: dict, **kwargs):
    request = RequestFactory().get("/danh-sach/", query)
    options = {
        "columns": COLUMNS,
        "row_template": "row.html",
        "filterset_class": GroupFilter,
        "page_size": 10,
    }
    return list_page(request, Group.objects.order_by("-pk"), **(options | kwargs))


def _templates_from(settings, folder) -> None:
    """Let the tests' own row templates be found (a new TEMPLATES value resets the engines)."""
    engine = copy.deepcopy(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine["DIRS"], folder]
    settings.TEMPLATES = [engine]


def names(listing) -> list[str]:
    return [g.name for g in listing.page.object_list]


def test_sort_by_a_whitelisted_column_both_ways(groups):
    assert names(_list({"sort": "name"}))[:2] == ["nhom 00", "nhom 01"]
    descending = _list({"sort": "-name"})
    assert names(descending)[:2] == ["nhom 24", "nhom 23"]
    assert descending.headers[0].aria_sort == "descending"
    # A click on the sorted header reverses it; the unsortable column has no link.
    assert _list({"sort": "name"}).headers[0].url == "?sort=-name"
    assert descending.headers[1].url == "" and descending.headers[1].aria_sort == ""


@pytest.mark.parametrize("sort", ["password", "-id", "name__length", "--name", "pk", "user__password"])
def test_unknown_sort_is_refused_and_the_default_order_kept(groups, sort):
    listing = _list({"sort": sort})
    assert listing.sort == ""
    assert names(listing)[0] == "nhom 24"  # the queryset's own ordering (-pk)
    assert "sort=" not in listing.next_url and all(h.aria_sort == "" for h in listing.headers)


def test_default_sort_applies_without_a_sort_in_the_url(groups):
    listing = _list({}, default_sort="name")
    assert names(listing)[0] == "nhom 00" and listing.headers[0].aria_sort == "ascending"


def test_filters_and_sort_are_kept_in_pager_and_header_links(groups):
    listing = _list({"q": "nhom", "sort": "-name", "page": "2"})
    assert listing.total == 25 and listing.page.number == 2
    assert listing.previous_url == "?q=nhom&sort=-name&page=1"
    assert listing.next_url == "?q=nhom&sort=-name&page=3"
    # A new sort starts again from the first page, with the filter.
    assert listing.headers[0].url == "?q=nhom&sort=name"


def test_search_ignores_diacritics(org_tree):
    request = RequestFactory().get("/", {"q": "DONG  da"})
    listing = list_page(
        request, OrgUnit.objects.all(), columns=COLUMNS, row_template="r.html", filterset_class=UnitFilter
    )
    assert [u.name for u in listing.page.object_list] == [org_tree.dong_da.name]


def test_invalid_filter_value_is_ignored_not_an_error(org_tree):
    request = RequestFactory().get("/", {"kind": "castle"})
    listing = list_page(
        request, OrgUnit.objects.all(), columns=COLUMNS, row_template="r.html", filterset_class=UnitFilter
    )
    assert listing.total == OrgUnit.objects.count()
    assert listing.form.errors["kind"]


@pytest.mark.parametrize(("asked", "shown"), [("999", 3), ("0", 3), ("hai", 1), ("-1", 3), ("", 1)])
def test_page_out_of_range_shows_the_nearest_page(groups, asked, shown):
    assert _list({"page": asked}).page.number == shown


def test_rendered_table_has_sort_links_aria_sort_pager_and_total(groups, tmp_path, settings):
    rows = tmp_path / "row.html"
    rows.write_text("<tr><td>{{ item.name }}</td><td>{{ item.pk }}</td></tr>")
    _templates_from(settings, tmp_path)
    request = RequestFactory().get("/danh-sach/", {"q": "nhom", "sort": "name", "page": "2"})
    listing = list_page(
        request,
        Group.objects.order_by("pk"),
        columns=COLUMNS,
        row_template="row.html",
        filterset_class=GroupFilter,
        page_size=10,
    )
    html = render_to_string("core/_list.html", {"listing": listing}, request=request)
    assert '<th scope="col" aria-sort="ascending"><a class="sort-link" href="?q=nhom&amp;sort=-name"' in html
    assert "Trang 2/3" in html and "Tổng: 25" in html
    assert (
        'href="?q=nhom&amp;sort=name&amp;page=1"' in html
        and 'href="?q=nhom&amp;sort=name&amp;page=3"' in html
    )
    assert html.count("<tr>") == 11  # the header row and ten rows
    # The filter form keeps the sort for the next filter change, and shows the search.
    assert re.search(r'<input type="hidden" name="sort" id="list-results-sort" value="name"', html)
    assert 'value="nhom"' in html


def test_empty_state_says_so_without_a_table(tmp_path):
    request = RequestFactory().get("/", {"q": "khong co"})
    listing = list_page(
        request,
        Group.objects.order_by("pk"),
        columns=COLUMNS,
        row_template="r.html",
        filterset_class=GroupFilter,
        empty_message="Không có nhóm nào khớp.",
    )
    html = render_to_string("core/_list_results.html", {"listing": listing}, request=request)
    assert "Không có nhóm nào khớp." in html and "<table" not in html and "Tổng: 0" in html
    assert "Phân trang" not in html


def test_htmx_gets_only_the_results(groups, tmp_path, settings):
    (tmp_path / "row.html").write_text("<tr><td>{{ item.name }}</td><td></td></tr>")
    (tmp_path / "page.html").write_text("<html>{% include 'core/_list.html' %}</html>")
    _templates_from(settings, tmp_path)
    from django_htmx.middleware import HtmxDetails

    def get(headers):
        request = RequestFactory().get("/", {"q": "nhom 1"}, headers=headers)
        request.htmx = HtmxDetails(request)
        listing = list_page(
            request,
            Group.objects.order_by("pk"),
            columns=COLUMNS,
            row_template="row.html",
            filterset_class=GroupFilter,
        )
        return render_list(request, "page.html", listing).content.decode()

    assert "<html>" in get({})
    partial = get({"HX-Request": "true", "HX-Target": "list-results"})
    assert "<html>" not in partial and "nhom 01" in partial and "nhom 00" not in partial
    assert 'data-hx-swap-oob="true"' in partial  # the form's hidden sort follows the results
    # A request aimed at some other part of the page is not answered with the list.
    assert "<html>" in get({"HX-Request": "true", "HX-Target": "elsewhere"})


def test_a_sortable_column_needs_its_fields():
    with pytest.raises(ValueError):
        Column("Tên", sort="name")


def test_repeated_filters_follow_an_htmx_filter_change(groups):
    from django_htmx.middleware import HtmxDetails

    request = RequestFactory().get("/", {"q": "nhom 1"}, headers={"HX-Request": "true"})
    request.htmx = HtmxDetails(request)
    listing = _list({"q": "nhom 1"}, repeat_filters=True, row_template="core/_list_filter_values.html")
    assert listing.filter_values == [("q", "nhom 1")]
    partial = render_to_string("core/_list_results.html", {"listing": listing}, request=request)
    oob = '<span id="list-results-filters" data-hx-swap-oob="true">'
    assert f'{oob}<input type="hidden" name="q" value="nhom 1">' in partial
