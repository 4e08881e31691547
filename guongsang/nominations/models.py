"""Nomination dossiers, their evidence and criteria answers, the timeline and yearly deadlines.

A dossier moves level by level: the unit that knows the person prepares it (``submitting_unit``),
the unit whose head decides the award at this level receives and appraises it
(``receiving_unit``). Every state change is one function in ``services``; ``version`` makes two
officers acting at once see a conflict instead of silently overwriting each other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.core.files import private_storage, random_name
from guongsang.orgs.models import OrgUnit


class Nomination(models.Model):
    """A hồ sơ đề nghị: one nominee proposed for one award type at one level, in one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ tiếp nhận")
        UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định")
        RETURNED = "returned", _("Trả lại để bổ sung")
        APPRAISED = "appraised", _("Đã thẩm định, chờ Hội đồng")
        IN_COUNCIL = "in_council", _("Đang xét tại Hội đồng")
        PASSED = "passed", _("Hội đồng đề nghị khen thưởng")
        FAILED = "failed", _("Hội đồng không đề nghị")
        APPROVED = "approved", _("Được khen thưởng")
        REJECTED = "rejected", _("Không được khen thưởng")
        WITHDRAWN = "withdrawn", _("Đã rút")

    class Origin(models.TextChoices):
        UNIT = "unit", _("Đơn vị đề xuất")
        CITIZEN_REPORT = "citizen_report", _("Tin báo của người dân")
        PRESS = "press", _("Báo chí phát hiện")
        CONTEST = "contest", _("Bài dự thi viết")
        NURTURING = "nurturing", _("Nhân tố mới được bồi dưỡng")

    # Seen by the people of the unit that prepared it and of the unit that decides on it.
    scope_unit_path = ("submitting_unit__", "receiving_unit__")

    nominee = models.ForeignKey(
        "nominees.Nominee",
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("người được đề nghị"),
    )
    award_type = models.ForeignKey(
        "awards.AwardType",
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("danh hiệu đề nghị"),
    )
    rule = models.ForeignKey(
        "awards.AwardRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("quy định áp dụng"),
        help_text=_("Phiên bản quy định có hiệu lực vào ngày tiếp nhận hồ sơ."),
    )
    movement = models.ForeignKey(
        "movements.Movement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("phong trào thi đua"),
    )
    field = models.ForeignKey(
        "movements.Field",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("lĩnh vực"),
    )
    achievements = models.TextField(_("tóm tắt thành tích"))
    origin = models.CharField(
        _("nguồn phát hiện"), max_length=16, choices=Origin.choices, default=Origin.UNIT
    )
    submitting_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="nominations_sent", verbose_name=_("đơn vị đề nghị")
    )
    receiving_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="nominations_received",
        verbose_name=_("đơn vị xét duyệt"),
    )
    year = models.PositiveSmallIntegerField(_("năm xét"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    appraised_at = models.DateTimeField(_("thẩm định xong lúc"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_up",
        verbose_name=_("hồ sơ cấp dưới"),
        help_text=_("Hồ sơ ở cấp dưới mà hồ sơ này đề nghị tiếp lên."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người lập")
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ đề nghị")
        verbose_name_plural = _("hồ sơ đề nghị")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["receiving_unit", "status", "year"]),
            models.Index(fields=["submitting_unit", "status", "year"]),
            models.Index(fields=["award_type", "year"]),
            models.Index(fields=["status", "-updated_at"]),
        ]

    def __str__(self) -> str:
        return _("Hồ sơ số %(pk)s: %(nominee)s — %(award)s") % {
            "pk": self.pk,
            "nominee": self.nominee,
            "award": self.award_type,
        }

    def get_absolute_url(self) -> str:
        return reverse("nominations:detail", args=[self.pk])

    @property
    def code(self) -> str:
        """The dossier's reference as officers quote it: "HS-2026-000123"."""
        return f"HS-{self.year}-{self.pk:06d}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return random_name("evidence", filename)


class Evidence(models.Model):
    """A file of the dossier: the achievement report, the proposal, minutes, certificates…

    ``part_code`` names the required dossier part it fulfils (see ``AwardRule.required_parts``).
    """

    scope_unit_path = ("nomination__submitting_unit__", "nomination__receiving_unit__")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    part_code = models.CharField(_("thành phần hồ sơ"), max_length=64, blank=True)
    file = models.FileField(_("tệp"), upload_to=evidence_path, storage=private_storage, max_length=255)
    # The name it downloads under (the uploaded name); the stored name is random.
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CriterionAnswer(models.Model):
    """The dossier's answer to one criterion of the deciding unit's checklist.

    The criterion's text is copied, so the dossier reads the same after the criteria change.
    """

    scope_unit_path = ("nomination__submitting_unit__", "nomination__receiving_unit__")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="criteria_answers")
    criterion_id = models.PositiveIntegerField(_("mã tiêu chí"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("tiêu chí"))
    required = models.BooleanField(_("bắt buộc"), default=True)
    met = models.BooleanField(_("đạt"), null=True, blank=True)
    note = models.TextField(_("minh chứng, ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá tiêu chí")
        verbose_name_plural = _("đánh giá tiêu chí")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class NominationEvent(models.Model):
    """One step of the dossier's life as its timeline shows it: who did what, with which note."""

    scope_unit_path = ("nomination__submitting_unit__", "nomination__receiving_unit__")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("thao tác"), max_length=32)
    from_status = models.CharField(_("từ trạng thái"), max_length=16, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    # A step of a past cycle entered afterwards ("nhập bổ sung"): the day it really happened and
    # why it is entered now; ``at`` stays the moment of the entry.
    occurred_on = models.DateField(_("ngày xảy ra (nhập bổ sung)"), null=True, blank=True)
    entry_reason = models.TextField(_("lý do nhập bổ sung"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["nomination", "-at"])]

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.action}"

    @property
    def from_label(self) -> str:
        return Nomination.Status(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return Nomination.Status(self.to_status).label if self.to_status else ""


class SubmissionDeadline(models.Model):
    """The day by which dossiers must reach ``unit`` in ``year`` (e.g. communes by 10/01, the
    city by 20/01). Configured in the plan, per receiving unit: not in code."""

    scope_unit_path = "unit__"

    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="submission_deadlines",
        verbose_name=_("đơn vị tiếp nhận"),
    )
    year = models.PositiveSmallIntegerField(_("năm xét"))
    due_date = models.DateField(_("hạn nộp hồ sơ"))
    applies_to_subtree = models.BooleanField(
        _("áp dụng cho cả đơn vị trực thuộc"),
        default=False,
        help_text=_("Ví dụ: hạn của thành phố cho mọi xã, phường khi xã, phường chưa đặt hạn riêng."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hạn nộp hồ sơ")
        verbose_name_plural = _("hạn nộp hồ sơ")
        ordering = ["-year", "due_date"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="deadline_unique_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.due_date:%d/%m/%Y}"
