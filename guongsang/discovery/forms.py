"""Forms of tips: the public form, and the officers' accept and decline forms. They only parse:
bounds and checks live in ``services``, so the page and the API refuse the same input alike."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.orgs.models import OrgUnit

from . import selectors, services
from .models import GoodDeedReport


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the service checks each."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


class PublicReportForm(forms.Form):
    """The public form. Bounds and checks live in ``services.submit_report``; the form only
    parses, so the API and the page refuse the same input with the same messages."""

    source = forms.ChoiceField(
        label=gettext_lazy("Bạn là"),
        choices=[
            (GoodDeedReport.Source.CITIZEN, gettext_lazy("Người dân")),
            (GoodDeedReport.Source.PRESS, gettext_lazy("Phóng viên, cơ quan báo chí")),
        ],
        initial=GoodDeedReport.Source.CITIZEN,
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label=gettext_lazy("Họ và tên của bạn"), max_length=255, required=False)
    reporter_phone = forms.CharField(
        label=gettext_lazy("Số điện thoại"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=gettext_lazy("Ví dụ 0912 345 678. Cần số điện thoại hoặc thư điện tử."),
    )
    reporter_email = forms.CharField(
        label=gettext_lazy("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("Nếu có, chúng tôi gửi mã theo dõi và kết quả xử lý qua thư."),
    )
    press_outlet = forms.CharField(
        label=gettext_lazy("Cơ quan báo chí"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Chỉ điền nếu bạn là phóng viên."),
    )
    press_link = forms.CharField(
        label=gettext_lazy("Đường dẫn bài báo đã đăng"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    person_name = forms.CharField(
        label=gettext_lazy("Họ và tên người làm việc tốt"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Nếu không biết tên, hãy mô tả, ví dụ: “bác xe ôm ở đầu ngõ 12 Đội Cấn”."),
    )
    person_details = forms.CharField(
        label=gettext_lazy("Thông tin thêm về người đó"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Tuổi, nghề nghiệp, nơi ở, cách liên hệ… nếu bạn biết."),
    )
    what_happened = forms.CharField(
        label=gettext_lazy("Việc tốt đã xảy ra"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Kể lại cụ thể: ai, đã làm gì, giúp ai, kết quả ra sao."),
    )
    place_commune = forms.ModelChoiceField(
        label=gettext_lazy("Xã, phường nơi xảy ra"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("— Chọn xã, phường —"),
    )
    place_detail = forms.CharField(
        label=gettext_lazy("Địa điểm cụ thể"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Số nhà, đường phố, thôn, tổ dân phố…"),
    )
    # A text input in the Vietnamese order rather than type="date", which many browsers show
    # as mm/dd/yyyy whatever the page's language.
    occurred_on = forms.DateField(
        label=gettext_lazy("Ngày xảy ra"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("ngày/tháng/năm"), "inputmode": "numeric"}),
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"],
        help_text=gettext_lazy("Ví dụ 05/01/2026. Để trống nếu không nhớ."),
        error_messages={"invalid": gettext_lazy("Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2026.")},
    )
    files = MultipleFileField(
        label=gettext_lazy("Ảnh, tài liệu kèm theo"),
        required=False,
        help_text=gettext_lazy("Tối đa 5 tệp JPG, PNG hoặc PDF, mỗi tệp không quá 10 MB."),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đồng ý để cơ quan có thẩm quyền dùng thông tin trên vào việc xác minh, xử lý tin báo "
            "như mô tả ở trên."
        ),
        error_messages={"required": gettext_lazy("Cần bạn đồng ý thì chúng tôi mới xử lý được tin báo.")},
    )
    # Hidden from people by CSS, left for bots to fill: a filled one means an automated post.
    website = forms.CharField(
        label=gettext_lazy("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # Required, but checked by the service (with its own messages) rather than by the form, so
    # that an empty form gets every problem explained at once, the same way as through the API.
    MARKED_REQUIRED = ("reporter_name", "person_name", "what_happened", "place_commune")

    def __init__(self, *args, province: OrgUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.MARKED_REQUIRED:
            self.fields[name].marked_required = True
            self.fields[name].widget.attrs["aria-required"] = "true"
        # On POST any current commune is valid (the province step may have been skipped);
        # on GET only the chosen province's communes are listed, not all 3,321.
        if self.is_bound:
            self.fields["place_commune"].queryset = selectors.communes_of(None)
        elif province is not None:
            self.fields["place_commune"].queryset = selectors.communes_of(province)
        else:
            self.fields["place_commune"].empty_label = gettext_lazy("— Chọn tỉnh, thành phố trước —")


class AcceptForm(forms.Form):
    """Accepting a report: the award to propose, and the person (new, or a likely duplicate)."""

    award_type = forms.ModelChoiceField(label=gettext_lazy("Danh hiệu, hình thức đề nghị"), queryset=None)
    nominee = forms.TypedChoiceField(
        label=gettext_lazy("Người được đề nghị"), coerce=int, widget=forms.RadioSelect, empty_value=0
    )
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=255, required=False)
    birth_year = forms.IntegerField(label=gettext_lazy("Năm sinh"), required=False)
    occupation = forms.CharField(label=gettext_lazy("Nghề nghiệp"), max_length=255, required=False)

    def __init__(self, report: GoodDeedReport, duplicates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = selectors.award_types_for(report.place_commune)
        choices = [(0, _("Người mới: %(name)s") % {"name": report.person_name})]
        for d in duplicates:
            nominee = d.nominee
            label = _("Đã có: %(name)s (%(year)s, %(unit)s) — %(why)s") % {
                "name": nominee.full_name,
                "year": nominee.birth_year or "—",
                "unit": nominee.unit,
                "why": ", ".join(d.reasons),
            }
            choices.append((nominee.pk, label))
        self.fields["nominee"].choices = choices
        self.fields["nominee"].initial = 0
        self.fields["full_name"].initial = report.person_name
        default = self.fields["award_type"].queryset.filter(code="nguoi-tot-viec-tot-ha-noi").first()
        if default is not None:
            self.fields["award_type"].initial = default.pk


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do không chấp nhận"),
        max_length=services.MAX_DECLINE_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Người báo tin sẽ thấy lý do này khi tra cứu; đừng ghi thông tin cá nhân."),
    )
