"""Pages of citizens' and press reports of good deeds.

Public (no login): the form "Báo tin người tốt, việc tốt", the page that gives the tracking code,
and the status lookup by code. Officers (login): the reports of their communes, one report with
its files, and the accept and decline forms. Every write goes through ``reports``.
"""

from __future__ import annotations

import django_filters
from axes.helpers import get_client_ip_address
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from guongsang.awards.models import AwardType
from guongsang.core.audit import timeline
from guongsang.core.crypto import mask
from guongsang.core.files import file_view, serve
from guongsang.core.listing import Column, list_page, render_list
from guongsang.core.permissions import can, visible_to
from guongsang.orgs.models import OrgUnit

from . import reports, selectors
from .models import GoodDeedReport, ReportFile
from .rules import REPORT_HANDLER_ROLES

# --- Forms --------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the service checks each."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


class PublicReportForm(forms.Form):
    """The public form. Bounds and checks live in ``reports.submit_report``; the form only
    parses, so the API and the page refuse the same input with the same messages."""

    source = forms.ChoiceField(
        label=gettext_lazy("Bạn là"),
        choices=[
            (GoodDeedReport.Source.CITIZEN, gettext_lazy("Người dân")),
            (GoodDeedReport.Source.PRESS, gettext_lazy("Phóng viên, cơ quan báo chí")),
        ],
        initial=GoodDeedReport.Source.CITIZEN,
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label=gettext_lazy("Họ và tên của bạn"), max_length=255, required=False)
    reporter_phone = forms.CharField(
        label=gettext_lazy("Số điện thoại"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=gettext_lazy("Ví dụ 0912 345 678. Cần số điện thoại hoặc thư điện tử."),
    )
    reporter_email = forms.CharField(
        label=gettext_lazy("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("Nếu có, chúng tôi gửi mã theo dõi và kết quả xử lý qua thư."),
    )
    press_outlet = forms.CharField(
        label=gettext_lazy("Cơ quan báo chí"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Chỉ điền nếu bạn là phóng viên."),
    )
    press_link = forms.CharField(
        label=gettext_lazy("Đường dẫn bài báo đã đăng"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    person_name = forms.CharField(
        label=gettext_lazy("Họ và tên người làm việc tốt"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Nếu không biết tên, hãy mô tả, ví dụ: “bác xe ôm ở đầu ngõ 12 Đội Cấn”."),
    )
    person_details = forms.CharField(
        label=gettext_lazy("Thông tin thêm về người đó"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Tuổi, nghề nghiệp, nơi ở, cách liên hệ… nếu bạn biết."),
    )
    what_happened = forms.CharField(
        label=gettext_lazy("Việc tốt đã xảy ra"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Kể lại cụ thể: ai, đã làm gì, giúp ai, kết quả ra sao."),
    )
    place_commune = forms.ModelChoiceField(
        label=gettext_lazy("Xã, phường nơi xảy ra"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("— Chọn xã, phường —"),
    )
    place_detail = forms.CharField(
        label=gettext_lazy("Địa điểm cụ thể"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Số nhà, đường phố, thôn, tổ dân phố…"),
    )
    # A text input in the Vietnamese order rather than type="date", which many browsers show
    # as mm/dd/yyyy whatever the page's language.
    occurred_on = forms.DateField(
        label=gettext_lazy("Ngày xảy ra"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("ngày/tháng/năm"), "inputmode": "numeric"}),
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"],
        help_text=gettext_lazy("Ví dụ 05/01/2026. Để trống nếu không nhớ."),
        error_messages={"invalid": gettext_lazy("Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2026.")},
    )
    files = MultipleFileField(
        label=gettext_lazy("Ảnh, tài liệu kèm theo"),
        required=False,
        help_text=gettext_lazy("Tối đa 5 tệp JPG, PNG hoặc PDF, mỗi tệp không quá 10 MB."),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đồng ý để cơ quan có thẩm quyền dùng thông tin trên vào việc xác minh, xử lý tin báo "
            "như mô tả ở trên."
        ),
        error_messages={"required": gettext_lazy("Cần bạn đồng ý thì chúng tôi mới xử lý được tin báo.")},
    )
    # Hidden from people by CSS, left for bots to fill: a filled one means an automated post.
    website = forms.CharField(
        label=gettext_lazy("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # Required, but checked by the service (with its own messages) rather than by the form, so
    # that an empty form gets every problem explained at once, the same way as through the API.
    MARKED_REQUIRED = ("reporter_name", "person_name", "what_happened", "place_commune")

    def __init__(self, *args, province: OrgUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.MARKED_REQUIRED:
            self.fields[name].marked_required = True
            self.fields[name].widget.attrs["aria-required"] = "true"
        # On POST any current commune is valid (the province step may have been skipped);
        # on GET only the chosen province's communes are listed, not all 3,321.
        if self.is_bound:
            self.fields["place_commune"].queryset = reports.communes_of(None)
        elif province is not None:
            self.fields["place_commune"].queryset = reports.communes_of(province)
        else:
            self.fields["place_commune"].empty_label = gettext_lazy("— Chọn tỉnh, thành phố trước —")


class AcceptForm(forms.Form):
    """Accepting a report: the award to propose, and the person (new, or a likely duplicate)."""

    award_type = forms.ModelChoiceField(label=gettext_lazy("Danh hiệu, hình thức đề nghị"), queryset=None)
    nominee = forms.TypedChoiceField(
        label=gettext_lazy("Người được đề nghị"), coerce=int, widget=forms.RadioSelect, empty_value=0
    )
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=255, required=False)
    birth_year = forms.IntegerField(label=gettext_lazy("Năm sinh"), required=False)
    occupation = forms.CharField(label=gettext_lazy("Nghề nghiệp"), max_length=255, required=False)

    def __init__(self, report: GoodDeedReport, duplicates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = award_types_for(report.place_commune)
        choices = [(0, _("Người mới: %(name)s") % {"name": report.person_name})]
        for d in duplicates:
            nominee = d.nominee
            label = _("Đã có: %(name)s (%(year)s, %(unit)s) — %(why)s") % {
                "name": nominee.full_name,
                "year": nominee.birth_year or "—",
                "unit": nominee.unit,
                "why": ", ".join(d.reasons),
            }
            choices.append((nominee.pk, label))
        self.fields["nominee"].choices = choices
        self.fields["nominee"].initial = 0
        self.fields["full_name"].initial = report.person_name
        default = self.fields["award_type"].queryset.filter(code="nguoi-tot-viec-tot-ha-noi").first()
        if default is not None:
            self.fields["award_type"].initial = default.pk


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do không chấp nhận"),
        max_length=reports.MAX_DECLINE_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Người báo tin sẽ thấy lý do này khi tra cứu; đừng ghi thông tin cá nhân."),
    )


def award_types_for(commune: OrgUnit):
    """Active award types a dossier from ``commune`` may seek: national ones and its province's."""
    step = OrgUnit.steplen
    ancestors = [commune.path[:end] for end in range(step, len(commune.path), step)]
    return (
        AwardType.objects.filter(is_active=True)
        .filter(Q(province__isnull=True) | Q(province__path__in=ancestors))
        .order_by("level", "name")
    )


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
    return reports.provinces().filter(pk=pk).first()


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
        reports.claim_submission(client)
    except reports.TooManyReports as exc:
        return render(request, "nominations/reports/throttled.html", {"message": exc.message}, status=429)
    if form.is_valid():
        try:
            report = reports.submit_report(**_report_fields(form.cleaned_data))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("public_reports:sent", code=report.tracking_code)
    else:
        # Explain the service's problems too (a missing contact…), not only what the form
        # refused, so a citizen fixes everything in one go.
        try:
            reports.check_report(**_report_fields(form.cleaned_data))
        except ValidationError as exc:
            _add_errors(form, exc, skip=set(form.errors))
    reports.release_submission(client)
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
        reports.provinces()
        .filter(path__in=[commune.path[:end] for end in range(step, len(commune.path), step)])
        .first()
    )


def _render_form(request, form: PublicReportForm, province: OrgUnit | None, status: int = 200):
    if form.is_bound:
        # Re-list only the chosen province's communes, keeping the chosen one selected.
        form.fields["place_commune"].queryset = (
            reports.communes_of(province) if province else OrgUnit.objects.none()
        )
        if province is None:
            form.fields["place_commune"].empty_label = _("— Chọn tỉnh, thành phố trước —")
    return render(
        request,
        "nominations/reports/public_form.html",
        {
            "form": form,
            "provinces": reports.provinces(),
            "province": province,
            "max_files": reports.MAX_FILES,
        },
        status=status,
    )


def public_communes(request):
    """The commune options of one province (htmx swaps them into the form's select)."""
    province = _province(request)
    communes = reports.communes_of(province) if province else []
    return render(
        request, "nominations/reports/_commune_options.html", {"communes": communes, "province": province}
    )


@never_cache
def public_sent(request, code: str):
    """The thank-you page with the tracking code, shown once the report is saved."""
    report = selectors.report_by_code(code)
    if report is None:
        raise Http404
    return render(request, "nominations/reports/public_sent.html", {"report": report})


@never_cache
def public_status(request):
    """Follow a report by its code: its status and nothing private."""
    code = request.GET.get("ma", "").strip()[:40]
    report = selectors.report_by_code(code) if code else None
    return render(
        request,
        "nominations/reports/public_status.html",
        {"code": code, "report": report, "searched": bool(code)},
        status=404 if code and report is None else 200,
    )


# --- Officers' pages ----------------------------------------------------------------------------


class ReportFilter(django_filters.FilterSet):
    """The officers' list of tips: person's name or tracking code (as typed, each word), status."""

    q = django_filters.CharFilter(
        method="search",
        label=gettext_lazy("Tên người được báo tin hoặc mã theo dõi"),
        widget=forms.SearchInput,
    )
    status = django_filters.ChoiceFilter(
        choices=GoodDeedReport.Status.choices,
        label=gettext_lazy("Trạng thái"),
        empty_label=gettext_lazy("Tất cả"),
    )

    def search(self, queryset, name, value):
        for word in value[:100].split():
            queryset = queryset.filter(Q(person_name__icontains=word) | Q(tracking_code__icontains=word))
        return queryset


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
        row_template="nominations/reports/_row.html",
        empty_message=_("Không có tin báo nào khớp điều kiện lọc."),
    )
    return render_list(request, "nominations/reports/list.html", listing)


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
    from guongsang.nominees.selectors import likely_duplicates

    may_accept = reports.may_accept(request.user, report)
    duplicates = []
    if may_accept:
        duplicates = likely_duplicates(
            report.person_name, unit=report.place_commune, residence=report.place_commune, user=request.user
        )
        accept_form = accept_form or AcceptForm(report, duplicates)
    full_contact = reports.sees_reporter_contact(request.user, report)
    return render(
        request,
        "nominations/reports/detail.html",
        {
            "report": report,
            "files": list(report.files.all()),
            "phone": report.reporter_phone if full_contact else report.reporter_phone_masked,
            "email": report.reporter_email if full_contact else _mask_email(report.reporter_email),
            "accept_form": accept_form if may_accept else None,
            "duplicates": duplicates,
            "decline_form": (decline_form or DeclineForm())
            if reports.may_decline(request.user, report)
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
    from guongsang.nominees.models import Nominee
    from guongsang.nominees.selectors import likely_duplicates

    report = _get_report(request, report_id)
    if not reports.may_accept(request.user, report):
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
            report = reports.accept_report(
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
            report = reports.decline_report(request.user, report, reason=form.cleaned_data["reason"])
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
