"""The stories API: back office with tokens, public list and detail without login."""

import pytest

from guongsang.stories.models import Story

pytestmark = pytest.mark.django_db


def test_public_list_has_only_published_stories(api_client, published, make_story):
    make_story(title="Bản nháp")
    response = api_client().get("/api/v1/public/stories/")
    assert response.status_code == 200
    assert [s["title"] for s in response.json()["items"]] == [published.title]


def test_public_detail_shows_public_fields_only(api_client, published, lan):
    body = api_client().get(f"/api/v1/public/stories/{published.pk}").json()
    assert body["people"] == [
        {
            "id": lan.pk,
            "data": {"full_name": "Phạm Thị Lan", "occupation": "Giáo viên", "unit": "Phường Thanh Xuân"},
        }
    ]
    assert body["photos"][0]["alt_text"] == "Cô Lan giảng bài"
    assert "cccd" not in str(body).lower()


def test_public_detail_of_a_draft_is_404(api_client, make_story):
    response = api_client().get(f"/api/v1/public/stories/{make_story().pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_back_office_needs_a_token(api_client):
    assert api_client().get("/api/v1/stories/").status_code == 401


def test_writer_creates_and_submits_editor_publishes(api_client, writer, editor, org_tree, lan):
    as_writer = api_client(writer)
    created = as_writer.post(
        "/api/v1/stories/",
        {
            "unit": org_tree.thanh_xuan.pk,
            "title": "Bài qua API",
            "body": "<p>Nội dung</p>",
            "nominees": [lan.pk],
        },
    )
    assert created.status_code == 201, created.content
    story_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert as_writer.post(f"/api/v1/stories/{story_id}/transitions/submit").json()["status"] == "review"
    refused = as_writer.post(f"/api/v1/stories/{story_id}/transitions/publish")
    assert refused.status_code == 403
    published = api_client(editor).post(f"/api/v1/stories/{story_id}/transitions/publish")
    assert published.json()["status"] == "published"
    again = api_client(editor).post(f"/api/v1/stories/{story_id}/transitions/publish")
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"


def test_publishing_without_consent_is_422(api_client, writer, editor, org_tree, hung):
    as_writer = api_client(writer)
    story_id = as_writer.post(
        "/api/v1/stories/",
        {"unit": org_tree.thanh_xuan.pk, "title": "Về anh Hùng", "lead": "x", "nominees": [hung.pk]},
    ).json()["id"]
    as_writer.post(f"/api/v1/stories/{story_id}/transitions/submit")
    response = api_client(editor).post(f"/api/v1/stories/{story_id}/transitions/publish")
    assert response.status_code == 422
    assert response.json()["code"] == "not_publishable" and "Đoàn Văn Hùng" in response.json()["message"]
    assert Story.objects.get(pk=story_id).status == Story.Status.REVIEW


def test_officer_of_another_province_sees_no_story(api_client, laocai_officer, published):
    response = api_client(laocai_officer).get(f"/api/v1/stories/{published.pk}")
    assert response.status_code == 404


def test_api_missing_title_is_a_validation_error(api_client, writer, org_tree):
    response = api_client(writer).post("/api/v1/stories/", {"unit": org_tree.thanh_xuan.pk, "title": ""})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_openapi_schema_builds(api_client):
    response = api_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/stories/",
        "/api/v1/public/stories/",
        "/api/v1/search",
        "/api/v1/weekly-selections/",
        "/api/v1/books/",
    ):
        assert path in paths
