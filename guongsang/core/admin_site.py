"""The Django admin, open to system administrators and to unit administrators, scoped."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .permissions import Role, can, scope_for, visible_to


class GuongSangAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Gương Sáng — Quản trị")
    site_title = gettext_lazy("Gương Sáng")
    index_title = gettext_lazy("Quản trị hệ thống")

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_superuser or user.is_staff or not scope_for(user, [Role.UNIT_ADMIN]).empty


class GuongSangAdminConfig(AdminConfig):
    default_site = "guongsang.core.admin_site.GuongSangAdminSite"


def scoped_choices(user, queryset: QuerySet, roles=(Role.UNIT_ADMIN,)) -> QuerySet:
    """The rows of ``queryset`` a user may pick in an admin form field.

    Rows that hang on the org tree are limited to the part of it the user administers (a unit
    administrator of Hà Nội picks Hà Nội's units, never Lào Cai's); users to the people of those
    units (through :data:`CHOICE_SCOPES`). Reference data that hangs on no unit (award types,
    fields of work) stays whole.
    """
    model = queryset.model
    if getattr(model, "scope_unit_path", None) is not None:
        return visible_to(user, queryset, roles=roles)
    for scoped_model, rows_for in CHOICE_SCOPES.items():
        if issubclass(model, scoped_model):
            return queryset.filter(pk__in=rows_for(user).values("pk"))
    return queryset


#: Models that hang on no unit but are still scoped, each with the function giving the rows a
#: user administers. Filled by the apps that own them (accounts registers its users), so that
#: core needs to import none of them.
CHOICE_SCOPES: dict[type[Model], Callable[[object], QuerySet]] = {}


def register_choice_scope(model: type[Model], rows_for: Callable[[object], QuerySet]) -> None:
    """Limit ``model``'s rows in admin form fields to ``rows_for(user)``."""
    CHOICE_SCOPES[model] = rows_for


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id input that names the chosen object only when it is among the allowed choices.

    Django's widget looks the posted id up in the whole table to print its name beside the
    box, so re-showing a refused form would tell a unit administrator who user no. 4711 is.
    """

    def __init__(self, rel, admin_site, queryset: QuerySet, attrs=None, using=None) -> None:
        super().__init__(rel, admin_site, attrs=attrs, using=using)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            allowed = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            allowed = False
        return super().label_and_url_for_value(value) if allowed else ("", "")


class ScopedWritesMixin:
    """What every admin that writes must do, whatever its list shows.

    Without it a form's choices come from the whole table and a posted object is saved as sent:
    a unit administrator of Hà Nội could give themselves a role in Lào Cai, or widen their reach
    by naming a Lào Cai unit as the predecessor of one of theirs. So the choices of every
    foreign key and many-to-many field go through :func:`scoped_choices`, and the object as it
    would be saved (and, for a change, as it stands now) is asked through ``can``: in the form,
    so the user reads why, and again in ``save_model``, so no other path (a history revert)
    slips past.
    """

    #: The roles whose reach bounds what a form may point at.
    choice_roles: tuple[str, ...] = (Role.UNIT_ADMIN,)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped_choices(request.user, field.queryset, self.choice_roles)
            widget = field.widget
            if type(widget) is ForeignKeyRawIdWidget:
                field.widget = ScopedRawIdWidget(
                    widget.rel, widget.admin_site, field.queryset, attrs=widget.attrs, using=widget.db
                )
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped_choices(request.user, field.queryset, self.choice_roles)
        return field

    def write_refusal(self, request: HttpRequest, obj: Model, change: bool) -> str | None:
        """Why ``request.user`` may not save ``obj`` as it now reads, or None if they may."""
        user = request.user
        if change:
            current = type(obj)._default_manager.filter(pk=obj.pk).first()
            if current is not None and not can(user, "change", current):
                return _("Bạn không có quyền sửa “%(obj)s”.") % {"obj": current}
        try:
            allowed = can(user, "change" if change else "add", obj)
        except ObjectDoesNotExist:
            # A required link is missing; the form reports that itself.
            return None
        if not allowed:
            return _("Bạn không có quyền lưu “%(obj)s”: đối tượng nằm ngoài phạm vi đơn vị bạn quản trị.") % {
                "obj": obj
            }
        return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ScopedForm(form_class):
            def _post_clean(self) -> None:
                super()._post_clean()
                if self.errors:
                    return
                refusal = model_admin.write_refusal(request, self.instance, not self.instance._state.adding)
                if refusal:
                    self.add_error(None, refusal)

        ScopedForm.__name__ = form_class.__name__
        return ScopedForm

    def save_model(self, request, obj, form: ModelForm, change: bool) -> None:
        refusal = self.write_refusal(request, obj, change)
        if refusal:
            raise PermissionDenied(refusal)
        super().save_model(request, obj, form, change)


class ScopedAdmin(ScopedWritesMixin, admin.ModelAdmin):
    """A ModelAdmin whose lists and object pages go through ``visible_to`` and ``can``, and whose
    forms offer and save only what the user may reach (see :class:`ScopedWritesMixin`)."""

    def get_queryset(self, request):
        return visible_to(request.user, super().get_queryset(request))

    def _perm(self, request, action, obj=None) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}", obj)

    def has_view_permission(self, request, obj=None):
        return self._perm(request, "view", obj) or self._perm(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        return self._perm(request, "change", obj)

    def has_add_permission(self, request):
        return self._perm(request, "add")

    def has_delete_permission(self, request, obj=None):
        return self._perm(request, "delete", obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history opens (and reverts to) an old version from the history table alone and
        # asks permission on that old state: the object as it stands must be in scope too.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise PermissionDenied(_("Bạn không có quyền xem hoặc khôi phục đối tượng này."))
        return super().history_form_view(request, object_id, version_id, extra_context)
