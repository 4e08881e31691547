"""Blind judging: no judge page, API response or judge export reveals the author."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from guongsang.contest import assignment as planner
from guongsang.contest import selectors, services
from guongsang.contest.models import JudgeAssignment
from guongsang.core.permissions import Role
from tests.factories import PASSWORD, MembershipFactory

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


# --- Redaction ignores diacritics, covers the title and the address ----------------------------

UNACCENTED = "le hoang phuc"


@pytest.fixture
def signed_everywhere(send, first_round, organiser):
    """An author who signed the title and the text without accents and gave their address."""
    entry = send(
        author_name=AUTHOR,
        author_phone=PHONE,
        author_email=EMAIL,
        author_address=f"{ADDRESS}, Đống Đa, Hà Nội",
        title=f"Người thầy của xóm chài - {UNACCENTED.upper()}",
        text=story(100) + f"\n\nNguoi viet: {UNACCENTED}, nha o so 9 ngo van chuong. Lien he phuc.tacgia",
    )
    for _ in range(3):
        send()
    services.assign_judges(organiser, first_round, seed=1)
    return JudgeAssignment.objects.select_related("judge__user", "entry").filter(entry=entry).first()


def _unaccented_absent(body: str) -> None:
    _secrets_absent(body)
    lowered = body.lower()
    for secret in (UNACCENTED, "so 9 ngo van chuong", "phuc.tacgia"):
        assert secret not in lowered, secret


def test_redaction_ignores_diacritics_case_and_punctuation():
    text = "Tác giả: LE HOANG PHUC (Lê  Hoàng\nPhúc), Số 9, ngõ Văn Chương. Nhân vật: ông Phúc Lê."
    out = selectors.redact(text, name=AUTHOR, address=f"{ADDRESS}, Đống Đa, Hà Nội")
    assert "PHUC" not in out and "Hoàng" not in out and "Văn Chương" not in out
    assert out.count("[…]") == 3
    assert "ông Phúc Lê" in out  # not the author's full name: left alone
    # A longer word that merely starts like the name is not cut.
    assert selectors.redact("Lê Hoàng Phúcc", name=AUTHOR) == "Lê Hoàng Phúcc"


def test_judge_sees_the_title_and_text_redacted_everywhere(client, api_client, signed_everywhere):
    judge = signed_everywhere.judge.user
    round_id = signed_everywhere.round_id
    code = signed_everywhere.entry.blind_code
    client.login(username=judge.username, password=PASSWORD)
    for url in (f"/cuoc-thi/giam-khao/vong/{round_id}/", f"/cuoc-thi/giam-khao/vong/{round_id}/{code}/"):
        body = client.get(url).content.decode()
        assert "Người thầy của xóm chài" in body, url
        _unaccented_absent(body)
    sheet = load_workbook(io.BytesIO(client.get(f"/cuoc-thi/giam-khao/vong/{round_id}/xuat/").content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert code in cells and "Người thầy của xóm chài" in cells
    _unaccented_absent(cells)
    api = api_client(judge)
    for url in (
        f"/api/v1/contests/rounds/{round_id}/assignments",
        f"/api/v1/contests/rounds/{round_id}/assignments/{code}",
    ):
        response = api.get(url)
        assert response.status_code == 200
        _unaccented_absent(response.content.decode())


# --- Conflicts reach a judge's subtree ---------------------------------------------------------


def test_planner_treats_entries_from_a_judges_subtree_as_conflicts():
    judges = [
        planner.JudgeInfo(id=1, name="Sở", unit_id=10, unit_path="0001000A"),
        planner.JudgeInfo(id=2, name="Khác", unit_id=20, unit_path="0001000B"),
        planner.JudgeInfo(id=3, name="Khác nữa", unit_id=30, unit_path="0001000C"),
    ]
    below = planner.EntryInfo(id=7, unit_id=11, subject_commune_id=None, unit_path="0001000A0001")
    lives_below = planner.EntryInfo(id=8, unit_id=None, subject_commune_id=12, subject_path="0001000A0002")
    result = planner.plan([below, lives_below], judges, k=2, seed=3)
    assert {j for _e, j, _w in result.pairs} == {2, 3}
    assert all("Sở" in why for _e, _j, why in result.pairs)


def test_assignment_keeps_a_department_judge_off_entries_from_its_schools(org_tree, contest, organiser, send):
    from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

    school = OrgUnitFactory(parent=org_tree.so_noi_vu, name="Trường Bồi dưỡng cán bộ", kind="school")
    sender = UserFactory(username="canbo.truong")
    MembershipFactory(user=sender, unit=school, role=Role.OFFICER)
    round_ = contest.rounds.get(order=1)
    services.update_round(organiser, round_, judges_per_entry=1)
    dept_judge = UserFactory(username="giamkhao.so")
    MembershipFactory(user=dept_judge, unit=org_tree.so_noi_vu, role=Role.JUDGE)
    other = UserFactory(username="giamkhao.khac")
    MembershipFactory(user=other, unit=org_tree.chu_van_an, role=Role.JUDGE)
    for user in (dept_judge, other):
        services.add_judge(organiser, round_, user)
    from_school = [send(actor=sender, via_unit=school, title=f"Bài trường {i}") for i in range(4)]
    services.assign_judges(organiser, round_, seed=5)
    for entry in from_school:
        readers = set(
            JudgeAssignment.objects.filter(entry=entry, status="active").values_list("judge__user", flat=True)
        )
        assert readers == {other.pk}


# --- A judge never opens the organisers' entry page ------------------------------------------


def test_judge_who_also_sends_for_a_unit_cannot_open_that_units_entry(client, assigned, org_tree, send):
    """A judge who is also an officer of a ward sees that ward's entries' authors nowhere."""
    judge = assigned.judge.user
    MembershipFactory(user=judge, unit=org_tree.ba_dinh, role=Role.OFFICER)
    entry = send(actor=judge, via_unit=org_tree.ba_dinh, title="Bài của phường")
    client.login(username=judge.username, password=PASSWORD)
    response = client.get(f"/cuoc-thi/bai/{entry.pk}/")
    assert response.status_code == 403
    assert "giám khảo" in response.content.decode() and entry.author_name not in response.content.decode()


def test_judge_given_an_organiser_role_later_still_cannot_open_organiser_pages(client, assigned, org_tree):
    judge = assigned.judge.user
    MembershipFactory(user=judge, unit=org_tree.hanoi, role=Role.EDITOR)
    client.login(username=judge.username, password=PASSWORD)
    contest = assigned.round.contest
    for url in (
        f"/cuoc-thi/bai/{assigned.entry_id}/",
        f"/cuoc-thi/quan-ly/{contest.pk}/",
        f"/cuoc-thi/vong/{assigned.round_id}/",
        f"/cuoc-thi/quan-ly/{contest.pk}/xuat/bai-du-thi/",
    ):
        assert client.get(url).status_code == 403, url
    # Their own score sheet still works.
    assert client.get(f"/cuoc-thi/giam-khao/vong/{assigned.round_id}/").status_code == 200


def test_organiser_of_the_contest_who_is_no_judge_opens_the_entry(client, organiser, assigned):
    client.login(username=organiser.username, password=PASSWORD)
    response = client.get(f"/cuoc-thi/bai/{assigned.entry_id}/")
    assert response.status_code == 200 and AUTHOR in response.content.decode()


def test_judge_round_page_reads_a_fixed_number_of_queries(client, send, first_round, organiser):
    """Redacting each title must not cost a query per entry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_a_judge(n_entries: int) -> tuple[int, int]:
        for _ in range(n_entries - first_round.contest.entries.count()):
            send()
        services.assign_judges(organiser, first_round, seed=3)
        assignment = JudgeAssignment.objects.filter(round=first_round).select_related("judge__user").first()
        judge = assignment.judge.user
        client.login(username=judge.username, password=PASSWORD)
        url = f"/cuoc-thi/giam-khao/vong/{first_round.pk}/"
        client.get(url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured), JudgeAssignment.objects.filter(judge__user=judge).count()

    few, few_rows = queries_for_a_judge(4)
    many, many_rows = queries_for_a_judge(16)
    assert many_rows > few_rows
    assert many == few
