"""Forms on the org tree."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guongsang.core.periods import LastDayField

from .models import OrgUnit


class _ValidityForm(forms.Form):
    """A unit's validity as people type it: from its first day to its last day in force."""

    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), required=False, help_text=_("dd/mm/yyyy"))
    valid_to = LastDayField(
        label=_("Hiệu lực đến hết ngày"),
        required=False,
        help_text=_("Ngày cuối cùng đơn vị còn hoạt động (dd/mm/yyyy); để trống nếu đang hoạt động."),
    )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        # ``end`` is the stored end, the day after the last day typed.
        if start and end and end <= start:
            self.add_error("valid_to", _("Ngày cuối hiệu lực không được trước ngày bắt đầu hiệu lực."))
        return data


class AddUnitForm(_ValidityForm):
    """A new unit under the current one (a department, school, front, enterprise…)."""

    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=64, required=False)
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=[
            (k, label)
            for k, label in OrgUnit.Kind.choices
            if k not in {OrgUnit.Kind.NATION, OrgUnit.Kind.PROVINCE}
        ],
    )
    code = forms.CharField(label=_("Mã hành chính"), max_length=16, required=False)
    staff_count = forms.IntegerField(label=_("Số cán bộ, nhân viên"), min_value=0, required=False)
    field_order = ["name", "short_name", "kind", "code", "staff_count", "valid_from", "valid_to"]


class EditUnitForm(_ValidityForm):
    """A unit's descriptive fields and validity. Ending a unit needs its legal basis or reason."""

    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=64, required=False)
    code = forms.CharField(label=_("Mã hành chính"), max_length=16, required=False)
    staff_count = forms.IntegerField(label=_("Số cán bộ, nhân viên"), min_value=0, required=False)
    reason = forms.CharField(
        label=_("Căn cứ, lý do thay đổi"),
        max_length=100,
        required=False,
        help_text=_("Bắt buộc khi chấm dứt hoặc đổi ngày hết hiệu lực, ví dụ “NQ 1656/NQ-UBTVQH15”."),
    )
    field_order = ["name", "short_name", "code", "staff_count", "valid_from", "valid_to", "reason"]

    @classmethod
    def for_unit(cls, unit: OrgUnit, data=None) -> "EditUnitForm":
        initial = {f: getattr(unit, f) for f in ("name", "short_name", "code", "staff_count")}
        initial |= {"valid_from": unit.valid_from, "valid_to": unit.valid_to}
        return cls(data, initial=initial, prefix="edit")
