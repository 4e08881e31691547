"""Forms of the nominee pages. Validation proper lives in the services; forms only shape input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guongsang.orgs.models import OrgUnit

from . import selectors
from .models import PUBLIC_FIELD_CHOICES, Consent, Nominee


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class NomineeForm(forms.Form):
    """Create or edit a nominee.

    The CCCD, phone and e-mail are never pre-filled (the page would show them in full, unlogged,
    to whoever opens the form): the help text shows the stored value masked, an empty field keeps
    it, a typed one replaces it, and a tick box removes it. An officer who needs to read the
    number reveals it on the nominee's page, where the view is logged.
    """

    kind = forms.ChoiceField(
        label=_("Loại đối tượng"), choices=Nominee.Kind.choices, initial=Nominee.Kind.INDIVIDUAL
    )
    full_name = forms.CharField(label=_("Họ và tên / tên tập thể"), max_length=255)
    gender = forms.ChoiceField(
        label=_("Giới tính"), choices=[("", "—"), *Nominee.Gender.choices], required=False
    )
    birth_date = forms.DateField(label=_("Ngày sinh"), required=False, help_text=_("dd/mm/yyyy"))
    birth_year = forms.IntegerField(
        label=_("Năm sinh"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Nếu không rõ ngày sinh"),
    )
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=64, required=False)
    occupation = forms.CharField(label=_("Nghề nghiệp"), max_length=255, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())
    residence = UnitChoiceField(label=_("Xã, phường cư trú"), queryset=OrgUnit.objects.none(), required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=32, required=False)
    phone_clear = forms.BooleanField(label=_("Xóa số điện thoại đang lưu"), required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    email_clear = forms.BooleanField(label=_("Xóa thư điện tử đang lưu"), required=False)
    cccd = forms.CharField(
        label=_("Số CCCD"),
        max_length=32,
        required=False,
        help_text=_("12 chữ số"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    photo = forms.FileField(label=_("Ảnh (JPG, PNG, tối đa 5 MB)"), required=False)
    is_deceased = forms.BooleanField(label=_("Đã mất"), required=False)
    is_disciplined = forms.BooleanField(label=_("Đang bị kỷ luật"), required=False)
    is_prosecuted = forms.BooleanField(label=_("Đang bị truy cứu trách nhiệm hình sự"), required=False)
    public_fields = forms.MultipleChoiceField(
        label=_("Thông tin được công khai khi tuyên truyền"),
        choices=PUBLIC_FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, nominee: Nominee | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.editable_units_for(user)
        residences = selectors.residence_choices_for(user)
        if nominee is not None and nominee.residence_id:
            residences = residences | OrgUnit.objects.filter(pk=nominee.residence_id)
        self.fields["residence"].queryset = residences
        if nominee is not None and nominee.cccd_masked:
            self.fields["cccd"].help_text = _("Đang lưu: %(masked)s. Để trống để giữ nguyên.") % {
                "masked": nominee.cccd_masked
            }
        for name, masked in (
            ("phone", nominee and nominee.phone_masked),
            ("email", nominee and nominee.email_masked),
        ):
            if masked:
                self.fields[name].help_text = _("Đang lưu: %(masked)s. Để trống để giữ nguyên.") % {
                    "masked": masked
                }
                self.fields[name].widget.attrs["autocomplete"] = "off"
            else:
                # Nothing stored (or a new nominee): nothing to clear.
                del self.fields[f"{name}_clear"]
        # The duplicate check runs as the officer types the name, birth date or year, and unit.
        check = {"hx-trigger": "change", "hx-target": "#duplicates", "hx-swap": "innerHTML"}
        for name in ("full_name", "birth_date", "birth_year", "unit", "residence", "cccd"):
            self.fields[name].widget.attrs.update(check)
            self.fields[name].widget.attrs["hx-post"] = (
                f"{_duplicates_url()}?exclude={nominee.pk}" if nominee is not None else _duplicates_url()
            )
            self.fields[name].widget.attrs["hx-include"] = "closest form"

    @classmethod
    def initial_for(cls, nominee: Nominee) -> dict:
        return {
            "kind": nominee.kind,
            "full_name": nominee.full_name,
            "gender": nominee.gender,
            "birth_date": nominee.birth_date,
            "birth_year": nominee.birth_year,
            "ethnicity": nominee.ethnicity,
            "occupation": nominee.occupation,
            "position": nominee.position,
            "unit": nominee.unit_id,
            "residence": nominee.residence_id,
            "is_deceased": nominee.is_deceased,
            "is_disciplined": nominee.is_disciplined,
            "is_prosecuted": nominee.is_prosecuted,
            "public_fields": nominee.public_fields,
        }

    def service_data(self, *, editing: bool) -> dict:
        """The cleaned fields as service arguments (an empty CCCD, phone, e-mail or photo on edit
        keeps the old; a ticked "remove" box empties the phone or e-mail)."""
        data = dict(self.cleaned_data)
        data["gender"] = data.get("gender") or ""
        clear = {name: data.pop(f"{name}_clear", False) for name in ("phone", "email")}
        if editing:
            if not data.get("cccd"):
                data.pop("cccd", None)
            for name, remove in clear.items():
                if remove:
                    data[name] = ""
                elif not data.get(name):
                    data.pop(name, None)
            if not data.get("photo"):
                data.pop("photo", None)
        elif not data.get("photo"):
            data.pop("photo", None)
        return data


def _duplicates_url() -> str:
    from django.urls import reverse

    return reverse("nominees:check_duplicates")


class ConsentForm(forms.Form):
    """A publication consent, recorded from the signed paper form."""

    given_by = forms.CharField(label=_("Người đồng ý"), max_length=255)
    relation = forms.ChoiceField(label=_("Quan hệ"), choices=Consent.Relation.choices)
    given_at = forms.DateField(label=_("Ngày đồng ý"), help_text=_("dd/mm/yyyy"))
    scope = forms.ChoiceField(label=_("Phạm vi công bố"), choices=Consent.Scope.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    """An XLSX nominee list and the unit rows without a unit go to."""

    unit = UnitChoiceField(label=_("Nhập vào đơn vị"), queryset=OrgUnit.objects.none())
    file = forms.FileField(label=_("Tệp Excel (.xlsx, tối đa 10 MB)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.editable_units_for(user)
