"""Forms on the org tree."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OrgUnit


class AddUnitForm(forms.Form):
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
    valid_from = forms.DateField(label=_("Hiệu lực từ"), required=False, help_text=_("dd/mm/yyyy"))
