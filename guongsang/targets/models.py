"""Plans (kế hoạch), their targets (chỉ tiêu) and dated staff counts.

A target never holds a typed-in result: it names a metric that some app registered
(:mod:`guongsang.targets.metrics`) and a threshold; progress is computed from the records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.orgs.models import OrgUnit


class Plan(models.Model):
    """A kế hoạch of a unit for a period of years ("99/KH-UBND", Hà Nội, 2023–2025).

    A unit may add its own plan on top of its parent's (``parent``). ``applies_to_kinds`` are the
    kinds of unit under the issuer the plan addresses; each target narrows it further.
    """

    scope_unit_path = "issuer__"

    issuer = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("đơn vị ban hành")
    )
    number = models.CharField(_("số, ký hiệu"), max_length=64, help_text=_("Ví dụ: 99/KH-UBND."))
    title = models.CharField(_("trích yếu"), max_length=500)
    issued_on = models.DateField(_("ngày ban hành"))
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    applies_to_kinds = models.JSONField(
        _("áp dụng cho loại đơn vị"),
        default=list,
        blank=True,
        help_text=_("Các loại đơn vị trực thuộc mà kế hoạch giao chỉ tiêu."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thực hiện kế hoạch của cấp trên"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-start_year", "issuer__path", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number", "issued_on"], name="plan_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self) -> str:
        return reverse("targets:plan", args=[self.pk])


class Target(models.Model):
    """A chỉ tiêu of a plan: a metric, its parameters, a threshold, per year or per period.

    ``unit_kinds`` says which units under the issuer owe it ("every commune"); empty means the
    issuing unit itself ("the city honours ≥ 700 a year").
    """

    class ThresholdKind(models.TextChoices):
        ABSOLUTE = "absolute", _("Số lượng")
        STAFF_SHARE = "staff_share", _("Tỷ lệ trên số cán bộ (%)")
        COVERAGE = "coverage", _("Tỷ lệ đơn vị trực thuộc đạt (%)")

    class Span(models.TextChoices):
        YEAR = "year", _("Mỗi năm")
        PERIOD = "period", _("Cả giai đoạn")

    scope_unit_path = "plan__issuer__"

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("kế hoạch")
    )
    code = models.SlugField(_("mã"), max_length=64, help_text=_("Mã ngắn, duy nhất trong kế hoạch."))
    label = models.CharField(_("nội dung chỉ tiêu"), max_length=500)
    metric = models.CharField(_("chỉ số đo"), max_length=64)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    unit_kinds = models.JSONField(
        _("đơn vị phải đạt"),
        default=list,
        blank=True,
        help_text=_("Các loại đơn vị trực thuộc phải đạt chỉ tiêu; để trống: chính đơn vị ban hành."),
    )
    threshold_kind = models.CharField(_("loại ngưỡng"), max_length=16, choices=ThresholdKind.choices)
    threshold = models.DecimalField(_("ngưỡng"), max_digits=9, decimal_places=2)
    span = models.CharField(_("tính theo"), max_length=8, choices=Span.choices, default=Span.YEAR)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="target_unique_code"),
            models.CheckConstraint(condition=models.Q(threshold__gt=0), name="target_positive_threshold"),
        ]

    def __str__(self) -> str:
        return self.label


class StaffCount(models.Model):
    """How many staff a unit had on a day: "5% of staff" is judged on the count in force."""

    scope_unit_path = "unit__"

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="staff_counts", verbose_name=_("đơn vị")
    )
    as_of = models.DateField(_("tính đến ngày"))
    count = models.PositiveIntegerField(_("số cán bộ, nhân viên"))
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số cán bộ theo thời điểm")
        verbose_name_plural = _("số cán bộ theo thời điểm")
        ordering = ["unit", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["unit", "as_of"], name="staffcount_unique_day")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.count} ({self.as_of:%d/%m/%Y})"
