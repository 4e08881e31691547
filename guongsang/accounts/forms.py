"""Forms for a unit administrator: a new user with a role, or a role for an existing user."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guongsang.core.periods import LastDayField
from guongsang.core.permissions import Role

from .selectors import users_for


class NewUserForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=255)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class GrantRoleForm(forms.Form):
    """A role for someone who already has an account in the administrator's units.

    The username is looked up among the people the administrator administers only, and an
    unknown name and a name from elsewhere get the same answer: the form must not tell a unit
    administrator which accounts exist in other provinces.
    """

    username = forms.CharField(label=_("Tên đăng nhập của người dùng đã có"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    valid_from = forms.DateField(label=_("Từ ngày"), required=False, help_text=_("dd/mm/yyyy"))
    valid_to = LastDayField(
        label=_("Đến hết ngày"), required=False, help_text=_("Ngày cuối cùng giữ vai trò (dd/mm/yyyy)")
    )

    def __init__(self, *args, actor=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        user = users_for(self.actor).filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Không tìm thấy người dùng “%(name)s” trong các đơn vị bạn quản trị.") % {"name": username}
            )
        self.user = user
        return username
