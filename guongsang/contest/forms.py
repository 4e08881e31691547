"""Forms of the contest pages. They parse; ``services`` checks, so the API and the pages refuse
the same input with the same messages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guongsang.orgs.models import OrgUnit

from .models import EntryKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


def communes_of(province: OrgUnit | None):
    today = timezone.localdate()
    qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE).exclude(valid_to__lte=today)
    if province is not None:
        qs = qs.filter(path__startswith=province.path)
    return qs.order_by("name_folded")


class EntryForm(forms.Form):
    """The entry form (public, or an officer sending for their unit)."""

    kind = forms.ChoiceField(label=_("Thể loại"), choices=EntryKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Tên bài"), max_length=300)
    text = forms.CharField(
        label=_("Nội dung bài viết"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Dán nội dung vào đây, hoặc tải tệp Word (DOCX) ở ô dưới."),
    )
    docx = forms.FileField(
        label=_("Hoặc tải tệp Word (DOCX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
        help_text=_("Tối đa 5 MB. Nội dung tệp sẽ thay cho ô nội dung."),
    )
    press_outlet = forms.CharField(label=_("Cơ quan báo chí đã đăng"), required=False, max_length=255)
    press_date = forms.DateField(
        label=_("Ngày đăng"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    press_link = forms.CharField(label=_("Đường dẫn bài đã đăng"), required=False, max_length=500)
    video_link = forms.CharField(label=_("Đường dẫn video"), required=False, max_length=500)
    video_minutes = forms.CharField(label=_("Thời lượng video (phút)"), required=False, max_length=8)
    subject_name = forms.CharField(
        label=_("Người (hoặc tập thể) được viết về"),
        max_length=255,
        help_text=_("Người thật, việc thật: cuộc thi không nhận truyện hư cấu."),
    )
    subject_is_collective = forms.BooleanField(label=_("Đây là một tập thể"), required=False)
    subject_commune = forms.ModelChoiceField(
        label=_("Xã, phường nơi người đó sống, làm việc"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("— Chọn xã, phường —"),
    )
    subject_place = forms.CharField(label=_("Địa chỉ cụ thể của nhân vật"), required=False, max_length=255)
    photos = MultipleFileField(
        label=_("Ảnh kèm theo"), required=False, help_text=_("Tối đa 5 ảnh JPG hoặc PNG, mỗi ảnh ≤ 5 MB.")
    )
    author_name = forms.CharField(label=_("Họ và tên tác giả"), max_length=255)
    author_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=500)
    author_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=32,
        # Required, but checked by the service, so that a missing phone is reported together
        # with every other problem (the form would stop before the word count).
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    author_email = forms.CharField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Nếu có, chúng tôi gửi mã theo dõi qua thư."),
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi cam đoan bài viết là của tôi, viết về người thật, việc thật, và đồng ý với thể lệ cuộc thi."
        ),
        error_messages={"required": _("Cần bạn cam đoan và đồng ý với thể lệ thì bài mới được nhận.")},
    )
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, contest=None, **kwargs):
        super().__init__(*args, **kwargs)
        province = None
        if contest is not None:
            self.fields["kind"].choices = [c for c in EntryKind.choices if c[0] in contest.accepted_kinds]
            self.fields["kind"].initial = self.fields["kind"].choices[0][0]
            organiser = contest.organiser
            province = organiser if organiser.kind == OrgUnit.Kind.PROVINCE else None
        self.fields["subject_commune"].queryset = communes_of(province)
        self.fields["author_phone"].show_required = True

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("consent", "website", "photos", "docx"):
            data.pop(name, None)
        return data
