"""Forms for a unit administrator: a new user with a role, or a role for an existing user."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guongsang.core.permissions import Role

from .models import User


class NewUserForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=255)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class GrantRoleForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập của người dùng đã có"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    valid_from = forms.DateField(label=_("Từ ngày"), required=False, help_text=_("dd/mm/yyyy"))
    valid_to = forms.DateField(label=_("Đến ngày"), required=False, help_text=_("dd/mm/yyyy"))

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Không có người dùng “%(name)s”.") % {"name": username})
        self.user = user
        return username
