"""Setting a contest up: the organisers' pages (contest, rounds with their rubric, prizes) and the
API (create a contest, add a round), with permissions, validation and the draft kept private."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guongsang.contest import services
from guongsang.contest.models import Contest, Prize, Round
from tests.factories import PASSWORD


def _contest_form(org_tree, **overrides) -> dict:
    data = {
        "organiser": org_tree.hanoi.pk,
        "year": 2027,
        "title": "Cuộc thi viết Người tốt, việc tốt 2027",
        "rules_text": "Bài viết về người thật, việc thật.",
        "eligibility": "Người sống, học tập, làm việc tại Hà Nội.",
        "min_words": 200,
        "max_words": 1500,
        "max_video_minutes": 5,
        "accepted_kinds": ["article", "video"],
        "opens_on": "2027-03-01",
        "closes_on": "30/06/2027",
    }
    data.update(overrides)
    return data


def test_manage_page_links_to_the_contest_form(client, organiser):
    client.login(username=organiser.username, password=PASSWORD)
    body = client.get("/cuoc-thi/quan-ly/").content.decode()
    assert "/cuoc-thi/quan-ly/tao-moi/" in body
    assert "API hoặc trang quản trị" not in body


def test_organiser_creates_a_draft_contest_from_the_page(client, organiser, org_tree):
    client.login(username=organiser.username, password=PASSWORD)
    page = client.get("/cuoc-thi/quan-ly/tao-moi/")
    assert page.status_code == 200 and "Thành phố Hà Nội" in page.content.decode()
    response = client.post("/cuoc-thi/quan-ly/tao-moi/", _contest_form(org_tree))
    contest = Contest.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == contest.get_absolute_url()
    assert contest.status == Contest.Status.DRAFT
    assert (contest.min_words, contest.max_words, contest.max_video_minutes) == (200, 1500, 5)
    assert contest.accepted_kinds == ["article", "video"]
    assert contest.closes_on.isoformat() == "2027-06-30"
    assert contest.history.first().history_user == organiser
    assert list(contest.rounds.values_list("name", flat=True)) == ["Sơ khảo", "Chung khảo"]
    detail = client.get(contest.get_absolute_url()).content.decode()
    for link in ("/sua/", "/them-vong/", "/giai/"):
        assert f"/cuoc-thi/quan-ly/{contest.pk}{link}" in detail


def test_contest_form_explains_bad_limits_and_dates(client, organiser, org_tree):
    client.login(username=organiser.username, password=PASSWORD)
    response = client.post(
        "/cuoc-thi/quan-ly/tao-moi/",
        _contest_form(org_tree, min_words=3000, closes_on="2027-01-01", accepted_kinds=[]),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn ít nhất một thể loại" in body
    assert not Contest.objects.filter(year=2027).exists()
    response = client.post(
        "/cuoc-thi/quan-ly/tao-moi/", _contest_form(org_tree, min_words=3000, closes_on="2027-01-01")
    )
    body = response.content.decode()
    assert "Số chữ tối thiểu phải nhỏ hơn số chữ tối đa" in body
    assert "Hạn nhận bài phải sau ngày bắt đầu" in body
    assert not Contest.objects.filter(year=2027).exists()


def test_contest_form_offers_only_units_the_user_organises(client, org_tree, commune_officer):
    """An officer of a ward organises for that ward, not for the city."""
    client.login(username=commune_officer.username, password=PASSWORD)
    page = client.get("/cuoc-thi/quan-ly/tao-moi/").content.decode()
    assert "Phường Thanh Xuân" in page and "Thành phố Hà Nội" not in page
    response = client.post("/cuoc-thi/quan-ly/tao-moi/", _contest_form(org_tree))
    assert response.status_code == 200 and not Contest.objects.exists()


def test_citizen_and_judge_cannot_open_the_setup_pages(client, contest, judges):
    judge = judges[0]
    client.login(username=judge.username, password=PASSWORD)
    for url in (
        "/cuoc-thi/quan-ly/tao-moi/",
        f"/cuoc-thi/quan-ly/{contest.pk}/sua/",
        f"/cuoc-thi/quan-ly/{contest.pk}/giai/",
        f"/cuoc-thi/quan-ly/{contest.pk}/them-vong/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Ban Tổ chức" in response.content.decode(), url


def test_organiser_edits_the_rules_and_deadlines(client, organiser, contest):
    client.login(username=organiser.username, password=PASSWORD)
    page = client.get(f"/cuoc-thi/quan-ly/{contest.pk}/sua/").content.decode()
    assert contest.title in page
    response = client.post(
        f"/cuoc-thi/quan-ly/{contest.pk}/sua/",
        {
            "title": contest.title,
            "rules_text": "Thể lệ mới: mỗi tác giả tối đa 2 bài.",
            "eligibility": "Mọi người dân Thủ đô.",
            "min_words": 100,
            "max_words": 2000,
            "max_video_minutes": 7,
            "accepted_kinds": ["article", "press"],
            "opens_on": "",
            "closes_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    contest.refresh_from_db()
    assert contest.rules_text == "Thể lệ mới: mỗi tác giả tối đa 2 bài."
    assert contest.accepted_kinds == ["article", "press"] and contest.max_words == 2000
    assert contest.organiser.name == "Thành phố Hà Nội"  # not editable


def test_organiser_adds_a_round_with_its_rubric(client, organiser, contest):
    client.login(username=organiser.username, password=PASSWORD)
    assert client.get(f"/cuoc-thi/quan-ly/{contest.pk}/them-vong/").status_code == 200
    data = {
        "name": "Bán kết",
        "level": "semifinal",
        "judges_per_entry": 4,
        "max_per_judge": 40,
        "ranking_method": "mean",
        "disagreement_gap": "20",
        "ends_on": "",
        "tieu-chi-TOTAL_FORMS": 3,
        "tieu-chi-INITIAL_FORMS": 0,
        "tieu-chi-0-name": "Nội dung",
        "tieu-chi-0-weight": "60",
        "tieu-chi-0-max": "10",
        "tieu-chi-1-name": "Hình thức",
        "tieu-chi-1-weight": "40",
        "tieu-chi-1-max": "10",
        "tieu-chi-2-name": "",
    }
    response = client.post(f"/cuoc-thi/quan-ly/{contest.pk}/them-vong/", data)
    assert response.status_code == 302, response.content.decode()
    round_ = contest.rounds.get(name="Bán kết")
    assert round_.order == 3 and round_.judges_per_entry == 4 and round_.max_per_judge == 40
    assert [(c["name"], c["weight"]) for c in round_.criteria] == [("Nội dung", 60), ("Hình thức", 40)]
    bad = client.post(
        f"/cuoc-thi/quan-ly/{contest.pk}/them-vong/",
        {**data, "name": "Vòng lỗi", "tieu-chi-0-name": "", "tieu-chi-1-name": ""},
    )
    assert bad.status_code == 200 and "ít nhất một tiêu chí" in bad.content.decode()
    assert not contest.rounds.filter(name="Vòng lỗi").exists()


def test_organiser_edits_a_round_until_judging_starts(client, organiser, contest):
    client.login(username=organiser.username, password=PASSWORD)
    round_ = contest.rounds.get(order=1)
    page = client.get(f"/cuoc-thi/vong/{round_.pk}/sua/").content.decode()
    assert "Tính chân thực" in page
    data = {
        "name": "Sơ khảo cấp xã",
        "level": "preliminary",
        "judges_per_entry": 2,
        "max_per_judge": "",
        "ranking_method": "zscore",
        "disagreement_gap": "25",
        "ends_on": "2026-11-30",
        "tieu-chi-TOTAL_FORMS": 1,
        "tieu-chi-INITIAL_FORMS": 0,
        "tieu-chi-0-key": "authenticity",
        "tieu-chi-0-name": "Tính chân thực",
        "tieu-chi-0-weight": "100",
        "tieu-chi-0-max": "20",
    }
    assert client.post(f"/cuoc-thi/vong/{round_.pk}/sua/", data).status_code == 302
    round_.refresh_from_db()
    assert round_.name == "Sơ khảo cấp xã" and round_.judges_per_entry == 2
    assert round_.criteria == [
        {"key": "authenticity", "name": "Tính chân thực", "weight": 100.0, "max": 20.0}
    ]
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.SCORING)
    refused = client.post(f"/cuoc-thi/vong/{round_.pk}/sua/", {**data, "name": "Đổi giữa chừng"}, follow=True)
    assert "không đổi được thang điểm" in refused.content.decode()
    round_.refresh_from_db()
    assert round_.name == "Sơ khảo cấp xã"


def test_organiser_sets_prize_counts(client, organiser, contest):
    client.login(username=organiser.username, password=PASSWORD)
    page = client.get(f"/cuoc-thi/quan-ly/{contest.pk}/giai/").content.decode()
    assert "Giải Khuyến khích" in page
    response = client.post(
        f"/cuoc-thi/quan-ly/{contest.pk}/giai/",
        {"first": 1, "second": 2, "third": 0, "encouragement": 10},
    )
    assert response.status_code == 302
    assert list(contest.prizes.values_list("order", "name", "count")) == [
        (1, "Giải Nhất", 1),
        (2, "Giải Nhì", 2),
        (3, "Giải Khuyến khích", 10),
    ]


def test_prizes_cannot_change_once_given(organiser, contest, send):
    entry = send()
    services.set_prize(organiser, entry, contest.prizes.first())
    with pytest.raises(ValidationError, match="không đổi được cơ cấu giải"):
        services.set_prizes(organiser, contest, [{"name": "Giải Nhất", "count": 5}])
    assert Prize.objects.filter(contest=contest).count() == 3


def test_services_refuse_someone_outside_the_organiser_unit(contest, laocai_officer, org_tree):
    with pytest.raises(PermissionDenied):
        services.update_contest(laocai_officer, contest, title="Đổi tên")
    with pytest.raises(PermissionDenied):
        services.add_round(laocai_officer, contest, name="Vòng lạ")
    with pytest.raises(PermissionDenied):
        services.create_contest(laocai_officer, organiser=org_tree.hanoi, year=2027, title="Lạ")


# --- API ----------------------------------------------------------------------------------------


def test_api_creates_a_contest_and_a_round(api_client, organiser, org_tree):
    api = api_client(organiser)
    response = api.post(
        "/api/v1/contests/",
        {
            "organiser_id": org_tree.hanoi.pk,
            "year": 2027,
            "title": "Cuộc thi qua API",
            "max_words": 1800,
            "accepted_kinds": ["article"],
            "prizes": [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    contest = Contest.objects.get(pk=body["id"])
    assert body["status"] == "draft" and contest.max_words == 1800
    assert [p["count"] for p in body["prizes"]] == [1, 2]
    assert contest.history.first().history_user == organiser
    added = api.post(
        f"/api/v1/contests/{contest.pk}/rounds",
        {
            "name": "Chung khảo đặc biệt",
            "level": "final",
            "judges_per_entry": 5,
            "criteria": [{"name": "Chất lượng", "weight": 1, "max": 100}],
        },
    )
    assert added.status_code == 201, added.content
    assert added.json()["order"] == 3 and added.json()["criteria"][0]["name"] == "Chất lượng"
    bad = api.post(f"/api/v1/contests/{contest.pk}/rounds", {"name": "X", "judges_per_entry": 0})
    assert bad.status_code == 422 and "ít nhất một giám khảo" in bad.json()["message"]


def test_api_create_refuses_other_provinces_and_citizens(api_client, laocai_officer, org_tree):
    payload = {"organiser_id": org_tree.hanoi.pk, "year": 2027, "title": "Không được"}
    refused = api_client(laocai_officer).post("/api/v1/contests/", payload)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert "Ban Tổ chức" in refused.json()["message"]
    assert api_client().post("/api/v1/contests/", payload).status_code == 401
    assert not Contest.objects.exists()


def test_api_add_round_refuses_a_judge(api_client, contest, judges):
    response = api_client(judges[0]).post(f"/api/v1/contests/{contest.pk}/rounds", {"name": "Vòng lạ"})
    assert response.status_code == 403
    assert not contest.rounds.filter(name="Vòng lạ").exists()


def test_api_hides_a_draft_contest_from_the_public(api_client, organiser, org_tree):
    draft = services.create_contest(organiser, organiser=org_tree.hanoi, year=2027, title="Còn nháp")
    assert api_client().get(f"/api/v1/contests/{draft.pk}").status_code == 404
    assert api_client(organiser).get(f"/api/v1/contests/{draft.pk}").status_code == 200
    services.set_contest_status(organiser, draft, Contest.Status.OPEN)
    assert api_client().get(f"/api/v1/contests/{draft.pk}").json()["title"] == "Còn nháp"
