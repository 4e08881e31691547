"""The home page and the unit switcher (both show the user's memberships); user and membership
management for a unit's administrator; a password change for everyone."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.core.permissions import Role, can, visible_to
from guongsang.orgs.selectors import units_for

from . import services
from .forms import GrantRoleForm, NewUserForm
from .middleware import SESSION_KEY
from .models import Membership
from .selectors import members_of, memberships_of


@login_required
def home(request):
    """The signed-in user's start page: their roles and their latest notifications."""
    memberships = list(memberships_of(request.user))
    recent = request.user.notifications.all()[:5]
    return render(request, "core/home.html", {"memberships": memberships, "recent_notifications": recent})


@login_required
@require_POST
def switch_unit(request):
    """Make one of the user's units the current one (``request.current_unit``), then go back."""
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Đơn vị không hợp lệ."))
    if not memberships_of(request.user).filter(unit_id=unit_id).exists():
        messages.error(request, _("Bạn không có vai trò tại đơn vị này."))
    else:
        request.session[SESSION_KEY] = unit_id
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def manage(request):
    """The units where the user administers people."""
    units = visible_to(request.user, units_for(request.user), roles=[Role.UNIT_ADMIN])
    if not request.user.is_superuser:
        units = units.filter(memberships__user=request.user, memberships__role=Role.UNIT_ADMIN).distinct()
    else:
        units = units.filter(depth__lte=2)
    return render(request, "accounts/manage.html", {"units": units.order_by("path")[:200]})


@login_required
def unit_members(request, unit_id: int):
    unit = get_object_or_404(units_for(request.user), pk=unit_id)
    if not can(request.user, "manage_members", unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý người dùng của đơn vị này."))
    new_form = NewUserForm(prefix="new")
    grant_form = GrantRoleForm(prefix="grant", actor=request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                new_form = NewUserForm(request.POST, prefix="new")
                if new_form.is_valid():
                    user, password = services.create_user(request.user, unit, **new_form.cleaned_data)
                    messages.success(
                        request,
                        _(
                            "Đã tạo người dùng %(user)s. Mật khẩu ban đầu: %(password)s — "
                            "hãy trao tận tay và đề nghị đổi ngay."
                        )
                        % {"user": user.username, "password": password},
                    )
                    return redirect(request.path)
            elif action == "grant":
                grant_form = GrantRoleForm(request.POST, prefix="grant", actor=request.user)
                if grant_form.is_valid():
                    data = grant_form.cleaned_data
                    services.grant_role(
                        request.user,
                        grant_form.user,
                        unit,
                        data["role"],
                        valid_from=data["valid_from"],
                        valid_to=data["valid_to"],
                    )
                    messages.success(request, _("Đã giao vai trò cho %(user)s.") % {"user": grant_form.user})
                    return redirect(request.path)
        except ValidationError as error:
            _add_errors(new_form if action == "create" else grant_form, error)
    context = {
        "unit": unit,
        "members": members_of(request.user, unit),
        "new_form": new_form,
        "grant_form": grant_form,
    }
    return render(request, "accounts/unit_members.html", context)


@login_required
@require_POST
def end_membership(request, membership_id: int):
    membership = get_object_or_404(
        visible_to(request.user, Membership.objects.select_related("unit", "user")), pk=membership_id
    )
    try:
        services.end_role(request.user, membership)
        messages.success(request, _("Đã thu hồi vai trò của %(user)s.") % {"user": membership.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:unit_members", unit_id=membership.unit_id)


class PasswordChange(PasswordChangeView):
    """Change one's own password (Django's form: old password, new one twice, validators).

    A new account's first password is shown once to the administrator who made it, so its
    owner changes it here on first sign-in.
    """

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        services.change_password(self.request.user, form.user, form.cleaned_data["new_password1"])
        # Changing the password rotates the session hash; keep the user signed in on this device.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return HttpResponseRedirect(self.get_success_url())
