"""The editors' pages: list, write, review, publish, photos, press log."""

import pytest

from guongsang.stories.models import Story
from tests.stories.fixtures import photo_upload

pytestmark = pytest.mark.django_db


def test_writer_writes_and_submits_through_the_pages(client, writer, org_tree, lan, field_volunteer):
    client.force_login(writer)
    assert client.get("/bai-viet/").status_code == 200
    response = client.post(
        "/bai-viet/viet-bai/",
        {
            "unit": org_tree.thanh_xuan.pk,
            "title": "Bài mới",
            "lead": "Sa-pô",
            "body": "Đoạn một.\n\nĐoạn hai.",
            "nominees": [lan.pk],
            "field": field_volunteer.pk,
        },
    )
    story = Story.objects.get(title="Bài mới")
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    assert story.body == "<p>Đoạn một.</p><p>Đoạn hai.</p>"
    upload = client.post(
        f"/bai-viet/{story.pk}/anh/",
        {"image": photo_upload(), "alt_text": "Ảnh lớp học", "caption": "Buổi tối"},
    )
    assert upload.status_code == 302 and story.photos.count() == 1
    client.post(f"/bai-viet/{story.pk}/chuyen/submit/")
    story.refresh_from_db()
    assert story.status == Story.Status.REVIEW
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Duyệt và đăng" not in page  # the writer may not publish


def test_editor_publishes_from_the_page(client, editor, make_story, writer, lan):
    from guongsang.stories import services

    story = services.submit_for_review(writer, make_story(nominees=[lan]))
    client.force_login(editor)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Duyệt và đăng" in page and "Trả lại để sửa" in page
    client.post(f"/bai-viet/{story.pk}/chuyen/publish/")
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED


def test_missing_consent_is_explained_on_the_page(client, editor, make_story, writer, hung):
    from guongsang.stories import services

    story = services.submit_for_review(writer, make_story(nominees=[hung]))
    client.force_login(editor)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "thiếu sự đồng ý công bố" in page and "Đoàn Văn Hùng" in page
    response = client.post(f"/bai-viet/{story.pk}/chuyen/publish/", follow=True)
    assert "Chưa thể đăng" in response.content.decode()


def test_bad_photo_shows_a_clear_message(client, writer, make_story):
    story = make_story()
    client.force_login(writer)
    response = client.post(
        f"/bai-viet/{story.pk}/anh/",
        {"image": photo_upload("a.png", b"not an image at all"), "alt_text": "x"},
        follow=True,
    )
    assert "không phải là tệp PNG hợp lệ" in response.content.decode()


def test_outsider_sees_no_story(client, outsider, make_story):
    story = make_story()
    client.force_login(outsider)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_press_log_page(client, editor, lan):
    client.force_login(editor)
    response = client.post(
        f"/bai-viet/bao-chi/{lan.pk}/",
        {
            "outlet": "Báo Nhân Dân",
            "published_on": "2026-03-02",
            "url": "https://nhandan.vn/a",
            "title": "Cô giáo Lan",
        },
    )
    assert response.status_code == 302
    assert "Báo Nhân Dân" in client.get(f"/bai-viet/bao-chi/{lan.pk}/").content.decode()


def test_nominee_page_lists_their_stories(client, editor, published, lan):
    client.force_login(editor)
    assert published.title in client.get(lan.get_absolute_url()).content.decode()
