"""The movement pages: the list, launching and editing, the movement's page (with its
registrations and timeline), and its documents. Thin: the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from guongsang.core.audit import TimelineEntry, timeline
from guongsang.core.files import file_view, serve
from guongsang.core.listing import Column, list_page, render_list
from guongsang.core.permissions import can

from .. import selectors, services
from ..filters import MovementFilter
from ..forms import (
    AttachmentForm,
    MovementCriteriaSetForm,
    MovementForm,
    RegisterForm,
    RejectForm,
)
from ..models import Movement, MovementAttachment, Registration
from .shared import (
    PAGE_SIZE,
    TIMELINE_LENGTH,
    _add_errors,
    _current_unit,
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
    listing = list_page(
        request,
        selectors.search_movements(request.user).annotate(
            registration_count=Count("registrations", distinct=True)
        ),
        filterset_class=MovementFilter,
        columns=[
            Column(_("Tên phong trào"), sort="name", order=("name_folded",)),
            Column(_("Loại")),
            Column(_("Đơn vị phát động")),
            Column(_("Thời gian"), sort="start", order=("start_date",)),
            Column(_("Lĩnh vực")),
            Column(_("Đơn vị đăng ký")),
        ],
        row_template="movements/_row.html",
        page_size=PAGE_SIZE,
        count_message=lambda n: ngettext("Có %(n)s phong trào.", "Có %(n)s phong trào.", n) % {"n": n},
        empty_message=_("Không có phong trào nào khớp bộ lọc."),
    )
    return render_list(
        request, "movements/list.html", listing, {"can_launch": can(request.user, "add", Movement)}
    )


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
