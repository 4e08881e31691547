"""Forms for stories, photos, the press log and weekly lists."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guongsang.core.permissions import scope_for, visible_to

from .models import PropagationReport, Story
from .rules import EDITOR_ROLES, REPORTER_ROLES, WRITER_ROLES


def units_for(user, roles):
    from guongsang.orgs.models import OrgUnit

    scope = scope_for(user, roles)
    return OrgUnit.objects.filter(scope.q()).order_by("path") if not scope.empty else OrgUnit.objects.none()


def _apply_error(form: forms.Form, exc) -> None:
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    for field, errors in by_field.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, " ".join(error.messages))


class StoryForm(forms.Form):
    """A story's content: the unit, the people, the text, the source."""

    unit = forms.ModelChoiceField(label=_("Đơn vị đăng bài"), queryset=None)
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    lead = forms.CharField(
        label=_("Sa-pô (đoạn dẫn)"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Gõ từng đoạn, cách nhau một dòng trống. Được dùng: đậm, nghiêng, danh sách, trích dẫn, liên kết."
        ),
    )
    nominees = forms.ModelMultipleChoiceField(
        label=_("Gương điển hình được nói đến"),
        queryset=None,
        required=False,
        help_text=_("Bài chỉ được đăng khi mọi người được nói đến đã đồng ý công bố."),
    )
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=None, required=False)
    author_name = forms.CharField(label=_("Tác giả"), max_length=255, required=False)
    source_outlet = forms.CharField(label=_("Nguồn (cơ quan báo chí)"), max_length=255, required=False)
    source_date = forms.DateField(
        label=_("Ngày đăng gốc"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source_url = forms.URLField(
        label=_("Đường dẫn bài gốc"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from guongsang.movements.models import Field
        from guongsang.nominees.models import Nominee

        self.fields["unit"].queryset = units_for(user, WRITER_ROLES)
        self.fields["nominees"].queryset = visible_to(
            user, Nominee.objects.filter(merged_into__isnull=True)
        ).order_by("name_folded")
        self.fields["field"].queryset = Field.objects.order_by("order", "name")


class FeatureForm(forms.Form):
    featured = forms.BooleanField(label=_("Nổi bật trên trang chủ"), required=False)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Ảnh (JPG hoặc PNG, tối đa 5 MB)"))
    alt_text = forms.CharField(label=_("Mô tả ảnh cho người khiếm thị"), max_length=300)
    caption = forms.CharField(label=_("Chú thích ảnh"), max_length=500, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CoverageForm(forms.Form):
    outlet = forms.CharField(label=_("Cơ quan báo chí"), max_length=255)
    title = forms.CharField(label=_("Tiêu đề bài báo"), max_length=500, required=False)
    published_on = forms.DateField(label=_("Ngày đăng"), widget=forms.DateInput(attrs={"type": "date"}))
    url = forms.URLField(label=_("Đường dẫn"), max_length=500, required=False, assume_scheme="https")


class SelectionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị ban hành"), queryset=None)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    week = forms.IntegerField(label=_("Tuần"), min_value=1, max_value=53)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, EDITOR_ROLES)
        today = timezone.localdate().isocalendar()
        self.fields["year"].initial, self.fields["week"].initial = today.year, today.week


class SelectionContentForm(forms.Form):
    nominees = forms.ModelMultipleChoiceField(
        label=_("Gương điển hình"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    stories = forms.ModelMultipleChoiceField(
        label=_("Bài viết"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Nội dung chỉ đạo thêm"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=255)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=255, required=False)

    def __init__(self, selection, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from guongsang.nominees.models import Consent, Nominee

        from .selectors import consent_in_force, public_stories

        recent = public_stories(unit=selection.unit).filter(
            published_at__gte=timezone.now() - timezone.timedelta(days=60)
        )
        chosen_stories = selection.stories.values("pk") if selection.pk else []
        self.fields["stories"].queryset = (
            Story.objects.filter(Q(pk__in=recent.values("pk")) | Q(pk__in=chosen_stories))
            .select_related("unit")
            .order_by("-published_at")
        )
        people = Story.nominees.through.objects.filter(story__in=recent.values("pk")).values("nominee_id")
        chosen_people = selection.nominees.values("pk") if selection.pk else []
        consenting = Nominee.objects.filter(pk__in=people, merged_into__isnull=True).filter(
            consent_in_force(Consent.Scope.PORTAL, "pk")
        )
        self.fields["nominees"].queryset = (
            Nominee.objects.filter(Q(pk__in=consenting.values("pk")) | Q(pk__in=chosen_people))
            .select_related("unit")
            .order_by("name_folded")
        )


class PropagationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=PropagationReport.Kind.choices)
    held_on = forms.DateField(label=_("Ngày thực hiện"), widget=forms.DateInput(attrs={"type": "date"}))
    url = forms.URLField(label=_("Đường dẫn bài đăng"), max_length=500, required=False, assume_scheme="https")
    audience = forms.IntegerField(label=_("Số người tham dự / tiếp cận"), min_value=0, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, user, selection, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units_for(user, REPORTER_ROLES)
            .filter(path__startswith=selection.unit.path)
            .exclude(pk=selection.unit_id)
        )
        self.fields["held_on"].initial = timezone.localdate()
