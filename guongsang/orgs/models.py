"""The org tree (materialised path), unit successions (merge, rename, split) and clusters."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from guongsang.core.periods import in_force
from guongsang.core.text import fold


class OrgUnit(MP_Node):
    """Any organisational unit at any level: the nation, a province, a commune, a department…

    Units are never deleted: a unit that ceases (merged, renamed, dissolved) gets ``valid_to``
    and a :class:`UnitSuccession` to the unit that carries on, so its records stay attributed
    to it while rolling up under the successor.
    """

    class Kind(models.TextChoices):
        NATION = "nation", _("Quốc gia")
        PROVINCE = "province", _("Tỉnh, thành phố trực thuộc trung ương")
        DISTRICT = "district", _("Quận, huyện, thị xã (trước 01/7/2025)")
        COMMUNE = "commune", _("Xã, phường, đặc khu")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        SCHOOL = "school", _("Trường học")
        FRONT = "front", _("Mặt trận Tổ quốc, đoàn thể")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        OTHER = "other", _("Khác")

    steplen = 4
    node_order_by = []

    # The tree itself is the scope root: a unit is in scope when its path is.
    scope_unit_path = ""

    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=Kind.choices, db_index=True)
    code = models.CharField(
        _("mã hành chính"), max_length=16, blank=True, help_text=_("Mã đơn vị hành chính chính thức, nếu có.")
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    # The folded name and short name together: 255 + a space + 64.
    name_folded = models.CharField(max_length=320, editable=False, db_index=True)
    staff_count = models.PositiveIntegerField(_("số cán bộ, nhân viên"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    # The first day no longer in force (see core.periods): pages show and take the last day.
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], condition=~models.Q(code=""), name="orgunit_unique_official_code"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="orgunit_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["kind", "name_folded"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(f"{self.name} {self.short_name}".strip())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("orgs:unit", args=[self.pk])

    @property
    def is_current(self) -> bool:
        """Still in force today (not merged away or dissolved)."""
        return self.valid_to is None or self.valid_to > timezone.localdate()

    def in_force_on(self, day) -> bool:
        """Whether the unit existed on ``day`` (from ``valid_from`` up to, not including, ``valid_to``)."""
        return in_force(self.valid_from, self.valid_to, day)


class UnitSuccession(models.Model):
    """One unit carrying on from another: a merge (A + B → C), a rename or a split.

    Records stay attributed to the predecessor; selectors roll them up under the successor.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập")
        RENAME = "rename", _("Đổi tên")
        SPLIT = "split", _("Chia tách")

    scope_unit_path = "successor__"

    predecessor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="successions_out", verbose_name=_("đơn vị cũ")
    )
    successor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="successions_in", verbose_name=_("đơn vị kế thừa")
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=Kind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unitsuccession_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="unitsuccession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Cluster(models.Model):
    """A cụm thi đua: peer units that emulate together, led by a head and a deputy unit.

    The organiser is the unit whose emulation board set the cluster up; it scopes who sees it.
    """

    scope_unit_path = "organiser__"

    organiser = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="organised_clusters", verbose_name=_("đơn vị tổ chức")
    )
    name = models.CharField(_("tên cụm"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    head = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="headed_clusters",
        verbose_name=_("cụm trưởng"),
        null=True,
        blank=True,
    )
    deputy = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="deputy_clusters",
        verbose_name=_("cụm phó"),
        null=True,
        blank=True,
    )
    members = models.ManyToManyField(OrgUnit, related_name="clusters", verbose_name=_("đơn vị thành viên"))

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("cụm thi đua")
        verbose_name_plural = _("cụm thi đua")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organiser", "year", "name"], name="cluster_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("orgs:cluster", args=[self.pk])
