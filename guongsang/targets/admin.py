"""Admin for plans, targets and staff counts, with their history (simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Plan, StaffCount, Target


class _Scoped(SimpleHistoryAdmin):
    def _perm(self, request, action: str, obj=None) -> bool:
        return request.user.has_perm(f"targets.{action}_{self.model._meta.model_name}", obj)

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("targets")

    def has_view_permission(self, request, obj=None) -> bool:
        return self._perm(request, "view", obj)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = [
        "order",
        "code",
        "label",
        "metric",
        "params",
        "unit_kinds",
        "threshold_kind",
        "threshold",
        "span",
    ]


@admin.register(Plan)
class PlanAdmin(_Scoped):
    list_display = ["number", "title", "issuer", "start_year", "end_year"]
    list_filter = ["start_year"]
    search_fields = ["number", "title"]
    raw_id_fields = ["issuer", "parent"]
    inlines = [TargetInline]


@admin.register(StaffCount)
class StaffCountAdmin(_Scoped):
    list_display = ["unit", "as_of", "count", "source"]
    raw_id_fields = ["unit"]
    date_hierarchy = "as_of"
