"""Org browser pages: tree, search, unit page, clusters, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.core.audit import timeline
from guongsang.core.permissions import can, scope_for

from . import selectors, services, tasks
from .forms import AddUnitForm, EditUnitForm
from .hooks import unit_page_context
from .models import OrgUnit


def _roots_for(user):
    """The top units of the user's scope: where their tree starts."""
    scope = scope_for(user)
    if scope.everything:
        return OrgUnit.objects.get_root_nodes()
    units = selectors.units_for(user).order_by("path")
    roots, last = [], None
    for unit in units.only("id", "path", "name", "kind", "numchild", "depth", "valid_to"):
        if last is None or not unit.path.startswith(last):
            roots.append(unit)
            last = unit.path
    return roots


@login_required
def browse(request):
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in OrgUnit.Kind.values:
        kind = ""
    context = {"q": q, "kind": kind, "kinds": OrgUnit.Kind.choices}
    if q or kind:
        page = Paginator(selectors.search_units(request.user, q=q, kind=kind), 50).get_page(
            request.GET.get("page")
        )
        context["page"] = page
        context["searching"] = True
        template = "orgs/browse.html#results" if request.htmx else "orgs/browse.html"
    else:
        context["roots"] = _roots_for(request.user)
        template = "orgs/browse.html"
    return render(request, template, context)


@login_required
def unit_children(request, unit_id: int):
    unit = get_object_or_404(selectors.units_for(request.user), pk=unit_id)
    return render(
        request, "orgs/_children.html", {"unit": unit, "children": selectors.children_of(request.user, unit)}
    )


@login_required
def unit_detail(
    request, unit_id: int, add_form: AddUnitForm | None = None, edit_form: EditUnitForm | None = None
):
    unit = get_object_or_404(selectors.units_for(request.user), pk=unit_id)
    if add_form is None and can(request.user, "add", unit):
        add_form = AddUnitForm()
    if edit_form is None and can(request.user, "change", unit):
        edit_form = EditUnitForm.for_unit(unit)
    children = Paginator(selectors.children_of(request.user, unit), 100).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "ancestors": selectors.ancestors_of(unit),
        "children": children,
        "clusters": selectors.clusters_of_unit(request.user, unit),
        "lineage": selectors.visible_lineage(request.user, unit),
        "successors": selectors.successions_of(request.user, unit),
        "can_manage": can(request.user, "manage_members", unit),
        "timeline": timeline(unit),
        "add_form": add_form,
        # Filled by the apps above orgs (accounts adds the people with a role here).
        **unit_page_context(request.user, unit),
        "edit_form": edit_form,
    }
    invalid = any(form is not None and form.errors for form in (add_form, edit_form))
    return render(request, "orgs/unit.html", context, status=400 if invalid else 200)


@login_required
@require_POST
def add_child(request, unit_id: int):
    parent = get_object_or_404(selectors.units_for(request.user), pk=unit_id)
    if not can(request.user, "add", parent):
        raise PermissionDenied(_("Bạn không có quyền thêm đơn vị trực thuộc đơn vị này."))
    form = AddUnitForm(request.POST)
    if form.is_valid():
        try:
            unit = services.add_unit(request.user, parent, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thêm %(unit)s.") % {"unit": unit})
            return redirect(unit.get_absolute_url())
    return unit_detail(request, unit_id, add_form=form)


@login_required
@require_POST
def edit_unit(request, unit_id: int):
    """Change a unit's details and validity; ending it asks for its legal basis or reason."""
    unit = get_object_or_404(selectors.units_for(request.user), pk=unit_id)
    if not can(request.user, "change", unit):
        raise PermissionDenied(_("Bạn không có quyền sửa đơn vị này."))
    form = EditUnitForm.for_unit(unit, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.update_unit(request.user, unit, reason=reason, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu thông tin đơn vị %(unit)s.") % {"unit": unit})
            return redirect(unit.get_absolute_url())
    return unit_detail(request, unit_id, edit_form=form)


@login_required
def clusters(request):
    return render(request, "orgs/clusters.html", {"clusters": selectors.clusters_for(request.user)})


@login_required
def cluster_detail(request, cluster_id: int):
    cluster = get_object_or_404(selectors.clusters_for(request.user), pk=cluster_id)
    return render(
        request,
        "orgs/cluster.html",
        {"cluster": cluster, "members": cluster.members.order_by("path"), "timeline": timeline(cluster)},
    )


@login_required
@require_POST
def export_units(request):
    """Start an XLSX export of the units the user sees, followed on the job page."""
    q = request.POST.get("q", "")
    kind = request.POST.get("kind", "")
    job = tasks.start_export(request.user, q=q, kind=kind if kind in OrgUnit.Kind.values else "")
    messages.info(request, _("Đang xuất danh sách đơn vị ra Excel."))
    return redirect(job.get_absolute_url())
