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
