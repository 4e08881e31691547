"""The movement pages: the list, launching and editing, the movement's page (with its
registrations and timeline), and its documents. Thin: the services decide."""

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

from .. import selectors, services
from ..forms import (
    AttachmentForm,
    MovementCriteriaSetForm,
    MovementForm,
    RegisterForm,
    RejectForm,
)
from ..models import Movement, MovementAttachment, Registration
from .shared import (
    FIRST_LIST_YEAR,
    PAGE_SIZE,
    TIMELINE_LENGTH,
    _add_errors,
    _current_unit,
    _int_or_none,
    _merge,
    _who,
)


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
