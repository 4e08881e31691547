"""Forms for book editions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guongsang.core.permissions import Role
from guongsang.stories.forms import units_for

from .models import BookEdition


class EditionForm(forms.Form):
    organiser = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=None)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên sách"), max_length=255, initial="Những bông hoa đẹp")
    chapter_by = forms.ChoiceField(label=_("Chia chương"), choices=BookEdition.ChapterBy.choices)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = units_for(user, (Role.EDITOR,))
        self.fields["year"].initial = timezone.localdate().year


class EditionEditForm(forms.Form):
    title = forms.CharField(label=_("Tên sách"), max_length=255)
    subtitle = forms.CharField(label=_("Tiêu đề phụ"), max_length=255, required=False)
    chapter_by = forms.ChoiceField(label=_("Chia chương"), choices=BookEdition.ChapterBy.choices)
    foreword = forms.CharField(
        label=_("Lời nói đầu"), required=False, max_length=50_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    is_public = forms.BooleanField(label=_("Cho tải về trên cổng thông tin"), required=False)


class CoverForm(forms.Form):
    cover = forms.FileField(label=_("Ảnh bìa (JPG hoặc PNG, tối đa 5 MB)"))


class ChooseForm(forms.Form):
    stories = forms.ModelMultipleChoiceField(
        label=_("Bài viết"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, queryset, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stories"].queryset = queryset
