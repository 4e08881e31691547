"""Councils (Hội đồng Thi đua – Khen thưởng), their members, sessions, agendas and ballots.

A secret ballot is never stored as a row: casting one adds to the agenda item's counters and
records only that the member has voted (a :class:`BallotReceipt`, which enforces one vote per
member). So no table, page, export, log or history row can link a secret vote to its member.
Open votes are :class:`Ballot` rows naming the member.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.core.periods import in_force
from guongsang.orgs.models import OrgUnit


class Council(models.Model):
    """A unit's emulation and award council for a term."""

    scope_unit_path = "unit__"

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="councils", verbose_name=_("đơn vị")
    )
    name = models.CharField(_("tên Hội đồng"), max_length=255)
    term_start = models.DateField(_("nhiệm kỳ từ"))
    # The first day after the term (see core.periods): pages and the API show the term's last day.
    term_end = models.DateField(_("hết nhiệm kỳ từ ngày"), null=True, blank=True)
    document_symbol = models.CharField(
        _("ký hiệu văn bản của Hội đồng"),
        max_length=32,
        default="HĐTĐKT",
        help_text=_("Hội đồng có dãy số văn bản riêng, ví dụ “05/BB-HĐTĐKT”."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Hội đồng Thi đua – Khen thưởng")
        verbose_name_plural = _("Hội đồng Thi đua – Khen thưởng")
        ordering = ["-term_start", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:council", args=[self.pk])

    @property
    def minutes_symbol(self) -> str:
        """The symbol of the council's own series of minutes, e.g. "BB-HĐTĐKT"."""
        return f"BB-{self.document_symbol}"


class CouncilMember(models.Model):
    """A person sitting on a council, with their position."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch Hội đồng")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
        STANDING = "standing", _("Ủy viên thường trực")
        MEMBER = "member", _("Ủy viên")
        SECRETARY = "secretary", _("Thư ký")

    scope_unit_path = "council__unit__"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    position = models.CharField(
        _("chức danh"), max_length=16, choices=Position.choices, default=Position.MEMBER
    )
    votes = models.BooleanField(
        _("có quyền biểu quyết"),
        default=True,
        help_text=_("Thư ký không phải thành viên thì không biểu quyết."),
    )
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    # The first day no longer seated (see core.periods): pages show the last day in the seat.
    valid_to = models.DateField(_("thôi giữ chức từ ngày"), null=True, blank=True)
    invitation_reason = models.TextField(
        _("lý do mời"),
        blank=True,
        help_text=_("Người không thuộc đơn vị của Hội đồng chỉ được mời với lý do ghi rõ."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="councilmember_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_position_display()}"

    @property
    def invited(self) -> bool:
        """Seated by invitation from outside the council's unit."""
        return bool(self.invitation_reason)

    def seated_on(self, day) -> bool:
        return in_force(self.valid_from, self.valid_to, day)


class CouncilSession(models.Model):
    """A meeting of the council that votes on an agenda of appraised dossiers."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lên lịch")
        OPEN = "open", _("Đang họp, đang biểu quyết")
        CLOSED = "closed", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã huỷ")

    scope_unit_path = "council__unit__"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("tên phiên họp"), max_length=255)
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    total_members = models.PositiveSmallIntegerField(_("tổng số thành viên"), default=0)
    opened_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    minutes_number = models.PositiveIntegerField(_("số biên bản"), null=True, blank=True)
    notes = models.TextField(_("ý kiến thảo luận ghi vào biên bản"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("councils:session", args=[self.pk])

    @property
    def entered_later(self) -> bool:
        """Recorded after the day it was held: a session of a past cycle ("nhập bổ sung")."""
        from django.utils import timezone

        return bool(self.created_at and timezone.localtime(self.created_at).date() > self.held_on)


class Attendance(models.Model):
    """Whether a member sat in the session (recorded before voting opens)."""

    scope_unit_path = "session__council__unit__"

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("có mặt"), default=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="attendance_unique_member")]

    def __str__(self) -> str:
        return f"{self.member} — {'có mặt' if self.present else 'vắng'}"


class AgendaItem(models.Model):
    """One dossier the session votes on, with its tally and result.

    The counters are written with atomic UPDATEs (never ``save()``), so they leave no history row
    naming who changed them.
    """

    class Result(models.TextChoices):
        PENDING = "pending", _("Chưa có kết quả")
        PASSED = "passed", _("Đạt")
        FAILED = "failed", _("Không đạt")
        NO_QUORUM = "no_quorum", _("Không đủ số thành viên dự họp")

    scope_unit_path = "session__council__unit__"

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="agenda")
    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.PROTECT, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    secret = models.BooleanField(_("bỏ phiếu kín"), default=False)
    yes = models.PositiveSmallIntegerField(_("đồng ý"), default=0)
    no = models.PositiveSmallIntegerField(_("không đồng ý"), default=0)
    abstain = models.PositiveSmallIntegerField(_("không biểu quyết"), default=0)
    written_yes = models.PositiveSmallIntegerField(_("đồng ý bằng văn bản"), default=0)
    written_no = models.PositiveSmallIntegerField(_("không đồng ý bằng văn bản"), default=0)
    written_abstain = models.PositiveSmallIntegerField(_("không biểu quyết bằng văn bản"), default=0)
    result = models.CharField(_("kết quả"), max_length=16, choices=Result.choices, default=Result.PENDING)
    counted_yes = models.PositiveSmallIntegerField(_("số phiếu đồng ý được tính"), null=True, blank=True)
    counted_base = models.PositiveSmallIntegerField(_("tính trên"), null=True, blank=True)

    # The agenda (which dossiers, in which order, how they are voted) and each result are
    # recorded. The live counters are not: a snapshot of them between two votes, next to a
    # member's receipt or written opinion, could tell how that member voted. The result row
    # holds only the counted totals, as the minutes do.
    history = HistoricalRecords(
        excluded_fields=["yes", "no", "abstain", "written_yes", "written_no", "written_abstain"]
    )

    class Meta:
        verbose_name = _("hồ sơ trong phiên họp")
        verbose_name_plural = _("hồ sơ trong phiên họp")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="agendaitem_unique_nomination")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.nomination_id}"

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def percent(self) -> float:
        return 100.0 * (self.counted_yes or 0) / self.counted_base if self.counted_base else 0.0


class Ballot(models.Model):
    """An open (not secret) vote: who voted how on which dossier. Secret votes have no row."""

    class Choice(models.TextChoices):
        YES = "yes", _("Đồng ý")
        NO = "no", _("Không đồng ý")
        ABSTAIN = "abstain", _("Không biểu quyết")

    scope_unit_path = "item__session__council__unit__"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(_("ý kiến"), max_length=8, choices=Choice.choices)
    written = models.BooleanField(_("ý kiến bằng văn bản"), default=False)

    class Meta:
        verbose_name = _("phiếu biểu quyết công khai")
        verbose_name_plural = _("phiếu biểu quyết công khai")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="ballot_unique_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class BallotReceipt(models.Model):
    """That a member has voted (or sent a written opinion) on a dossier — not how."""

    scope_unit_path = "item__session__council__unit__"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="receipts")
    written = models.BooleanField(_("ý kiến bằng văn bản"), default=False)

    class Meta:
        verbose_name = _("xác nhận đã biểu quyết")
        verbose_name_plural = _("xác nhận đã biểu quyết")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="receipt_unique_member")]

    def __str__(self) -> str:
        return f"{self.member} ✓"
