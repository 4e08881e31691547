"""Discovery (phát hiện): citizens' and the press's tips about good deeds, and their attachments.

A tip reaches the commune where the deed happened; its officer accepts it (a draft dossier is
opened in ``nominations``, and the tip keeps a link to it) or declines it with a reason.

Tips lived in ``nominations`` before this app existed. Their tables keep the names that app gave
them (``db_table``), so the move touched no row: every tip keeps its id, tracking code, files
and history (see ``migrations/0001_initial.py``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.core.crypto import EncryptedTextField, mask
from guongsang.core.files import private_storage, random_name
from guongsang.nominations.models import Nomination
from guongsang.orgs.models import OrgUnit


def new_tracking_code() -> str:
    """A code a citizen can read out on the phone: no 0/O or 1/I confusion."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    body = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"NT-{body[:4]}-{body[4:]}"


class GoodDeedReport(models.Model):
    """A citizen's or the press's report of a good deed (tin báo người tốt, việc tốt).

    It reaches the commune where the deed happened; its officer accepts it (it becomes a draft
    dossier) or declines it with a reason. The reporter follows it with ``tracking_code``.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận, chờ xử lý")
        ACCEPTED = "accepted", _("Đã chấp nhận, lập hồ sơ")
        DECLINED = "declined", _("Không chấp nhận")

    class Source(models.TextChoices):
        CITIZEN = "citizen", _("Người dân")
        PRESS = "press", _("Báo chí")

    scope_unit_path = "place_commune__"

    tracking_code = models.CharField(_("mã theo dõi"), max_length=16, unique=True, default=new_tracking_code)
    source = models.CharField(_("nguồn tin"), max_length=8, choices=Source.choices, default=Source.CITIZEN)
    reporter_name = models.CharField(_("họ và tên người báo tin"), max_length=255)
    reporter_phone = EncryptedTextField(_("số điện thoại người báo tin"), blank=True)
    reporter_email = models.EmailField(_("thư điện tử người báo tin"), blank=True)
    press_outlet = models.CharField(_("cơ quan báo chí"), max_length=255, blank=True)
    press_link = models.URLField(_("đường dẫn bài báo"), max_length=500, blank=True)
    person_name = models.CharField(_("người được báo tin"), max_length=255)
    person_details = models.TextField(_("thông tin về người được báo tin"), blank=True)
    what_happened = models.TextField(_("việc tốt"))
    place_commune = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="good_deed_reports",
        verbose_name=_("xã, phường nơi xảy ra"),
    )
    place_detail = models.CharField(_("địa điểm cụ thể"), max_length=255, blank=True)
    occurred_on = models.DateField(_("ngày xảy ra"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    decline_reason = models.TextField(_("lý do không chấp nhận"), blank=True)
    nomination = models.OneToOneField(
        Nomination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_report",
        verbose_name=_("hồ sơ đã lập"),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    history = HistoricalRecords(
        excluded_fields=["reporter_phone"], table_name="nominations_historicalgooddeedreport"
    )

    class Meta:
        db_table = "nominations_gooddeedreport"
        verbose_name = _("tin báo người tốt, việc tốt")
        verbose_name_plural = _("tin báo người tốt, việc tốt")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["place_commune", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.tracking_code}: {self.person_name}"

    def get_absolute_url(self) -> str:
        return reverse("discovery:report", args=[self.pk])

    @property
    def reporter_phone_masked(self) -> str:
        return mask(self.reporter_phone, keep_start=3, keep_end=3)


def report_file_path(instance: ReportFile, filename: str) -> str:
    return random_name("tips", filename)


class ReportFile(models.Model):
    """A photo or document sent with a report."""

    scope_unit_path = "report__place_commune__"

    report = models.ForeignKey(GoodDeedReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to=report_file_path, storage=private_storage, max_length=255)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)

    class Meta:
        db_table = "nominations_reportfile"
        verbose_name = _("tệp kèm tin báo")
        verbose_name_plural = _("tệp kèm tin báo")

    def __str__(self) -> str:
        return self.name
