"""The organiser's round work through the API: editing a round and its rubric, the jury,
assignment, results, advancing and prizes; judges and outsiders are refused."""

from __future__ import annotations

import pytest

from guongsang.contest import services
from guongsang.contest.models import Judge, JudgeAssignment, Round, RoundEntry

RUBRIC = [
    {"key": "truth", "name": "Tính chân thực", "weight": 3, "max": 10},
    {"key": "style", "name": "Văn phong", "weight": 1, "max": 5},
]


def _url(round_, action: str = "") -> str:
    return f"/api/v1/contests/rounds/{round_.pk}" + (f"/{action}" if action else "")


@pytest.fixture
def entries(send, org_tree):
    communes = [org_tree.dong_da, org_tree.ba_dinh, org_tree.thanh_xuan]
    return [send(title=f"Bài số {i}", subject_commune=communes[i % 3]) for i in range(12)]


def test_organiser_edits_a_round_and_its_rubric(api_client, organiser, first_round):
    response = api_client(organiser).patch(
        _url(first_round), {"name": "Sơ khảo vòng một", "judges_per_entry": 2, "criteria": RUBRIC}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Sơ khảo vòng một"
    assert [c["key"] for c in body["criteria"]] == ["truth", "style"]
    first_round.refresh_from_db()
    assert first_round.judges_per_entry == 2
    assert first_round.criteria[0] == {"key": "truth", "name": "Tính chân thực", "weight": 3.0, "max": 10.0}
    assert first_round.ranking_method == Round.Method.ZSCORE  # left out, left alone


def test_round_edit_with_a_bad_rubric_is_refused_in_vietnamese(api_client, organiser, first_round):
    before = first_round.criteria
    response = api_client(organiser).patch(
        _url(first_round), {"criteria": [{"name": "Văn phong", "weight": 0}]}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert "Tiêu chí thứ 1" in response.json()["message"]
    first_round.refresh_from_db()
    assert first_round.criteria == before


def test_round_edit_is_refused_once_scoring_started(api_client, organiser, first_round, entries):
    services.assign_judges(organiser, first_round, seed=3)
    response = api_client(organiser).patch(_url(first_round), {"criteria": RUBRIC})
    assert response.status_code == 422
    assert response.json()["code"] == "round_started"
    assert "đã bắt đầu" in response.json()["message"]
    first_round.refresh_from_db()
    assert [c["key"] for c in first_round.criteria] != ["truth", "style"]


@pytest.mark.parametrize("who", ["judge", "outsider"])
def test_judge_and_outsider_cannot_edit_or_run_a_round(
    api_client, first_round, judges, outsider, entries, who
):
    api = api_client(judges[0] if who == "judge" else outsider)
    name = first_round.name
    assert api.patch(_url(first_round), {"name": "Vòng lạ"}).status_code == 403
    for action, payload in [
        ("judges", {"user_id": outsider.pk}),
        ("assign", {"seed": 1}),
        ("results", None),
        ("close", None),
        ("advance", {"top_n": 1}),
        ("prizes", None),
    ]:
        response = api.post(_url(first_round, action), payload)
        assert response.status_code == 403, action
        assert set(response.json()) == {"code", "message"}
    first_round.refresh_from_db()
    assert first_round.name == name
    assert first_round.status == Round.Status.PREPARING
    assert not JudgeAssignment.objects.filter(round=first_round).exists()


def test_organiser_adds_a_judge_and_is_told_who_cannot_be_one(
    api_client, organiser, contest, judges, outsider
):
    round_ = contest.rounds.get(order=2)
    api = api_client(organiser)
    response = api.post(_url(round_, "judges"), {"user_id": judges[0].pk})
    assert response.status_code == 201, response.content
    assert response.json()["name"] == judges[0].full_name
    assert Judge.objects.filter(round=round_, user=judges[0]).exists()
    refused = api.post(_url(round_, "judges"), {"user_id": outsider.pk})
    assert refused.status_code == 422
    assert "Giám khảo" in refused.json()["message"]
    assert api.post(_url(round_, "judges"), {"user_id": 10**9}).status_code == 422


def test_assign_through_the_api_balances_the_loads(api_client, organiser, first_round, entries):
    response = api_client(organiser).post(_url(first_round, "assign"), {"seed": 7})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {"assignments": 12 * 3, "seed": 7, "load_spread": body["load_spread"], "short": 0}
    loads = [
        JudgeAssignment.objects.filter(round=first_round, judge=judge).count()
        for judge in first_round.judges.all()
    ]
    assert max(loads) - min(loads) <= 1
    assert body["load_spread"] == max(loads) - min(loads)


def test_results_then_advance_top_n_then_close(api_client, organiser, first_round, entries):
    api = api_client(organiser)
    first_round.ranking_method = "mean"
    first_round.save()
    services.assign_judges(organiser, first_round, seed=5)
    rank_of = {e.pk: i for i, e in enumerate(entries)}
    for a in JudgeAssignment.objects.filter(round=first_round).select_related("judge__user"):
        mark = 10 - rank_of[a.entry_id] * 0.5  # every entry a different mark: no ties
        services.submit_score(a.judge.user, a, {c["key"]: mark for c in first_round.criteria})

    refused = api.post(_url(first_round, "advance"), {"top_n": 3})
    assert refused.status_code == 422 and "tính kết quả" in refused.json()["message"]
    assert api.post(_url(first_round, "results")).json() == {"entries": 12}
    assert api.post(_url(first_round, "advance"), {}).status_code == 422  # neither top_n nor min_mark

    response = api.post(_url(first_round, "advance"), {"top_n": 3})
    assert response.status_code == 200, response.content
    assert response.json() == {"advanced": 3}
    advanced = RoundEntry.objects.filter(round=first_round, advanced=True).values_list("entry_id", flat=True)
    assert set(advanced) == {e.pk for e in entries[:3]}

    closed = api.post(_url(first_round, "close"))
    assert closed.status_code == 200 and closed.json()["status"] == Round.Status.CLOSED


def test_prizes_before_results_are_refused(api_client, organiser, contest):
    final = contest.rounds.get(order=2)
    response = api_client(organiser).post(_url(final, "prizes"))
    assert response.status_code == 422
    assert "tính kết quả" in response.json()["message"]


def test_unknown_round_is_not_found(api_client, organiser):
    response = api_client(organiser).patch("/api/v1/contests/rounds/999999", {"name": "X"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
