"""A movement's documents: only real PDF/DOCX/XLSX/JPG/PNG up to 20 MB, read only by its viewers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from guongsang.movements import services
from guongsang.movements.models import MovementAttachment

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_launcher_attaches_a_plan(hanoi_movement, city_officer):
    attachment = services.add_attachment(
        city_officer, hanoi_movement, upload("ke-hoach-99.pdf", PDF), "Kế hoạch 99/KH-UBND"
    )
    assert attachment.title == "Kế hoạch 99/KH-UBND"
    assert attachment.file.read() == PDF
    assert attachment.history.get().history_user == city_officer


def test_title_defaults_to_the_file_name(hanoi_movement, city_officer):
    attachment = services.add_attachment(city_officer, hanoi_movement, upload("huong-dan.pdf", PDF))
    assert attachment.title == "huong-dan.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "virus.exe",
            b"MZ\x90\x00",
            "Tệp “virus.exe” không đúng định dạng cho phép. Chỉ nhận tệp PDF, DOCX, XLSX, JPG hoặc PNG.",
        ),
        (
            "ke-hoach.pdf",
            b"<html>not a pdf</html>",
            "Nội dung tệp “ke-hoach.pdf” không phải là tệp PDF hợp lệ.",
        ),
        ("anh.png", b"\xff\xd8\xff\xe0 jpeg bytes", "Nội dung tệp “anh.png” không phải là tệp PNG hợp lệ."),
        ("rong.pdf", b"", "Tệp “rong.pdf” rỗng."),
        (
            "khong-duoi",
            PDF,
            "Tệp “khong-duoi” không đúng định dạng cho phép. Chỉ nhận tệp PDF, DOCX, XLSX, JPG hoặc PNG.",
        ),
    ],
)
def test_wrong_files_are_refused(hanoi_movement, city_officer, name, content, message):
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(city_officer, hanoi_movement, upload(name, content))
    assert refused.value.message_dict == {"file": [message]}
    assert not MovementAttachment.objects.exists()


def test_file_over_20_mb_is_refused(hanoi_movement, city_officer):
    big = upload("bao-cao.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError, match="vượt quá giới hạn 20 MB"):
        services.add_attachment(city_officer, hanoi_movement, big)


def test_title_longer_than_255_is_refused(hanoi_movement, city_officer):
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(city_officer, hanoi_movement, upload("a.pdf", PDF), "T" * 256)
    assert refused.value.message_dict == {"title": ["Tiêu đề tài liệu không được dài quá 255 ký tự."]}


def test_participant_cannot_attach_to_the_citys_movement(hanoi_movement, commune_officer):
    with pytest.raises(PermissionDenied):
        services.add_attachment(commune_officer, hanoi_movement, upload("a.pdf", PDF))


def test_download_for_viewers_only(hanoi_movement, city_officer, signed_in):
    attachment = services.add_attachment(
        city_officer, hanoi_movement, upload("ke-hoach.pdf", PDF), "Kế hoạch"
    )
    url = f"/phong-trao/tai-lieu/{attachment.pk}/"
    response = signed_in("commune_officer").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="ke-hoach.pdf"' in response["Content-Disposition"]
    assert signed_in("laocai_officer").get(url).status_code == 404


def test_remove_attachment_deletes_the_file_after_commit(
    hanoi_movement, city_officer, commune_officer, django_capture_on_commit_callbacks
):
    attachment = services.add_attachment(city_officer, hanoi_movement, upload("ke-hoach.pdf", PDF))
    path = attachment.file.path
    with pytest.raises(PermissionDenied):
        services.remove_attachment(commune_officer, attachment)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(city_officer, attachment)
    assert not MovementAttachment.objects.exists()
    import os

    assert not os.path.exists(path)
