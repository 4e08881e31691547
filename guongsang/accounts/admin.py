"""Admin for users (system administrators) and memberships (scoped to the unit's admins)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from guongsang.core.admin_site import ScopedAdmin, register_choice_scope

from .models import ApiToken, Membership, User
from .selectors import users_for

# A unit administrator picks (in any admin form) only the people of the units they administer.
register_choice_scope(User, users_for)


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name_folded", "email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Thông tin công tác"), {"fields": ["full_name", "position"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["user", "role", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name_folded", "unit__name_folded"]
    raw_id_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "last_used_at"]
    readonly_fields = ["user", "key_hash", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
