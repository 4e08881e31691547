"""The contest's set-up and decisions are recorded with the organiser who made them: the prize
classes, the jury, the entries of a round and which of them advance. The history stays blind:
it holds entry ids, never an author."""

from __future__ import annotations

import pytest

from guongsang.contest import services
from guongsang.contest.models import Judge, JudgeAssignment, Prize, RoundEntry

pytestmark = pytest.mark.django_db


def test_prize_classes_changed_are_recorded_by_the_organiser(contest, organiser):
    second = contest.prizes.get(order=2)
    third = contest.prizes.get(order=3)
    services.set_prizes(
        organiser, contest, [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 3}]
    )
    changed = second.history.latest("history_date")
    assert (changed.history_type, changed.count, changed.history_user) == ("~", 3, organiser)
    removed = Prize.history.filter(id=third.pk).latest("history_date")
    assert (removed.history_type, removed.name, removed.history_user) == ("-", "Giải Khuyến khích", organiser)
    # The first class did not change: no row beyond its creation.
    assert contest.prizes.get(order=1).history.count() == 1


def test_judges_put_on_the_jury_are_recorded_by_the_organiser(first_round, organiser, judges, send):
    rows = Judge.history.filter(round_id=first_round.pk)
    assert sorted((r.user_id, r.history_type, r.history_user) for r in rows) == sorted(
        (u.pk, "+", organiser) for u in judges
    )
    for _ in range(3):
        send()
    services.assign_judges(organiser, first_round, seed=3)
    # The progress counters are bookkeeping: recounting them writes no history.
    assert Judge.history.filter(round_id=first_round.pk).count() == len(judges)


def test_entries_joining_and_advancing_are_recorded_with_the_organiser(first_round, organiser, send):
    entries = [send(title=f"Bài số {i}") for i in range(4)]
    services.assign_judges(organiser, first_round, seed=7)
    joined = RoundEntry.history.filter(round_id=first_round.pk, history_type="+")
    assert {(r.entry_id, r.history_user) for r in joined} == {(e.pk, organiser) for e in entries}

    mark = {e.pk: 9 - i for i, e in enumerate(entries)}
    for a in JudgeAssignment.objects.filter(round=first_round).select_related("judge__user"):
        values = {c["key"]: mark[a.entry_id] for c in first_round.criteria}
        services.submit_score(a.judge.user, a, values)
    services.close_round(organiser, first_round)
    # Recomputing the statistics is derived from the scores: no rows.
    assert not RoundEntry.history.filter(round_id=first_round.pk, history_type="~").exists()

    services.advance(organiser, first_round, top_n=2)
    advanced = RoundEntry.history.filter(round_id=first_round.pk, history_type="~")
    assert {(r.entry_id, r.advanced, r.rank, r.history_user) for r in advanced} == {
        (entries[0].pk, True, 1, organiser),
        (entries[1].pk, True, 2, organiser),
    }

    services.advance(organiser, first_round, top_n=1)
    latest = RoundEntry.history.filter(round_id=first_round.pk, history_type="~").latest("history_date")
    assert (latest.entry_id, latest.advanced, latest.history_user) == (entries[1].pk, False, organiser)
    assert RoundEntry.history.filter(round_id=first_round.pk, history_type="~").count() == 3


def test_the_new_history_tables_hold_nothing_of_the_author():
    for model in (Prize, Judge, RoundEntry):
        fields = {f.name for f in model.history.model._meta.get_fields()}
        assert not {f for f in fields if f.startswith("author") or f in {"tracking_code", "text", "title"}}, (
            model
        )
