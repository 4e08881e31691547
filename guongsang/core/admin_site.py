"""The Django admin, open to system administrators and to unit administrators, scoped."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from .permissions import Role, scope_for, visible_to


class GuongSangAdminSite(admin.AdminSite):
    site_header = _("Gương Sáng — Quản trị")
    site_title = _("Gương Sáng")
    index_title = _("Quản trị hệ thống")

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_superuser or user.is_staff or not scope_for(user, [Role.UNIT_ADMIN]).empty


class GuongSangAdminConfig(AdminConfig):
    default_site = "guongsang.core.admin_site.GuongSangAdminSite"


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose lists and object pages go through ``visible_to`` and ``can``."""

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
