"""Forms for dossiers."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guongsang.accounts.selectors import memberships_of
from guongsang.awards.models import AwardType
from guongsang.core.permissions import visible_to

from .models import Nomination
from .rules import PREPARER_ROLES


class NominationForm(forms.Form):
    """A new dossier: who, for what, from which unit, with which achievements."""

    nominee = forms.ModelChoiceField(label=_("Người, tập thể được đề nghị"), queryset=None)
    award_type = forms.ModelChoiceField(label=_("Danh hiệu, hình thức đề nghị"), queryset=None)
    submitting_unit = forms.ModelChoiceField(label=_("Đơn vị đề nghị"), queryset=None)
    year = forms.IntegerField(label=_("Năm xét"), min_value=2000, max_value=2100)
    movement = forms.ModelChoiceField(label=_("Phong trào thi đua"), queryset=None, required=False)
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=None, required=False)
    achievements = forms.CharField(
        label=_("Tóm tắt thành tích"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_("Thành tích đến đâu khen đến đó: nêu việc làm, thời gian, kết quả, minh chứng."),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from guongsang.movements.models import Field
        from guongsang.movements.selectors import movements_for
        from guongsang.nominees.models import Nominee
        from guongsang.orgs.models import OrgUnit

        self.fields["nominee"].queryset = visible_to(user, Nominee.objects.filter(merged_into__isnull=True))
        self.fields["award_type"].queryset = AwardType.objects.filter(is_active=True).order_by(
            "level", "name"
        )
        unit_ids = [m.unit_id for m in memberships_of(user) if m.role in PREPARER_ROLES]
        units = OrgUnit.objects.all() if user.is_superuser else OrgUnit.objects.filter(pk__in=unit_ids)
        self.fields["submitting_unit"].queryset = units.order_by("path")
        self.fields["movement"].queryset = movements_for(user)
        self.fields["field"].queryset = Field.objects.all()
        self.fields["year"].initial = timezone.localdate().year
        if len(unit_ids) == 1:
            self.fields["submitting_unit"].initial = unit_ids[0]


class EditNominationForm(forms.Form):
    """Changing a dossier's content while it is being prepared or supplemented."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    achievements = forms.CharField(
        label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000
    )


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    # "Nhập hồ sơ của kỳ trước": offered only to those allowed to enter the past (core.past).
    occurred_on = forms.DateField(label=_("Ngày thực tế"), required=False, help_text=_("dd/mm/yyyy"))
    reason = forms.CharField(label=_("Lý do nhập bổ sung"), required=False, max_length=1000)


class EvidenceForm(forms.Form):
    # The dossier's version the page showed: an upload onto a dossier changed since is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255, required=False)
    part_code = forms.ChoiceField(label=_("Thành phần hồ sơ"), required=False)
    file = forms.FileField(label=_("Tệp (PDF, DOCX, XLSX, JPG, PNG; tối đa 20 MB)"))

    def __init__(self, nomination: Nomination, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part_code"].choices = [("", _("— Tài liệu khác —"))] + [
            (p["code"], p["name"]) for p in parts
        ]


class CriteriaVersionForm(forms.Form):
    """The dossier's version the criteria form showed (its answers are read from the POST by id):
    answers made on a dossier changed since are refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
