"""Assignment (balance, conflicts, replacement, reproducibility), scoring, results and prizes."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guongsang.contest import assignment as planner
from guongsang.contest import scoring, services
from guongsang.contest.models import ConflictDeclaration, JudgeAssignment, RoundEntry


@pytest.fixture
def entries(send, org_tree):
    units = [org_tree.thanh_xuan, None, None, None]
    communes = [org_tree.dong_da, org_tree.ba_dinh, org_tree.thanh_xuan]
    made = []
    for i in range(20):
        entry = send(title=f"Bài số {i}", subject_commune=communes[i % 3])
        if units[i % 4] is not None:
            entry.unit = units[i % 4]
            entry.save()
        made.append(entry)
    return made


def _pairs(round_):
    return sorted(
        JudgeAssignment.objects.filter(round=round_, status="active").values_list(
            "entry_id", "judge__user_id"
        )
    )


def test_every_entry_gets_k_judges_balanced_without_conflicts(first_round, organiser, entries):
    plan = services.assign_judges(organiser, first_round, seed=7)
    assert plan.short == {}
    per_entry = Counter(e for e, _j in _pairs(first_round))
    assert set(per_entry.values()) == {3}
    loads = Counter(j for _e, j in _pairs(first_round))
    assert max(loads.values()) - min(loads.values()) <= 1
    for a in JudgeAssignment.objects.filter(round=first_round).select_related("entry", "judge"):
        assert a.judge.unit_id not in {a.entry.unit_id, a.entry.subject_commune_id}
        assert a.why


def test_assignment_is_reproducible_with_its_seed(first_round, organiser, entries):
    services.assign_judges(organiser, first_round, seed=42)
    first = _pairs(first_round)
    services.assign_judges(organiser, first_round, seed=42)
    assert _pairs(first_round) == first
    services.assign_judges(organiser, first_round, seed=43)
    assert _pairs(first_round) != first


def test_planner_balances_large_rounds_with_conflicts():
    judges = [planner.JudgeInfo(id=j, name=f"GK{j}", unit_id=j % 10) for j in range(30)]
    entries = [planner.EntryInfo(id=i, unit_id=i % 13, subject_commune_id=(i * 7) % 17) for i in range(3000)]
    declared = {i: {i % 30: "quen tác giả"} for i in range(0, 3000, 5)}
    plan = planner.plan(entries, judges, k=3, seed=1, declared=declared)
    assert not plan.short and plan.spread <= 1
    by_id = {j.id: j for j in judges}
    for entry_id, judge_id, _why in plan.pairs:
        entry = entries[entry_id]
        assert by_id[judge_id].unit_id not in {entry.unit_id, entry.subject_commune_id}
        assert judge_id not in declared.get(entry_id, {})


def test_declared_conflict_replaces_the_judge(first_round, organiser, entries, judges):
    services.assign_judges(organiser, first_round, seed=3)
    assignment = (
        JudgeAssignment.objects.filter(round=first_round).select_related("entry", "judge__user").first()
    )
    judge_user, entry = assignment.judge.user, assignment.entry
    [replacement] = services.declare_conflict(judge_user, entry, "Tác giả là đồng nghiệp cũ của tôi")
    assignment.refresh_from_db()
    assert assignment.status == JudgeAssignment.Status.REPLACED
    assert replacement.judge.user != judge_user
    assert "khai xung đột" in replacement.why
    assert JudgeAssignment.objects.filter(round=first_round, entry=entry, status="active").count() == 3
    assert ConflictDeclaration.objects.filter(entry=entry, user=judge_user).exists()
    # The jury's counters (shown on the round page) follow the replacement.
    for judge in first_round.judges.all():
        active = JudgeAssignment.objects.filter(judge=judge, status="active").count()
        assert judge.assigned_count == active
    # A fresh assignment keeps the declared conflict.
    services.assign_judges(organiser, first_round, seed=3)
    assert not JudgeAssignment.objects.filter(round=first_round, entry=entry, judge__user=judge_user).exists()


def _score_all(round_, marks):
    for a in JudgeAssignment.objects.filter(round=round_, status="active").select_related("judge__user"):
        value = marks(a)
        services.submit_score(
            a.judge.user, a, {c["key"]: value for c in round_.criteria}, comment="Bài viết cảm động"
        )


def test_unassigned_judge_cannot_score(first_round, organiser, entries, judges):
    services.assign_judges(organiser, first_round, seed=5)
    assignment = JudgeAssignment.objects.filter(round=first_round).first()
    other = next(u for u in judges if u != assignment.judge.user)
    with pytest.raises(PermissionDenied, match="không được giao"):
        services.submit_score(other, assignment, {"authenticity": 5})


def test_out_of_range_scores_are_refused_with_every_problem(first_round, organiser, entries):
    services.assign_judges(organiser, first_round, seed=5)
    a = JudgeAssignment.objects.filter(round=first_round).select_related("judge__user").first()
    with pytest.raises(ValidationError) as exc:
        services.submit_score(a.judge.user, a, {"authenticity": 11, "exemplary": -1, "writing": "abc"})
    errors = exc.value.message_dict
    assert "từ 0 đến 10" in errors["authenticity"][0]
    assert "từ 0 đến 10" in errors["exemplary"][0]
    assert "phải là một số" in errors["writing"][0]
    assert "Chưa chấm" in errors["evidence"][0]
    assert not hasattr(a, "score") or a.score is None


def test_weighted_total_and_statistics():
    criteria = [
        {"key": "a", "name": "A", "weight": 3, "max": 10},
        {"key": "b", "name": "B", "weight": 1, "max": 5},
    ]
    assert scoring.weighted_total(criteria, {"a": 10, "b": 0}) == 75.0
    # Judge 1 is severe, judge 2 generous: z-scores put their favourites level.
    rows = [(1, 1, 60), (2, 1, 50), (3, 1, 40), (1, 2, 90), (2, 2, 95), (3, 2, 70), (4, 1, 20), (4, 2, 95)]
    stats = scoring.entry_statistics(rows, disagreement_gap=50)
    assert stats[1].mean == 75 and stats[1].median == 75
    assert stats[4].spread == 75 and stats[4].disagreement
    assert not stats[1].disagreement
    assert stats[1].zscore > stats[3].zscore
    assert scoring.competition_ranks({1: 9.0, 2: 9.0, 3: 8.0, 4: None}) == {1: 1, 2: 1, 3: 3, 4: None}


def test_results_advance_and_prizes_with_ties(contest, first_round, organiser, entries, judges):
    # Ranked by the mean: equal marks from different judges are then a true tie.
    first_round.ranking_method = "mean"
    first_round.save()
    services.assign_judges(organiser, first_round, seed=11)
    rank_of = {e.pk: i for i, e in enumerate(entries)}
    _score_all(first_round, lambda a: 10 - (rank_of[a.entry_id] // 2) * 0.5)
    services.close_round(organiser, first_round)
    top = list(RoundEntry.objects.filter(round=first_round).order_by("rank")[:4])
    assert [t.rank for t in top] == [1, 1, 3, 3]  # entries 0 and 1 scored alike: a tie
    assert services.advance(organiser, first_round, top_n=5) == 6  # the tie at 5th place goes too
    final = contest.rounds.get(order=2)
    final.judges_per_entry, final.ranking_method = 3, "mean"
    final.save()
    for user in judges:
        services.add_judge(organiser, final, user)
    services.assign_judges(organiser, final, seed=2)
    assert RoundEntry.objects.filter(round=final).count() == 6
    _score_all(final, lambda a: 10 - (rank_of[a.entry_id] // 2) * 0.5)
    services.close_round(organiser, final)
    notes = services.allocate_prizes(organiser, final)
    # Giải Nhất has one place and two entries tie for it: both flagged for the jury.
    assert notes and "đồng hạng" in notes[0]
    winners = {e.pk: e for e in contest.entries.filter(prize__isnull=False)}
    assert winners[entries[0].pk].prize_tie and winners[entries[1].pk].prize_tie
    with pytest.raises(ValidationError, match="đồng hạng"):
        services.publish_results(organiser, contest)
    second = contest.prizes.get(order=2)
    services.set_prize(organiser, winners[entries[1].pk], second)
    services.set_prize(organiser, winners[entries[0].pk], contest.prizes.get(order=1))
    contest.entries.filter(prize_tie=True).update(prize_tie=False)
    services.publish_results(organiser, contest)
    contest.refresh_from_db()
    assert contest.results_published_at is not None


def test_judge_cannot_be_an_organiser(first_round, organiser):
    from guongsang.core.permissions import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=organiser, unit=first_round.contest.organiser, role=Role.JUDGE)
    with pytest.raises(ValidationError, match="Ban Tổ chức"):
        services.add_judge(organiser, first_round, organiser)
