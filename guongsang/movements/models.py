"""Emulation movements (phong trào thi đua), units' registrations, fields and criteria sets."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.core.files import private_storage, random_name
from guongsang.core.text import fold
from guongsang.orgs.models import OrgUnit


class Field(models.Model):
    """A field of work (lĩnh vực) that movements and dossiers are filed under: education, health…

    Seeded by a data migration; administrators may add more in the admin.
    """

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Movement(models.Model):
    """A phong trào thi đua launched by a unit for the units below it.

    A unit is *in scope* when it lies strictly below the launcher in the tree and, if
    ``scope_kinds`` lists unit kinds, is of one of them. Units in scope see the movement and
    register for it.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường xuyên")
        CAMPAIGN = "campaign", _("Theo đợt")
        THEMATIC = "thematic", _("Chuyên đề")

    scope_unit_path = "unit__"

    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="launched_movements",
        verbose_name=_("đơn vị phát động"),
    )
    name = models.CharField(_("tên phong trào"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True, default="")
    kind = models.CharField(_("loại phong trào"), max_length=16, choices=Kind.choices, db_index=True)
    description = models.TextField(_("nội dung"), blank=True)
    start_date = models.DateField(_("bắt đầu từ"))
    end_date = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    fields = models.ManyToManyField(Field, blank=True, related_name="movements", verbose_name=_("lĩnh vực"))
    standing_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="standing_movements",
        verbose_name=_("cơ quan thường trực"),
        null=True,
        blank=True,
    )
    scope_kinds = models.JSONField(
        _("loại đơn vị tham gia"),
        default=list,
        blank=True,
        help_text=_("Để trống: mọi đơn vị trực thuộc đều tham gia."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[fields], excluded_fields=["name_folded"])

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-start_date", "name"]
        indexes = [
            models.Index(fields=["kind", "start_date"]),
            models.Index(fields=["start_date", "end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="movement_valid_period",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("movements:detail", args=[self.pk])

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})
        kinds = self.scope_kinds or []
        if not isinstance(kinds, list) or any(k not in OrgUnit.Kind.values for k in kinds):
            raise ValidationError({"scope_kinds": _("Loại đơn vị tham gia không hợp lệ.")})

    def includes(self, unit: OrgUnit) -> bool:
        """Whether ``unit`` is in the movement's scope (strictly below the launcher, kind listed)."""
        launcher = self.unit
        if unit.depth <= launcher.depth or not unit.path.startswith(launcher.path):
            return False
        return not self.scope_kinds or unit.kind in self.scope_kinds

    def has_ended(self, on=None) -> bool:
        """Whether the movement's period is over on ``on`` (today by default)."""
        day = on or timezone.localdate()
        return self.end_date is not None and self.end_date < day

    def period_state(self, on=None) -> str:
        """Where the movement stands on ``on`` (today): a label for lists and its page."""
        day = on or timezone.localdate()
        if self.start_date > day:
            return str(_("Sắp bắt đầu"))
        return str(_("Đã kết thúc")) if self.has_ended(day) else str(_("Đang diễn ra"))

    def scope_kind_labels(self) -> list[str]:
        labels = dict(OrgUnit.Kind.choices)
        return [str(labels.get(k, k)) for k in self.scope_kinds or []]


def attachment_path(instance: MovementAttachment, filename: str) -> str:
    return random_name("movements", filename)


class MovementAttachment(models.Model):
    """A document of a movement: the launching plan, guidance, forms (PDF, Word, Excel, images)."""

    scope_unit_path = "movement__unit__"

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("phong trào")
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, storage=private_storage, max_length=255)
    # The name it downloads under (the uploaded name); the stored name is random.
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tài liệu phong trào")
        verbose_name_plural = _("tài liệu phong trào")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A unit's đăng ký thi đua for a movement: chưa gửi → chờ duyệt → từ chối / đã duyệt.

    The registering unit's officer writes and submits it; the launcher's officers or head
    approve or reject it (with a reason). A rejected registration may be amended and sent again.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Chưa gửi")
        PENDING = "pending", _("Chờ duyệt")
        REJECTED = "rejected", _("Từ chối")
        APPROVED = "approved", _("Đã duyệt")

    scope_unit_path = "unit__"

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("phong trào")
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="movement_registrations",
        verbose_name=_("đơn vị đăng ký"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    pledge = models.TextField(_("nội dung đăng ký"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["movement", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="registration_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.movement}"


class CriteriaSet(models.Model):
    """A list of criteria an exemplar is measured against.

    ``general``: the criteria of an exemplar a unit sets for everything below it; ``movement``:
    a movement's specific criteria (owned by the launcher); ``unit``: the unit's own criteria,
    which the plans require every unit to have.
    """

    class Kind(models.TextChoices):
        GENERAL = "general", _("Tiêu chuẩn chung")
        MOVEMENT = "movement", _("Tiêu chí của phong trào")
        UNIT = "unit", _("Tiêu chí riêng của đơn vị")

    scope_unit_path = "unit__"

    kind = models.CharField(_("loại bộ tiêu chí"), max_length=16, choices=Kind.choices, db_index=True)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="criteria_sets", verbose_name=_("đơn vị ban hành")
    )
    movement = models.ForeignKey(
        Movement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria_sets",
        verbose_name=_("phong trào"),
    )
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm áp dụng"), null=True, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["unit__path", "kind", "name"]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("movements:criteria_set", args=[self.pk])

    def clean(self) -> None:
        if self.kind == self.Kind.MOVEMENT:
            if self.movement_id is None:
                raise ValidationError(
                    {"movement": _("Bộ tiêu chí của phong trào phải gắn với một phong trào.")}
                )
            if self.unit_id != self.movement.unit_id:
                raise ValidationError(
                    {"unit": _("Bộ tiêu chí của phong trào do chính đơn vị phát động ban hành.")}
                )
        elif self.movement_id is not None:
            raise ValidationError({"movement": _("Chỉ bộ tiêu chí của phong trào mới gắn với phong trào.")})


class Criterion(models.Model):
    """One criterion of a set, in order; a dossier answers each (met or not, with a note)."""

    scope_unit_path = "criteria_set__unit__"

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("bộ tiêu chí")
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung tiêu chí"))
    required = models.BooleanField(_("bắt buộc"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order", "pk"]

    def __str__(self) -> str:
        return self.text
