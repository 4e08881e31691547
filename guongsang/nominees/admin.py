"""Admin for nominees, consents and the sensitive-access log: read-only and scoped.

Every write on a nominee goes through the services (validation, CCCD handling, merge), so the
admin only lets administrators look; the encrypted columns never appear in it.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from guongsang.core.admin_site import ScopedAdmin
from guongsang.core.text import fold

from .models import Consent, Nominee, SensitiveAccess


class ReadOnlyScopedAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Nominee)
class NomineeAdmin(ReadOnlyScopedAdmin, SimpleHistoryAdmin):
    list_display = ["full_name", "kind", "birth_year", "unit", "residence", "cccd_masked", "merged_into"]
    list_filter = ["kind", "is_deceased", "is_disciplined", "is_prosecuted"]
    search_fields = ["name_folded"]
    list_select_related = ["unit", "residence", "merged_into"]
    # The photo is private: it has no URL for the admin to link (see core.files).
    exclude = ["cccd", "phone", "cccd_index", "photo"]
    list_per_page = 100

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(Consent)
class ConsentAdmin(ReadOnlyScopedAdmin, SimpleHistoryAdmin):
    list_display = ["nominee", "given_by", "relation", "scope", "given_at", "withdrawn_at"]
    list_filter = ["scope", "relation"]
    list_select_related = ["nominee"]


@admin.register(SensitiveAccess)
class SensitiveAccessAdmin(ReadOnlyScopedAdmin):
    list_display = ["at", "user", "nominee", "field"]
    list_select_related = ["user", "nominee"]
    date_hierarchy = "at"
