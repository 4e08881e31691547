"""The award catalogue: award types and their rules, versioned by effective date.

The law changes often (Nghị định 98/2023 gave way to 152/2025 on 01/07/2025; Hà Nội adds its
own titles), so quorum, vote threshold, caps and required dossier parts are data: a dossier
keeps the version in force on the day it was received.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.core.text import fold
from guongsang.orgs.models import OrgUnit


class SubjectKind(models.TextChoices):
    """Who an award is for (the same words as ``Nominee.kind``)."""

    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class AwardType(models.Model):
    """A danh hiệu thi đua or a hình thức khen thưởng: Bằng khen, Lao động tiên tiến, Công dân
    Thủ đô ưu tú…

    National titles have no ``province``; a province's own titles (Hà Nội's Người tốt, việc tốt)
    name it. Types are never deleted once used; they are switched off with ``is_active``.
    """

    class Category(models.TextChoices):
        TITLE = "title", _("Danh hiệu thi đua")
        FORM = "form", _("Hình thức khen thưởng")

    class Level(models.TextChoices):
        COMMUNE = "commune", _("Cấp xã, cơ sở")
        DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
        DEPARTMENT = "department", _("Cấp sở, ban, ngành")
        PROVINCE = "province", _("Cấp tỉnh")
        MINISTRY = "ministry", _("Cấp bộ, ngành trung ương")
        NATIONAL = "national", _("Cấp nhà nước")

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True, default="")
    category = models.CharField(_("loại"), max_length=8, choices=Category.choices, db_index=True)
    subject_kinds = models.JSONField(
        _("đối tượng"), default=list, help_text=_("Cá nhân, tập thể, hộ gia đình.")
    )
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, db_index=True)
    decider_kind = models.CharField(
        _("loại đơn vị có thủ trưởng quyết định"), max_length=16, choices=OrgUnit.Kind.choices
    )
    province = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_types",
        limit_choices_to={"kind": OrgUnit.Kind.PROVINCE},
        verbose_name=_("tỉnh, thành phố ban hành"),
        help_text=_("Chỉ với danh hiệu riêng của một tỉnh, thành phố."),
    )
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    history = HistoricalRecords(excluded_fields=["name_folded"])

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["level", "category", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("awards:detail", args=[self.pk])

    def clean(self) -> None:
        kinds = self.subject_kinds
        if not isinstance(kinds, list) or not kinds or any(k not in SubjectKind.values for k in kinds):
            raise ValidationError(
                {"subject_kinds": _("Chọn ít nhất một đối tượng: cá nhân, tập thể hoặc hộ gia đình.")}
            )

    def subject_kind_labels(self) -> list[str]:
        labels = dict(SubjectKind.choices)
        return [str(labels.get(k, k)) for k in self.subject_kinds or []]


def _fraction_ok(num: int | None, den: int | None) -> bool:
    return num is not None and den is not None and 0 < num <= den


class AwardRule(models.Model):
    """One version of an award type's rules, in force from ``effective_from`` until the day
    before ``effective_to`` (open-ended when empty). Versions of one type never overlap.

    A council vote passes when the "yes" votes reach ``threshold_num/threshold_den`` of the
    ``vote_base`` (more than it when ``threshold_strict``); a session counts when at least
    ``quorum_num/quorum_den`` of the members are present.
    """

    class VoteBase(models.TextChoices):
        TOTAL_MEMBERS = "total_members", _("Tổng số thành viên Hội đồng")
        PRESENT = "present", _("Số thành viên có mặt")
        VALID_BALLOTS = "valid_ballots", _("Số phiếu hợp lệ")

    award_type = models.ForeignKey(
        AwardType, on_delete=models.CASCADE, related_name="rules", verbose_name=_("danh hiệu, hình thức")
    )
    effective_from = models.DateField(_("hiệu lực từ ngày"))
    effective_to = models.DateField(
        _("hết hiệu lực từ ngày"), null=True, blank=True, help_text=_("Để trống: đang hiệu lực.")
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500)
    council_required = models.BooleanField(_("phải qua Hội đồng TĐKT"), default=True)
    quorum_num = models.PositiveSmallIntegerField(_("tử số tỷ lệ có mặt tối thiểu"), default=2)
    quorum_den = models.PositiveSmallIntegerField(_("mẫu số tỷ lệ có mặt tối thiểu"), default=3)
    vote_base = models.CharField(
        _("tỷ lệ đồng ý tính trên"), max_length=16, choices=VoteBase.choices, default=VoteBase.PRESENT
    )
    threshold_num = models.PositiveSmallIntegerField(_("tử số tỷ lệ đồng ý"), default=1)
    threshold_den = models.PositiveSmallIntegerField(_("mẫu số tỷ lệ đồng ý"), default=2)
    threshold_strict = models.BooleanField(
        _("phải vượt tỷ lệ"), default=True, help_text=_("Có: phải hơn tỷ lệ; không: đạt ít nhất tỷ lệ.")
    )
    secret_ballot = models.BooleanField(_("bỏ phiếu kín"), default=False)
    written_opinions_count = models.BooleanField(
        _("tính ý kiến bằng văn bản của thành viên vắng mặt"),
        default=True,
        help_text=_("Thành viên vắng mặt gửi ý kiến bằng văn bản được tính vào kết quả biểu quyết."),
    )
    cap_per_year = models.PositiveIntegerField(_("số lượt tối đa mỗi năm"), null=True, blank=True)
    once_per_person = models.BooleanField(_("mỗi người chỉ một lần"), default=False)
    ratio_of = models.ForeignKey(
        AwardType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỷ lệ so với danh hiệu"),
    )
    ratio_percent = models.DecimalField(
        _("tỷ lệ tối đa (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    exclude_disciplined = models.BooleanField(_("không xét người đang bị kỷ luật"), default=True)
    exclude_prosecuted = models.BooleanField(_("không xét người đang bị truy cứu"), default=True)
    exclude_posthumous = models.BooleanField(_("không xét truy tặng"), default=False)
    required_parts = models.JSONField(
        _("thành phần hồ sơ bắt buộc"), default=list, blank=True, help_text=_('Danh sách {"code", "name"}.')
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy định xét tặng")
        verbose_name_plural = _("quy định xét tặng")
        ordering = ["award_type", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["award_type", "effective_from"], name="awardrule_unique_start"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gt=models.F("effective_from")),
                name="awardrule_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["award_type", "effective_from", "effective_to"])]

    def __str__(self) -> str:
        end = f" – {self.effective_to:%d/%m/%Y}" if self.effective_to else ""
        return f"{self.award_type} ({self.effective_from:%d/%m/%Y}{end})"

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def overlaps(self, other: AwardRule) -> bool:
        """Whether the two periods share a day (periods are [from, to), ``to`` open when empty)."""
        self_before_other_ends = other.effective_to is None or self.effective_from < other.effective_to
        other_before_self_ends = self.effective_to is None or other.effective_from < self.effective_to
        return self_before_other_ends and other_before_self_ends

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.effective_from and self.effective_to and self.effective_to <= self.effective_from:
            errors["effective_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
        if not _fraction_ok(self.quorum_num, self.quorum_den):
            errors["quorum_num"] = _(
                "Tỷ lệ có mặt phải là phân số lớn hơn 0 và không vượt quá 1 (ví dụ 2/3)."
            )
        if not _fraction_ok(self.threshold_num, self.threshold_den):
            errors["threshold_num"] = _(
                "Tỷ lệ đồng ý phải là phân số lớn hơn 0 và không vượt quá 1 (ví dụ 9/10)."
            )
        if (self.ratio_of_id is None) != (self.ratio_percent is None):
            errors["ratio_percent"] = _("Tỷ lệ tối đa và danh hiệu để so sánh phải khai cùng nhau.")
        elif self.ratio_percent is not None and not 0 < self.ratio_percent <= 100:
            errors["ratio_percent"] = _("Tỷ lệ tối đa phải lớn hơn 0% và không vượt quá 100%.")
        if self.cap_per_year == 0:
            errors["cap_per_year"] = _("Số lượt tối đa mỗi năm phải lớn hơn 0 (để trống nếu không giới hạn).")
        parts = self.required_parts
        if not isinstance(parts, list) or any(
            not isinstance(p, dict) or not p.get("code") or not p.get("name") for p in parts
        ):
            errors["required_parts"] = _('Mỗi thành phần hồ sơ cần có "code" và "name".')
        if errors:
            raise ValidationError(errors)
        if self.award_type_id and self.effective_from and not getattr(self, "_overlaps_checked", False):
            self.check_no_overlap(self.award_type.rules.exclude(pk=self.pk))

    def check_no_overlap(self, others) -> None:
        """Refuse a period sharing a day with any of ``others`` (rules of the same award type)."""
        for other in others:
            if self.overlaps(other):
                raise ValidationError(
                    {
                        "effective_from": _(
                            "Thời gian hiệu lực trùng với phiên bản quy định từ %(start)s của %(type)s. "
                            "Mỗi ngày chỉ có một phiên bản quy định có hiệu lực."
                        )
                        % {"start": other.effective_from.strftime("%d/%m/%Y"), "type": self.award_type}
                    }
                )


class DocumentSeries(models.Model):
    """The yearly numbering of one issuing body's documents of one symbol ("05/QĐ-UBND").

    Numbers restart each year; a council has its own series (its own symbol). The next number is
    taken with one atomic UPDATE, so two decisions signed at the same moment never share one.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="document_series")
    symbol = models.CharField(_("ký hiệu"), max_length=32)
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [models.UniqueConstraint(fields=["unit", "symbol", "year"], name="series_unique_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.symbol} {self.year}: {self.last_number}"


class Decision(models.Model):
    """A quyết định khen thưởng: the head's decision on dossiers the council recommended.

    Drafted by the appraisers or the head, signed by the head; only signing gives it a number.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SIGNED = "signed", _("Đã ký ban hành")
        # The head decided to award no one: nothing is issued, no number is taken.
        NOT_ISSUED = "not_issued", _("Không ban hành (không khen thưởng hồ sơ nào)")
        CANCELLED = "cancelled", _("Đã huỷ")

    scope_unit_path = "issuing_unit__"

    issuing_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("cơ quan ban hành")
    )
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("danh hiệu, hình thức")
    )
    award_year = models.PositiveSmallIntegerField(_("năm thành tích"))
    symbol = models.CharField(_("ký hiệu"), max_length=32, default="QĐ-UBND")
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    basis = models.TextField(_("căn cứ ban hành"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    authority_line = models.CharField(
        _("thẩm quyền ký"), max_length=64, blank=True, help_text=_("TM. …, KT. …")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=64, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tài khoản ký"),
    )
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "symbol", "year", "number"],
                condition=models.Q(number__isnull=False),
                name="decision_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number_display} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("awards:decision", args=[self.pk])

    @property
    def entered_later(self) -> bool:
        """A decision of a past cycle entered afterwards ("nhập bổ sung"): recorded after the day
        it was signed on."""
        from django.utils import timezone

        return bool(
            self.signed_on and self.signed_at and timezone.localtime(self.signed_at).date() > self.signed_on
        )

    @property
    def number_display(self) -> str:
        from guongsang.core.documents import padded

        if self.number:
            return f"{padded(self.number)}/{self.symbol}"
        if self.status == self.Status.NOT_ISSUED:
            return str(_("Không ban hành"))
        return str(_("Dự thảo"))


class DecisionItem(models.Model):
    """One dossier in a decision: the head approves it (a recognition follows) or not, with reasons."""

    scope_unit_path = "decision__issuing_unit__"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.PROTECT, related_name="decision_items"
    )
    approved = models.BooleanField(_("khen thưởng"), default=True)
    reason = models.TextField(_("lý do không khen thưởng"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ trong quyết định")
        verbose_name_plural = _("hồ sơ trong quyết định")
        ordering = ["decision", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "nomination"], name="item_unique_nomination")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.nomination_id}"


def new_verify_code() -> str:
    import secrets

    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Recognition(models.Model):
    """The registry: who received what, at which level, by which decision, in which year.

    One dossier gives at most one recognition (no two awards for one achievement). A revoked
    recognition stays, marked revoked, with its reason and legal basis.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Có hiệu lực")
        REVOKED = "revoked", _("Đã thu hồi")

    scope_unit_path = ("unit__", "nominee__unit__")

    nominee = models.ForeignKey("nominees.Nominee", on_delete=models.PROTECT, related_name="recognitions")
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="recognitions")
    level = models.CharField(_("cấp"), max_length=16, choices=AwardType.Level.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("cơ quan quyết định")
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="recognitions")
    nomination = models.OneToOneField(
        "nominations.Nomination", on_delete=models.PROTECT, related_name="recognition", null=True, blank=True
    )
    verify_code = models.CharField(_("mã xác minh"), max_length=16, unique=True, default=new_verify_code)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revoked_basis = models.CharField(_("căn cứ thu hồi"), max_length=500, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khen thưởng đã ghi nhận")
        verbose_name_plural = _("sổ khen thưởng")
        ordering = ["-year", "award_type", "nominee"]
        indexes = [
            models.Index(fields=["award_type", "unit", "year", "status"]),
            models.Index(fields=["nominee", "award_type", "status"]),
            models.Index(fields=["year", "level"]),
        ]

    def __str__(self) -> str:
        return f"{self.nominee} — {self.award_type} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("awards:recognition", args=[self.pk])

    def get_verify_url(self) -> str:
        return reverse("verify", args=[self.verify_code])
