"""Nominee pages: list, create and edit with the duplicate check, detail, consent, merge, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from guongsang.core.audit import timeline
from guongsang.core.files import file_view, serve_image
from guongsang.core.listing import Column, list_page, render_list
from guongsang.core.permissions import can
from guongsang.orgs.models import OrgUnit

from . import excel, sections, selectors, services
from .filters import NomineeFilter
from .forms import ConsentForm, ImportForm, NomineeForm
from .models import Consent, Nominee, SensitiveAccess

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def _visible(user, nominee_id: int) -> Nominee:
    """The nominee if ``user`` may see it, else 404 (never say whether it exists)."""
    return get_object_or_404(selectors.nominees_for(user, include_merged=True), pk=nominee_id)


def _filters(request, source) -> dict:
    """The list filters from a query string or a posted form, limited to what the user may see."""
    kind = source.get("kind", "")
    if kind not in Nominee.Kind.values:
        kind = ""
    unit = None
    unit_id = source.get("unit", "")
    if unit_id.isdigit():
        unit = selectors.nominee_units_for(request.user).filter(pk=int(unit_id)).first()
    return {"q": source.get("q", "").strip()[:200], "kind": kind, "unit": unit}


@login_required
def nominee_list(request):
    listing = list_page(
        request,
        selectors.nominees_for(request.user),
        filterset_class=NomineeFilter,
        columns=[
            Column(_("Họ và tên / tên tập thể"), sort="name", order=("name_folded",)),
            Column(_("Loại"), sort="kind", order=("kind", "name_folded")),
            Column(_("Năm sinh")),
            Column(_("Đơn vị")),
            Column(_("Nơi cư trú")),
            Column(_("Số CCCD")),
        ],
        row_template="nominees/_row.html",
        page_size=PAGE_SIZE,
        count_message=lambda n: (
            ngettext("%(n)s người được đề xuất.", "%(n)s người được đề xuất.", n) % {"n": n}
        ),
        empty_message=_("Không có người nào khớp. Hãy thử từ khoá hoặc bộ lọc khác."),
        repeat_filters=True,
    )
    return render_list(request, "nominees/list.html", listing, {"can_add": can(request.user, "add", Nominee)})


def _duplicates_for(request, form_data, exclude=None):
    """Likely duplicates of what the form holds so far, among the nominees the user sees."""
    name = (form_data.get("full_name") or "").strip()
    cccd = (form_data.get("cccd") or "").strip()
    if not name and not cccd:
        return []
    year = form_data.get("birth_year")
    birth_date = form_data.get("birth_date")
    if not year and birth_date:
        year = getattr(birth_date, "year", None) or str(birth_date)[-4:]
    try:
        year = int(year) if year else None
    except (TypeError, ValueError):
        year = None

    def unit_of(value):
        if isinstance(value, OrgUnit):
            return value
        return OrgUnit.objects.filter(pk=int(value)).first() if str(value or "").isdigit() else None

    try:
        cccd = services.normalize_cccd(cccd)
    except ValidationError:
        cccd = ""
    return selectors.likely_duplicates(
        name,
        year,
        unit_of(form_data.get("unit")),
        unit_of(form_data.get("residence")),
        exclude=exclude,
        cccd=cccd,
        user=request.user,
    )


@login_required
@require_POST
def check_duplicates(request):
    """htmx: the likely duplicates of the form being filled in."""
    exclude = request.GET.get("exclude", "")
    duplicates = _duplicates_for(request, request.POST, exclude=int(exclude) if exclude.isdigit() else None)
    return render(
        request, "nominees/_duplicates.html", {"duplicates": duplicates, "confirmable": not exclude.isdigit()}
    )


@login_required
def nominee_create(request):
    if not can(request.user, "add", Nominee):
        raise PermissionDenied(_("Bạn không có quyền thêm người được đề xuất."))
    initial = {}
    current = getattr(request, "current_unit", None)
    if current:  # a lazy object: "is not None" would be true even when it wraps None
        initial["unit"] = current.pk
    form = NomineeForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    duplicates = []
    needs_confirmation = False
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates_for(request, form.cleaned_data)
        if duplicates and not request.POST.get("confirm_new"):
            # Not bad input: a question to the officer, so the page answers 200, not 400.
            needs_confirmation = True
            form.add_error(
                None,
                _(
                    "Có thể người này đã có trong hệ thống (xem danh sách bên dưới). Hãy mở hồ sơ đó, "
                    "hoặc đánh dấu “Tôi đã kiểm tra” để vẫn lưu thành người mới."
                ),
            )
        else:
            try:
                nominee = services.create_nominee(request.user, **form.service_data(editing=False))
            except ValidationError as error:
                _add_service_error(form, error)
            else:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": nominee.full_name})
                return redirect(nominee.get_absolute_url())
    status = 400 if request.method == "POST" and not needs_confirmation else 200
    return render(
        request,
        "nominees/form.html",
        {"form": form, "duplicates": duplicates, "nominee": None, "confirmable": True},
        status=status,
    )


def _add_service_error(form, error: ValidationError) -> None:
    """Put a service's field errors on the form fields (or on top for fields the form lacks)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
def nominee_edit(request, nominee_id: int):
    nominee = _visible(request.user, nominee_id)
    if not can(request.user, "change", nominee):
        raise PermissionDenied(_("Bạn không có quyền sửa thông tin người này."))
    form = NomineeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        nominee=nominee,
        initial=NomineeForm.initial_for(nominee),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_nominee(request.user, nominee, **form.service_data(editing=True))
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(nominee.get_absolute_url())
    duplicates = _duplicates_for(
        request, form.cleaned_data if form.is_bound and form.is_valid() else form.initial
    )
    duplicates = [d for d in duplicates if d.nominee.pk != nominee.pk]
    return render(
        request,
        "nominees/form.html",
        {"form": form, "duplicates": duplicates, "nominee": nominee},
        status=400 if request.method == "POST" else 200,
    )


# The masked fields of the nominee page: how each is masked, and its reveal button's label.
SENSITIVE_DISPLAY = {
    "cccd": (lambda n: n.cccd_masked, gettext_lazy("Xem số CCCD đầy đủ")),
    "phone": (lambda n: n.phone_masked, gettext_lazy("Xem số điện thoại")),
    "email": (lambda n: n.email_masked, gettext_lazy("Xem thư điện tử")),
}


def _sensitive(user, nominee: Nominee, field: str, revealed: str = "") -> dict:
    """What the page shows of a masked field: the masked value with a reveal button for those
    who may see it, or the value just revealed (and logged)."""
    masked, label = SENSITIVE_DISPLAY[field]
    stored = bool(getattr(nominee, field))
    return {
        "field": field,
        "masked": masked(nominee),
        "revealed": revealed,
        "can_reveal": stored and not revealed and services.may_reveal(user, nominee, field),
        "label": label,
    }


@login_required
def nominee_detail(
    request, nominee_id: int, consent_form: ConsentForm | None = None, revealed: dict[str, str] | None = None
):
    nominee = _visible(request.user, nominee_id)
    can_edit = can(request.user, "change", nominee)
    duplicates = []
    if not nominee.is_merged:
        duplicates = selectors.likely_duplicates(
            nominee.full_name,
            nominee.birth_year,
            nominee.unit,
            nominee.residence,
            exclude=nominee,
            cccd=nominee.cccd,
            user=request.user,
        )
    if consent_form is None and can_edit:
        consent_form = ConsentForm(initial={"given_at": timezone.localdate(), "given_by": nominee.full_name})
    context = {
        "nominee": nominee,
        "can_edit": can_edit,
        "sensitive": {
            field: _sensitive(request.user, nominee, field, (revealed or {}).get(field, ""))
            for field in SENSITIVE_DISPLAY
        },
        "consents": selectors.consents_of(nominee),
        "consent_form": consent_form,
        "duplicates": duplicates,
        "merged_from": nominee.merged_from.select_related("unit"),
        "sections": sections.sections_for(request.user, nominee),
        "accesses": selectors.sensitive_accesses_of(nominee)
        if can(request.user, "view", SensitiveAccess(nominee=nominee))
        else None,
        "timeline": _timeline_with_merged(nominee),
    }
    status = 400 if consent_form is not None and consent_form.errors else 200
    return render(request, "nominees/detail.html", context, status=status)


def _timeline_with_merged(nominee: Nominee) -> list:
    """The nominee's history together with that of every record merged into it, newest first:
    after a merge, one page tells the whole story of the person."""
    entries = timeline(nominee)
    for merged in nominee.merged_from.all():
        for entry in timeline(merged):
            entry.action = f"{entry.action} — {merged.full_name} (#{merged.pk})"
            entries.append(entry)
    return sorted(entries, key=lambda e: e.when, reverse=True)


@login_required
@require_POST
def reveal(request, nominee_id: int, field: str):
    """Show a masked field (CCCD, phone, e-mail) in full to a role that needs it; logged by the
    service."""
    if field not in SENSITIVE_DISPLAY:
        raise Http404
    nominee = _visible(request.user, nominee_id)
    value = services.reveal(request.user, nominee, field)
    if request.htmx:
        item = _sensitive(request.user, nominee, field, value)
        return render(request, "nominees/_sensitive.html", {"nominee": nominee, "item": item})
    return nominee_detail(request, nominee_id, revealed={field: value})


def reveal_cccd(request, nominee_id: int):
    """The CCCD's own address, kept for bookmarks and older pages."""
    return reveal(request, nominee_id, "cccd")


@file_view
def photo(request, nominee_id: int):
    """The nominee's photo, served only to those who may see the nominee."""
    nominee = _visible(request.user, nominee_id)
    if not nominee.photo:
        raise Http404
    return serve_image(nominee.photo, cache="private, max-age=3600")


@login_required
@require_POST
def add_consent(request, nominee_id: int):
    nominee = _visible(request.user, nominee_id)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.give_consent(request.user, nominee, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận sự đồng ý công bố."))
            return redirect(nominee.get_absolute_url())
    return nominee_detail(request, nominee_id, consent_form=form)


@login_required
@require_POST
def withdraw_consent(request, nominee_id: int, consent_id: int):
    nominee = _visible(request.user, nominee_id)
    consent = get_object_or_404(Consent, pk=consent_id, nominee=nominee)
    try:
        services.withdraw_consent(request.user, consent, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã rút lại sự đồng ý."))
    return redirect(nominee.get_absolute_url())


@login_required
def merge(request, nominee_id: int):
    """Choose the other record of the same person, which one to keep, and confirm."""
    nominee = _visible(request.user, nominee_id)
    if not can(request.user, "merge", nominee):
        raise PermissionDenied(_("Bạn không có quyền hợp nhất người này."))
    source = request.POST if request.method == "POST" else request.GET
    other = None
    other_id = source.get("other", "")
    if other_id.isdigit() and int(other_id) != nominee.pk:
        other = selectors.nominees_for(request.user).filter(pk=int(other_id)).first()
    q = request.GET.get("q", "").strip()[:200]
    candidates = []
    if other is None:
        if q:
            candidates = list(selectors.nominees_for(request.user, q=q).exclude(pk=nominee.pk)[:20])
        else:
            candidates = [
                d.nominee
                for d in selectors.likely_duplicates(
                    nominee.full_name,
                    nominee.birth_year,
                    nominee.unit,
                    nominee.residence,
                    exclude=nominee,
                    cccd=nominee.cccd,
                    user=request.user,
                )
            ]
    if request.method == "POST" and other is not None:
        keep_id = request.POST.get("keep", "")
        if keep_id not in (str(nominee.pk), str(other.pk)):
            messages.error(request, _("Hãy chọn hồ sơ được giữ lại."))
        else:
            keep, drop = (nominee, other) if keep_id == str(nominee.pk) else (other, nominee)
            try:
                services.merge_nominees(request.user, keep=keep, drop=drop)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Đã hợp nhất %(drop)s vào %(keep)s; lịch sử của cả hai được giữ nguyên.")
                    % {"drop": drop.full_name, "keep": keep.full_name},
                )
                return redirect(keep.get_absolute_url())
    return render(
        request,
        "nominees/merge.html",
        {"nominee": nominee, "other": other, "pair": [nominee, other], "candidates": candidates, "q": q},
    )


@login_required
def import_list(request):
    """Upload a nominee list; all rows are written, or none and every bad row is listed."""
    if not can(request.user, "add", Nominee):
        raise PermissionDenied(_("Bạn không có quyền nhập danh sách người được đề xuất."))
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = excel.import_nominees(request.user, form.cleaned_data["file"], form.cleaned_data["unit"])
        except ValidationError as error:
            form.add_error("file", error.messages)
            status = 400
        else:
            if report.ok:
                messages.success(
                    request, _("Đã nhập %(count)d người được đề xuất.") % {"count": len(report.created)}
                )
            else:
                status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "nominees/import.html", {"form": form, "report": report}, status=status)


@login_required
def import_template(request):
    response = HttpResponse(excel.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-nguoi-duoc-de-xuat.xlsx"'
    return response


@login_required
@require_POST
def export_list(request):
    """Download the nominees the user sees, with the list's filters, as XLSX."""
    filters = _filters(request, request.POST)
    content = excel.export_nominees(request.user, **filters)
    response = HttpResponse(content, content_type=XLSX)
    name = f"nguoi-duoc-de-xuat-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
