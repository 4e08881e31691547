"""Admin for units, successions and clusters, scoped like every other page."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from guongsang.core.admin_site import ScopedAdmin
from guongsang.core.text import fold

from . import services
from .models import Cluster, OrgUnit, UnitSuccession


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "depth", "staff_count", "valid_to"]
    list_filter = ["kind", "depth"]
    search_fields = ["name_folded", "code"]
    readonly_fields = ["path", "depth", "numchild"]
    ordering = ["path"]
    list_per_page = 100

    def get_search_results(self, request, queryset, search_term):
        # Search the folded column with a folded term: "dong da" finds "Phường Đống Đa".
        return super().get_search_results(request, queryset, fold(search_term))

    def has_add_permission(self, request):
        # Units are placed in the tree from the parent's page ("Thêm đơn vị trực thuộc").
        return False

    def has_delete_permission(self, request, obj=None):
        # Units are never deleted: they end (valid_to) and hand over to a successor.
        return False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Successions widen the successor's reach to the predecessor's records, so a new one is
    recorded only through ``services.record_succession``: it checks that the actor administers
    both units and ends the predecessor, as the unit pages do."""

    list_display = ["predecessor", "successor", "kind", "effective_date"]
    raw_id_fields = ["predecessor", "successor"]

    def save_model(self, request, obj: UnitSuccession, form, change: bool) -> None:
        if change:
            # Only superusers may change a recorded succession (there is no change rule).
            super().save_model(request, obj, form, change)
            return
        refusal = self.write_refusal(request, obj, change)
        if refusal:
            raise PermissionDenied(refusal)
        (row,) = services.record_succession(
            request.user,
            [obj.predecessor],
            obj.successor,
            kind=obj.kind,
            effective_date=obj.effective_date,
            legal_basis=obj.legal_basis,
        )
        # The admin logs and redirects to the object it was given: make it the saved row.
        obj.pk = row.pk
        obj._state.adding = False


class ClusterAdminForm(forms.ModelForm):
    """The cluster as the admin edits it, with the rule ``services.create_cluster`` keeps."""

    class Meta:
        model = Cluster
        fields = ["organiser", "name", "year", "head", "deputy", "members"]

    def clean(self) -> dict:
        data = super().clean()
        members = data.get("members")
        if members is not None:
            member_ids = {m.pk for m in members}
            for name in ("head", "deputy"):
                unit = data.get(name)
                if unit is not None and unit.pk not in member_ids:
                    self.add_error(name, _("Cụm trưởng và cụm phó phải là đơn vị thành viên của cụm."))
        return data


@admin.register(Cluster)
class ClusterAdmin(ScopedAdmin, SimpleHistoryAdmin):
    form = ClusterAdminForm
    list_display = ["name", "year", "organiser", "head", "deputy"]
    list_filter = ["year"]
    raw_id_fields = ["organiser", "head", "deputy", "members"]
