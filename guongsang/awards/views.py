"""Pages of the award catalogue: the list, one award type with its rule versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.core.audit import timeline
from guongsang.core.listing import Column, list_page, render_list
from guongsang.core.permissions import can

from . import selectors, services
from .filters import DecisionFilter
from .forms import RuleVersionForm, SignForm
from .models import AwardRule, AwardType, SubjectKind


@login_required
def catalogue(request):
    if not can(request.user, "view", AwardType):
        raise PermissionDenied
    subject_kind = request.GET.get("subject_kind", "")
    subject_kind = subject_kind if subject_kind in SubjectKind.values else ""
    level = request.GET.get("level", "")
    level = level if level in AwardType.Level.values else ""
    q = request.GET.get("q", "").strip()
    today = timezone.localdate()
    types = list(selectors.award_types_for(subject_kind=subject_kind or None, level=level, q=q))
    rows = [(t, selectors.current_rule(t, today)) for t in types]
    return render(
        request,
        "awards/catalogue.html",
        {
            "rows": [(t, r, selectors.rule_summary(r) if r else "") for t, r in rows],
            "q": q,
            "subject_kind": subject_kind,
            "level": level,
            "subject_kinds": SubjectKind.choices,
            "levels": AwardType.Level.choices,
        },
    )


@login_required
def detail(request, award_type_id: int):
    award_type = get_object_or_404(selectors.award_types_for(active_only=False), pk=award_type_id)
    if not can(request.user, "view", award_type):
        raise PermissionDenied
    may_edit = can(request.user, "add", AwardRule(award_type=award_type))
    form = RuleVersionForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "effective_from"}
            try:
                services.add_rule_version(
                    request.user, award_type, effective_from=form.cleaned_data["effective_from"], **data
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã thêm phiên bản quy định mới."))
                return redirect(award_type.get_absolute_url())
    today = timezone.localdate()
    versions = [(r, selectors.rule_summary(r), r.in_force_on(today)) for r in award_type.rules.all()]
    return render(
        request,
        "awards/detail.html",
        {"award_type": award_type, "versions": versions, "form": form, "timeline": timeline(award_type)},
    )


# --- Decisions, the registry, certificates, verification -----------------------------------------


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def decision_list(request):
    from guongsang.accounts.selectors import memberships_of
    from guongsang.core.permissions import Role

    from .dossiers import provider

    waiting = []
    for membership in memberships_of(request.user):
        if membership.role in (Role.HEAD, Role.APPRAISER):
            waiting.extend(provider().awaiting_decision(membership.unit))
    groups: dict = {}
    for dossier in waiting:
        groups.setdefault((dossier.receiving_unit, dossier.award_type, dossier.year), []).append(dossier)
    listing = list_page(
        request,
        selectors.decisions_for(request.user),
        filterset_class=DecisionFilter,
        columns=[
            Column(_("Số"), sort="number", order=("year", "number")),
            Column(_("Trích yếu")),
            Column(_("Cơ quan ban hành")),
            Column(_("Ngày ký"), sort="signed", order=("signed_on",)),
            Column(_("Trạng thái")),
        ],
        row_template="awards/_decision_row.html",
        empty_message=_("Chưa có quyết định nào."),
    )
    return render_list(request, "awards/decisions.html", listing, {"groups": groups})


@login_required
@require_POST
def decision_draft(request):
    from guongsang.orgs.models import OrgUnit

    from .dossiers import provider

    ids = [int(v) for v in request.POST.getlist("nomination") if v.isdigit()]
    dossiers = list(provider().visible_to(request.user).filter(pk__in=ids).select_related("rule", "nominee"))
    if not dossiers:
        messages.error(request, _("Chọn ít nhất một hồ sơ."))
        return redirect("awards:decisions")
    unit = get_object_or_404(OrgUnit, pk=dossiers[0].receiving_unit_id)
    try:
        decision = services.draft_decision(
            request.user,
            unit,
            award_type=dossiers[0].award_type,
            award_year=dossiers[0].year,
            nominations=dossiers,
        )
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("awards:decisions")
    messages.success(request, _("Đã lập dự thảo quyết định."))
    return redirect(decision)


@login_required
def decision_detail(request, decision_id: int):
    from .models import Decision

    decision = get_object_or_404(selectors.decisions_for(request.user), pk=decision_id)
    items = decision.items.select_related("nomination__nominee", "nomination__submitting_unit")
    return render(
        request,
        "awards/decision.html",
        {
            "decision": decision,
            "items": items,
            "draft": decision.status == Decision.Status.DRAFT,
            "may_change": can(request.user, "change", decision),
            "may_sign": can(request.user, "sign", decision),
            "may_enter_past": can(request.user, "enter_past", decision.issuing_unit),
            "recognitions": decision.recognitions.select_related("nominee"),
            "timeline": timeline(decision),
        },
    )


@login_required
@require_POST
def decision_item(request, decision_id: int, item_id: int):
    decision = get_object_or_404(selectors.decisions_for(request.user), pk=decision_id)
    item = get_object_or_404(decision.items, pk=item_id)
    try:
        services.set_item(
            request.user,
            item,
            approved=request.POST.get("approved") == "yes",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(decision)


@login_required
@require_POST
def decision_sign(request, decision_id: int):
    decision = get_object_or_404(selectors.decisions_for(request.user), pk=decision_id)
    form = SignForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(decision)
    try:
        decision = services.sign_decision(
            request.user,
            decision,
            signer_title=form.cleaned_data["signer_title"],
            authority_line=form.cleaned_data["authority_line"],
            signed_on=form.cleaned_data["signed_on"],
            number=form.cleaned_data["number"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        if decision.number:
            messages.success(
                request, _("Đã ký ban hành Quyết định số %(n)s.") % {"n": decision.number_display}
            )
        else:
            messages.success(
                request, _("Không hồ sơ nào được khen thưởng: quyết định không ban hành, không lấy số.")
            )
    return redirect(decision)


@login_required
def decision_docx(request, decision_id: int):
    from django.http import HttpResponse

    from .documents import decision_docx as build

    decision = get_object_or_404(selectors.decisions_for(request.user), pk=decision_id)
    response = HttpResponse(
        build(decision),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-{decision.pk}.docx"'
    return response


def _registry_filters(request) -> dict:
    from .models import Recognition

    status = request.GET.get("status", "")
    level = request.GET.get("level", "")
    return {
        "q": request.GET.get("q", "").strip()[:200],
        "award_type": _int(request.GET.get("award_type")),
        "year": _int(request.GET.get("year")),
        "level": level if level in AwardType.Level.values else "",
        "status": status if status in Recognition.Status.values else "",
        # The people of one unit's subtree: where a target's number links to.
        "unit": _int(request.GET.get("unit")),
    }


@login_required
def registry(request):
    from django.core.paginator import Paginator

    from .models import Recognition

    filters = _registry_filters(request)
    page = Paginator(selectors.recognitions_for(request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/registry.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "award_types": AwardType.objects.order_by("name"),
            "levels": AwardType.Level.choices,
            "statuses": Recognition.Status.choices,
        },
    )


@login_required
def registry_export(request):
    import io

    from django.http import HttpResponse
    from openpyxl import Workbook

    rows = selectors.recognitions_for(request.user, **_registry_filters(request))
    book = Workbook()
    sheet = book.active
    sheet.title = "So khen thuong"
    sheet.append(
        [
            "Họ và tên / Tên tập thể",
            "Đơn vị",
            "Danh hiệu, hình thức",
            "Cấp",
            "Năm",
            "Số quyết định",
            "Ngày ký",
            "Cơ quan quyết định",
            "Trạng thái",
            "Mã xác minh",
        ]
    )
    for r in rows.iterator(chunk_size=2000):
        sheet.append(
            [
                r.nominee.full_name,
                r.nominee.unit.name,
                r.award_type.name,
                r.get_level_display(),
                r.year,
                r.decision.number_display,
                r.decision.signed_on.strftime("%d/%m/%Y") if r.decision.signed_on else "",
                r.unit.name,
                r.get_status_display(),
                r.verify_code,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="so-khen-thuong.xlsx"'
    return response


@login_required
def recognition_detail(request, recognition_id: int):
    recognition = get_object_or_404(selectors.recognitions_for(request.user), pk=recognition_id)
    return render(
        request,
        "awards/recognition.html",
        {
            "recognition": recognition,
            "may_revoke": recognition.status == "active" and can(request.user, "revoke", recognition),
            "may_propose": recognition.status == "active" and _may_propose(request.user, recognition),
            "parent_types": AwardType.objects.filter(is_active=True)
            .exclude(level=recognition.level)
            .order_by("name"),
            "timeline": timeline(recognition),
        },
    )


def _may_propose(user, recognition) -> bool:
    from guongsang.core.permissions import Role, scope_for

    return scope_for(user, [Role.OFFICER, Role.HEAD, Role.UNIT_ADMIN, Role.APPRAISER]).covers(
        recognition.unit
    )


@login_required
def certificate(request, recognition_id: int):
    from django.http import HttpResponse

    from .documents import certificate_pdf

    recognition = get_object_or_404(selectors.recognitions_for(request.user), pk=recognition_id)
    response = HttpResponse(certificate_pdf(recognition), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-{recognition.verify_code}.pdf"'
    return response


@login_required
@require_POST
def revoke(request, recognition_id: int):
    recognition = get_object_or_404(selectors.recognitions_for(request.user), pk=recognition_id)
    try:
        services.revoke_recognition(
            request.user,
            recognition,
            reason=request.POST.get("reason", ""),
            legal_basis=request.POST.get("legal_basis", ""),
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(
            request, _("Đã thu hồi khen thưởng; bằng, giấy khen sẽ hiện là đã thu hồi khi xác minh.")
        )
    return redirect(recognition)


@login_required
@require_POST
def propose(request, recognition_id: int):
    recognition = get_object_or_404(selectors.recognitions_for(request.user), pk=recognition_id)
    award_type = get_object_or_404(AwardType, pk=_int(request.POST.get("award_type")) or 0)
    try:
        dossier = services.propose_upward(request.user, recognition, award_type=award_type)
    except ValidationError as exc:
        _flash(request, exc)
        return redirect(recognition)
    messages.success(
        request,
        _("Đã đề nghị lên %(unit)s: hồ sơ %(code)s.")
        % {"unit": dossier.receiving_unit, "code": dossier.code},
    )
    return redirect(dossier)


def verify(request, code: str):
    """Public: anyone holding a certificate checks it. Name, title, level, decision — nothing private."""
    recognition = selectors.recognition_by_code(code)
    status = 200 if recognition else 404
    return render(request, "awards/verify.html", {"recognition": recognition, "code": code}, status=status)
