"""Setting a contest up: the contest and its rules, prizes, rounds with their rubric, judges,
and the contest's status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import Role, scope_for
from guongsang.orgs.models import OrgUnit

from ..models import (
    Contest,
    EntryKind,
    Judge,
    Prize,
    Round,
)
from ..rules import organises
from .shared import _require_organiser


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
