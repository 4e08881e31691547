"""Public pages and API: the entry form, tracking code, results."""

from __future__ import annotations

from guongsang.contest.models import Entry

from .conftest import story


def test_public_form_sends_an_entry_and_shows_the_code(client, contest, org_tree):
    page = client.get(f"/cuoc-thi/{contest.pk}/gui-bai/")
    assert page.status_code == 200 and "Gửi bài dự thi" in page.content.decode()
    response = client.post(
        f"/cuoc-thi/{contest.pk}/gui-bai/",
        {
            "kind": "article",
            "title": "Bà tiên của khu tập thể",
            "text": story(90),
            "subject_name": "Phạm Thị Hằng",
            "subject_commune": org_tree.thanh_xuan.pk,
            "author_name": "Ngô Văn Quý",
            "author_address": "Khương Trung, Hà Nội",
            "author_phone": "0904 111 222",
            "consent": "on",
        },
        follow=True,
    )
    entry = Entry.objects.get()
    body = response.content.decode()
    assert entry.tracking_code in body
    status = client.get(f"/cuoc-thi/tra-cuu/?ma={entry.tracking_code.lower()}").content.decode()
    assert "Bà tiên của khu tập thể" in status and "0904" not in status


def test_public_form_explains_a_too_long_text(client, contest, org_tree):
    response = client.post(
        f"/cuoc-thi/{contest.pk}/gui-bai/",
        {
            "kind": "article",
            "title": "Dài quá",
            "text": story(401),
            "subject_name": "A",
            "subject_commune": org_tree.thanh_xuan.pk,
            "author_name": "B",
            "author_address": "C",
            "author_phone": "",
            "consent": "on",
        },
    )
    body = response.content.decode()
    assert "vượt giới hạn 400 chữ" in body and "rút gọn bớt 1 chữ" in body
    assert "số điện thoại" in body
    assert not Entry.objects.exists()


def test_api_public_create_returns_tracking_code(api_client, contest, org_tree):
    response = api_client().post(
        f"/api/v1/contests/{contest.pk}/entries/",
        {
            "title": "Người gác đèn biển",
            "text": story(60),
            "author_name": "Đinh Thu",
            "author_address": "Đống Đa",
            "author_phone": "0912000000",
            "subject_name": "Vũ Văn Hải",
            "subject_commune_id": org_tree.dong_da.pk,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["tracking_code"] == Entry.objects.get().tracking_code
    missing = api_client().post(
        f"/api/v1/contests/{contest.pk}/entries/",
        {"title": "x", "author_name": "a", "author_address": "b", "author_phone": "", "subject_name": "c",
         "subject_commune_id": org_tree.dong_da.pk, "text": story(60)},
    )  # fmt: skip
    assert missing.status_code == 422 and missing.json()["code"] == "validation_error"
    listing = api_client().get("/api/v1/contests/")
    assert listing.status_code == 200 and listing.json()["items"][0]["title"] == contest.title
