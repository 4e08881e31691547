"""Writes of the writing contest: one function per use case.

Each checks the actor's permission, validates (every problem at once, in Vietnamese), writes the
change with its audit row in one transaction, and notifies once it commits. Entries come from
the public (no account, ``actor=None``) or through a unit; organisers and judges cannot enter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
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
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from guongsang.core.audit import audited
from guongsang.core.permissions import Role, can, scope_for
from guongsang.core.services import notify
from guongsang.core.uploads import check_upload
from guongsang.orgs.models import OrgUnit

from .. import assignment as planner
from .. import scoring
from ..models import (
    ConflictDeclaration,
    Contest,
    Entry,
    EntryKind,
    EntryPhoto,
    Judge,
    JudgeAssignment,
    Prize,
    Round,
    RoundEntry,
    Score,
)
from ..rules import ORGANISER_ROLES, organises, sends_for_unit

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_TITLE = 300
DEFAULT_ENTRIES_PER_HOUR = 10
_WORD = re.compile(r"[^\W_]+")
_PHONE = re.compile(r"^(\+84|84|0)\d{8,10}$")


def word_count(text: str) -> int:
    """Words as the contest rules count them: Vietnamese "chữ", one per syllable."""
    return len(_WORD.findall(text or ""))


def _n(value: int) -> str:
    """A count in Vietnamese style: 2.000."""
    return f"{value:,}".replace(",", ".")


def _require_organiser(actor, contest: Contest) -> None:
    if not can(actor, "manage", contest):
        raise PermissionDenied(_("Chỉ Ban Tổ chức cuộc thi mới làm được việc này."))


def default_rounds() -> list[dict]:
    return [
        {"name": "Sơ khảo", "level": Round.Level.PRELIMINARY, "judges_per_entry": 3},
        {"name": "Chung khảo", "level": Round.Level.FINAL, "judges_per_entry": 5},
    ]


def default_prizes() -> list[dict]:
    """About 39 prizes, as in Hà Nội practice."""
    return [
        {"name": "Giải Nhất", "count": 1},
        {"name": "Giải Nhì", "count": 3},
        {"name": "Giải Ba", "count": 5},
        {"name": "Giải Khuyến khích", "count": 30},
    ]


# --- Setting a contest up -----------------------------------------------------------------------


def _check_criteria(criteria: list[dict]) -> list[dict]:
    clean = []
    keys = set()
    for index, c in enumerate(criteria or [], start=1):
        try:
            weight, top = float(c["weight"]), float(c.get("max", 10))
            name = str(c["name"]).strip()
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(
                {"criteria": _("Tiêu chí thứ %(n)s thiếu tên, trọng số hoặc điểm tối đa.") % {"n": index}}
            ) from exc
        key = str(c.get("key") or f"c{index}")
        if not name or weight <= 0 or top <= 0 or key in keys:
            raise ValidationError(
                {
                    "criteria": _("Tiêu chí thứ %(n)s không hợp lệ (tên, trọng số > 0, điểm tối đa > 0).")
                    % {"n": index}
                }
            )
        keys.add(key)
        clean.append({"key": key, "name": name, "weight": weight, "max": top})
    if not clean:
        raise ValidationError({"criteria": _("Mỗi vòng chấm cần ít nhất một tiêu chí.")})
    return clean


CONTEST_FIELDS = (
    "title", "rules_text", "eligibility", "min_words", "max_words", "max_video_minutes",
    "accepted_kinds", "opens_on", "closes_on", "award_type",
)  # fmt: skip


def _check_contest(contest: Contest) -> None:
    """Every problem of a contest's settings at once, in Vietnamese."""
    contest.title = (contest.title or "").strip()
    errors: dict[str, str] = {}
    if not contest.title:
        errors["title"] = _("Hãy nhập tên cuộc thi.")
    if contest.min_words is None or contest.min_words < 0:
        errors["min_words"] = _("Số chữ tối thiểu không hợp lệ.")
    elif not contest.max_words or contest.max_words < 1:
        errors["max_words"] = _("Số chữ tối đa phải lớn hơn 0.")
    elif contest.min_words > contest.max_words:
        errors["min_words"] = _("Số chữ tối thiểu phải nhỏ hơn số chữ tối đa.")
    if not contest.max_video_minutes or contest.max_video_minutes < 1:
        errors["max_video_minutes"] = _("Thời lượng video tối đa phải lớn hơn 0.")
    kinds = list(contest.accepted_kinds or [])
    if not kinds or any(k not in EntryKind.values for k in kinds):
        errors["accepted_kinds"] = _("Hãy chọn ít nhất một thể loại hợp lệ.")
    if contest.opens_on and contest.closes_on and contest.closes_on < contest.opens_on:
        errors["closes_on"] = _("Hạn nhận bài phải sau ngày bắt đầu.")
    if not 2000 <= (contest.year or 0) <= 2100:
        errors["year"] = _("Năm không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    contest.full_clean(exclude=["created_by", "award_type", "organiser"])


@transaction.atomic
def create_contest(
    actor,
    *,
    organiser: OrgUnit,
    year: int,
    title: str,
    rules_text: str = "",
    eligibility: str | None = None,
    min_words: int = 300,
    max_words: int = 2000,
    max_video_minutes: int = 7,
    accepted_kinds: Sequence[str] | None = None,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    award_type=None,
    rounds: list[dict] | None = None,
    prizes: list[dict] | None = None,
) -> Contest:
    """Set up a contest with its rounds and prize classes (rounds and prizes are data). It starts
    as a draft: the public sees it only once the organiser opens it."""
    contest = Contest(
        organiser=organiser,
        year=year,
        title=(title or "").strip(),
        rules_text=rules_text,
        min_words=min_words,
        max_words=max_words,
        max_video_minutes=max_video_minutes,
        accepted_kinds=list(accepted_kinds or EntryKind.values),
        opens_on=opens_on,
        closes_on=closes_on,
        award_type=award_type,
        created_by=actor,
    )
    if eligibility is not None:
        contest.eligibility = eligibility
    _require_organiser(actor, contest)
    _check_contest(contest)
    audited(contest, actor).save()
    for order, spec in enumerate(rounds or default_rounds(), start=1):
        add_round(actor, contest, order=order, **spec)
    _write_prizes(actor, contest, prizes or default_prizes())
    return contest


@transaction.atomic
def update_contest(actor, contest: Contest, **changes) -> Contest:
    """Change a contest's rules, eligibility, word limits, accepted kinds or deadlines. The
    organiser unit stays: entries and permissions hang on it."""
    _require_organiser(actor, contest)
    unknown = set(changes) - set(CONTEST_FIELDS)
    if unknown:
        raise ValidationError(_("Không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    for name, value in changes.items():
        setattr(contest, name, list(value) if name == "accepted_kinds" else value)
    _check_contest(contest)
    audited(contest, actor).save()
    return contest


def _write_prizes(actor, contest: Contest, prizes: list[dict]) -> list[Prize]:
    """Write the prize classes in place, by rank: a class renamed or recounted is changed, one
    more is added, one fewer is deleted, so the history shows what changed and who did it."""
    clean = []
    for index, spec in enumerate(prizes, start=1):
        try:
            name, count = str(spec["name"]).strip(), int(spec["count"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(
                {"prizes": _("Giải thứ %(n)s thiếu tên hoặc số lượng.") % {"n": index}}
            ) from exc
        if not name or count < 0 or count > 1000:
            raise ValidationError(
                {"prizes": _("Giải thứ %(n)s: tên không được trống, số giải từ 0 đến 1.000.") % {"n": index}}
            )
        if count:
            clean.append((name, count))
    if not clean:
        raise ValidationError({"prizes": _("Cuộc thi cần ít nhất một giải.")})
    existing = {prize.order: prize for prize in contest.prizes.all()}
    result = []
    for order, (name, count) in enumerate(clean, start=1):
        prize = existing.pop(order, None) or Prize(contest=contest, order=order)
        if prize.pk is None or (prize.name, prize.count) != (name, count):
            prize.name, prize.count = name, count
            audited(prize, actor).save()
        result.append(prize)
    for prize in existing.values():
        audited(prize, actor).delete()
    return result


@transaction.atomic
def set_prizes(actor, contest: Contest, prizes: list[dict]) -> list[Prize]:
    """Replace the contest's prize classes (``[{"name": "Giải Nhất", "count": 1}, …]``, highest
    first; a class with count 0 is left out). Refused once prizes have been given."""
    _require_organiser(actor, contest)
    if contest.results_published_at or contest.entries.filter(prize__isnull=False).exists():
        raise ValidationError(_("Đã xếp giải cho bài dự thi; không đổi được cơ cấu giải nữa."))
    result = _write_prizes(actor, contest, prizes)
    audited(contest, actor).save()  # a history row: the prize structure changed on this day
    return result


def _check_round(round_: Round) -> None:
    round_.name = (round_.name or "").strip()
    errors: dict[str, str] = {}
    if not round_.name:
        errors["name"] = _("Hãy nhập tên vòng chấm.")
    if not round_.judges_per_entry or round_.judges_per_entry < 1:
        errors["judges_per_entry"] = _("Mỗi bài cần ít nhất một giám khảo.")
    elif round_.judges_per_entry > 15:
        errors["judges_per_entry"] = _("Mỗi bài tối đa 15 giám khảo.")
    if round_.max_per_judge is not None and round_.max_per_judge < 1:
        errors["max_per_judge"] = _("Số bài tối đa mỗi giám khảo phải lớn hơn 0 (hoặc để trống).")
    if errors:
        raise ValidationError(errors)
    round_.criteria = _check_criteria(round_.criteria)
    round_.full_clean(exclude=["contest"])


@transaction.atomic
def add_round(actor, contest: Contest, *, name: str, order: int | None = None, **fields) -> Round:
    """Add a judging round (its rubric defaults to the Hà Nội criteria), after the last one
    unless ``order`` is given."""
    _require_organiser(actor, contest)
    if order is None:
        last = contest.rounds.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    elif contest.rounds.filter(order=order).exists():
        raise ValidationError({"order": _("Đã có vòng chấm thứ %(n)s.") % {"n": order}})
    round_ = Round(contest=contest, order=order, name=name, **fields)
    _check_round(round_)
    audited(round_, actor).save()
    return round_


ROUND_FIELDS = (
    "name", "level", "judges_per_entry", "max_per_judge", "criteria", "disagreement_gap",
    "ranking_method", "ends_on",
)  # fmt: skip


@transaction.atomic
def update_round(actor, round_: Round, **changes) -> Round:
    """Change a round's rubric or settings before its judging starts."""
    _require_organiser(actor, round_.contest)
    unknown = set(changes) - set(ROUND_FIELDS)
    if unknown:
        raise ValidationError(_("Không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    round_ = Round.objects.select_for_update().select_related("contest").get(pk=round_.pk)
    if round_.status != Round.Status.PREPARING:
        raise ValidationError(_("Vòng chấm đã bắt đầu; không đổi được thang điểm nữa."), code="round_started")
    for name, value in changes.items():
        setattr(round_, name, value)
    _check_round(round_)
    audited(round_, actor).save()
    return round_


@transaction.atomic
def set_contest_status(actor, contest: Contest, status: str) -> Contest:
    """Open the contest for entries, close submissions (judging), or finish it."""
    _require_organiser(actor, contest)
    if status not in Contest.Status.values:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    contest.status = status
    audited(contest, actor).save()
    return contest


@transaction.atomic
def add_judge(actor, round_: Round, user, unit: OrgUnit | None = None) -> Judge:
    """Put ``user`` on the round's jury. They must hold the judge role, and must not be able to
    see the contest's entries as an organiser (blind judging would mean nothing)."""
    contest = round_.contest
    _require_organiser(actor, contest)
    if scope_for(user, [Role.JUDGE]).empty and not user.is_superuser:
        raise ValidationError(_("%(user)s chưa được giao vai trò Giám khảo.") % {"user": user})
    if user.is_superuser or organises(user, contest):
        raise ValidationError(
            _("%(user)s là thành viên Ban Tổ chức (xem được tác giả), không thể làm giám khảo.")
            % {"user": user}
        )
    if unit is None:
        membership = user.memberships.active().filter(role=Role.JUDGE).select_related("unit").first()
        unit = membership.unit if membership else None
    judge = Judge.objects.filter(round=round_, user=user).first()
    if judge is None:
        judge = Judge(round=round_, user=user, unit=unit)
        audited(judge, actor).save()
    return judge


# --- Entries ------------------------------------------------------------------------------------


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


# --- Assignment ---------------------------------------------------------------------------------


def _entry_pool(round_: Round) -> list[int]:
    """The entries a round judges: every entry received (first round), else those advanced."""
    if round_.order == 1:
        qs = Entry.objects.filter(contest=round_.contest, status=Entry.Status.RECEIVED)
        return list(qs.values_list("pk", flat=True))
    previous = Round.objects.filter(contest=round_.contest, order__lt=round_.order).order_by("-order").first()
    return list(
        RoundEntry.objects.filter(
            round=previous, advanced=True, entry__status=Entry.Status.RECEIVED
        ).values_list("entry_id", flat=True)
    )


def declared_conflicts(contest: Contest) -> dict[int, dict[int, str]]:
    """entry id → {user id: reason} of the conflicts declared in a contest."""
    found: dict[int, dict[int, str]] = {}
    for entry_id, user_id, reason in ConflictDeclaration.objects.filter(entry__contest=contest).values_list(
        "entry_id", "user_id", "reason"
    ):
        found.setdefault(entry_id, {})[user_id] = reason
    return found


def _judge_infos(round_: Round) -> tuple[list[planner.JudgeInfo], dict[int, Judge]]:
    """The jury as the planner sees it. A judge's unit conflicts with the units below it, unless
    it is the organiser's own unit or above it (a city judge would conflict with everything)."""
    judges = list(round_.judges.select_related("user", "unit").order_by("pk"))
    organiser_path = round_.contest.organiser.path
    infos = [
        planner.JudgeInfo(
            id=j.pk,
            name=j.user.get_full_name() or j.user.username,
            unit_id=j.unit_id,
            unit_path=j.unit.path if j.unit and not organiser_path.startswith(j.unit.path) else None,
        )
        for j in judges
    ]
    return infos, {j.pk: j for j in judges}


def _by_judge(declared: dict[int, dict[int, str]], user_of: dict[int, int]) -> dict[int, dict[int, str]]:
    """Declared conflicts keyed by judge id instead of user id."""
    judge_of = {user: judge for judge, user in user_of.items()}
    return {
        entry: {judge_of[u]: reason for u, reason in by_user.items() if u in judge_of}
        for entry, by_user in declared.items()
    }


@transaction.atomic
def assign_judges(actor, round_: Round, *, seed: int | None = None) -> planner.Plan:
    """Assign k judges to every entry of the round (see ``assignment``), store the plan with its
    reasons, and open the round for scoring. Re-running replaces the plan while nobody has
    scored yet; the same seed gives the same plan."""
    _require_organiser(actor, round_.contest)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status == Round.Status.CLOSED:
        raise ValidationError(_("Vòng chấm đã khép."))
    if Score.objects.filter(assignment__round=round_).exists():
        raise ValidationError(_("Đã có giám khảo chấm bài; không phân công lại được."))
    infos, judges = _judge_infos(round_)
    if len(infos) < round_.judges_per_entry:
        raise ValidationError(
            _("Vòng này cần ít nhất %(k)s giám khảo (hiện có %(n)s).")
            % {"k": round_.judges_per_entry, "n": len(infos)}
        )
    pool = _entry_pool(round_)
    if not pool:
        raise ValidationError(_("Chưa có bài nào để chấm ở vòng này."))
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    rows = Entry.objects.filter(pk__in=pool).values_list(
        "pk", "unit_id", "subject_commune_id", "unit__path", "subject_commune__path"
    )
    entries = [
        planner.EntryInfo(id=pk, unit_id=u, subject_commune_id=s, unit_path=up, subject_path=sp)
        for pk, u, s, up, sp in rows
    ]
    declared = _by_judge(declared_conflicts(round_.contest), {j.pk: j.user_id for j in judges.values()})
    plan = planner.plan(
        entries, infos, k=round_.judges_per_entry, seed=seed, declared=declared, cap=round_.max_per_judge
    )
    JudgeAssignment.objects.filter(round=round_).delete()
    JudgeAssignment.objects.bulk_create(
        [JudgeAssignment(round=round_, entry_id=e, judge_id=j, why=why) for e, j, why in plan.pairs],
        batch_size=2000,
    )
    existing = set(RoundEntry.objects.filter(round=round_).values_list("entry_id", flat=True))
    bulk_create_with_history(
        [RoundEntry(round=round_, entry_id=e) for e in pool if e not in existing],
        RoundEntry,
        batch_size=2000,
        default_user=actor,
    )
    # Few (entries withdrawn or no longer advanced since the last plan): one by one, each
    # deletion with its history row naming the organiser.
    for gone in RoundEntry.objects.filter(round=round_).exclude(entry_id__in=pool):
        audited(gone, actor).delete()
    recount_jury(round_)
    round_.assignment_seed = seed
    round_.assigned_at = timezone.now()
    round_.status = Round.Status.SCORING
    audited(round_, actor).save()
    contest = round_.contest
    if contest.status in (Contest.Status.DRAFT, Contest.Status.OPEN):
        contest.status = Contest.Status.JUDGING
        audited(contest, actor).save()
    notify(
        [j.user for j in judges.values()],
        title=_("Bạn có bài cần chấm: %(round)s") % {"round": round_},
        url="/cuoc-thi/giam-khao/",
    )
    return plan


@transaction.atomic
def declare_conflict(actor, entry: Entry, reason: str, *, judge_user=None) -> list[JudgeAssignment]:
    """Record that a judge should not judge ``entry`` and replace them wherever they were
    assigned to it in an open round. A judge declares for themselves; an organiser may record a
    declaration made on paper (``judge_user``). Returns the replacement assignments."""
    contest = entry.contest
    if judge_user is not None and judge_user != actor:
        _require_organiser(actor, contest)
    else:
        judge_user = actor
        if not Judge.objects.filter(round__contest=contest, user=actor).exists():
            raise PermissionDenied(_("Bạn không phải giám khảo của cuộc thi này."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do xung đột lợi ích (ví dụ: quen biết tác giả).")})
    declaration, created = ConflictDeclaration.objects.get_or_create(
        entry=entry, user=judge_user, defaults={"reason": reason}
    )
    if created:
        audited(declaration, actor).save()
    replacements = []
    affected = (
        JudgeAssignment.objects.select_related("round", "judge")
        .filter(entry=entry, judge__user=judge_user, status=JudgeAssignment.Status.ACTIVE)
        .exclude(round__status=Round.Status.CLOSED)
    )
    for old in affected:
        round_ = old.round
        old.status = JudgeAssignment.Status.REPLACED
        old.why = f"{old.why}\nĐã thay: giám khảo khai xung đột lợi ích ({reason})."
        old.save(update_fields=["status", "why"])
        Judge.objects.filter(pk=old.judge_id).update(
            assigned_count=F("assigned_count") - 1,
            scored_count=F("scored_count") - (1 if Score.objects.filter(assignment=old).exists() else 0),
        )
        infos, judges = _judge_infos(round_)
        loads = dict(
            JudgeAssignment.objects.filter(round=round_, status=JudgeAssignment.Status.ACTIVE)
            .values_list("judge_id")
            .annotate(n=Count("pk"))
        )
        already = set(
            JudgeAssignment.objects.filter(round=round_, entry=entry).values_list("judge_id", flat=True)
        )
        declared = _by_judge(declared_conflicts(contest), {j.pk: j.user_id for j in judges.values()})
        chosen = planner.pick_replacement(
            planner.EntryInfo(
                entry.pk,
                entry.unit_id,
                entry.subject_commune_id,
                unit_path=entry.unit.path if entry.unit_id else None,
                subject_path=entry.subject_commune.path,
            ),
            infos,
            loads,
            already=already,
            declared=declared,
            seed=round_.assignment_seed or 0,
        )
        if chosen is None:
            notify(
                _organisers(contest),
                title=_("Không tìm được giám khảo thay cho bài %(code)s") % {"code": entry.blind_code},
                body=_("Mọi giám khảo còn lại của %(round)s đều xung đột hoặc đã chấm bài này.")
                % {"round": round_},
                url=round_.get_absolute_url(),
            )
            continue
        new = JudgeAssignment.objects.create(
            round=round_,
            entry=entry,
            judge=judges[chosen.id],
            why=(
                f"Thay {old.judge.user.get_full_name() or old.judge.user.username} "
                f"(khai xung đột: {reason}); giám khảo đang có {loads.get(chosen.id, 0)} bài, "
                "ít nhất trong số không xung đột"
            ),
        )
        Judge.objects.filter(pk=new.judge_id).update(assigned_count=F("assigned_count") + 1)
        replacements.append(new)
        notify(
            [new.judge.user],
            title=_("Bạn được giao thêm bài %(code)s") % {"code": entry.blind_code},
            url="/cuoc-thi/giam-khao/",
        )
    return replacements


def _organisers(contest: Contest):
    from guongsang.accounts.selectors import people_reaching

    return list(people_reaching(contest.organiser, ORGANISER_ROLES))


# --- Scoring ------------------------------------------------------------------------------------


class NotAssigned(PermissionDenied):
    """The judge is not (or no longer) assigned to this entry in this round."""


@transaction.atomic
def submit_score(actor, assignment: JudgeAssignment, values: dict, comment: str = "") -> Score:
    """Record (or correct) a judge's marks for one assigned entry."""
    assignment = (
        JudgeAssignment.objects.select_for_update().select_related("round", "judge").get(pk=assignment.pk)
    )
    if assignment.judge.user_id != getattr(actor, "pk", None):
        raise NotAssigned(_("Bài này không được giao cho bạn chấm."))
    if assignment.status != JudgeAssignment.Status.ACTIVE:
        raise NotAssigned(_("Bạn đã khai xung đột lợi ích với bài này; bài đã được giao cho giám khảo khác."))
    round_ = assignment.round
    if round_.status != Round.Status.SCORING:
        raise ValidationError(_("Vòng chấm không mở để chấm điểm."))
    clean = scoring.check_values(round_.criteria, values)
    if len(comment or "") > 5000:
        raise ValidationError({"comment": _("Nhận xét quá dài (tối đa 5.000 ký tự).")})
    score = Score.objects.filter(assignment=assignment).first() or Score(assignment=assignment)
    if score.pk is None:
        Judge.objects.filter(pk=assignment.judge_id).update(scored_count=F("scored_count") + 1)
    score.values = clean
    score.total = scoring.weighted_total(round_.criteria, clean)
    score.comment = (comment or "").strip()
    audited(score, actor).save()
    return score


def find_assignment(actor, round_: Round, blind_code: str) -> JudgeAssignment:
    """The actor's active assignment for the entry with ``blind_code`` in ``round_``."""
    found = (
        JudgeAssignment.objects.select_related("entry", "round", "judge")
        .filter(round=round_, entry__blind_code=blind_code, judge__user=actor)
        .order_by("status")
        .first()
    )
    if found is None:
        raise NotAssigned(_("Bài này không được giao cho bạn chấm."))
    return found


@transaction.atomic
def compute_results(actor, round_: Round) -> int:
    """Compute every entry's mean, median, z-score, spread, disagreement flag and rank from the
    scores that count (active assignments); store them for the ranking page."""
    _require_organiser(actor, round_.contest)
    rows = Score.objects.filter(
        assignment__round=round_, assignment__status=JudgeAssignment.Status.ACTIVE
    ).values_list("assignment__entry_id", "assignment__judge_id", "total")
    stats = scoring.entry_statistics(rows, disagreement_gap=float(round_.disagreement_gap))
    items = list(RoundEntry.objects.filter(round=round_))
    key = {"mean": "mean", "median": "median", "zscore": "zscore"}[round_.ranking_method]
    for item in items:
        s = stats.get(item.entry_id)
        item.n_scores = s.n if s else 0
        item.mean = s.mean if s else None
        item.median = s.median if s else None
        item.zscore = s.zscore if s else None
        item.spread = s.spread if s else None
        item.disagreement = bool(s and s.disagreement)
    # Ties on the chosen measure are broken by the mean, then shown as ties if still equal.
    ranks = scoring.competition_ranks(
        {i.entry_id: None if getattr(i, key) is None else (getattr(i, key), i.mean) for i in items}
    )
    for item in items:
        item.rank = ranks.get(item.entry_id)
    # An upsert on (round, entry): one statement per batch instead of bulk_update's CASE chains,
    # which take tens of seconds for a 10,000-entry round.
    RoundEntry.objects.bulk_create(
        items,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["round", "entry"],
        update_fields=["n_scores", "mean", "median", "zscore", "spread", "disagreement", "rank"],
    )
    recount_jury(round_)
    round_.results_at = timezone.now()
    audited(round_, actor).save()
    return len(items)


@transaction.atomic
def close_round(actor, round_: Round) -> Round:
    """Stop scoring and compute the final results of the round."""
    compute_results(actor, round_)
    round_.status = Round.Status.CLOSED
    audited(round_, actor).save()
    return round_


@transaction.atomic
def advance(actor, round_: Round, *, top_n: int | None = None, min_mark: float | None = None) -> int:
    """Send the round's best entries to the next round: the top ``top_n`` by rank (entries tied
    with the last one go too) or those whose mean mark reaches ``min_mark``."""
    _require_organiser(actor, round_.contest)
    if (top_n is None) == (min_mark is None):
        raise ValidationError(_("Chọn một cách: lấy N bài đứng đầu, hoặc các bài đạt từ mức điểm."))
    if round_.results_at is None:
        raise ValidationError(_("Hãy tính kết quả vòng chấm trước."))
    following = Round.objects.filter(contest=round_.contest, order__gt=round_.order).order_by("order").first()
    if following is None:
        raise ValidationError(_("Đây là vòng cuối; hãy xếp giải."))
    if following.status != Round.Status.PREPARING:
        raise ValidationError(_("Vòng sau đã bắt đầu chấm."))
    qs = RoundEntry.objects.filter(round=round_, entry__status=Entry.Status.RECEIVED)
    if top_n is not None:
        if top_n < 1:
            raise ValidationError(_("Số bài vào vòng sau phải lớn hơn 0."))
        last = (
            qs.filter(rank__isnull=False).order_by("rank").values_list("rank", flat=True)[top_n - 1 : top_n]
        )
        cutoff = last[0] if last else None
        chosen = qs.filter(rank__isnull=False) if cutoff is None else qs.filter(rank__lte=cutoff)
    else:
        if not 0 <= min_mark <= 100:
            raise ValidationError(_("Mức điểm phải từ 0 đến 100."))
        chosen = qs.filter(mean__gte=min_mark)
    before = set(RoundEntry.objects.filter(round=round_, advanced=True).values_list("pk", flat=True))
    after = set(chosen.values_list("pk", flat=True))
    RoundEntry.objects.filter(round=round_).update(advanced=False)
    count = chosen.update(advanced=True)
    # Two UPDATEs write the flags (fast on a 10,000-entry round); the history gets one row per
    # entry whose fate changed, with its rank at the moment and the organiser who decided.
    RoundEntry.history.bulk_history_create(
        list(RoundEntry.objects.filter(pk__in=before ^ after)), update=True, default_user=actor
    )
    return count


@transaction.atomic
def allocate_prizes(actor, round_: Round) -> list[str]:
    """Give the prize classes in rank order of the (final) round. Where tied entries straddle
    the last place of a class, all of them are put in the higher class and flagged as a tie for
    the jury to settle (``set_prize``); the returned notes say where."""
    contest = round_.contest
    _require_organiser(actor, contest)
    if round_.results_at is None:
        raise ValidationError(_("Hãy tính kết quả vòng chấm trước."))
    ranked = list(
        RoundEntry.objects.filter(round=round_, rank__isnull=False, entry__status=Entry.Status.RECEIVED)
        .select_related("entry")
        .order_by("rank", "entry_id")
    )
    Entry.objects.filter(contest=contest).update(prize=None, prize_tie=False)
    groups: list[list[RoundEntry]] = []
    for item in ranked:
        if groups and groups[-1][0].rank == item.rank:
            groups[-1].append(item)
        else:
            groups.append([item])
    notes = []
    prizes = list(contest.prizes.order_by("order"))
    index, left = 0, prizes[0].count if prizes else 0
    for group in groups:
        while index < len(prizes) and left <= 0:
            index += 1
            left = prizes[index].count if index < len(prizes) else 0
        if index >= len(prizes):
            break
        prize = prizes[index]
        tie = len(group) > left
        if tie:
            notes.append(
                _(
                    "%(n)s bài đồng hạng %(rank)s nhưng %(prize)s chỉ còn %(left)s giải: "
                    "cần Ban Giám khảo quyết định."
                )
                % {"n": len(group), "rank": group[0].rank, "prize": prize.name, "left": left}
            )
        Entry.objects.filter(pk__in=[g.entry_id for g in group]).update(prize=prize, prize_tie=tie)
        left -= len(group)
    return notes


@transaction.atomic
def set_prize(actor, entry: Entry, prize: Prize | None) -> Entry:
    """The jury's decision on one entry's prize (settling a tie, or a correction)."""
    _require_organiser(actor, entry.contest)
    if prize is not None and prize.contest_id != entry.contest_id:
        raise ValidationError(_("Giải không thuộc cuộc thi này."))
    entry.prize, entry.prize_tie = prize, False
    audited(entry, actor).save()
    return entry


@transaction.atomic
def publish_results(actor, contest: Contest) -> Contest:
    """Publish the prize list on the public results page."""
    _require_organiser(actor, contest)
    if not contest.entries.filter(prize__isnull=False).exists():
        raise ValidationError(_("Chưa có bài nào được trao giải."))
    if contest.entries.filter(prize_tie=True).exists():
        raise ValidationError(_("Còn bài đồng hạng ở ranh giới giải chưa được Ban Giám khảo quyết định."))
    contest.results_published_at = timezone.now()
    contest.status = Contest.Status.FINISHED
    audited(contest, actor).save()
    return contest


# --- Discovery ----------------------------------------------------------------------------------


DEFAULT_AWARD_CODE = "nguoi-tot-viec-tot-ha-noi"


def may_discover(user, entry: Entry) -> bool:
    """Whether ``user`` may turn the entry's person into a draft dossier (see ``rules``); the
    entry page shows the button only then."""
    return bool(user is not None and user.is_authenticated and can(user, "discover", entry))


@transaction.atomic
def discover(actor, entry: Entry, *, award_type=None, achievements: str = ""):
    """Turn the real person (or collective) of an entry into a nominee and a draft dossier at
    their commune: the contest as a discovery channel. Returns the dossier."""
    from guongsang.awards.models import AwardType
    from guongsang.nominations.models import Nomination
    from guongsang.nominations.services import create_nomination
    from guongsang.nominees.models import Nominee
    from guongsang.nominees.services import create_nominee

    contest = entry.contest
    if not may_discover(actor, entry):
        raise PermissionDenied(
            _(
                "Bạn không có quyền lập hồ sơ đề nghị từ bài dự thi này: cần là Ban Tổ chức hoặc cán bộ "
                "của xã, phường nơi nhân vật sinh sống, và được lập hồ sơ cho %(unit)s."
            )
            % {"unit": entry.subject_commune}
        )
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.nomination_id:
        raise ValidationError(_("Đã lập hồ sơ đề nghị từ bài này rồi."))
    award_type = award_type or contest.award_type or AwardType.objects.filter(code=DEFAULT_AWARD_CODE).first()
    if award_type is None:
        raise ValidationError({"award_type": _("Hãy chọn danh hiệu đề nghị.")})
    commune = entry.subject_commune
    collective = entry.subject_is_collective
    nominee = create_nominee(
        actor,
        kind=Nominee.Kind.COLLECTIVE if collective else Nominee.Kind.INDIVIDUAL,
        full_name=entry.subject_name,
        unit=commune,
        **({} if collective else {"residence": commune}),
    )
    excerpt = entry.text if len(entry.text) <= 4000 else entry.text[:4000].rsplit(" ", 1)[0] + " …"
    summary = achievements.strip() or _(
        "Phát hiện qua bài dự thi “%(title)s” (%(code)s), %(contest)s.\n%(place)s\n\n%(excerpt)s"
    ) % {
        "title": entry.title,
        "code": entry.tracking_code,
        "contest": contest,
        "place": entry.subject_place,
        "excerpt": excerpt or entry.video_link,
    }
    nomination = create_nomination(
        actor,
        nominee=nominee,
        award_type=award_type,
        submitting_unit=commune,
        achievements=summary,
        year=contest.year,
        origin=Nomination.Origin.CONTEST,
    )
    entry.nomination = nomination
    audited(entry, actor).save()
    return nomination


def recount_jury(round_: Round) -> None:
    """Recount every judge's assigned and scored entries from the assignments themselves."""
    active = JudgeAssignment.objects.filter(round=round_, status=JudgeAssignment.Status.ACTIVE).order_by()
    assigned = dict(active.values_list("judge_id").annotate(n=Count("pk")))
    scored = dict(active.filter(score__isnull=False).values_list("judge_id").annotate(n=Count("pk")))
    judges = list(round_.judges.all())
    for judge in judges:
        judge.assigned_count, judge.scored_count = assigned.get(judge.pk, 0), scored.get(judge.pk, 0)
    Judge.objects.bulk_update(judges, ["assigned_count", "scored_count"])


def jury_progress(judges: list[Judge]) -> dict:
    """The round's scoring progress from the judges' counters."""
    return {
        "assignments": sum(j.assigned_count for j in judges),
        "scored": sum(j.scored_count for j in judges),
    }


# --- Similarity ---------------------------------------------------------------------------------


SCAN_JOB = "contest.similarity"


def start_similarity_scan(actor, contest: Contest, *, threshold: float = 0.5):
    """Record a scan of the year's entries and enqueue it (a background job with progress)."""
    from guongsang.core.services import create_job

    from ..models import SimilarityRun
    from ..tasks import similarity_scan_task

    _require_organiser(actor, contest)
    if not 0.2 <= threshold <= 1:
        raise ValidationError(_("Ngưỡng trùng lặp phải từ 0,2 đến 1."))
    job = create_job(
        actor, SCAN_JOB, _("Quét bài trùng lặp: %(contest)s") % {"contest": contest}, {"contest": contest.pk}
    )
    run = SimilarityRun.objects.create(contest=contest, job=job, threshold=threshold, started_by=actor)
    transaction.on_commit(lambda: similarity_scan_task.enqueue(run.pk))
    return run


def _story_text(title: str, lead: str, body: str) -> str:
    """A story as plain text (its body is sanitised HTML: tags would count as words)."""
    from html import unescape

    from django.utils.html import strip_tags

    return "\n\n".join(unescape(strip_tags(part)) for part in (title, lead, body) if part)


def _published_stories():
    """Published stories (through the stories app's own selector; nothing here writes to them)."""
    from guongsang.stories.selectors import public_stories

    return public_stories().order_by()


def run_similarity_scan(run_id: int, *, workers: int | None = None) -> int:
    """Scan every entry of the contest's year (all organisers: a copy may be sent to two
    contests) and every published story (a story copied from the public column), and record
    the pairs that involve this contest, with their shared passages. Entries in a pair are
    flagged for people to look at; nothing is rejected. A rescan replaces the flags of this
    contest's entries: an entry no longer in any pair is unflagged."""
    from guongsang.core.services import job_finished, job_progress

    from .. import similarity
    from ..models import SimilarityRun, SimilarPair

    run = SimilarityRun.objects.select_related("contest", "job").get(pk=run_id)
    contest = run.contest
    pool = Entry.objects.filter(contest__year=contest.year).exclude(status=Entry.Status.WITHDRAWN)
    stories = _published_stories()
    n_entries, n_stories = pool.count(), stories.count()
    total = n_entries + n_stories
    ours = set(pool.filter(contest=contest).values_list("pk", flat=True))
    job = run.job
    if job is not None:
        job_progress(job, 0, total, _("Đang quét %(n)s bài…") % {"n": _n(total)})

    def progress(done: int) -> None:
        SimilarityRun.objects.filter(pk=run.pk).update(entries_scanned=min(done, n_entries))
        if job is not None:
            job_progress(job, done, total)

    def texts():
        # Stories first, under negative keys (entry ids are positive), so one index holds both.
        for pk, title, lead, body in stories.values_list("pk", "title", "lead", "body").iterator(2000):
            yield -pk, _story_text(title, lead, body)
        yield from pool.order_by("pk").values_list("pk", "text").iterator(chunk_size=2000)

    def wanted(m) -> bool:
        if m.a < 0 and m.b < 0:
            return False  # two stories: not the contest's business
        return m.a in ours or m.b in ours

    try:
        matches = [
            m
            for m in similarity.find_similar(
                texts(),
                threshold=run.threshold,
                progress=progress,
                workers=workers if workers is not None else similarity.default_workers(total),
            )
            if wanted(m)
        ]
        entry_ids = {k for m in matches for k in (m.a, m.b) if k > 0}
        story_ids = {-k for m in matches for k in (m.a, m.b) if k < 0}
        texts_of = dict(Entry.objects.filter(pk__in=entry_ids).values_list("pk", "text"))
        texts_of |= {
            -pk: _story_text(title, lead, body)
            for pk, title, lead, body in stories.filter(pk__in=story_ids).values_list(
                "pk", "title", "lead", "body"
            )
        }
        pairs = []
        for m in matches:
            # The entry is always ``entry_a``; the other side an entry or a story.
            a, b = (m.b, m.a) if m.a < 0 else (m.a, m.b)
            pairs.append(
                SimilarPair(
                    run=run,
                    entry_a_id=a,
                    entry_b_id=b if b > 0 else None,
                    story_id=-b if b < 0 else None,
                    jaccard=m.jaccard,
                    containment=m.containment,
                    passages=similarity.overlapping_passages(texts_of[a], texts_of[b]),
                )
            )
        with transaction.atomic():
            SimilarPair.objects.bulk_create(pairs, batch_size=1000)
            Entry.objects.filter(contest=contest, similarity_flagged=True).update(similarity_flagged=False)
            Entry.objects.filter(pk__in=entry_ids).update(similarity_flagged=True)
            run.status = SimilarityRun.Status.DONE
            run.entries_scanned, run.pairs_found, run.finished_at = n_entries, len(matches), timezone.now()
            run.save()
    except Exception:
        SimilarityRun.objects.filter(pk=run.pk).update(
            status=SimilarityRun.Status.FAILED, finished_at=timezone.now()
        )
        if job is not None:
            job_finished(job, ok=False, message=_("Quét trùng lặp thất bại; hãy thử lại."))
        raise
    if job is not None:
        job_finished(
            job,
            ok=True,
            message=_("Đã quét %(n)s bài dự thi và %(s)s bài đã đăng, thấy %(p)s cặp tương đồng.")
            % {"n": _n(n_entries), "s": _n(n_stories), "p": _n(len(matches))},
        )
    return len(matches)
