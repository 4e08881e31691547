"""The yearly book "Những bông hoa đẹp": an edition per year and organiser, its chosen stories in
order, and the EPUB and PDF files built from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guongsang.core.files import private_storage, random_name
from guongsang.orgs.models import OrgUnit
from guongsang.stories.models import Story


def book_file_path(instance: BookEdition, filename: str) -> str:
    return random_name("books", filename)


class BookEdition(models.Model):
    """One edition of the book: a year's stories chosen by the organising unit's editors,
    grouped into chapters by field or by unit, with a foreword and a cover."""

    class ChapterBy(models.TextChoices):
        FIELD = "field", _("Theo lĩnh vực")
        UNIT = "unit", _("Theo đơn vị")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang biên tập")
        BUILDING = "building", _("Đang dựng sách")
        BUILT = "built", _("Đã dựng sách")
        FAILED = "failed", _("Dựng sách lỗi")

    scope_unit_path = "organiser__"

    organiser = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="book_editions", verbose_name=_("đơn vị tổ chức")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên sách"), max_length=255, default="Những bông hoa đẹp")
    subtitle = models.CharField(_("tiêu đề phụ"), max_length=255, blank=True)
    foreword = models.TextField(_("lời nói đầu"), blank=True)
    chapter_by = models.CharField(
        _("chia chương"), max_length=8, choices=ChapterBy.choices, default=ChapterBy.FIELD
    )
    cover = models.FileField(
        _("ảnh bìa"), upload_to=book_file_path, storage=private_storage, max_length=255, blank=True
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(_("cho tải về trên cổng thông tin"), default=False)
    epub = models.FileField(
        _("tệp EPUB"), upload_to=book_file_path, storage=private_storage, max_length=255, blank=True
    )
    pdf = models.FileField(
        _("tệp PDF (A5)"), upload_to=book_file_path, storage=private_storage, max_length=255, blank=True
    )
    built_at = models.DateTimeField(_("dựng lúc"), null=True, blank=True)
    build_message = models.TextField(_("kết quả dựng sách"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ấn phẩm sách")
        verbose_name_plural = _("ấn phẩm sách")
        ordering = ["-year", "organiser__path"]
        constraints = [
            models.UniqueConstraint(fields=["organiser", "year"], name="book_one_edition_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year} — {self.organiser}"

    def get_absolute_url(self) -> str:
        return reverse("books:detail", args=[self.pk])


class BookEntry(models.Model):
    """A story chosen for the edition, at its place in the book."""

    scope_unit_path = "edition__organiser__"

    edition = models.ForeignKey(BookEdition, on_delete=models.CASCADE, related_name="entries")
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="book_entries")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    # Which stories are in the book, and in which order, is the editors' work: adding, moving
    # and removing a story each leave a row naming the editor (see ``services``).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bài trong sách")
        verbose_name_plural = _("bài trong sách")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "story"], name="book_story_once")]

    def __str__(self) -> str:
        return str(self.story)
