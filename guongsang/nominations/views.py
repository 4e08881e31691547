"""Dossier pages: the worklist, the list, a new dossier, one dossier with its actions and timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.core.audit import timeline
from guongsang.core.files import file_view, serve
from guongsang.core.listing import Column, list_page, render_list
from guongsang.core.permissions import can, visible_to

from . import selectors, services
from .filters import NominationFilter
from .forms import CriteriaVersionForm, EditNominationForm, EvidenceForm, NominationForm, TransitionForm
from .models import Evidence, Nomination


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


@login_required
def worklist(request):
    lists = selectors.worklist_for(request.user)
    return render(request, "nominations/worklist.html", {"lists": lists})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def nomination_list(request):
    if not can(request.user, "view", Nomination):
        raise PermissionDenied
    listing = list_page(
        request,
        selectors.nominations_for(request.user),
        filterset_class=NominationFilter,
        columns=[
            Column(_("Mã hồ sơ"), sort="code", order=("year", "pk")),
            Column(_("Người, tập thể được đề nghị"), sort="nominee", order=("nominee__name_folded",)),
            Column(_("Danh hiệu đề nghị")),
            Column(_("Đơn vị đề nghị → xét duyệt")),
            Column(_("Trạng thái")),
            Column(_("Hạn nộp")),
        ],
        row_template="nominations/_row.html",
        empty_message=_("Không có hồ sơ nào khớp điều kiện lọc."),
        repeat_filters=True,
    )
    selectors.annotate_deadlines(listing.page.object_list)
    context = {"may_create": can(request.user, "add", Nomination)}
    return render_list(request, "nominations/list.html", listing, context)


@login_required
def create(request):
    if not can(request.user, "add", Nomination):
        raise PermissionDenied
    initial = {}
    if request.GET.get("nominee"):
        initial["nominee"] = _int(request.GET.get("nominee"))
    form = NominationForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.create_nomination(
                request.user,
                nominee=data["nominee"],
                award_type=data["award_type"],
                submitting_unit=data["submitting_unit"],
                achievements=data["achievements"],
                year=data["year"],
                movement=data["movement"],
                field=data["field"],
            )
        except ValidationError as exc:
            by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
            for field, errors in by_field.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lập hồ sơ %(code)s.") % {"code": nomination.code})
            return redirect(nomination)
    return render(request, "nominations/create.html", {"form": form})


def _get_visible(request, nomination_id: int) -> Nomination:
    nomination = get_object_or_404(
        selectors.nominations_for(request.user).select_related(
            "rule", "movement", "field", "parent", "created_by"
        ),
        pk=nomination_id,
    )
    return nomination


@login_required
def detail(request, nomination_id: int):
    nomination = _get_visible(request, nomination_id)
    selectors.annotate_deadlines([nomination])
    transitions = services.available_transitions(request.user, nomination)
    may_change = nomination.status in (Nomination.Status.DRAFT, Nomination.Status.RETURNED) and can(
        request.user, "change", nomination
    )
    evidence = list(nomination.evidence.select_related("uploaded_by"))
    may_add_evidence = nomination.status in (
        Nomination.Status.DRAFT,
        Nomination.Status.RETURNED,
        Nomination.Status.UNDER_APPRAISAL,
    ) and can(request.user, "add", Evidence(nomination=nomination))
    parts = (nomination.rule.required_parts if nomination.rule else None) or _parts_in_force(nomination)
    events = list(nomination.events.select_related("actor")[:100])
    return render(
        request,
        "nominations/detail.html",
        {
            "nomination": nomination,
            "transitions": [
                (
                    t,
                    TransitionForm(initial={"version": nomination.version}),
                    _may_backdate(request.user, nomination, t),
                )
                for t in transitions
            ],
            "may_change": may_change,
            "edit_form": EditNominationForm(
                initial={"version": nomination.version, "achievements": nomination.achievements}
            )
            if may_change
            else None,
            "evidence": evidence,
            "evidence_form": EvidenceForm(nomination, parts=parts, initial={"version": nomination.version})
            if may_add_evidence
            else None,
            "missing_parts": services.missing_parts(nomination),
            "answers": list(nomination.criteria_answers.all()),
            "events": events,
            "timeline": timeline(nomination),
            "return_reason": next((e.note for e in events if e.action == "return_for_supplement"), "")
            if nomination.status == Nomination.Status.RETURNED
            else "",
        },
    )


def _may_backdate(user, nomination: Nomination, t) -> bool:
    """Whether ``user`` may record this step of a past cycle with its real day (core.past)."""
    unit = nomination.submitting_unit if t.permission in ("submit", "withdraw") else nomination.receiving_unit
    return can(user, "enter_past", unit)


def _parts_in_force(nomination: Nomination) -> list[dict]:
    from django.utils import timezone

    from guongsang.awards.selectors import rule_in_force

    try:
        return rule_in_force(nomination.award_type, timezone.localdate()).required_parts or []
    except ValidationError:
        return []


@login_required
@require_POST
def do_transition(request, nomination_id: int, name: str):
    nomination = _get_visible(request, nomination_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ, vui lòng tải lại trang."))
        return redirect(nomination)
    try:
        nomination = services.transition(
            request.user,
            nomination,
            name,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            occurred_on=form.cleaned_data["occurred_on"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        t = services.TRANSITIONS[name]
        messages.success(
            request,
            _("Đã thực hiện: %(action)s. Hồ sơ chuyển sang “%(status)s”.")
            % {"action": t.label, "status": nomination.get_status_display()},
        )
    return redirect(nomination)


@login_required
@require_POST
def edit(request, nomination_id: int):
    nomination = _get_visible(request, nomination_id)
    form = EditNominationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(nomination)
    try:
        services.update_nomination(
            request.user,
            nomination,
            version=form.cleaned_data["version"],
            achievements=form.cleaned_data["achievements"],
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã lưu thay đổi."))
    return redirect(nomination)


@login_required
@require_POST
def add_evidence(request, nomination_id: int):
    nomination = _get_visible(request, nomination_id)
    parts = (nomination.rule.required_parts if nomination.rule else None) or _parts_in_force(nomination)
    form = EvidenceForm(nomination, request.POST, request.FILES, parts=parts)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(nomination)
    try:
        services.add_evidence(
            request.user,
            nomination,
            file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            part_code=form.cleaned_data["part_code"],
            version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã tải lên tài liệu."))
    return redirect(nomination)


@login_required
@require_POST
def save_criteria(request, nomination_id: int):
    nomination = _get_visible(request, nomination_id)
    answers = {}
    for answer in nomination.criteria_answers.all():
        value = request.POST.get(f"met_{answer.pk}", "")
        met = {"yes": True, "no": False}.get(value)
        answers[answer.pk] = (met, request.POST.get(f"note_{answer.pk}", "").strip())
    form = CriteriaVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ, vui lòng tải lại trang."))
        return redirect(nomination)
    try:
        services.answer_criteria(request.user, nomination, answers, version=form.cleaned_data["version"])
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã lưu đánh giá tiêu chí."))
    return redirect(nomination)


@file_view
def download_evidence(request, evidence_id: int):
    evidence = get_object_or_404(visible_to(request.user, Evidence.objects.all()), pk=evidence_id)
    return serve(evidence.file, filename=evidence.filename or evidence.title)


@login_required
def deadlines(request):
    """Each level's yearly deadline for dossiers: set by its appraisers or administrators."""
    import datetime as dt

    from guongsang.accounts.selectors import memberships_of
    from guongsang.core.permissions import Role

    from .models import SubmissionDeadline

    setters = [m.unit for m in memberships_of(request.user) if m.role in (Role.APPRAISER, Role.UNIT_ADMIN)]
    if request.method == "POST":
        unit = next((u for u in setters if str(u.pk) == request.POST.get("unit")), None)
        try:
            due = dt.datetime.strptime(request.POST.get("due_date", ""), "%d/%m/%Y").date()
            year = int(request.POST.get("year", ""))
        except ValueError:
            messages.error(request, _("Năm và hạn nộp phải hợp lệ (hạn nộp có dạng dd/mm/yyyy)."))
            return redirect("nominations:deadlines")
        if unit is None:
            raise PermissionDenied
        try:
            services.set_deadline(
                request.user,
                unit,
                year=year,
                due_date=due,
                applies_to_subtree=request.POST.get("applies_to_subtree") == "on",
                note=request.POST.get("note", "").strip()[:255],
            )
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("Đã đặt hạn nộp hồ sơ."))
        return redirect("nominations:deadlines")
    rows = visible_to(request.user, SubmissionDeadline.objects.select_related("unit")).order_by(
        "-year", "due_date"
    )
    return render(
        request,
        "nominations/deadlines.html",
        {"rows": rows[:200], "setters": setters, "this_year": dt.date.today().year},
    )
