"""Stories about exemplars, their photos, the press coverage log, and the weekly propagation list.

A story hangs on the unit that publishes it (``unit``), is about one or more nominees, and goes
draft → in review → published → unpublished. The body is stored already sanitised (see
``sanitize.py``); ``search_folded`` is the folded text the diacritics-free search reads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.core.text import fold
from guongsang.movements.models import Field
from guongsang.nominees.models import Nominee
from guongsang.orgs.models import OrgUnit


def photo_path(instance: StoryPhoto, filename: str) -> str:
    # A random name: the file name an editor uploads may carry a person's name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"stories/photos/{uuid.uuid4().hex}.{extension}"


class Story(models.Model):
    """An article about exemplars: written or collected by a unit, reviewed, published on the
    public column (the unit's own and the "Người tốt, việc tốt" column), shared and collected
    into the weekly list and the book."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        REVIEW = "review", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã đăng")
        UNPUBLISHED = "unpublished", _("Đã gỡ")

    scope_unit_path = "unit__"

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="stories", verbose_name=_("đơn vị")
    )
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        related_name="stories",
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
    )
    nominees = models.ManyToManyField(
        Nominee, blank=True, related_name="stories", verbose_name=_("gương điển hình được nói đến")
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    lead = models.TextField(_("sa-pô"), max_length=1000, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    author_name = models.CharField(_("tác giả"), max_length=255, blank=True)
    source_outlet = models.CharField(_("nguồn (cơ quan báo chí)"), max_length=255, blank=True)
    source_date = models.DateField(_("ngày đăng gốc"), null=True, blank=True)
    source_url = models.URLField(_("đường dẫn bài gốc"), max_length=500, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    featured = models.BooleanField(_("nổi bật trên trang chủ"), default=False)
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt đăng"),
    )
    review_note = models.TextField(_("ghi chú biên tập"), blank=True)
    search_folded = models.TextField(editable=False, default="")
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

    history = HistoricalRecords(excluded_fields=["search_folded", "updated_at"])

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-published_at", "-pk"]
        indexes = [
            # The public column (newest first), per unit and per field; the editors' lists.
            models.Index(fields=["status", "-published_at"], name="story_status_published"),
            models.Index(fields=["unit", "status", "-published_at"], name="story_unit_status"),
            models.Index(fields=["field", "status", "-published_at"], name="story_field_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", args=[self.pk])

    @property
    def slug(self) -> str:
        return slugify(fold(self.title))[:80] or "bai-viet"

    def get_public_url(self) -> str:
        return reverse("portal:story", args=[self.pk, self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def refresh_search_text(self, nominee_names: list[str] | None = None) -> None:
        """Fold the text the search reads: title, lead, author, the people, and the body's words."""
        from .sanitize import plain_text

        parts = [self.title, self.lead, self.author_name, self.source_outlet, *(nominee_names or [])]
        parts.append(plain_text(self.body)[:4000])
        self.search_folded = fold(" ".join(p for p in parts if p))


class StoryPhoto(models.Model):
    """A photo of a story, with its caption and the alternative text a screen reader reads."""

    scope_unit_path = "story__unit__"

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="photos", verbose_name=_("bài viết")
    )
    image = models.FileField(_("ảnh"), upload_to=photo_path, max_length=255)
    caption = models.CharField(_("chú thích"), max_length=500, blank=True)
    alt_text = models.CharField(_("mô tả ảnh (cho người khiếm thị)"), max_length=300)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    # The smaller JPEG copies pages send instead of the upload ([{"name", "width", "height"}],
    # narrowest first); written with the photo, see ``photos.py``.
    renditions = models.JSONField(_("các cỡ ảnh"), default=list, blank=True, editable=False)

    # The sizes are derived from the image: nothing to audit.
    history = HistoricalRecords(excluded_fields=["renditions"])

    class Meta:
        verbose_name = _("ảnh bài viết")
        verbose_name_plural = _("ảnh bài viết")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption or self.alt_text

    @cached_property
    def sizes(self) -> list[Rendition]:
        """The stored sizes, narrowest first; the upload itself while it has none yet."""
        storage = self.image.storage
        found = [
            Rendition(r["name"], storage.url(r["name"]), r["width"], r["height"])
            for r in self.renditions or []
        ]
        if found:
            return sorted(found, key=lambda r: r.width)
        if not self.image:
            return []
        return [Rendition(self.image.name, self.image.url, self.width, self.height)]

    def _srcset(self, sizes: list[Rendition]) -> str:
        # Nothing to choose from before the sizes are made (``manage.py resize_photos``).
        if not self.renditions:
            return ""
        return ", ".join(f"{r.url} {r.width}w" for r in sizes)

    def _up_to(self, width: int) -> list[Rendition]:
        return [r for r in self.sizes if r.width <= width] or self.sizes[:1]

    @property
    def src(self) -> str:
        """The size an article's column uses where ``srcset`` is not read."""
        return self._up_to(STORY_WIDTH)[-1].url

    @property
    def srcset(self) -> str:
        return self._srcset(self.sizes)

    @property
    def card_src(self) -> str:
        return self.sizes[0].url

    @property
    def card_srcset(self) -> str:
        """A card is at most about 400 CSS pixels wide: no size beyond twice that."""
        return self._srcset(self._up_to(CARD_MAX_WIDTH))

    @property
    def share_size(self) -> Rendition:
        """The largest size (at most 1600 px): what Facebook and Zalo show with a link."""
        return self.sizes[-1]

    @property
    def book_size(self) -> Rendition | None:
        """The size the e-book embeds (about 200 dpi across an A5 page), once there are sizes."""
        return self._up_to(BOOK_WIDTH)[-1] if self.renditions else None


# Widths the pages pick from (see ``photos.WIDTHS``): an article column is at most 44rem (704 px),
# a card about 25rem; the book's text block takes about 1000 px.
STORY_WIDTH = 960
CARD_MAX_WIDTH = 960
BOOK_WIDTH = 1000


@dataclass(frozen=True)
class Rendition:
    """One stored size of a photo."""

    name: str  # in storage
    url: str
    width: int
    height: int

    @property
    def absolute_url(self) -> str:
        """The address a social network fetches: the site's own, unless storage gives a full one."""
        if self.url.startswith(("http://", "https://")):
            return self.url
        return settings.SITE_URL.rstrip("/") + self.url


class PressCoverage(models.Model):
    """An article about an exemplar in the media: the press coverage log."""

    scope_unit_path = "nominee__unit__"

    nominee = models.ForeignKey(
        Nominee, on_delete=models.PROTECT, related_name="press_coverage", verbose_name=_("gương điển hình")
    )
    outlet = models.CharField(_("cơ quan báo chí"), max_length=255)
    title = models.CharField(_("tiêu đề bài báo"), max_length=500, blank=True)
    published_on = models.DateField(_("ngày đăng"))
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
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
        verbose_name = _("bài báo về gương điển hình")
        verbose_name_plural = _("nhật ký báo chí")
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["nominee", "-published_on"], name="coverage_by_nominee"),
            # The press log: newest first, a year as a date range, one outlet.
            models.Index(fields=["-published_on", "-id"], name="coverage_newest"),
            models.Index(fields=["outlet", "-published_on"], name="coverage_by_outlet"),
        ]

    def __str__(self) -> str:
        return f"{self.outlet} — {self.published_on:%d/%m/%Y}"


class WeeklySelection(models.Model):
    """The week's propagation list of a level: exemplars and stories the units below must
    propagate, sent down with a directive (công văn)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        ISSUED = "issued", _("Đã ban hành")

    scope_unit_path = "unit__"

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="weekly_selections", verbose_name=_("đơn vị ban hành")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    week = models.PositiveSmallIntegerField(_("tuần"))
    number = models.PositiveIntegerField(_("số công văn"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=64, default="UBND-VHTT")
    note = models.TextField(_("nội dung chỉ đạo thêm"), blank=True)
    nominees = models.ManyToManyField(
        Nominee, blank=True, related_name="weekly_selections", verbose_name=_("gương điển hình")
    )
    stories = models.ManyToManyField(
        Story, blank=True, related_name="weekly_selections", verbose_name=_("bài viết")
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, default="CHỦ TỊCH")
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("danh sách tuyên truyền tuần")
        verbose_name_plural = _("danh sách tuyên truyền tuần")
        ordering = ["-year", "-week", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "week"], name="weekly_one_per_unit_week"),
            models.CheckConstraint(condition=models.Q(week__gte=1, week__lte=53), name="weekly_valid_week"),
        ]

    def __str__(self) -> str:
        return str(
            _("Tuần %(week)s/%(year)s — %(unit)s") % {"week": self.week, "year": self.year, "unit": self.unit}
        )

    def get_absolute_url(self) -> str:
        return reverse("stories:weekly", args=[self.pk])


class PropagationReport(models.Model):
    """How a unit below propagated a weekly list: a link to its post, a meeting, a broadcast."""

    class Kind(models.TextChoices):
        POST = "post", _("Đăng bài trên trang thông tin")
        MEETING = "meeting", _("Phổ biến tại hội nghị, cuộc họp")
        BROADCAST = "broadcast", _("Phát trên đài truyền thanh")
        OTHER = "other", _("Hình thức khác")

    scope_unit_path = ("unit__", "selection__unit__")

    selection = models.ForeignKey(
        WeeklySelection, on_delete=models.CASCADE, related_name="reports", verbose_name=_("danh sách tuần")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    kind = models.CharField(_("hình thức"), max_length=16, choices=Kind.choices)
    url = models.URLField(_("đường dẫn bài đăng"), max_length=500, blank=True)
    held_on = models.DateField(_("ngày thực hiện"))
    audience = models.PositiveIntegerField(_("số người tham dự / tiếp cận"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("báo cáo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả tuyên truyền")
        verbose_name_plural = _("kết quả tuyên truyền")
        ordering = ["unit__path", "held_on", "pk"]
        indexes = [models.Index(fields=["selection", "unit"], name="propagation_by_unit")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_kind_display()}"
