"""Blind judging: no judge page, API response or judge export reveals the author."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from guongsang.contest import services
from guongsang.contest.models import JudgeAssignment
from tests.factories import PASSWORD

from .conftest import story

AUTHOR = "Lê Hoàng Phúc"
PHONE = "0987654321"
EMAIL = "phuc.tacgia@example.vn"
ADDRESS = "Số 9 ngõ Văn Chương"


@pytest.fixture
def assigned(send, first_round, organiser):
    # The author signed the text with name and phone: the judge must not see them there either.
    entry = send(
        author_name=AUTHOR,
        author_phone=PHONE,
        author_email=EMAIL,
        author_address=ADDRESS,
        text=story(100) + f"\n\nTác giả: {AUTHOR.upper()}, điện thoại 0987 654 321",
    )
    for _ in range(3):
        send()
    services.assign_judges(organiser, first_round, seed=1)
    return JudgeAssignment.objects.select_related("judge__user").filter(entry=entry).first()


def _secrets_absent(body: str) -> None:
    for secret in (AUTHOR, AUTHOR.upper(), PHONE, "0987 654 321", EMAIL, ADDRESS, "phuc.tacgia"):
        assert secret not in body


def test_judge_pages_never_show_the_author(client, assigned):
    judge = assigned.judge.user
    client.login(username=judge.username, password=PASSWORD)
    round_id = assigned.round_id
    code = assigned.entry.blind_code
    for url in (
        "/cuoc-thi/giam-khao/",
        f"/cuoc-thi/giam-khao/vong/{round_id}/",
        f"/cuoc-thi/giam-khao/vong/{round_id}/{code}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        _secrets_absent(body)
    assert code in body and "Người thầy của xóm chài" in body


def test_judge_cannot_open_organiser_pages(client, assigned):
    client.login(username=assigned.judge.user.username, password=PASSWORD)
    contest = assigned.round.contest
    for url in (
        f"/cuoc-thi/quan-ly/{contest.pk}/bai/",
        f"/cuoc-thi/bai/{assigned.entry_id}/",
        f"/cuoc-thi/vong/{assigned.round_id}/",
        f"/cuoc-thi/quan-ly/{contest.pk}/xuat/bai-du-thi/",
    ):
        assert client.get(url).status_code == 403, url


def test_judge_api_never_shows_the_author(api_client, assigned):
    api = api_client(assigned.judge.user)
    round_id = assigned.round_id
    listing = api.get(f"/api/v1/contests/rounds/{round_id}/assignments")
    assert listing.status_code == 200
    one = api.get(f"/api/v1/contests/rounds/{round_id}/assignments/{assigned.entry.blind_code}")
    assert one.status_code == 200
    for response in (listing, one):
        _secrets_absent(response.content.decode())
    assert "author" not in one.content.decode()
    assert api.get(f"/api/v1/contests/{assigned.round.contest_id}/entries/").status_code == 403


def test_judge_export_never_shows_the_author(client, assigned):
    client.login(username=assigned.judge.user.username, password=PASSWORD)
    response = client.get(f"/cuoc-thi/giam-khao/vong/{assigned.round_id}/xuat/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert assigned.entry.blind_code in cells
    _secrets_absent(cells)


def test_judge_scores_through_the_api_only_what_is_assigned(api_client, assigned, judges, send):
    judge = assigned.judge.user
    api = api_client(judge)
    url = f"/api/v1/contests/rounds/{assigned.round_id}/scores"
    values = {"authenticity": 8, "exemplary": 7, "writing": 9, "evidence": 6}
    ok = api.post(url, {"blind_code": assigned.entry.blind_code, "values": values, "comment": "Tốt"})
    assert ok.status_code == 200, ok.content
    assert ok.json()["total"] == 76.5  # (30·8 + 30·7 + 25·9 + 15·6) / 10
    bad = api.post(url, {"blind_code": assigned.entry.blind_code, "values": {**values, "writing": 12}})
    assert bad.status_code == 422 and "từ 0 đến 10" in bad.json()["message"]
    mine = set(JudgeAssignment.objects.filter(judge__user=judge).values_list("entry_id", flat=True))
    other = JudgeAssignment.objects.filter(round_id=assigned.round_id).exclude(entry_id__in=mine).first()
    refused = api.post(url, {"blind_code": other.entry.blind_code, "values": values})
    assert refused.status_code == 403 and refused.json()["code"] == "not_assigned"


def test_organiser_sees_the_ranking_with_authors(client, organiser, assigned):
    client.login(username=organiser.username, password=PASSWORD)
    response = client.get(f"/cuoc-thi/vong/{assigned.round_id}/")
    assert response.status_code == 200
    assert AUTHOR in response.content.decode()
