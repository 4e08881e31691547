"""Admin for the award catalogue: administrators change titles and rule versions without code."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from guongsang.core.admin_site import ScopedWritesMixin
from guongsang.core.text import fold

from .models import AwardRule, AwardType


class PermissionByRules:
    """Admin permissions asked through django-rules, like every other page (the catalogue is
    national data, so nothing is filtered by scope)."""

    def _perm(self, request, action, obj=None) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}", obj)

    def has_view_permission(self, request, obj=None):
        return self._perm(request, "view", obj)

    def has_change_permission(self, request, obj=None):
        return self._perm(request, "change", obj)

    def has_add_permission(self, request, obj=None):
        return self._perm(request, "add")

    def has_delete_permission(self, request, obj=None):
        # Types and rule versions are kept for the dossiers that carry them; switch them off.
        return False

    def has_module_permission(self, request):
        return self._perm(request, "view")


class AwardRuleInline(ScopedWritesMixin, PermissionByRules, admin.StackedInline):
    model = AwardRule
    fk_name = "award_type"
    extra = 0
    raw_id_fields = ["ratio_of"]


@admin.register(AwardType)
class AwardTypeAdmin(ScopedWritesMixin, PermissionByRules, SimpleHistoryAdmin):
    list_display = ["name", "category", "level", "province", "is_active"]
    list_filter = ["category", "level", "is_active"]
    search_fields = ["name_folded", "code"]
    raw_id_fields = ["province"]
    inlines = [AwardRuleInline]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(AwardRule)
class AwardRuleAdmin(ScopedWritesMixin, PermissionByRules, SimpleHistoryAdmin):
    list_display = ["award_type", "effective_from", "effective_to", "council_required", "secret_ballot"]
    list_filter = ["council_required", "secret_ballot"]
    raw_id_fields = ["award_type", "ratio_of"]
