"""Criteria sets: a unit's sets (general or for a movement), their criteria in order, and the
set's timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.core.audit import TimelineEntry, timeline
from guongsang.core.permissions import can
from guongsang.orgs.selectors import units_for

from .. import selectors, services
from ..forms import (
    CriteriaSetEditForm,
    CriteriaSetForm,
    CriterionForm,
    MovementCriteriaSetForm,
)
from ..models import CriteriaSet, Criterion
from .movements import _rerender
from .shared import (
    TIMELINE_LENGTH,
    UNIT_CHOICES,
    _add_errors,
    _current_unit,
    _int_or_none,
    _merge,
    _who,
)


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
