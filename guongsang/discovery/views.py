"""Pages of tips about good deeds from citizens and the press.

Public (no login): the form "Báo tin người tốt, việc tốt", the page that gives the tracking code,
and the status lookup by code. Officers (login): the reports of their communes, one report with
its files, and the accept and decline forms. Every write goes through ``services``.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from guongsang.core.audit import timeline
from guongsang.core.crypto import mask
from guongsang.core.files import file_view, serve
from guongsang.core.listing import Column, list_page, render_list
from guongsang.core.permissions import can, visible_to
from guongsang.nominees.models import Nominee
from guongsang.nominees.selectors import likely_duplicates
from guongsang.orgs.models import OrgUnit

from . import selectors, services
from .filters import ReportFilter
from .forms import AcceptForm, DeclineForm, PublicReportForm
from .models import GoodDeedReport, ReportFile
from .rules import REPORT_HANDLER_ROLES


def _add_errors(
    form: forms.Form,
    exc: ValidationError,
    aliases: dict[str, str] | None = None,
    skip: set[str] = frozenset(),
) -> None:
    aliases = aliases or {}
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    for field, errors in by_field.items():
        field = aliases.get(field, field)
        if field in skip:
            continue
        for error in errors:
            form.add_error(field if field in form.fields else None, " ".join(error.messages))


# --- Public pages -------------------------------------------------------------------------------


def _province(request) -> OrgUnit | None:
    try:
        pk = int(request.GET.get("tinh", ""))
    except ValueError:
        return None
    return selectors.provinces().filter(pk=pk).first()


@never_cache
def public_form(request):
    """ "Báo tin người tốt, việc tốt": anyone may file, no account needed."""
    province = _province(request)
    if request.method != "POST":
        form = PublicReportForm(province=province)
        return _render_form(request, form, province)
    form = PublicReportForm(request.POST, request.FILES)
    if form.data.get("website"):
        # A bot filled the hidden field: refuse without telling it why.
        form.add_error(None, _("Không gửi được tin báo. Vui lòng thử lại."))
        return _render_form(request, form, None, status=400)
    client = get_client_ip_address(request) or ""
    try:
        services.claim_submission(client)
    except services.TooManyReports as exc:
        return render(request, "discovery/throttled.html", {"message": exc.message}, status=429)
    if form.is_valid():
        try:
            report = services.submit_report(**_report_fields(form.cleaned_data))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("discovery:public_sent", code=report.tracking_code)
    else:
        # Explain the service's problems too (a missing contact…), not only what the form
        # refused, so a citizen fixes everything in one go.
        try:
            services.check_report(**_report_fields(form.cleaned_data))
        except ValidationError as exc:
            _add_errors(form, exc, skip=set(form.errors))
    services.release_submission(client)
    commune = form.cleaned_data.get("place_commune") if hasattr(form, "cleaned_data") else None
    province = _province_of(commune) if commune else None
    return _render_form(request, form, province, status=200)


REPORT_FIELDS = (
    "reporter_name",
    "reporter_phone",
    "reporter_email",
    "source",
    "press_outlet",
    "press_link",
    "person_name",
    "person_details",
    "what_happened",
    "place_commune",
    "place_detail",
    "occurred_on",
    "files",
)


def _report_fields(data: dict) -> dict:
    """The service's arguments from the form's cleaned data (fields the form refused are empty)."""
    fields = {name: data.get(name) for name in REPORT_FIELDS}
    fields["source"] = fields["source"] or GoodDeedReport.Source.CITIZEN
    fields["files"] = fields["files"] or []
    for name in REPORT_FIELDS:
        if fields[name] is None and name not in ("place_commune", "occurred_on"):
            fields[name] = ""
    return fields


def _province_of(commune: OrgUnit) -> OrgUnit | None:
    step = OrgUnit.steplen
    return (
        selectors.provinces()
        .filter(path__in=[commune.path[:end] for end in range(step, len(commune.path), step)])
        .first()
    )


def _render_form(request, form: PublicReportForm, province: OrgUnit | None, status: int = 200):
    if form.is_bound:
        # Re-list only the chosen province's communes, keeping the chosen one selected.
        form.fields["place_commune"].queryset = (
            selectors.communes_of(province) if province else OrgUnit.objects.none()
        )
        if province is None:
            form.fields["place_commune"].empty_label = _("— Chọn tỉnh, thành phố trước —")
    return render(
        request,
        "discovery/public_form.html",
        {
            "form": form,
            "provinces": selectors.provinces(),
            "province": province,
            "max_files": services.MAX_FILES,
        },
        status=status,
    )


def public_communes(request):
    """The commune options of one province (htmx swaps them into the form's select)."""
    province = _province(request)
    communes = selectors.communes_of(province) if province else []
    return render(request, "discovery/_commune_options.html", {"communes": communes, "province": province})


@never_cache
def public_sent(request, code: str):
    """The thank-you page with the tracking code, shown once the report is saved."""
    report = selectors.report_by_code(code)
    if report is None:
        raise Http404
    return render(request, "discovery/public_sent.html", {"report": report})


@never_cache
def public_status(request):
    """Follow a report by its code: its status and nothing private."""
    code = request.GET.get("ma", "").strip()[:40]
    report = selectors.report_by_code(code) if code else None
    return render(
        request,
        "discovery/public_status.html",
        {"code": code, "report": report, "searched": bool(code)},
        status=404 if code and report is None else 200,
    )


# --- Officers' pages ----------------------------------------------------------------------------


@login_required
def report_list(request):
    if not can(request.user, "view", GoodDeedReport):
        raise PermissionDenied
    listing = list_page(
        request,
        selectors.reports_for(request.user),
        filterset_class=ReportFilter,
        columns=[
            Column(_("Mã theo dõi")),
            Column(_("Người được báo tin")),
            Column(_("Xã, phường")),
            Column(_("Nguồn")),
            Column(_("Ngày gửi"), sort="created", order=("created_at",)),
            Column(_("Trạng thái")),
        ],
        default_sort="-created",
        row_template="discovery/_row.html",
        empty_message=_("Không có tin báo nào khớp điều kiện lọc."),
    )
    return render_list(request, "discovery/list.html", listing)


def _get_report(request, report_id: int) -> GoodDeedReport:
    return get_object_or_404(
        selectors.reports_for(request.user).select_related("nomination", "handled_by"), pk=report_id
    )


def _mask_email(address: str) -> str:
    if "@" not in address:
        return mask(address, keep_start=1, keep_end=0)
    local, domain = address.split("@", 1)
    return f"{local[:1]}***@{domain}"


def _detail(request, report: GoodDeedReport, accept_form=None, decline_form=None, status: int = 200):
    may_accept = services.may_accept(request.user, report)
    duplicates = []
    if may_accept:
        duplicates = likely_duplicates(
            report.person_name, unit=report.place_commune, residence=report.place_commune, user=request.user
        )
        accept_form = accept_form or AcceptForm(report, duplicates)
    full_contact = services.sees_reporter_contact(request.user, report)
    return render(
        request,
        "discovery/detail.html",
        {
            "report": report,
            "files": list(report.files.all()),
            "phone": report.reporter_phone if full_contact else report.reporter_phone_masked,
            "email": report.reporter_email if full_contact else _mask_email(report.reporter_email),
            "accept_form": accept_form if may_accept else None,
            "duplicates": duplicates,
            "decline_form": (decline_form or DeclineForm())
            if services.may_decline(request.user, report)
            else None,
            "timeline": timeline(report),
        },
        status=status,
    )


@login_required
def report_detail(request, report_id: int):
    return _detail(request, _get_report(request, report_id))


@login_required
@require_POST
def report_accept(request, report_id: int):
    report = _get_report(request, report_id)
    if not services.may_accept(request.user, report):
        messages.error(
            request, _("Bạn không thể chấp nhận tin báo này (đã được xử lý hoặc ngoài phạm vi của bạn).")
        )
        return redirect(report)
    duplicates = likely_duplicates(
        report.person_name, unit=report.place_commune, residence=report.place_commune, user=request.user
    )
    form = AcceptForm(report, duplicates, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        nominee = None
        if data["nominee"]:
            nominee = visible_to(request.user, Nominee.objects.all()).filter(pk=data["nominee"]).first()
        nominee_data = {
            "full_name": data["full_name"] or report.person_name,
            "birth_year": data["birth_year"],
            "occupation": data["occupation"],
        }
        try:
            report = services.accept_report(
                request.user,
                report,
                award_type=data["award_type"],
                nominee=nominee,
                nominee_data=None if nominee else nominee_data,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
        else:
            messages.success(
                request,
                _("Đã chấp nhận tin báo %(code)s và lập hồ sơ %(dossier)s (đang soạn).")
                % {"code": report.tracking_code, "dossier": report.nomination.code},
            )
            return redirect(report.nomination)
    return _detail(request, report, accept_form=form, status=400)


@login_required
@require_POST
def report_decline(request, report_id: int):
    report = _get_report(request, report_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            report = services.decline_report(request.user, report, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if getattr(exc, "code", None) == "transition_not_allowed":
                messages.error(request, " ".join(exc.messages))
                return redirect(report)
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("Đã ghi nhận: không chấp nhận tin báo %(code)s.") % {"code": report.tracking_code}
            )
            return redirect(report)
    return _detail(request, report, decline_form=form, status=400)


@file_view
def report_file(request, file_id: int):
    """A file of a report, for the people who may read the report."""
    item = get_object_or_404(
        visible_to(request.user, ReportFile.objects.all(), roles=REPORT_HANDLER_ROLES), pk=file_id
    )
    # Always a download: a file from the public must never render as a page of this site.
    return serve(item.file, filename=item.name)
