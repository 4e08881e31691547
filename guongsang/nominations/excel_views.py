"""Dossier lists in Excel: the template, the import (inline for small files, a job with a progress
bar for large ones) with its row-by-row report, and the export of the list a user sees."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guongsang.core.models import Job
from guongsang.core.permissions import can
from guongsang.core.services import check_stale

from . import excel, selectors, tasks
from .models import Nomination

# Beyond this many dossiers the export runs as a job instead of holding the request open.
EXPORT_INLINE_MAX = 5_000


class ImportForm(forms.Form):
    """An XLSX dossier list filled from the template."""

    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx, tối đa 15 MB, 20.000 dòng)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


def _require_preparer(user) -> None:
    if not can(user, "add", Nomination):
        raise PermissionDenied(_("Bạn không có quyền lập hồ sơ đề nghị."))


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def template(request):
    """The blank template, listing the units this user may prepare dossiers for."""
    _require_preparer(request.user)
    return _xlsx(excel.template_workbook(request.user), "mau-ho-so-de-nghi.xlsx")


@login_required
def import_dossiers(request):
    """Upload a dossier list: all rows become draft dossiers, or none and every bad row is listed.
    A small file is imported at once; a large one becomes a job the officer follows."""
    _require_preparer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = upload.name.rsplit("/", 1)[-1][:200]
        try:
            excel.check_file(upload)
            if upload.size > excel.INLINE_MAX_SIZE:
                job = tasks.start_import(request.user, upload, name)
                return redirect("nominations:excel_import_job", job_id=job.pk)
            report = excel.import_dossiers(request.user, upload, file_name=name)
        except ValidationError as error:
            form.add_error("file", error.messages)
        if report is None or not report.ok:
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "nominations/excel/import.html",
        {"form": form, "report": report, "summary": excel.summary(report) if report else ""},
        status=status,
    )


@login_required
def import_job(request, job_id: int):
    """A background import: its progress bar while it runs, its report when it ends."""
    job = check_stale(get_object_or_404(Job, pk=job_id, owner=request.user, kind=tasks.IMPORT_JOB))
    report = excel.ImportReport.from_dict(job.params["report"]) if "report" in job.params else None
    template_name = "nominations/excel/job.html#progress" if request.htmx else "nominations/excel/job.html"
    return render(request, template_name, {"job": job, "report": report})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def list_filters(data) -> dict:
    """The dossier list page's filters, as ``selectors.nominations_for`` takes them."""
    status = data.get("status", "")
    origin = data.get("origin", "")
    return {
        "q": data.get("q", "").strip()[:200],
        "status": status if status in Nomination.Status.values else "",
        "award_type": _int(data.get("award_type")),
        "year": _int(data.get("year")),
        "origin": origin if origin in Nomination.Origin.values else "",
    }


@login_required
@require_POST
def export(request):
    """The dossiers the user sees, with the list's filters, as XLSX; a long list as a job."""
    if not can(request.user, "export", Nomination):
        raise PermissionDenied(_("Bạn không có quyền xuất danh sách hồ sơ."))
    filters = list_filters(request.POST)
    if selectors.nominations_for(request.user, **filters).count() > EXPORT_INLINE_MAX:
        job = tasks.start_export(request.user, filters)
        return redirect(job.get_absolute_url())
    content = excel.export_nominations(request.user, **filters)
    return _xlsx(content, f"ho-so-de-nghi-{timezone.localdate():%Y%m%d}.xlsx")
