"""The book editor's writes through ``/api/v1/books/``: a new edition, its title, foreword and
chapters, choosing, ordering and removing stories — the organising unit's editors only."""

import json

import pytest
from django.utils import timezone

from guongsang.books import selectors, services
from guongsang.books.models import BookEdition
from guongsang.core.permissions import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/books/"


@pytest.fixture
def edition(editor, org_tree):
    return services.create_edition(editor, org_tree.hanoi, year=timezone.localdate().year)


@pytest.fixture
def three(make_story, publish, lan, field_education):
    """Three published stories of Thanh Xuân: two about volunteering, one about education."""
    return [
        publish(make_story(nominees=[lan], title="Lớp học tình thương")),
        publish(make_story(nominees=[lan], title="Thầy giáo vùng cao", field=field_education)),
        publish(make_story(nominees=[lan], title="Bếp ăn từ thiện")),
    ]


@pytest.fixture
def laocai_editor(org_tree):
    """Biên tập viên of Tỉnh Lào Cai: edits Lào Cai's book, sees nothing of Hà Nội's."""
    user = UserFactory(username="bientap.laocai", full_name="Hoàng Thị Mai")
    MembershipFactory(user=user, unit=org_tree.laocai, role=Role.EDITOR)
    return user


def _send(api, method: str, path: str, data=None):
    return getattr(api.client, method)(
        path, json.dumps(data) if data is not None else "", content_type="application/json", **_auth(api)
    )


def _auth(api) -> dict:
    return {"headers": api._headers()}


def _titles(response) -> list[str]:
    return [row["title"] for row in response.json()]


def test_editor_creates_an_edition_and_edits_title_foreword_and_chapters(api_client, editor, org_tree):
    api = api_client(editor)
    year = timezone.localdate().year
    created = api.post(
        API, {"organiser": org_tree.hanoi.pk, "year": year, "foreword": "Lời ngỏ.\n\nĐoạn hai."}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["title"] == "Những bông hoa đẹp" and body["foreword"] == "<p>Lời ngỏ.</p><p>Đoạn hai.</p>"
    edited = _send(
        api,
        "patch",
        f"{API}{body['id']}",
        {
            "title": "Những bông hoa đẹp Thủ đô",
            "foreword": "<p>Mới<script>x</script></p>",
            "chapter_by": "unit",
        },
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["title"] == "Những bông hoa đẹp Thủ đô" and edited.json()["chapter_by"] == "unit"
    assert edited.json()["foreword"] == "<p>Mới</p>"  # the foreword is sanitised like a story
    edition = BookEdition.objects.get(pk=body["id"])
    assert edition.history.first().history_user == editor
    twice = api.post(API, {"organiser": org_tree.hanoi.pk, "year": year})
    assert twice.status_code == 422 and "đã có ấn phẩm năm" in twice.json()["message"]


def test_editor_adds_orders_and_removes_stories(api_client, editor, edition, three):
    api = api_client(editor)
    first, second, third = three
    added = api.post(f"{API}{edition.pk}/stories", {"story_ids": [first.pk, second.pk, third.pk]})
    assert added.status_code == 200, added.content
    assert added.json()["added"] == 3
    assert [s["title"] for s in added.json()["stories"]] == [first.title, second.title, third.title]
    again = api.post(f"{API}{edition.pk}/stories", {"story_ids": [first.pk]})
    assert again.json()["added"] == 0  # already in the book: not twice

    reordered = api.post(f"{API}{edition.pk}/stories/reorder", {"story_ids": [third.pk, first.pk]})
    assert _titles(reordered) == [third.title, first.title, second.title]
    removed = _send(api, "delete", f"{API}{edition.pk}/stories/{first.pk}")
    assert removed.status_code == 204
    assert _titles(api.get(f"{API}{edition.pk}/stories")) == [third.title, second.title]
    # The book the build prints follows: chapters by field, in the editors' order.
    chapters = api.get(f"{API}{edition.pk}/chapters").json()
    assert chapters == [
        {"title": "Hoạt động tình nguyện", "story_ids": [third.pk]},
        {"title": "Giáo dục", "story_ids": [second.pk]},
    ]


def test_reorder_refuses_a_story_not_in_the_book_or_named_twice(api_client, editor, edition, three):
    services.add_stories(editor, edition, three[:2])
    api = api_client(editor)
    outside = api.post(f"{API}{edition.pk}/stories/reorder", {"story_ids": [three[2].pk]})
    assert outside.status_code == 422 and outside.json()["code"] == "story_not_in_book"
    twice = api.post(f"{API}{edition.pk}/stories/reorder", {"story_ids": [three[0].pk, three[0].pk]})
    assert twice.status_code == 422 and twice.json()["code"] == "duplicate_story"
    assert [e.story_id for e in selectors.entries_of(edition)] == [three[0].pk, three[1].pk]


def test_only_published_stories_of_the_year_and_the_organisers_units_go_in(
    api_client, editor, edition, make_story, publish, laocai_officer, org_tree
):
    from guongsang.stories import services as story_services
    from guongsang.stories.models import Story

    api = api_client(editor)
    draft = make_story(title="Bản nháp chưa đăng")
    refused = api.post(f"{API}{edition.pk}/stories", {"story_ids": [draft.pk]})
    assert refused.status_code == 422 and refused.json()["code"] == "story_not_published"
    assert "Bản nháp chưa đăng" in refused.json()["message"]

    last_year = publish(make_story(title="Chuyện năm ngoái"))
    Story.objects.filter(pk=last_year.pk).update(
        published_at=last_year.published_at.replace(year=edition.year - 1)
    )
    old = api.post(f"{API}{edition.pk}/stories", {"story_ids": [last_year.pk]})
    assert old.status_code == 422 and old.json()["code"] == "story_other_year"

    laocai = story_services.create_story(laocai_officer, unit=org_tree.bao_thang, title="Chuyện ở Bảo Thắng")
    hidden = api.post(f"{API}{edition.pk}/stories", {"story_ids": [laocai.pk, 987654]})
    assert hidden.status_code == 422 and hidden.json()["code"] == "story_not_found"
    # The refusal names the numbers only: the title of another province's draft stays unseen.
    assert "Bảo Thắng" not in hidden.json()["message"] and str(laocai.pk) in hidden.json()["message"]
    assert not edition.entries.exists()


def test_laocai_editor_neither_sees_nor_changes_hanois_book(
    api_client, laocai_editor, edition, three, org_tree
):
    api = api_client(laocai_editor)
    assert api.get(f"{API}{edition.pk}").status_code == 404
    assert _send(api, "patch", f"{API}{edition.pk}", {"title": "Sách khác"}).status_code == 404
    assert api.post(f"{API}{edition.pk}/stories", {"story_ids": [three[0].pk]}).status_code == 404
    created = api.post(API, {"organiser": org_tree.hanoi.pk, "year": 2030})
    assert created.status_code == 403 and created.json()["code"] == "forbidden"
    assert "Chỉ biên tập viên của Thành phố Hà Nội" in created.json()["message"]
    edition.refresh_from_db()
    assert edition.title == "Những bông hoa đẹp" and not edition.entries.exists()


def test_ward_officer_who_writes_stories_may_not_compile_the_book(api_client, writer, org_tree):
    refused = api_client(writer).post(API, {"organiser": org_tree.thanh_xuan.pk, "year": 2030})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert not BookEdition.objects.exists()


def test_city_appraiser_sees_the_book_but_may_not_edit_it(api_client, city_appraiser, editor, edition, three):
    services.add_stories(editor, edition, three)
    api = api_client(city_appraiser)
    assert api.get(f"{API}{edition.pk}").status_code == 200
    for response in (
        _send(api, "patch", f"{API}{edition.pk}", {"foreword": "Không được sửa"}),
        api.post(f"{API}{edition.pk}/stories/reorder", {"story_ids": [three[2].pk]}),
        _send(api, "delete", f"{API}{edition.pk}/stories/{three[0].pk}"),
    ):
        assert response.status_code == 403, response.content
        assert response.json() == {
            "code": "forbidden",
            "message": "Chỉ biên tập viên của đơn vị tổ chức được biên tập sách.",
        }
    assert [e.story_id for e in selectors.entries_of(edition)] == [s.pk for s in three]


def test_release_before_the_build_is_refused(api_client, editor, edition):
    response = _send(api_client(editor), "patch", f"{API}{edition.pk}", {"is_public": True})
    assert response.status_code == 422
    assert response.json()["message"] == "Hãy dựng sách xong trước khi cho tải về."
