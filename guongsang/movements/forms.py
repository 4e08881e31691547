"""Forms of the movement pages: launching and editing a movement, documents, registrations,
criteria sets. They only parse input; the services decide and validate the domain rules."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from guongsang.core.permissions import scope_for
from guongsang.orgs.models import OrgUnit

from . import selectors
from .models import CriteriaSet, Movement
from .rules import LAUNCHER_ROLES
from .services import FIRST_YEAR, LAST_YEAR

DATE_HELP = _("dd/mm/yyyy")

# A movement reaches the units below its launcher; nations and provinces are never "below".
SCOPE_KIND_CHOICES = [
    (value, label)
    for value, label in OrgUnit.Kind.choices
    if value not in {OrgUnit.Kind.NATION, OrgUnit.Kind.PROVINCE}
]
# Standing units (cơ quan thường trực) are departments, fronts and the like, not communes.
STANDING_KINDS = [OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.FRONT, OrgUnit.Kind.OTHER]


def standing_unit_choices(user) -> QuerySet[OrgUnit]:
    """Units that may run a movement for a launcher the user speaks for: the launchers
    themselves and the departments, fronts and other bodies under them."""
    scope = scope_for(user, LAUNCHER_ROLES)
    if scope.everything:
        under = Q()
    else:
        roots = list(OrgUnit.objects.filter(pk__in=sorted(scope.unit_ids)).values_list("path", flat=True))
        under = Q(pk__in=[])
        for path in [*roots, *scope.subtree_paths]:
            under |= Q(path__startswith=path)
    return (
        OrgUnit.objects.filter(under)
        .filter(Q(kind__in=STANDING_KINDS) | Q(pk__in=selectors.launcher_units_for(user).values("pk")))
        .order_by("path")
    )


class MovementForm(forms.Form):
    """Launch a movement (with the launching unit) or edit one (the launcher stays)."""

    unit = forms.ModelChoiceField(label=_("Đơn vị phát động"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("Tên phong trào"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại phong trào"), choices=Movement.Kind.choices)
    start_date = forms.DateField(label=_("Bắt đầu từ"), help_text=DATE_HELP)
    end_date = forms.DateField(
        label=_("Kết thúc ngày"),
        required=False,
        help_text=_("dd/mm/yyyy; để trống nếu phong trào thường xuyên"),
    )
    standing_unit = forms.ModelChoiceField(
        label=_("Cơ quan thường trực"), queryset=OrgUnit.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Nội dung phong trào"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực"),
        queryset=selectors.fields(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scope_kinds = forms.MultipleChoiceField(
        label=_("Loại đơn vị tham gia"),
        choices=SCOPE_KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn loại nào: mọi đơn vị trực thuộc đơn vị phát động đều tham gia."),
    )

    def __init__(
        self, *args, user, movement: Movement | None = None, current_unit: OrgUnit | None = None, **kwargs
    ):
        # Views pass ``request.POST or None``: a None in first place is an unbound form, which
        # opens with the movement's values.
        bound = bool(args and args[0] is not None) or kwargs.get("data") is not None
        if movement is not None and "initial" not in kwargs and not bound:
            kwargs["initial"] = {
                "name": movement.name,
                "kind": movement.kind,
                "start_date": movement.start_date,
                "end_date": movement.end_date,
                "standing_unit": movement.standing_unit_id,
                "description": movement.description,
                "fields": list(movement.fields.values_list("pk", flat=True)),
                "scope_kinds": movement.scope_kinds,
            }
        super().__init__(*args, **kwargs)
        if movement is None:
            launchers = selectors.launcher_units_for(user)
            field = self.fields["unit"]
            field.queryset = launchers
            # Most officers speak for one unit: choose it for them rather than show "---------".
            first_two = list(launchers[:2])
            if len(first_two) == 1:
                field.initial, field.empty_label = first_two[0].pk, None
            elif current_unit is not None and launchers.filter(pk=current_unit.pk).exists():
                field.initial = current_unit.pk
            field.empty_label = field.empty_label and _("— Chọn đơn vị —")
        else:
            # The launcher is who the movement belongs to; it never changes hands.
            del self.fields["unit"]
        self.fields["standing_unit"].queryset = standing_unit_choices(user)
        self.fields["standing_unit"].empty_label = _("— Chưa chỉ định —")
        for name in ("start_date", "end_date"):
            self.fields[name].widget.attrs.update({"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class AttachmentForm(forms.Form):
    """A document of the movement: its plan, guidance, forms."""

    file = forms.FileField(label=_("Tệp (PDF, DOCX, XLSX, JPG, PNG; tối đa 20 MB)"))
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=255, required=False, help_text=_("Để trống: dùng tên tệp.")
    )


class RegisterForm(forms.Form):
    """A unit's đăng ký thi đua: which unit, and what it pledges."""

    unit = forms.ModelChoiceField(label=_("Đơn vị đăng ký"), queryset=OrgUnit.objects.none())
    pledge = forms.CharField(
        label=_("Nội dung đăng ký thi đua"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Các chỉ tiêu, việc làm đơn vị cam kết thực hiện trong phong trào."),
    )

    def __init__(self, *args, units: list[OrgUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk


class PledgeForm(forms.Form):
    """Amend the pledge of a registration not yet sent, or sent back."""

    pledge = forms.CharField(
        label=_("Nội dung đăng ký thi đua"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class RejectForm(forms.Form):
    """Why the launcher refuses a registration."""

    reason = forms.CharField(
        label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CriteriaSetForm(forms.Form):
    """A new criteria set of a unit: its general criteria for the units below, or its own."""

    kind = forms.ChoiceField(
        label=_("Loại bộ tiêu chí"),
        choices=[(k, label) for k, label in CriteriaSet.Kind.choices if k != CriteriaSet.Kind.MOVEMENT],
    )
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)
    year = forms.IntegerField(
        label=_("Năm áp dụng"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Để trống: áp dụng mọi năm."),
    )


class MovementCriteriaSetForm(forms.Form):
    """A movement's own criteria set (owned by the launcher)."""

    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)


class CriteriaSetEditForm(forms.Form):
    """Rename a set, change its year, stop or resume applying it."""

    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)
    year = forms.IntegerField(
        label=_("Năm áp dụng"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    is_active = forms.BooleanField(label=_("Đang áp dụng"), required=False)


class CriterionForm(forms.Form):
    """One more criterion at the end of a set."""

    text = forms.CharField(label=_("Nội dung tiêu chí"), widget=forms.Textarea(attrs={"rows": 2}))
    required = forms.BooleanField(label=_("Bắt buộc đạt"), required=False, initial=True)
