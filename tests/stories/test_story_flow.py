"""The editorial flow of stories: draft → in review → published → unpublished, by role; consent
and private data checked on publication; photos checked."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guongsang.nominees import services as nominee_services
from guongsang.stories import selectors, services
from guongsang.stories.models import Story
from tests.stories.fixtures import LAN_CCCD, jpeg_bytes, photo_upload

pytestmark = pytest.mark.django_db


def test_story_goes_from_draft_to_published_by_the_editor(make_story, writer, editor, lan):
    story = make_story(nominees=[lan])
    assert story.status == Story.Status.DRAFT
    story = services.submit_for_review(writer, story)
    assert story.status == Story.Status.REVIEW
    story = services.publish(editor, story)
    assert story.status == Story.Status.PUBLISHED
    assert story.published_by == editor and story.published_at is not None
    assert selectors.public_stories().filter(pk=story.pk).exists()


def test_writer_cannot_publish_their_own_story(make_story, writer, lan):
    story = services.submit_for_review(writer, make_story(nominees=[lan]))
    with pytest.raises(PermissionDenied):
        services.publish(writer, story)


def test_officer_of_another_ward_cannot_write_for_thanh_xuan(org_tree, commune_officer, laocai_officer):
    with pytest.raises(PermissionDenied):
        services.create_story(laocai_officer, unit=org_tree.thanh_xuan, title="Bài lạ")


def test_publishing_a_draft_is_refused_as_a_transition(make_story, editor, lan):
    story = make_story(nominees=[lan])
    with pytest.raises(services.TransitionRefused):
        services.publish(editor, story)


def test_story_about_a_person_without_consent_is_not_publishable(make_story, writer, editor, hung):
    story = services.submit_for_review(writer, make_story(nominees=[hung]))
    with pytest.raises(ValidationError) as refused:
        services.publish(editor, story)
    assert "Đoàn Văn Hùng" in " ".join(refused.value.messages)
    assert "đồng ý công bố" in " ".join(refused.value.messages)
    story.refresh_from_db()
    assert story.status == Story.Status.REVIEW


def test_withdrawn_consent_takes_the_story_off_the_public_column(published, lan, records_officer):
    consent = lan.consents.get()
    nominee_services.withdraw_consent(records_officer, consent)
    assert not selectors.public_stories().filter(pk=published.pk).exists()


def test_story_showing_the_persons_cccd_is_refused(make_story, writer, editor, lan):
    spaced = " ".join([LAN_CCCD[:3], LAN_CCCD[3:6], LAN_CCCD[6:]])
    story = make_story(nominees=[lan], body=f"<p>Chị Lan, CCCD {spaced}, sống tại phường.</p>")
    story = services.submit_for_review(writer, story)
    with pytest.raises(ValidationError) as refused:
        services.publish(editor, story)
    assert "số CCCD" in " ".join(refused.value.messages)


def test_story_showing_the_persons_phone_in_a_caption_is_refused(make_story, writer, editor, lan):
    story = make_story(nominees=[lan])
    services.add_photo(writer, story, image=photo_upload(), alt_text="Ảnh", caption="Liên hệ 0987.654.321")
    story = services.submit_for_review(writer, story)
    with pytest.raises(ValidationError) as refused:
        services.publish(editor, story)
    assert "số điện thoại" in " ".join(refused.value.messages)


def test_unpublish_then_resubmit(published, writer, editor):
    story = services.unpublish(editor, published, "Cần cập nhật thông tin")
    assert story.status == Story.Status.UNPUBLISHED
    assert not selectors.public_stories().filter(pk=story.pk).exists()
    story = services.submit_for_review(writer, story)
    assert story.status == Story.Status.REVIEW


def test_return_to_draft_keeps_the_editors_note(make_story, writer, editor, lan):
    story = services.submit_for_review(writer, make_story(nominees=[lan]))
    story = services.return_to_draft(editor, story, "Bổ sung ảnh")
    assert story.status == Story.Status.DRAFT and story.review_note == "Bổ sung ảnh"


def test_writer_cannot_edit_a_published_story(published, writer):
    with pytest.raises(PermissionDenied):
        services.update_story(writer, published, title="Sửa lén")


def test_body_is_sanitised_to_the_allow_list(make_story):
    story = make_story(
        body='<p onclick="x()">Chào <a href="javascript:alert(1)">bạn</a><script>alert(1)</script>'
        '<img src=x onerror=alert(1)><a href="https://hanoi.gov.vn">cổng</a></p>'
    )
    assert "script" not in story.body and "onclick" not in story.body and "onerror" not in story.body
    assert "javascript" not in story.body and "<img" not in story.body
    assert 'href="https://hanoi.gov.vn"' in story.body and "nofollow" in story.body


def test_plain_text_body_becomes_paragraphs(make_story):
    story = make_story(body="Đoạn một.\n\nĐoạn hai 3 < 5 & 7 > 2")
    assert story.body == "<p>Đoạn một.</p><p>Đoạn hai 3 &lt; 5 &amp; 7 &gt; 2</p>"


def test_non_image_photo_is_refused_with_a_clear_message(make_story, writer):
    story = make_story()
    fake = photo_upload("anh.png", b"<?php echo 'x'; ?>" + b"0" * 100)
    with pytest.raises(ValidationError) as refused:
        services.add_photo(writer, story, image=fake, alt_text="Ảnh")
    assert "không phải là tệp PNG hợp lệ" in " ".join(refused.value.messages)


def test_oversized_photo_is_refused(make_story, writer):
    story = make_story()
    big = photo_upload("anh.jpg", jpeg_bytes()[:20] + b"0" * (6 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        services.add_photo(writer, story, image=big, alt_text="Ảnh")
    assert "vượt quá giới hạn" in " ".join(refused.value.messages)


def test_pdf_renamed_to_jpg_is_refused(make_story, writer):
    story = make_story()
    with pytest.raises(ValidationError):
        services.add_photo(
            writer, story, image=photo_upload("anh.jpg", b"%PDF-1.7 ..." + b"0" * 500), alt_text="Ảnh"
        )


def test_photo_needs_alternative_text(make_story, writer):
    story = make_story()
    with pytest.raises(ValidationError) as refused:
        services.add_photo(writer, story, image=photo_upload(), alt_text="  ")
    assert "khiếm thị" in " ".join(refused.value.messages)


def test_photo_keeps_its_size_caption_and_alt_text(make_story, writer):
    story = make_story()
    photo = services.add_photo(writer, story, image=photo_upload(), alt_text="Cô Lan", caption="Lớp học")
    assert (photo.width, photo.height) == (400, 300)
    assert photo.alt_text == "Cô Lan" and photo.caption == "Lớp học"


def test_history_names_the_actor(published, editor):
    assert published.history.first().history_user == editor


def test_press_coverage_is_logged(lan, editor):
    import datetime as dt

    entry = services.record_coverage(
        editor, lan, outlet="Báo Hà Nội Mới", published_on=dt.date(2026, 3, 2), url="https://hanoimoi.vn/a"
    )
    assert list(selectors.coverage_of(lan)) == [entry]


def test_press_coverage_link_must_be_http(lan, editor):
    import datetime as dt

    with pytest.raises(ValidationError):
        services.record_coverage(
            editor, lan, outlet="Báo", published_on=dt.date(2026, 3, 2), url="javascript:alert(1)"
        )
