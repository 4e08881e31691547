"""Entries: public and unit submissions (word limits, DOCX, photos, no insiders, an hourly limit
per address), the confirmation mail, disqualification and reinstatement."""

from __future__ import annotations

import contextlib
import re
import time
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.uploads import check_upload
from guongsang.orgs.models import OrgUnit

from ..models import (
    Contest,
    Entry,
    EntryKind,
    EntryPhoto,
    Judge,
)
from ..rules import ORGANISER_ROLES, organises, sends_for_unit
from .shared import _n, _require_organiser

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_TITLE = 300
DEFAULT_ENTRIES_PER_HOUR = 10
_WORD = re.compile(r"[^\W_]+")
_PHONE = re.compile(r"^(\+84|84|0)\d{8,10}$")


def word_count(text: str) -> int:
    """Words as the contest rules count them: Vietnamese "chữ", one per syllable."""
    return len(_WORD.findall(text or ""))


def entries_per_hour() -> int:
    return int(getattr(settings, "CONTEST_ENTRIES_PER_HOUR", DEFAULT_ENTRIES_PER_HOUR))


class TooManyEntries(Exception):
    """One address has sent as many entries this hour as the platform accepts."""

    def __init__(self, limit: int):
        super().__init__(
            _("Đã gửi %(n)s bài dự thi trong một giờ từ địa chỉ này; vui lòng thử lại sau.") % {"n": limit}
        )
        self.message = str(self.args[0])


def claim_submission(client: str) -> None:
    """Count one public submission from ``client`` this hour (see nominations' reports)."""
    key = f"contest-entries:{client or 'unknown'}:{int(time.time() // 3600)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    if count > entries_per_hour():
        raise TooManyEntries(entries_per_hour())


def release_submission(client: str) -> None:
    with contextlib.suppress(ValueError):
        cache.decr(f"contest-entries:{client or 'unknown'}:{int(time.time() // 3600)}")


def normalize_phone(value: str) -> str:
    """A Vietnamese phone number without spaces or dots; raises on anything else."""
    cleaned = re.sub(r"[\s.\-()]", "", value or "")
    if not _PHONE.match(cleaned):
        raise ValidationError(
            {"author_phone": _("Số điện thoại không hợp lệ (ví dụ 0912 345 678 hoặc +84 912 345 678).")}
        )
    return cleaned


def is_insider(user, contest: Contest) -> bool:
    """Whether ``user`` organises or judges ``contest`` (and so may not enter it)."""
    if user is None or not user.is_authenticated:
        return False
    if not user.is_superuser and organises(user, contest):
        return True
    return Judge.objects.filter(round__contest=contest, user=user).exists()


def _insider_emails(contest: Contest) -> set[str]:
    from django.contrib.auth import get_user_model

    from guongsang.accounts.selectors import people_reaching

    judges = get_user_model().objects.filter(contest_judging__round__contest=contest)
    organisers = people_reaching(contest.organiser, ORGANISER_ROLES)
    return {
        e.lower()
        for e in [*judges.values_list("email", flat=True), *organisers.values_list("email", flat=True)]
        if e
    }


def _check_entry(contest: Contest, data: dict, errors: dict[str, list[str]]) -> None:
    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, message in (
        ("author_name", _("Hãy nhập họ và tên tác giả.")),
        ("author_address", _("Hãy nhập địa chỉ của tác giả.")),
        ("title", _("Hãy nhập tên bài.")),
        ("subject_name", _("Hãy nhập tên người (hoặc tập thể) được viết về.")),
    ):
        if not (data.get(field) or "").strip():
            add(field, message)
    if not (data.get("author_phone") or "").strip():
        add(
            "author_phone",
            _("Hãy nhập số điện thoại của tác giả; bài không có số điện thoại không được nhận."),
        )
    else:
        try:
            data["author_phone"] = normalize_phone(data["author_phone"])
        except ValidationError as exc:
            add("author_phone", exc.message_dict["author_phone"][0])
    if data.get("author_email"):
        try:
            validate_email(data["author_email"])
        except ValidationError:
            add("author_email", _("Địa chỉ thư điện tử không hợp lệ."))
    if len(data.get("title") or "") > MAX_TITLE:
        add("title", _("Tên bài quá dài (tối đa %(n)s ký tự).") % {"n": MAX_TITLE})
    commune = data.get("subject_commune")
    if not isinstance(commune, OrgUnit):
        add("subject_commune", _("Hãy chọn xã, phường nơi người được viết về sinh sống, làm việc."))
    elif commune.kind != OrgUnit.Kind.COMMUNE:
        add("subject_commune", _("Nơi của nhân vật phải là một xã, phường hoặc đặc khu."))

    kind = data.get("kind") or EntryKind.ARTICLE
    if kind not in contest.accepted_kinds:
        add(
            "kind",
            _("Cuộc thi này không nhận thể loại “%(kind)s”.")
            % {"kind": EntryKind(kind).label if kind in EntryKind.values else kind},
        )
        return
    url = URLValidator(schemes=["http", "https"])
    words = data["word_count"]
    if kind in (EntryKind.ARTICLE, EntryKind.PRESS):
        if words == 0:
            add("text", _("Hãy nhập nội dung bài viết hoặc tải lên tệp DOCX."))
        elif words > contest.max_words:
            add(
                "text",
                _(
                    "Bài viết có %(n)s chữ, vượt giới hạn %(max)s chữ của cuộc thi. "
                    "Vui lòng rút gọn bớt %(over)s chữ."
                )
                % {"n": _n(words), "max": _n(contest.max_words), "over": _n(words - contest.max_words)},
            )
        elif words < contest.min_words:
            add(
                "text",
                _("Bài viết mới có %(n)s chữ; cuộc thi yêu cầu tối thiểu %(min)s chữ.")
                % {"n": _n(words), "min": _n(contest.min_words)},
            )
    if kind == EntryKind.PRESS:
        if not (data.get("press_outlet") or "").strip():
            add("press_outlet", _("Tác phẩm báo chí cần ghi tên cơ quan báo chí đã đăng."))
        press_date = data.get("press_date")
        if not press_date:
            add("press_date", _("Tác phẩm báo chí phải đã được đăng: hãy ghi ngày đăng."))
        elif press_date > timezone.localdate():
            add("press_date", _("Ngày đăng không được sau hôm nay: chỉ nhận tác phẩm đã đăng."))
        try:
            url(data.get("press_link") or "")
        except ValidationError:
            add("press_link", _("Hãy ghi đường dẫn (http…) tới bài đã đăng."))
    if kind == EntryKind.VIDEO:
        try:
            url(data.get("video_link") or "")
        except ValidationError:
            add("video_link", _("Hãy ghi đường dẫn (http…) tới video."))
        minutes = data.get("video_minutes")
        try:
            minutes = Decimal(str(minutes)) if minutes not in (None, "") else None
        except InvalidOperation:
            minutes = Decimal(-1)
        if minutes is None:
            add("video_minutes", _("Hãy ghi thời lượng video (phút)."))
        elif minutes <= 0:
            add("video_minutes", _("Thời lượng video phải là một số phút dương."))
        elif minutes > contest.max_video_minutes:
            add(
                "video_minutes",
                _("Video dài %(n)s phút, vượt giới hạn %(max)s phút của cuộc thi.")
                % {"n": f"{minutes:g}", "max": contest.max_video_minutes},
            )
        data["video_minutes"] = minutes if minutes and minutes > 0 else None
        if words > contest.max_words:
            add(
                "text",
                _("Phần giới thiệu video quá dài (tối đa %(max)s chữ).") % {"max": _n(contest.max_words)},
            )


@transaction.atomic
def submit_entry(
    contest: Contest,
    *,
    actor=None,
    via_unit: OrgUnit | None = None,
    docx=None,
    photos: Sequence = (),
    **data,
) -> Entry:
    """Receive an entry, from the public (``actor`` None) or through ``via_unit``.

    The text is typed or comes from a DOCX (turned into text here). Every problem is reported at
    once; nothing is saved unless everything is right. The author receives the tracking code.
    """
    from ..documents import docx_to_text

    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not contest.accepts_entries or (contest.closes_on and today > contest.closes_on):
        raise ValidationError(_("Cuộc thi “%(title)s” hiện không nhận bài.") % {"title": contest.title})
    if contest.opens_on and today < contest.opens_on:
        raise ValidationError(
            _("Cuộc thi bắt đầu nhận bài từ ngày %(day)s.") % {"day": contest.opens_on.strftime("%d/%m/%Y")}
        )
    if via_unit is not None and (
        actor is None or not (actor.is_superuser or sends_for_unit(actor, via_unit))
    ):
        raise PermissionDenied(_("Bạn không gửi bài thay cho %(unit)s được.") % {"unit": via_unit})
    if via_unit is None and is_insider(actor, contest):
        raise PermissionDenied(_("Thành viên Ban Tổ chức và Ban Giám khảo không được dự thi."))
    email = (data.get("author_email") or "").strip().lower()
    if email and email in _insider_emails(contest):
        raise PermissionDenied(_("Thành viên Ban Tổ chức và Ban Giám khảo không được dự thi."))

    if docx:
        try:
            data["text"] = docx_to_text(docx)
        except ValidationError as exc:
            errors.setdefault("docx", []).extend(exc.messages)
    text = unicodedata.normalize("NFC", (data.get("text") or "").replace("\r\n", "\n")).strip()
    data["text"] = text
    data["word_count"] = word_count(text)
    for field in ("author_name", "author_address", "title", "subject_name", "subject_place", "press_outlet"):
        if isinstance(data.get(field), str):
            data[field] = unicodedata.normalize("NFC", data[field]).strip()
    if not errors.get("docx"):
        _check_entry(contest, data, errors)
    if len(photos) > MAX_PHOTOS:
        errors.setdefault("photos", []).append(_("Tối đa %(n)s ảnh.") % {"n": MAX_PHOTOS})
    for photo in photos:
        try:
            check_upload(photo, allowed=("jpg", "jpeg", "png"), max_bytes=MAX_PHOTO_BYTES)
        except ValidationError as exc:
            errors.setdefault("photos", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)

    allowed = {
        "kind", "author_name", "author_address", "author_phone", "author_email", "title", "text",
        "word_count", "press_outlet", "press_date", "press_link", "video_link", "video_minutes",
        "subject_name", "subject_is_collective", "subject_commune", "subject_place",
    }  # fmt: skip
    for nullable in ("video_minutes", "press_date"):
        if data.get(nullable) in ("", None):
            data.pop(nullable, None)
    fields = {k: v for k, v in data.items() if k in allowed and v is not None}
    entry = Entry(contest=contest, unit=via_unit, submitted_by=actor, **fields)
    entry.full_clean(exclude=["submitted_by", "nomination", "prize", "unit", "contest", "subject_commune"])
    audited(entry, actor).save()
    for photo in photos:
        EntryPhoto.objects.create(entry=entry, file=photo, size=photo.size)
    if entry.author_email:
        _confirm(entry)
    return entry


def _confirm(entry: Entry) -> None:
    subject = _("Đã nhận bài dự thi “%(title)s”") % {"title": entry.title}
    body = _(
        "Ban Tổ chức %(contest)s đã nhận bài dự thi của bạn.\nMã theo dõi: %(code)s\nTra cứu: %(url)s"
    ) % {
        "contest": entry.contest.title,
        "code": entry.tracking_code,
        "url": f"{settings.SITE_URL}/cuoc-thi/tra-cuu/?ma={entry.tracking_code}",
    }

    def deliver() -> None:
        # A mail outage must not lose the entry: the tracking code is on the confirmation page too.
        with contextlib.suppress(OSError):
            send_mail(subject, body, None, [entry.author_email])

    transaction.on_commit(deliver)


@transaction.atomic
def disqualify_entry(actor, entry: Entry, reason: str) -> Entry:
    """Rule an entry out (e.g. fiction, a copy, an insider author), with the reason recorded.
    Similarity never does this by itself: people decide."""
    _require_organiser(actor, entry.contest)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy ghi lý do.")})
    entry.status, entry.status_reason = Entry.Status.DISQUALIFIED, reason.strip()
    audited(entry, actor).save()
    return entry


@transaction.atomic
def reinstate_entry(actor, entry: Entry) -> Entry:
    _require_organiser(actor, entry.contest)
    entry.status, entry.status_reason = Entry.Status.RECEIVED, ""
    audited(entry, actor).save()
    return entry
