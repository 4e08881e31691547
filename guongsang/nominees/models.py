"""Nominees (the people, collectives and households proposed), publication consent, and the log
of who saw a full CCCD number."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.core.crypto import EncryptedTextField, mask, mask_email
from guongsang.core.files import private_storage, random_name
from guongsang.core.text import fold
from guongsang.orgs.models import OrgUnit

# The fields a nominee (or whoever consents for them) may choose to make public, one by one;
# everything else (CCCD, phone, e-mail, discipline…) is never public.
PUBLIC_FIELD_CHOICES: list[tuple[str, str]] = [
    ("full_name", _("Họ và tên")),
    ("photo", _("Ảnh")),
    ("gender", _("Giới tính")),
    ("birth_year", _("Năm sinh")),
    ("ethnicity", _("Dân tộc")),
    ("occupation", _("Nghề nghiệp")),
    ("position", _("Chức vụ")),
    ("unit", _("Đơn vị")),
    ("residence", _("Xã, phường cư trú")),
]
PUBLIC_FIELDS: frozenset[str] = frozenset(name for name, _label in PUBLIC_FIELD_CHOICES)


def photo_path(instance: Nominee, filename: str) -> str:
    # A random name: a file path must not give the person's name away.
    return random_name("nominees/photos", filename)


class Nominee(models.Model):
    """Someone proposed for recognition: an individual, a collective or a household.

    A nominee belongs to a unit (where they work, study or take part), which decides who sees
    them. The CCCD, phone number and e-mail address are encrypted at rest and kept out of the
    history; ``cccd_index`` (a keyed hash) finds the same CCCD without decrypting, and
    ``cccd_masked`` is what pages and history show. Pages show the phone and e-mail masked too;
    a full view of any of the three is logged (``SensitiveAccess``).
    Nominees are never deleted: a duplicate is merged into the one kept (``merged_into``) and
    keeps its history.
    """

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")
        HOUSEHOLD = "household", _("Hộ gia đình")

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    scope_unit_path = "unit__"

    kind = models.CharField(
        _("loại đối tượng"), max_length=16, choices=Kind.choices, default=Kind.INDIVIDUAL, db_index=True
    )
    full_name = models.CharField(_("họ và tên / tên tập thể"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, default="")
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=64, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=255, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="nominees", verbose_name=_("đơn vị")
    )
    residence = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="resident_nominees",
        verbose_name=_("xã, phường cư trú"),
        null=True,
        blank=True,
    )
    phone = EncryptedTextField(_("số điện thoại"), blank=True)
    # Encrypted like the phone; the forms and the API still validate it as an address.
    email = EncryptedTextField(_("thư điện tử"), blank=True, validators=[validate_email])
    cccd = EncryptedTextField(_("số CCCD"), blank=True, index_field="cccd_index")
    cccd_index = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    # Verbose name as the CCCD's own: the timeline shows a CCCD change as masked numbers.
    cccd_masked = models.CharField(_("số CCCD"), max_length=16, editable=False, blank=True)
    photo = models.FileField(
        _("ảnh"), upload_to=photo_path, storage=private_storage, max_length=255, blank=True
    )
    is_deceased = models.BooleanField(_("đã mất"), default=False)
    is_disciplined = models.BooleanField(_("đang bị kỷ luật"), default=False)
    is_prosecuted = models.BooleanField(_("đang bị truy cứu trách nhiệm hình sự"), default=False)
    public_fields = models.JSONField(_("thông tin được công khai"), default=list, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("đã hợp nhất vào"),
        null=True,
        blank=True,
        # Almost every row is NULL here: a plain index on it would lure the planner away from the
        # name index for "merged_into IS NULL AND name_folded = …" (the duplicate check). The
        # partial index below serves the one lookup that needs it: who was merged into X.
        db_index=False,
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
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    # The encrypted columns stay out of history: a diff of them would print the plain numbers on
    # the timeline. ``cccd_masked`` records that the CCCD changed, without the number.
    history = HistoricalRecords(
        excluded_fields=["name_folded", "cccd", "cccd_index", "phone", "email", "updated_at"]
    )

    class Meta:
        verbose_name = _("người được đề xuất")
        verbose_name_plural = _("người được đề xuất")
        ordering = ["name_folded", "pk"]
        indexes = [
            # Duplicate lookups and the name search (prefix and exact).
            models.Index(fields=["name_folded", "birth_year"], name="nominee_name_year"),
            models.Index(fields=["kind", "name_folded"], name="nominee_kind_name"),
            models.Index(fields=["unit", "kind"], name="nominee_unit_kind"),
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="nominee_merged_into",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True) | models.Q(birth_year__gte=1900),
                name="nominee_plausible_birth_year",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(self.full_name)
        if self.birth_date is not None:
            self.birth_year = self.birth_date.year
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("nominees:detail", args=[self.pk])

    def set_cccd(self, number: str) -> None:
        """Set the (already normalised) CCCD with its blind index and masked form."""
        self.cccd = number
        self.cccd_index = ""
        self.cccd_masked = ""
        if number:
            from guongsang.core.crypto import blind_index

            self.cccd_index = blind_index(number)
            self.cccd_masked = mask(number)

    @property
    def phone_masked(self) -> str:
        return mask(self.phone, keep_start=3, keep_end=3)

    @property
    def email_masked(self) -> str:
        return mask_email(self.email)

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def birth_display(self) -> str:
        """The birth date as dd/mm/yyyy, or the year alone when that is all that is known."""
        if self.birth_date:
            return self.birth_date.strftime("%d/%m/%Y")
        return str(self.birth_year) if self.birth_year else ""

    @property
    def public_field_labels(self) -> list[str]:
        labels = dict(PUBLIC_FIELD_CHOICES)
        return [str(labels[f]) for f in self.public_fields or [] if f in labels]

    def public_data(self) -> dict:
        """Only the fields chosen for publication (portal, stories, the book) and nothing else."""
        chosen = [f for f in self.public_fields or [] if f in PUBLIC_FIELDS]
        data: dict = {}
        for name in chosen:
            if name == "gender":
                data[name] = self.get_gender_display()
            elif name in ("unit", "residence"):
                related = getattr(self, name)
                data[name] = related.name if related else ""
            elif name == "photo":
                data[name] = self.photo.name if self.photo else ""
            else:
                data[name] = getattr(self, name)
        return data


class Consent(models.Model):
    """A publication consent: who gave it (the person, a parent or guardian, a representative),
    when, and for what (stories, the portal, the book, or all). Withdrawing keeps the record."""

    class Scope(models.TextChoices):
        STORIES = "stories", _("Bài viết tuyên truyền")
        PORTAL = "portal", _("Chuyên mục công khai")
        BOOK = "book", _("Sách “Những bông hoa đẹp”")
        ALL = "all", _("Mọi hình thức công bố")

    class Relation(models.TextChoices):
        SELF = "self", _("Bản thân")
        PARENT = "parent", _("Cha, mẹ")
        GUARDIAN = "guardian", _("Người giám hộ")
        SPOUSE = "spouse", _("Vợ, chồng, con")
        REPRESENTATIVE = "representative", _("Người đại diện tập thể, hộ")
        OTHER = "other", _("Khác")

    scope_unit_path = "nominee__unit__"

    nominee = models.ForeignKey(
        Nominee, on_delete=models.PROTECT, related_name="consents", verbose_name=_("người được đề xuất")
    )
    given_by = models.CharField(_("người đồng ý"), max_length=255)
    relation = models.CharField(
        _("quan hệ với người được đề xuất"), max_length=16, choices=Relation.choices, default=Relation.SELF
    )
    given_at = models.DateField(_("ngày đồng ý"))
    scope = models.CharField(_("phạm vi công bố"), max_length=16, choices=Scope.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    withdrawn_at = models.DateTimeField(_("rút lại lúc"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đồng ý công bố")
        verbose_name_plural = _("đồng ý công bố")
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["nominee", "scope", "withdrawn_at"], name="consent_lookup")]

    def __str__(self) -> str:
        return f"{self.given_by} — {self.get_scope_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class SensitiveAccess(models.Model):
    """One full view of a nominee's sensitive field (a CCCD number, phone number or e-mail address
    on the page, through the API, or in an export): who, when, which field. Never edited."""

    scope_unit_path = "nominee__unit__"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người xem")
    )
    nominee = models.ForeignKey(
        Nominee,
        on_delete=models.PROTECT,
        related_name="sensitive_accesses",
        verbose_name=_("người được đề xuất"),
    )
    field = models.CharField(_("thông tin"), max_length=32)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt xem thông tin nhạy cảm")
        verbose_name_plural = _("lượt xem thông tin nhạy cảm")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["nominee", "-at"], name="sensitive_by_nominee")]

    def __str__(self) -> str:
        return f"{self.user} — {self.nominee} — {self.field}"

    @property
    def field_label(self) -> str:
        """Which information was seen (``cccd``, ``phone``, ``email``, with or without ``_export``)."""
        labels = {"cccd": _("Số CCCD"), "phone": _("Số điện thoại"), "email": _("Thư điện tử")}
        return str(labels.get(self.field.removesuffix("_export"), self.field))

    @property
    def is_export(self) -> bool:
        return self.field.endswith("_export")
