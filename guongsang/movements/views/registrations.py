"""A unit's registration for a movement, from the movement's page: registering with a pledge,
editing it, and the launcher's approval or rejection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import (
    PledgeForm,
    RegisterForm,
)
from ..models import Registration
from .movements import _rerender
from .shared import (
    _add_errors,
)


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
