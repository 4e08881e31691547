"""Movement pages: the list, launching and editing, the movement's page with its documents,
registrations and criteria, and the criteria sets of a unit. Thin: the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.core.audit import TimelineEntry, timeline
from guongsang.core.files import file_view, serve
from guongsang.core.permissions import can
from guongsang.orgs.models import OrgUnit
from guongsang.orgs.selectors import units_for

from .. import selectors, services
from ..forms import (
    AttachmentForm,
    CriteriaSetEditForm,
    CriteriaSetForm,
    CriterionForm,
    MovementCriteriaSetForm,
    MovementForm,
    PledgeForm,
    RegisterForm,
    RejectForm,
)
from ..models import CriteriaSet, Criterion, Movement, MovementAttachment, Registration

PAGE_SIZE = 20
# A select longer than this is no help; a national administrator opens a unit by its id.
UNIT_CHOICES = 300
FIRST_LIST_YEAR = 2015


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _current_unit(request: HttpRequest) -> OrgUnit | None:
    """The unit the user works for right now (the header's switcher), if any."""
    unit = getattr(request, "current_unit", None)
    return unit if isinstance(getattr(unit, "pk", None), int) else None


TIMELINE_LENGTH = 50


def _merge(entries: list[TimelineEntry], more: list[TimelineEntry]) -> list[TimelineEntry]:
    return sorted([*entries, *more], key=lambda e: e.when, reverse=True)[:TIMELINE_LENGTH]


def _who(record) -> str:
    return str(record.history_user) if record.history_user else _("Hệ thống")


def _registration_events(movement: Movement, registrations: list[Registration]) -> list[TimelineEntry]:
    """Each step of the registrations the user sees, for the movement's timeline (one query)."""
    units = {r.unit_id: r.unit for r in registrations}
    if not units:
        return []
    labels = dict(Registration.Status.choices)
    records = (
        Registration.history.filter(movement_id=movement.pk, unit_id__in=list(units))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:TIMELINE_LENGTH]
    )
    previous: dict[int, str] = {}
    events = []
    # Oldest first, so that only changes of status (not of the pledge alone) become entries.
    for record in reversed(list(records)):
        if previous.get(record.id) == record.status and record.history_type == "~":
            continue
        previous[record.id] = record.status
        events.append(
            TimelineEntry(
                when=record.history_date,
                who=_who(record),
                action=_("Đăng ký của %(unit)s: %(status)s")
                % {"unit": units[record.unit_id], "status": labels.get(record.status, record.status)},
                reason=record.reason if record.status == Registration.Status.REJECTED else "",
            )
        )
    return events


def _criterion_events(criteria_set: CriteriaSet) -> list[TimelineEntry]:
    """Criteria added, changed or reordered, and removed, for the set's timeline (one query)."""
    verbs = {"+": _("Thêm tiêu chí"), "~": _("Sửa hoặc đổi thứ tự tiêu chí"), "-": _("Bỏ tiêu chí")}
    records = (
        Criterion.history.filter(criteria_set_id=criteria_set.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:TIMELINE_LENGTH]
    )
    return [
        TimelineEntry(
            when=r.history_date,
            who=_who(r),
            action=f"{verbs.get(r.history_type, r.history_type)}: {r.text}",
        )
        for r in records
    ]


# --- Movements ---------------------------------------------------------------------------------


@login_required
def movement_list(request: HttpRequest) -> HttpResponse:
    """The movements the user sees, filtered by name, year, kind, field, launcher and state."""
    user = request.user
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kind in Movement.Kind.values else ""
    field_code = request.GET.get("field", "")
    fields = list(selectors.fields())
    field_code = field_code if field_code in {f.code for f in fields} else ""
    this_year = timezone.localdate().year
    years = list(range(this_year + 1, FIRST_LIST_YEAR - 1, -1))
    year = _int_or_none(request.GET.get("year"))
    year = year if year in years else None
    state = request.GET.get("state", "")
    state = state if state in {"running", "upcoming", "ended"} else ""
    launchers = list(selectors.launching_units(user))
    unit_id = _int_or_none(request.GET.get("unit"))
    unit = next((u for u in launchers if u.pk == unit_id), None)

    movements = selectors.search_movements(
        user, q=q, kind=kind, field=field_code, year=year, state=state, unit=unit
    ).annotate(registration_count=Count("registrations", distinct=True))
    page = Paginator(movements, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {
        "q": q,
        "kind": kind,
        "field": field_code,
        "year": year or "",
        "state": state,
        "unit": unit_id or "",
    }
    context = {
        "page": page,
        "filters": filters,
        "filter_query": urlencode({k: v for k, v in filters.items() if v}),
        "kinds": Movement.Kind.choices,
        "fields": fields,
        "years": years,
        "launchers": launchers,
        "states": [
            ("running", _("Đang diễn ra")),
            ("upcoming", _("Sắp bắt đầu")),
            ("ended", _("Đã kết thúc")),
        ],
        "can_launch": can(user, "add", Movement),
    }
    template = "movements/list.html#results" if request.htmx else "movements/list.html"
    return render(request, template, context)


@login_required
def movement_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "add", Movement):
        raise PermissionDenied(_("Bạn không có quyền phát động phong trào."))
    form = MovementForm(request.POST or None, user=request.user, current_unit=_current_unit(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            movement = services.launch_movement(
                request.user,
                data["unit"],
                name=data["name"],
                kind=data["kind"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                description=data["description"],
                fields=data["fields"],
                standing_unit=data["standing_unit"],
                scope_kinds=data["scope_kinds"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã phát động phong trào “%(name)s”.") % {"name": movement.name})
            return redirect(movement)
    status = 400 if form.errors else 200
    return render(request, "movements/form.html", {"form": form, "movement": None}, status=status)


@login_required
def movement_edit(request: HttpRequest, movement_id: int) -> HttpResponse:
    movement = get_object_or_404(selectors.movements_for(request.user), pk=movement_id)
    if not can(request.user, "change", movement):
        raise PermissionDenied(_("Bạn không có quyền sửa phong trào này."))
    form = MovementForm(request.POST or None, user=request.user, movement=movement)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fields = data.pop("fields")
        try:
            services.update_movement(request.user, movement, fields=fields, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi của phong trào."))
            return redirect(movement)
    status = 400 if form.errors else 200
    return render(request, "movements/form.html", {"form": form, "movement": movement}, status=status)


def _detail_context(request: HttpRequest, movement: Movement, **forms) -> dict:
    user = request.user
    registrations = list(selectors.registrations_for(user, movement))
    for registration in registrations:
        registration.can_edit = registration.status in (
            Registration.Status.DRAFT,
            Registration.Status.REJECTED,
        ) and can(user, "change", registration)
        registration.can_decide = registration.status == Registration.Status.PENDING and can(
            user, "decide", registration
        )
    registering_units = [] if movement.has_ended() else selectors.registering_units_for(user, movement)
    can_change = can(user, "change", movement)
    criteria_sets = (
        selectors.criteria_sets_for(user)
        .filter(movement=movement, is_active=True)
        .prefetch_related("criteria")
        .order_by("name", "pk")
    )
    return {
        "movement": movement,
        "fields": movement.fields.all(),
        "attachments": movement.attachments.all(),
        "registrations": registrations,
        "counts": [
            (value, label, n)
            for value, label in Registration.Status.choices
            if (n := sum(r.status == value for r in registrations))
        ],
        "register_form": forms.get("register_form")
        or (RegisterForm(units=registering_units) if registering_units else None),
        "reject_form": RejectForm(),
        "pledge_form_errors": forms.get("pledge_form_errors"),
        "attachment_form": forms.get("attachment_form")
        or (AttachmentForm() if can(user, "add", MovementAttachment(movement=movement)) else None),
        "criteria_set_form": forms.get("criteria_set_form")
        or (MovementCriteriaSetForm() if can_change else None),
        "criteria_sets": criteria_sets,
        "can_change": can_change,
        "can_remove_attachments": can(user, "delete", MovementAttachment(movement=movement)),
        "timeline": _merge(timeline(movement), _registration_events(movement, registrations)),
        "Status": Registration.Status,
    }


@login_required
def movement_detail(request: HttpRequest, movement_id: int) -> HttpResponse:
    movement = get_object_or_404(selectors.movements_for(request.user), pk=movement_id)
    return render(request, "movements/detail.html", _detail_context(request, movement))


def _rerender(request: HttpRequest, movement: Movement, **forms) -> HttpResponse:
    """The movement's page again with a form's errors (a 400, so tests and tools notice)."""
    return render(request, "movements/detail.html", _detail_context(request, movement, **forms), status=400)


# --- Documents ---------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request: HttpRequest, movement_id: int) -> HttpResponse:
    movement = get_object_or_404(selectors.movements_for(request.user), pk=movement_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.add_attachment(
                request.user, movement, form.cleaned_data["file"], form.cleaned_data["title"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã thêm tài liệu “%(title)s”.") % {"title": attachment.title})
            return redirect(movement)
    return _rerender(request, movement, attachment_form=form)


def _visible_attachment(request: HttpRequest, attachment_id: int) -> MovementAttachment:
    attachment = get_object_or_404(
        MovementAttachment.objects.select_related("movement__unit"), pk=attachment_id
    )
    # Someone who cannot see the movement is told nothing, not even that the file exists.
    if not can(request.user, "view", attachment):
        raise Http404
    return attachment


@file_view
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Serve a document to whoever sees the movement (files are not public under /media/)."""
    attachment = _visible_attachment(request, attachment_id)
    return serve(attachment.file, filename=attachment.filename or attachment.title)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = _visible_attachment(request, attachment_id)
    services.remove_attachment(request.user, attachment)
    messages.success(request, _("Đã xoá tài liệu “%(title)s”.") % {"title": attachment.title})
    return redirect(attachment.movement)


# --- Registrations -----------------------------------------------------------------------------


@login_required
@require_POST
def register(request: HttpRequest, movement_id: int) -> HttpResponse:
    """A unit in scope registers; "Gửi đăng ký" sends it at once, "Lưu nháp" keeps a draft."""
    movement = get_object_or_404(selectors.movements_for(request.user), pk=movement_id)
    units = selectors.registering_units_for(request.user, movement)
    form = RegisterForm(request.POST, units=units)
    if form.is_valid():
        submit = "submit" in request.POST
        try:
            registration = services.register(
                request.user, movement, form.cleaned_data["unit"], form.cleaned_data["pledge"], submit=submit
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if submit:
                messages.success(
                    request,
                    _("Đã gửi đăng ký thi đua của %(unit)s; đơn vị phát động sẽ xem xét.")
                    % {"unit": registration.unit},
                )
            else:
                messages.success(
                    request,
                    _("Đã lưu nháp đăng ký của %(unit)s. Bấm “Gửi đăng ký” khi sẵn sàng.")
                    % {"unit": registration.unit},
                )
            return redirect(movement)
    return _rerender(request, movement, register_form=form)


def _visible_registration(request: HttpRequest, registration_id: int) -> Registration:
    return get_object_or_404(selectors.registrations_visible_to(request.user), pk=registration_id)


def _transition(request: HttpRequest, registration: Registration, action, success: str) -> HttpResponse:
    """Run a registration transition; a refusal comes back as a message on the movement's page."""
    try:
        registration = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success % {"unit": registration.unit})
    return redirect(registration.movement)


@login_required
@require_POST
def registration_update(request: HttpRequest, registration_id: int) -> HttpResponse:
    """Save the amended pledge; with "Gửi đăng ký", send it too."""
    registration = _visible_registration(request, registration_id)
    form = PledgeForm(request.POST)
    form.is_valid()
    pledge = form.cleaned_data.get("pledge", "")

    def save_and_maybe_submit() -> Registration:
        saved = services.update_registration(request.user, registration, pledge)
        if "submit" in request.POST:
            return services.submit_registration(request.user, saved)
        return saved

    if "submit" in request.POST:
        success = _("Đã gửi đăng ký thi đua của %(unit)s; đơn vị phát động sẽ xem xét.")
    else:
        success = _("Đã lưu nội dung đăng ký của %(unit)s.")
    return _transition(request, registration, save_and_maybe_submit, success)


@login_required
@require_POST
def registration_approve(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = _visible_registration(request, registration_id)
    return _transition(
        request,
        registration,
        lambda: services.approve_registration(request.user, registration),
        _("Đã duyệt đăng ký thi đua của %(unit)s."),
    )


@login_required
@require_POST
def registration_reject(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = _visible_registration(request, registration_id)
    return _transition(
        request,
        registration,
        lambda: services.reject_registration(request.user, registration, request.POST.get("reason", "")),
        _("Đã từ chối đăng ký thi đua của %(unit)s."),
    )


# --- Criteria ----------------------------------------------------------------------------------


@login_required
@require_POST
def movement_criteria_set_create(request: HttpRequest, movement_id: int) -> HttpResponse:
    """The launcher gives the movement its own criteria set, then fills it in on the set's page."""
    movement = get_object_or_404(selectors.movements_for(request.user), pk=movement_id)
    form = MovementCriteriaSetForm(request.POST)
    if form.is_valid():
        try:
            criteria_set = services.create_criteria_set(
                request.user,
                movement.unit,
                kind=CriteriaSet.Kind.MOVEMENT,
                name=form.cleaned_data["name"],
                movement=movement,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã tạo bộ tiêu chí; hãy thêm các tiêu chí."))
            return redirect(criteria_set)
    return _rerender(request, movement, criteria_set_form=form)


@login_required
def criteria_sets(request: HttpRequest) -> HttpResponse:
    """A unit's criteria sets (the working unit by default) and the checklist they compose."""
    user = request.user
    visible_units = units_for(user)
    unit_id = _int_or_none(request.GET.get("unit"))
    unit = None
    if unit_id is not None:
        unit = get_object_or_404(visible_units, pk=unit_id)
    else:
        current = _current_unit(request)
        if current is not None and visible_units.filter(pk=current.pk).exists():
            unit = current
        else:
            unit = visible_units.order_by("path").first()
    context: dict = {"unit": unit}
    if unit is not None:
        probe = CriteriaSet(unit=unit, kind=CriteriaSet.Kind.UNIT)
        can_add = can(user, "add", probe)
        form = CriteriaSetForm(request.POST or None) if can_add else None
        if request.method == "POST":
            if form is None:
                raise PermissionDenied(
                    _("Bạn không có quyền ban hành bộ tiêu chí của %(unit)s.") % {"unit": unit}
                )
            if form.is_valid():
                try:
                    criteria_set = services.create_criteria_set(user, unit, **form.cleaned_data)
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(request, _("Đã tạo bộ tiêu chí; hãy thêm các tiêu chí."))
                    return redirect(criteria_set)
        year = _int_or_none(request.GET.get("year")) or timezone.localdate().year
        choices = list(selectors.launcher_units_for(user)[:UNIT_CHOICES])
        if unit not in choices:
            choices.insert(0, unit)
        context.update(
            unit_choices=choices,
            sets=selectors.criteria_sets_of(user, unit),
            form=form,
            year=year,
            checklist=selectors.criteria_for(unit, year=year),
        )
    status = 400 if context.get("form") is not None and context["form"].errors else 200
    return render(request, "movements/criteria_sets.html", context, status=status)


def _criteria_set_context(request: HttpRequest, criteria_set: CriteriaSet, **forms) -> dict:
    can_change = can(request.user, "change", criteria_set)
    return {
        "criteria_set": criteria_set,
        "criteria": list(criteria_set.criteria.order_by("order", "pk")),
        "can_change": can_change,
        "edit_form": forms.get("edit_form")
        or CriteriaSetEditForm(
            initial={
                "name": criteria_set.name,
                "year": criteria_set.year,
                "is_active": criteria_set.is_active,
            }
        ),
        "criterion_form": forms.get("criterion_form") or CriterionForm(),
        "timeline": _merge(timeline(criteria_set), _criterion_events(criteria_set)),
    }


def _visible_set(request: HttpRequest, set_id: int) -> CriteriaSet:
    return get_object_or_404(selectors.criteria_sets_for(request.user), pk=set_id)


@login_required
def criteria_set_detail(request: HttpRequest, set_id: int) -> HttpResponse:
    criteria_set = _visible_set(request, set_id)
    if request.method == "POST":
        form = CriteriaSetEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_criteria_set(request.user, criteria_set, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Đã lưu bộ tiêu chí."))
                return redirect(criteria_set)
        return render(
            request,
            "movements/criteria_set.html",
            _criteria_set_context(request, criteria_set, edit_form=form),
            status=400,
        )
    return render(request, "movements/criteria_set.html", _criteria_set_context(request, criteria_set))


def _criteria_response(
    request: HttpRequest, criteria_set: CriteriaSet, status: int = 200, **forms
) -> HttpResponse:
    """After a change to the list: the list alone for htmx, else back to the set's page."""
    if request.htmx:
        return render(
            request,
            "movements/criteria_set.html#criteria",
            _criteria_set_context(request, criteria_set, **forms),
            status=status,
        )
    if status != 200:
        return render(
            request,
            "movements/criteria_set.html",
            _criteria_set_context(request, criteria_set, **forms),
            status=status,
        )
    return redirect(criteria_set)


@login_required
@require_POST
def criterion_add(request: HttpRequest, set_id: int) -> HttpResponse:
    criteria_set = _visible_set(request, set_id)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.add_criterion(
                request.user, criteria_set, form.cleaned_data["text"], form.cleaned_data["required"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _criteria_response(request, criteria_set)
    return _criteria_response(request, criteria_set, status=400, criterion_form=form)


def _visible_criterion(request: HttpRequest, criterion_id: int) -> Criterion:
    criterion = get_object_or_404(Criterion.objects.select_related("criteria_set__unit"), pk=criterion_id)
    _visible_set(request, criterion.criteria_set_id)
    return criterion


@login_required
@require_POST
def criterion_move(request: HttpRequest, criterion_id: int, offset: int) -> HttpResponse:
    criterion = _visible_criterion(request, criterion_id)
    services.move_criterion(request.user, criterion, offset)
    return _criteria_response(request, criterion.criteria_set)


@login_required
@require_POST
def criterion_remove(request: HttpRequest, criterion_id: int) -> HttpResponse:
    criterion = _visible_criterion(request, criterion_id)
    criteria_set = criterion.criteria_set
    services.remove_criterion(request.user, criterion)
    if not request.htmx:
        messages.success(request, _("Đã bỏ tiêu chí."))
    return _criteria_response(request, criteria_set)
