"""Forms of the award catalogue."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AwardRule


class RuleVersionForm(forms.ModelForm):
    """A new version of an award type's rules, from its effective date."""

    class Meta:
        model = AwardRule
        fields = [
            "effective_from",
            "legal_basis",
            "council_required",
            "quorum_num",
            "quorum_den",
            "vote_base",
            "threshold_num",
            "threshold_den",
            "threshold_strict",
            "secret_ballot",
            "cap_per_year",
            "once_per_person",
            "exclude_disciplined",
            "exclude_prosecuted",
            "exclude_posthumous",
        ]
        help_texts = {"effective_from": _("dd/mm/yyyy — phiên bản đang hiệu lực sẽ kết thúc vào ngày này.")}


class SignForm(forms.Form):
    """The head's signing; the last three fields enter a decision of a past cycle ("nhập bổ sung")."""

    authority_line = forms.CharField(label=_("Thẩm quyền ký (TM., KT.)"), max_length=64, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=64)
    signed_on = forms.DateField(label=_("Ngày ký thực tế"), required=False, help_text=_("dd/mm/yyyy"))
    number = forms.IntegerField(
        label=_("Số quyết định thực tế"), required=False, min_value=1, max_value=99999
    )
    reason = forms.CharField(label=_("Lý do nhập bổ sung"), max_length=1000, required=False)
