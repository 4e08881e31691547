"""Judging a round: judges assigned to entries (balanced, seeded, conflict-free: see
``contest.assignment``), declared conflicts and replacements, the judges' scores, the jury's
counters."""

from __future__ import annotations

import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from guongsang.core.audit import audited
from guongsang.core.services import notify

from .. import assignment as planner
from .. import scoring
from ..models import (
    ConflictDeclaration,
    Contest,
    Entry,
    Judge,
    JudgeAssignment,
    Round,
    RoundEntry,
    Score,
)
from ..rules import ORGANISER_ROLES
from .shared import _require_organiser


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
