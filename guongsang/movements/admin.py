"""Admin for fields of work: one national list, kept by system administrators.

Movements, registrations and criteria are managed on their own pages, where the services check
permissions and write the history; the admin only keeps the reference list of fields.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Field


@admin.register(Field)
class FieldAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    ordering = ["order", "name"]
    prepopulated_fields = {"code": ["name"]}

    def _perm(self, request, action: str, obj=None) -> bool:
        return request.user.has_perm(f"movements.{action}_field", obj)

    def has_module_permission(self, request) -> bool:
        return self._perm(request, "view")

    def has_view_permission(self, request, obj=None) -> bool:
        return self._perm(request, "view", obj)

    def has_add_permission(self, request) -> bool:
        return self._perm(request, "add")

    def has_change_permission(self, request, obj=None) -> bool:
        return self._perm(request, "change", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A field movements are filed under stays: removing it would silently unfile them.
        if obj is not None and obj.movements.exists():
            return False
        return self._perm(request, "delete", obj)
