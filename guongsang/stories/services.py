"""Writes on stories, photos, the press log and weekly lists: one function per use case.

Each checks the actor's permission, validates, writes the change with its audit row in one
transaction, and, once it commits, makes the public pages' cache stale and tells who needs to
know.

Publication rules live in :func:`check_publishable`: every person in the story has a publication
consent in force, and none of their private data (CCCD, phone number, e-mail) appears anywhere in
the story's text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.accounts.selectors import people_reaching
from guongsang.core.audit import audited
from guongsang.core.permissions import can
from guongsang.core.services import notify
from guongsang.core.uploads import check_upload, reencoded_image
from guongsang.nominees.models import Nominee

from . import cache, photos
from .models import PressCoverage, Story, StoryPhoto
from .rules import EDITOR_ROLES
from .sanitize import body_from_input, plain_line, plain_text
from .selectors import nominees_without_consent

logger = logging.getLogger(__name__)
Status = Story.Status
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 30
MAX_BODY = 100_000
MIN_PHOTO_SIDE = 200
# A 5 MB file can claim any size in its header and take gigabytes once decoded: 40 million
# pixels (over three times a phone's usual 12 MP photo) is the most a photo may have.
MAX_PHOTO_PIXELS = 40_000_000

STORY_FIELDS = (
    "title",
    "lead",
    "body",
    "author_name",
    "source_outlet",
    "source_date",
    "source_url",
    "field",
    "unit",
    "featured",
)


def _after_commit_invalidate() -> None:
    transaction.on_commit(cache.bump)


def _apply(story: Story, data: dict[str, Any]) -> None:
    for name in ("title", "author_name", "source_outlet"):
        if name in data:
            setattr(story, name, plain_line(data[name]))
    if "lead" in data:
        story.lead = "\n".join(plain_line(line) for line in (data["lead"] or "").splitlines()).strip()
    if "body" in data:
        story.body = body_from_input(data["body"])
    if "source_url" in data:
        story.source_url = (data["source_url"] or "").strip()
    for name in ("source_date", "field", "unit", "featured"):
        if name in data:
            setattr(story, name, data[name])


def _validate(story: Story) -> None:
    errors: dict[str, list[str]] = {}
    if not story.title:
        errors.setdefault("title", []).append(_("Hãy nhập tiêu đề bài viết."))
    if len(story.body) > MAX_BODY:
        errors.setdefault("body", []).append(_("Nội dung quá dài (tối đa 100.000 ký tự)."))
    if story.source_url and not re.match(r"^https?://", story.source_url, re.I):
        errors.setdefault("source_url", []).append(
            _("Đường dẫn bài gốc phải bắt đầu bằng http:// hoặc https://.")
        )
    if story.source_date and story.source_date > timezone.localdate():
        errors.setdefault("source_date", []).append(_("Ngày đăng gốc không được sau ngày hôm nay."))
    if errors:
        raise ValidationError(errors)
    story.full_clean(exclude=["unit", "field", "created_by", "published_by", "search_folded", "body"])


def _set_nominees(story: Story, nominees) -> None:
    if nominees is None:
        return
    nominees = list(nominees)
    for nominee in nominees:
        if nominee.merged_into_id:
            raise ValidationError(
                {
                    "nominees": _("“%(name)s” đã được hợp nhất vào hồ sơ khác; hãy chọn hồ sơ được giữ lại.")
                    % {"name": nominee.full_name}
                }
            )
    story.nominees.set(nominees)


def _reindex(story: Story) -> None:
    names = list(story.nominees.values_list("full_name", flat=True))
    story.refresh_search_text(names)
    Story.objects.filter(pk=story.pk).update(search_folded=story.search_folded)


@transaction.atomic
def create_story(actor, *, unit, nominees=None, **data: Any) -> Story:
    """Write a new story (a draft) for ``unit`` about ``nominees``."""
    story = Story(unit=unit, created_by=actor)
    if not can(actor, "add", story):
        raise PermissionDenied(_("Bạn không có quyền viết bài cho %(unit)s.") % {"unit": unit})
    _apply(story, {k: v for k, v in data.items() if k in STORY_FIELDS})
    _validate(story)
    audited(story, actor).save()
    _set_nominees(story, nominees)
    _reindex(story)
    return story


def _locked(story: Story) -> Story:
    return Story.objects.select_for_update().select_related("unit").get(pk=story.pk)


@transaction.atomic
def update_story(actor, story: Story, *, nominees=None, **changes: Any) -> Story:
    """Edit a story. A published story may be edited by editors only, and stays publishable."""
    story = _locked(story)
    if not can(actor, "change", story):
        raise PermissionDenied(_("Bạn không có quyền sửa bài viết này."))
    if story.status == Status.PUBLISHED and not can(actor, "publish", story):
        raise PermissionDenied(_("Bài đã đăng chỉ biên tập viên được sửa."))
    new_unit = changes.get("unit")
    if new_unit is not None and new_unit != story.unit and not can(actor, "add", Story(unit=new_unit)):
        raise PermissionDenied(_("Bạn không có quyền chuyển bài sang %(unit)s.") % {"unit": new_unit})
    _apply(story, {k: v for k, v in changes.items() if k in STORY_FIELDS})
    _validate(story)
    audited(story, actor).save()
    _set_nominees(story, nominees)
    if story.status == Status.PUBLISHED:
        check_publishable(story)
    _reindex(story)
    _after_commit_invalidate()
    return story


# --- The editorial flow ---------------------------------------------------------------------

_PRIVATE_SEPARATORS = re.compile(r"(?<=\d)[\s.\-]+(?=\d)")


def _story_text(story: Story) -> str:
    parts = [story.title, story.lead, plain_text(story.body), story.author_name]
    parts += [f"{p.caption} {p.alt_text}" for p in story.photos.all()]
    return " ".join(parts)


def private_data_in(story: Story) -> list[str]:
    """Messages naming each person whose private data (CCCD, phone, e-mail) the story shows."""
    text = _story_text(story)
    digits = _PRIVATE_SEPARATORS.sub("", text)
    lowered = text.lower()
    found = []
    for nominee in story.nominees.all():
        leaks = []
        if nominee.cccd and nominee.cccd in digits:
            leaks.append(_("số CCCD"))
        phone = (nominee.phone or "").strip()
        if phone and (phone in digits or ("+84" + phone[1:]) in digits):
            leaks.append(_("số điện thoại"))
        if nominee.email and nominee.email.lower() in lowered:
            leaks.append(_("thư điện tử"))
        if leaks:
            found.append(
                _(
                    "Bài viết có %(what)s của “%(name)s” — thông tin này không được công khai; "
                    "hãy xoá khỏi bài."
                )
                % {"what": ", ".join(str(x) for x in leaks), "name": nominee.full_name}
            )
    return found


class NotPublishable(ValidationError):
    """A person in the story has not consented, or the text shows their private data."""


def check_publishable(story: Story) -> None:
    """Refuse publication: a person without consent in force, or private data in the text."""
    errors = []
    missing = nominees_without_consent(story)
    if missing:
        errors.append(
            _(
                "Chưa thể đăng: chưa có sự đồng ý công bố (bài viết tuyên truyền) của %(names)s. "
                "Hãy ghi nhận sự đồng ý trên trang của người đó trước."
            )
            % {"names": ", ".join(f"“{n.full_name}”" for n in missing)}
        )
    errors += private_data_in(story)
    if errors:
        raise NotPublishable(errors)


class TransitionRefused(ValidationError):
    """The story is not in a state from which this change may be made."""


def _transition(actor, story: Story, *, allowed_from: tuple[str, ...], to: str, perm: str) -> Story:
    story = _locked(story)
    if not can(actor, perm, story):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với bài viết."))
    if story.status not in allowed_from:
        raise TransitionRefused(
            _("Bài viết đang ở trạng thái “%(status)s”, không thể thực hiện thao tác này.")
            % {"status": story.get_status_display()},
            code="transition_not_allowed",
        )
    story.status = to
    return story


@transaction.atomic
def submit_for_review(actor, story: Story) -> Story:
    """Send a draft (or a returned, or an unpublished story) to the editors."""
    story = _transition(
        actor, story, allowed_from=(Status.DRAFT, Status.UNPUBLISHED), to=Status.REVIEW, perm="submit"
    )
    if not story.body and not story.lead:
        raise ValidationError({"body": _("Bài viết chưa có nội dung.")})
    audited(story, actor).save()
    editors = people_reaching(story.unit, EDITOR_ROLES)
    notify(
        [u for u in editors if u.pk != actor.pk],
        _("Bài viết chờ duyệt: %(title)s") % {"title": story.title},
        url=story.get_absolute_url(),
    )
    return story


@transaction.atomic
def return_to_draft(actor, story: Story, note: str = "") -> Story:
    """The editor sends the story back to its writer with a note."""
    story = _transition(actor, story, allowed_from=(Status.REVIEW,), to=Status.DRAFT, perm="publish")
    story.review_note = plain_text(body_from_input(note))[:2000]
    audited(story, actor).save()
    if story.created_by and story.created_by.pk != actor.pk:
        notify(
            [story.created_by],
            _("Bài viết cần sửa: %(title)s") % {"title": story.title},
            body=story.review_note,
            url=story.get_absolute_url(),
        )
    return story


@transaction.atomic
def publish(actor, story: Story) -> Story:
    """Publish a reviewed story on the public column (editors only; consent and privacy checked)."""
    story = _transition(actor, story, allowed_from=(Status.REVIEW,), to=Status.PUBLISHED, perm="publish")
    check_publishable(story)
    story.published_at = timezone.now()
    story.published_by = actor
    story.review_note = ""
    audited(story, actor).save()
    _after_commit_invalidate()
    if story.created_by and story.created_by.pk != actor.pk:
        notify(
            [story.created_by],
            _("Bài viết đã được đăng: %(title)s") % {"title": story.title},
            url=story.get_absolute_url(),
        )
    return story


@transaction.atomic
def unpublish(actor, story: Story, reason: str = "") -> Story:
    """Take a published story off the public column; it keeps its history."""
    story = _transition(actor, story, allowed_from=(Status.PUBLISHED,), to=Status.UNPUBLISHED, perm="publish")
    story.review_note = plain_line(reason)[:2000]
    audited(story, actor).save()
    _after_commit_invalidate()
    return story


TRANSITIONS = {
    "submit": submit_for_review,
    "return": return_to_draft,
    "publish": publish,
    "unpublish": unpublish,
}


def available_transitions(actor, story: Story) -> list[str]:
    """The state changes ``actor`` may make on ``story`` now (buttons on the page)."""
    found = []
    if story.status in (Status.DRAFT, Status.UNPUBLISHED) and can(actor, "submit", story):
        found.append("submit")
    if can(actor, "publish", story):
        if story.status == Status.REVIEW:
            found += ["publish", "return"]
        if story.status == Status.PUBLISHED:
            found.append("unpublish")
    return found


# --- Photos ---------------------------------------------------------------------------------


def check_photo(file) -> tuple[int, int]:
    """A JPG or PNG (by content), at most 5 MB and 40 million pixels, that opens as an image;
    returns its size."""
    try:
        check_upload(file, allowed=("jpg", "jpeg", "png"), max_bytes=MAX_PHOTO_BYTES)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    from PIL import Image, UnidentifiedImageError

    too_large = ValidationError(
        {
            "image": _(
                "Ảnh “%(name)s” có kích thước quá lớn (tối đa %(limit)s triệu điểm ảnh); "
                "hãy thu nhỏ ảnh rồi tải lên lại."
            )
            % {"name": file.name, "limit": MAX_PHOTO_PIXELS // 1_000_000}
        }
    )
    try:
        file.seek(0)
        # Pillow warns between its limit and twice it, and refuses beyond: both are refusals here.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise too_large
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            {"image": _("Tệp “%(name)s” không phải là ảnh đọc được.") % {"name": file.name}}
        ) from exc
    finally:
        file.seek(0)
    if min(width, height) < MIN_PHOTO_SIDE:
        raise ValidationError(
            {
                "image": _("Ảnh quá nhỏ (%(w)s×%(h)s điểm ảnh); cần ít nhất 200 điểm ảnh mỗi chiều.")
                % {"w": width, "h": height}
            }
        )
    return width, height


def _store_sizes(photo: StoryPhoto, image, profile: bytes | None) -> list[dict[str, Any]]:
    """Write the photo's smaller copies beside it in storage; returns what ``renditions`` records."""
    storage = photo.image.storage
    recorded = []
    for size in photos.render_sizes(image, profile):
        name = storage.save(photos.rendition_name(photo.image.name, size.width), ContentFile(size.data))
        recorded.append({"name": name, "width": size.width, "height": size.height})
    return recorded


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone, or the storage refused: nothing a reader would notice
            logger.warning("stories: could not delete %s", name)


@transaction.atomic
def add_photo(actor, story: Story, *, image, alt_text: str, caption: str = "") -> StoryPhoto:
    """Attach a checked photo with its caption and alternative text, re-encoded upright and
    without its metadata (EXIF, GPS), with the smaller copies the pages send (``photos.py``)."""
    story = _locked(story)
    if not can(actor, "change", story) or (
        story.status == Status.PUBLISHED and not can(actor, "publish", story)
    ):
        raise PermissionDenied(_("Bạn không có quyền thêm ảnh cho bài viết này."))
    alt_text, caption = plain_line(alt_text), plain_line(caption)
    if not alt_text:
        raise ValidationError(
            {"alt_text": _("Hãy mô tả nội dung ảnh cho người khiếm thị (văn bản thay thế).")}
        )
    if story.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"image": _("Mỗi bài viết có tối đa 30 ảnh.")})
    check_photo(image)
    clean, pixels, profile = reencoded_image(image, field="image")
    photo = StoryPhoto(
        story=story,
        caption=caption[:500],
        alt_text=alt_text[:300],
        width=clean.width,
        height=clean.height,
        order=story.photos.count(),
    )
    photo.image.save(clean.name, clean, save=False)
    photo.renditions = _store_sizes(photo, pixels, profile)
    audited(photo, actor).save()
    if story.status == Status.PUBLISHED:
        check_publishable(story)
    _after_commit_invalidate()
    return photo


@transaction.atomic
def remove_photo(actor, photo: StoryPhoto) -> None:
    """Take a photo off a story, and its files (the upload and its sizes) out of storage: a
    photo removed because it should not be public must not stay at its address either."""
    story = _locked(photo.story)
    if not can(actor, "change", story) or (
        story.status == Status.PUBLISHED and not can(actor, "publish", story)
    ):
        raise PermissionDenied(_("Bạn không có quyền xoá ảnh của bài viết này."))
    storage = photo.image.storage
    names = [photo.image.name, *(r["name"] for r in photo.renditions or [])]
    audited(photo, actor).delete()
    # After the commit: deleting inside the transaction would lose the files if it rolled back.
    transaction.on_commit(lambda: _delete_files(storage, names))
    _after_commit_invalidate()


def resize_photos(*, force: bool = False) -> dict[str, int]:
    """Give every photo without its smaller copies (uploaded before they existed, or made for
    other widths than ``photos.WIDTHS``) its copies; all of them with ``force``. Idempotent:
    a second run finds nothing to do. Returns how many were made, already there, unreadable.

    One photo at a time, outside any long transaction: the site keeps serving meanwhile, and a
    page shows the upload until the photo's copies are recorded.
    """
    from PIL import Image

    counts = {"made": 0, "kept": 0, "failed": 0}
    rows = StoryPhoto.objects.order_by("pk").only("pk", "image", "width", "height", "renditions")
    for photo in rows.iterator(chunk_size=200):
        recorded = sorted(r["width"] for r in photo.renditions or [])
        if not force and photo.width and recorded == photos.target_widths(photo.width):
            counts["kept"] += 1
            continue
        storage = photo.image.storage
        try:
            with storage.open(photo.image.name, "rb") as handle:
                image, profile = photos.decoded(handle)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            logger.warning("stories: unreadable photo %s (%s)", photo.image.name, exc)
            counts["failed"] += 1
            continue
        sizes = _store_sizes(photo, image, profile)
        width, height = image.size
        if not StoryPhoto.objects.filter(pk=photo.pk).update(renditions=sizes, width=width, height=height):
            _delete_files(storage, [s["name"] for s in sizes])  # removed meanwhile
            continue
        made = {s["name"] for s in sizes}
        _delete_files(storage, [r["name"] for r in photo.renditions or [] if r["name"] not in made])
        counts["made"] += 1
    if counts["made"]:
        cache.bump()
    return counts


# --- Press coverage -------------------------------------------------------------------------


@transaction.atomic
def record_coverage(
    actor, nominee: Nominee, *, outlet: str, published_on: dt.date, url: str = "", title: str = ""
) -> PressCoverage:
    """Log an article about an exemplar in the media (officers and editors over the exemplar's
    unit). The link, when given, must be an http(s) address: it is shown on the public page."""
    entry = PressCoverage(
        nominee=nominee,
        outlet=plain_line(outlet),
        title=plain_line(title),
        published_on=published_on,
        # Control characters out (PostgreSQL refuses NUL); a link has no spaces to keep.
        url=plain_line(url),
        recorded_by=actor,
    )
    if not can(actor, "add", entry):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận bài báo cho người này."))
    errors: dict[str, list[str]] = {}
    if nominee.merged_into_id:
        errors["nominee"] = [
            _("“%(name)s” đã được hợp nhất vào hồ sơ khác; hãy ghi nhận cho hồ sơ được giữ lại.")
            % {"name": nominee.full_name}
        ]
    if not entry.outlet:
        errors["outlet"] = [_("Hãy ghi tên cơ quan báo chí.")]
    if entry.url and not re.match(r"^https?://", entry.url, re.I):
        errors["url"] = [_("Đường dẫn phải bắt đầu bằng http:// hoặc https://.")]
    elif entry.url and PressCoverage.objects.filter(nominee=nominee, url=entry.url).exists():
        errors["url"] = [_("Bài báo có đường dẫn này đã được ghi nhận cho người này.")]
    if published_on and published_on > timezone.localdate():
        errors["published_on"] = [_("Ngày đăng không được sau ngày hôm nay.")]
    if errors:
        raise ValidationError(errors)
    entry.full_clean(exclude=["recorded_by"])
    audited(entry, actor).save()
    _after_commit_invalidate()
    return entry


@transaction.atomic
def remove_coverage(actor, entry: PressCoverage) -> None:
    """Take an article off the press log (recorded by mistake, or the link is gone); the history
    keeps what it was and who removed it. It leaves the exemplar's public page too."""
    entry = PressCoverage.objects.select_for_update().select_related("nominee__unit").get(pk=entry.pk)
    if not can(actor, "delete", entry):
        raise PermissionDenied(_("Bạn không có quyền xoá bài báo này khỏi nhật ký."))
    audited(entry, actor).delete()
    _after_commit_invalidate()


# --- Merged nominees ------------------------------------------------------------------------


@transaction.atomic
def move_to_nominee(keep: Nominee, drop: Nominee, actor=None) -> dict[str, int]:
    """Re-point what publicity knows about ``drop`` at ``keep`` when two nominees are merged (the
    same person entered twice): the stories about them, the press log, the weekly lists.

    Called by the nominees app's merge, inside its transaction and after its permission check
    (the merge also moves the consents, so a published story stays public under the kept
    record). Returns how many of each moved.
    """
    from .models import WeeklySelection

    reason = (_("Hợp nhất người được nói đến: #%(drop)s vào #%(keep)s") % {"drop": drop.pk, "keep": keep.pk})[
        :100
    ]
    moved = {"stories": 0, "coverage": 0, "weekly": 0}
    for story in Story.objects.select_for_update().filter(nominees=drop).order_by("pk"):
        story.nominees.remove(drop)
        story.nominees.add(keep)
        # The people of a story are not in its history rows: saving it records who changed it, why.
        audited(story, actor)
        story._change_reason = reason
        story.save()
        _reindex(story)
        moved["stories"] += 1
    for entry in PressCoverage.objects.select_for_update().filter(nominee=drop).order_by("pk"):
        entry.nominee = keep
        audited(entry, actor)
        entry._change_reason = reason
        entry.save(update_fields=["nominee"])
        moved["coverage"] += 1
    for selection in WeeklySelection.objects.select_for_update().filter(nominees=drop).order_by("pk"):
        selection.nominees.remove(drop)
        selection.nominees.add(keep)
        audited(selection, actor)
        selection._change_reason = reason
        selection.save()
        moved["weekly"] += 1
    if any(moved.values()):
        _after_commit_invalidate()
    return moved
