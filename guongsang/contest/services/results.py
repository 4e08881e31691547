"""Results of a round: statistics and ranks, closing, advancing to the next round, prizes with
ties for the jury to settle, publication."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.core.audit import audited

from .. import scoring
from ..models import (
    Contest,
    Entry,
    JudgeAssignment,
    Prize,
    Round,
    RoundEntry,
    Score,
)
from .judging import recount_jury
from .shared import _require_organiser


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
