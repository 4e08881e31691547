"""Forms of the council pages: a council and its term, seating a member, ending a seat."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guongsang.core.periods import LastDayField

from .models import CouncilMember


class CouncilForm(forms.Form):
    """A council and its term (nhiệm kỳ), typed from its first to its last day."""

    name = forms.CharField(label=_("Tên Hội đồng"), max_length=255)
    term_start = forms.DateField(label=_("Nhiệm kỳ từ ngày"), help_text=_("dd/mm/yyyy"))
    term_end = LastDayField(
        label=_("Nhiệm kỳ đến hết ngày"), required=False, help_text=_("dd/mm/yyyy; để trống nếu chưa định")
    )
    document_symbol = forms.CharField(
        label=_("Ký hiệu văn bản của Hội đồng"), max_length=32, initial="HĐTĐKT", required=False
    )

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields = {
                "unit": forms.ModelChoiceField(label=_("Đơn vị"), queryset=units, empty_label=None),
                **self.fields,
            }

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("Ngày cuối nhiệm kỳ không được trước ngày bắt đầu nhiệm kỳ."))
        return data


class MemberForm(forms.Form):
    """Seat someone of the council's unit (or, by invitation with a reason, someone else)."""

    user = forms.ModelChoiceField(label=_("Cán bộ của đơn vị"), queryset=None, required=False)
    username = forms.CharField(
        label=_("Hoặc mời người ngoài đơn vị: tên đăng nhập"), max_length=150, required=False
    )
    invitation_reason = forms.CharField(
        label=_("Lý do mời người ngoài đơn vị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Bắt buộc khi mời người không giữ vai trò tại đơn vị; được ghi vào danh sách thành viên."
        ),
    )
    position = forms.ChoiceField(
        label=_("Chức danh"), choices=CouncilMember.Position.choices, initial=CouncilMember.Position.MEMBER
    )
    votes = forms.BooleanField(label=_("Có quyền biểu quyết"), required=False, initial=True)
    valid_from = forms.DateField(
        label=_("Giữ chức từ ngày"), required=False, help_text=_("dd/mm/yyyy; để trống: từ đầu nhiệm kỳ")
    )

    def __init__(self, *args, candidates=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.username})"

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("user") and not data.get("username"):
            raise forms.ValidationError(
                _("Chọn một cán bộ của đơn vị, hoặc ghi tên đăng nhập người được mời.")
            )
        return data


class EndSeatForm(forms.Form):
    """The last day a member sits on the council."""

    last_day = forms.DateField(label=_("Ngày cuối giữ chức"), help_text=_("dd/mm/yyyy"))
    reason = forms.CharField(label=_("Lý do"), max_length=90, required=False)
