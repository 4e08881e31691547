"""Sending entries: required author contact, word limits, kinds, insiders refused, DOCX."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from guongsang.contest import services
from guongsang.contest.models import Entry

from .conftest import story


def _docx(text: str) -> SimpleUploadedFile:
    document = Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("bai.docx", buffer.getvalue())


def test_public_entry_gets_codes_and_encrypted_phone(send):
    entry = send(author_phone="0912 345 678")
    assert entry.tracking_code.startswith("CT-")
    assert entry.blind_code.startswith("BV-")
    assert entry.author_phone == "0912345678"
    assert entry.word_count == 120
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT author_phone FROM contest_entry WHERE id = %s", [entry.pk])
        assert "0912345678" not in cursor.fetchone()[0]


def test_entry_without_author_contact_is_refused(send):
    with pytest.raises(ValidationError) as exc:
        send(author_phone="", author_address="", author_name="")
    errors = exc.value.message_dict
    assert set(errors) >= {"author_phone", "author_address", "author_name"}
    assert "số điện thoại" in errors["author_phone"][0]
    assert Entry.objects.count() == 0


def test_too_long_entry_says_by_how_much(send):
    with pytest.raises(ValidationError) as exc:
        send(text=story(450))
    assert exc.value.message_dict["text"] == [
        "Bài viết có 450 chữ, vượt giới hạn 400 chữ của cuộc thi. Vui lòng rút gọn bớt 50 chữ."
    ]


def test_too_short_entry_is_refused(send):
    with pytest.raises(ValidationError) as exc:
        send(text=story(10))
    assert "tối thiểu 50 chữ" in exc.value.message_dict["text"][0]


def test_press_work_must_be_published(send):
    with pytest.raises(ValidationError) as exc:
        send(kind="press")
    assert set(exc.value.message_dict) >= {"press_outlet", "press_date", "press_link"}


def test_video_over_seven_minutes_is_refused(send):
    with pytest.raises(ValidationError) as exc:
        send(kind="video", text="", video_link="https://video.example/v/1", video_minutes="8.5")
    assert "vượt giới hạn 7 phút" in exc.value.message_dict["video_minutes"][0]


def test_judge_cannot_enter(send, first_round, judges):
    with pytest.raises(PermissionDenied):
        send(actor=judges[0])


def test_organiser_cannot_enter_even_by_email(send, organiser):
    with pytest.raises(PermissionDenied):
        send(actor=organiser)
    with pytest.raises(PermissionDenied):
        send(author_email=organiser.email.upper())


def test_closed_contest_refuses_entries(send, contest, organiser):
    services.set_contest_status(organiser, contest, "judging")
    with pytest.raises(ValidationError, match="không nhận bài"):
        send()


def test_entry_through_unit_needs_its_officer(send, org_tree, commune_officer, laocai_officer):
    entry = send(actor=commune_officer, via_unit=org_tree.thanh_xuan)
    assert entry.unit == org_tree.thanh_xuan
    with pytest.raises(PermissionDenied):
        send(actor=laocai_officer, via_unit=org_tree.thanh_xuan)


def test_docx_upload_becomes_text(send):
    entry = send(text="", docx=_docx("Đoạn mở đầu.\n" + story(80)))
    assert entry.text.startswith("Đoạn mở đầu.")
    assert entry.word_count == 83


def test_malformed_docx_gets_a_clear_message(send):
    bad = SimpleUploadedFile("bai.docx", b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ValidationError) as exc:
        send(text="", docx=bad)
    assert "bị hỏng" in exc.value.message_dict["docx"][0]
    assert Entry.objects.count() == 0


def test_docx_bomb_is_refused(send):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<a>" + "x" * (50 * 1024 * 1024) + "</a>")
    with pytest.raises(ValidationError) as exc:
        send(text="", docx=SimpleUploadedFile("bom.docx", buffer.getvalue()))
    assert "quá lớn khi giải nén" in exc.value.message_dict["docx"][0]


def test_zip_bomb_docx_is_refused_in_a_second(send, zip_bomb):
    started = time.perf_counter()
    with pytest.raises(ValidationError) as exc:
        send(text="", docx=SimpleUploadedFile("bai.docx", zip_bomb))
    assert time.perf_counter() - started < 1
    assert "quá lớn khi giải nén" in exc.value.message_dict["docx"][0]
    assert Entry.objects.count() == 0


def test_huge_docx_is_refused(send):
    huge = SimpleUploadedFile("to.docx", b"PK\x03\x04" + b"0" * (6 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        send(text="", docx=huge)
    assert "vượt quá giới hạn" in exc.value.message_dict["docx"][0]
