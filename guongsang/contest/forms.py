"""Forms of the contest pages. They parse; ``services`` checks, so the API and the pages refuse
the same input with the same messages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guongsang.orgs.models import OrgUnit

from .models import EntryKind, Round


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


# --- Organisers: setting a contest up ---------------------------------------------------------

_DATE = {
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "input_formats": ["%Y-%m-%d", "%d/%m/%Y"],
}


class ContestForm(forms.Form):
    """A contest's settings. The organiser unit is chosen when the contest is created only."""

    organiser = forms.ModelChoiceField(
        label=_("Đơn vị tổ chức"), queryset=OrgUnit.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên cuộc thi"), max_length=255)
    rules_text = forms.CharField(label=_("Thể lệ"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    eligibility = forms.CharField(
        label=_("Đối tượng dự thi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    min_words = forms.IntegerField(label=_("Số chữ tối thiểu"), min_value=0, initial=300)
    max_words = forms.IntegerField(label=_("Số chữ tối đa"), min_value=1, initial=2000)
    max_video_minutes = forms.IntegerField(
        label=_("Thời lượng video tối đa (phút)"), min_value=1, max_value=600, initial=7
    )
    accepted_kinds = forms.MultipleChoiceField(
        label=_("Thể loại nhận"),
        choices=EntryKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(EntryKind.values),
        error_messages={"required": _("Hãy chọn ít nhất một thể loại.")},
    )
    opens_on = forms.DateField(label=_("Ngày bắt đầu nhận bài"), required=False, **_DATE)
    closes_on = forms.DateField(label=_("Hạn nhận bài"), required=False, **_DATE)

    def __init__(self, *args, organisers=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organiser"]
            del self.fields["year"]
        else:
            self.fields["organiser"].queryset = (
                organisers if organisers is not None else OrgUnit.objects.none()
            )
            self.fields["year"].initial = timezone.localdate().year

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class RoundForm(forms.Form):
    """A judging round's settings; its rubric comes from ``CriterionFormSet``."""

    name = forms.CharField(label=_("Tên vòng"), max_length=120)
    level = forms.ChoiceField(label=_("Cấp"), choices=Round.Level.choices)
    judges_per_entry = forms.IntegerField(
        label=_("Số giám khảo chấm mỗi bài (k)"), min_value=1, max_value=15, initial=3
    )
    max_per_judge = forms.IntegerField(
        label=_("Số bài tối đa mỗi giám khảo"),
        min_value=1,
        required=False,
        help_text=_("Để trống: chia đều (chênh lệch không quá 1 bài)."),
    )
    ranking_method = forms.ChoiceField(label=_("Cách xếp hạng"), choices=Round.Method.choices)
    disagreement_gap = forms.DecimalField(
        label=_("Độ vênh điểm cần xem lại (thang 100)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=25,
    )
    ends_on = forms.DateField(label=_("Hạn chấm"), required=False, **_DATE)

    def service_data(self, criteria: list[dict]) -> dict:
        return {**self.cleaned_data, "criteria": criteria}


class CriterionForm(forms.Form):
    """One criterion of a round's rubric. A row left without a name is dropped."""

    key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    name = forms.CharField(label=_("Tiêu chí"), required=False, max_length=200)
    weight = forms.DecimalField(label=_("Trọng số"), required=False, min_value=0, decimal_places=2)
    max = forms.DecimalField(label=_("Điểm tối đa"), required=False, min_value=0, decimal_places=2)

    def clean(self):
        data = super().clean()
        if (data.get("name") or "").strip() and (data.get("weight") is None or data.get("max") is None):
            raise forms.ValidationError(_("Tiêu chí cần cả trọng số và điểm tối đa."))
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=12, validate_max=True)


def criteria_from(formset) -> list[dict]:
    """The rubric a valid ``CriterionFormSet`` describes (the service checks it)."""
    rows = []
    for data in formset.cleaned_data:
        if not data or not (data.get("name") or "").strip():
            continue
        row = {"name": data["name"].strip(), "weight": float(data["weight"]), "max": float(data["max"])}
        if data.get("key"):
            row["key"] = data["key"]
        rows.append(row)
    return rows


class PrizesForm(forms.Form):
    """How many prizes of each class (nhất, nhì, ba, khuyến khích); 0 leaves a class out."""

    first = forms.IntegerField(label=_("Giải Nhất"), min_value=0, max_value=1000, initial=1)
    second = forms.IntegerField(label=_("Giải Nhì"), min_value=0, max_value=1000, initial=3)
    third = forms.IntegerField(label=_("Giải Ba"), min_value=0, max_value=1000, initial=5)
    encouragement = forms.IntegerField(label=_("Giải Khuyến khích"), min_value=0, max_value=1000, initial=30)

    CLASSES = (
        ("first", "Giải Nhất"),
        ("second", "Giải Nhì"),
        ("third", "Giải Ba"),
        ("encouragement", "Giải Khuyến khích"),
    )

    @classmethod
    def initial_for(cls, prizes) -> dict:
        """The form's initial counts from a contest's prize classes (matched by name)."""
        counts = {p.name.strip().lower(): p.count for p in prizes}
        return {field: counts.get(name.lower(), 0) for field, name in cls.CLASSES}

    def prizes(self) -> list[dict]:
        return [{"name": name, "count": self.cleaned_data[field]} for field, name in self.CLASSES]
