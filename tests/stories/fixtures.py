"""Fixtures of the publicity tests (stories, portal, books), imported by their conftests.

Thanh Xuân's officer writes; the city's editor reviews and publishes; Lan is the exemplar who
consented to every form of publication, Hùng the one who has not consented to anything.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guongsang.core.permissions import Role
from guongsang.movements.models import Field
from guongsang.nominees import services as nominee_services
from guongsang.stories import services
from tests.factories import MembershipFactory, UserFactory

LAN_CCCD = "001190054321"
LAN_PHONE = "0987 654 321"


def png_bytes(width: int = 400, height: int = 300, color=(200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(width: int = 800, height: int = 600) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 60)).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def photo_upload(name: str = "anh.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else png_bytes(), content_type="image/png")


@pytest.fixture
def writer(org_tree):
    """Cán bộ thi đua of Phường Thanh Xuân: writes the ward's stories."""
    user = UserFactory(username="canbo.thanhxuan.bv", full_name="Nguyễn Thị Viết")
    MembershipFactory(user=user, unit=org_tree.thanh_xuan, role=Role.OFFICER)
    return user


@pytest.fixture
def editor(org_tree):
    """Biên tập viên of Hà Nội: reviews and publishes for every unit of the city."""
    user = UserFactory(username="bientap.hanoi.bv", full_name="Đặng Văn Bút")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.EDITOR)
    return user


@pytest.fixture
def ward_editor(org_tree):
    """Biên tập viên of Phường Thanh Xuân: records how the ward propagated weekly lists."""
    user = UserFactory(username="bientap.thanhxuan", full_name="Lê Văn Tin")
    MembershipFactory(user=user, unit=org_tree.thanh_xuan, role=Role.EDITOR)
    return user


@pytest.fixture
def field_volunteer(db):
    return Field.objects.get_or_create(
        code="tinh-nguyen", defaults={"name": "Hoạt động tình nguyện", "order": 1}
    )[0]


@pytest.fixture
def field_education(db):
    return Field.objects.get_or_create(code="giao-duc", defaults={"name": "Giáo dục", "order": 2})[0]


@pytest.fixture
def records_officer(org_tree):
    user = UserFactory(username="canbo.hoso", full_name="Trần Hồ Sơ")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.APPRAISER)
    return user


@pytest.fixture
def lan(org_tree, records_officer):
    """Phạm Thị Lan of Thanh Xuân: consented to every form of publication; her CCCD and phone
    stay private, her name, occupation and unit are public."""
    person = nominee_services.create_nominee(
        records_officer,
        full_name="Phạm Thị Lan",
        gender="female",
        birth_year=1990,
        unit=org_tree.thanh_xuan,
        cccd=LAN_CCCD,
        phone=LAN_PHONE,
        email="lan.pham@example.vn",
        occupation="Giáo viên",
    )
    nominee_services.update_nominee(
        records_officer, person, public_fields=["full_name", "occupation", "unit"]
    )
    nominee_services.give_consent(records_officer, person, given_by="Phạm Thị Lan", scope="all")
    person.refresh_from_db()
    return person


@pytest.fixture
def hung(org_tree, records_officer):
    """Đoàn Văn Hùng of Thanh Xuân: has given no consent."""
    return nominee_services.create_nominee(
        records_officer, full_name="Đoàn Văn Hùng", birth_year=1975, unit=org_tree.thanh_xuan
    )


@pytest.fixture
def make_story(org_tree, writer, field_volunteer):
    """``make_story(**overrides)``: a draft of Thanh Xuân about Lan, written by the ward officer."""

    def make(nominees=None, unit=None, **data):
        values = {
            "title": "Cô giáo Lan và lớp học tình thương",
            "lead": "Mười năm dạy chữ miễn phí cho trẻ em khó khăn ở Thanh Xuân.",
            "body": "<p>Mỗi tối, lớp học nhỏ sáng đèn.</p><p>Những đứa trẻ đã biết đọc, biết viết.</p>",
            "author_name": "Trần Minh Báo",
            "field": field_volunteer,
        }
        values.update(data)
        return services.create_story(
            writer, unit=unit or org_tree.thanh_xuan, nominees=nominees or [], **values
        )

    return make


@pytest.fixture
def publish(writer, editor):
    """``publish(story)``: submit as the writer, publish as the editor."""

    def run(story):
        story = services.submit_for_review(writer, story)
        return services.publish(editor, story)

    return run


@pytest.fixture
def published(make_story, publish, lan):
    """A published story about Lan, with one photo."""
    story = make_story(nominees=[lan])
    services.add_photo(
        story.created_by, story, image=photo_upload(), alt_text="Cô Lan giảng bài", caption="Lớp học buổi tối"
    )
    story = publish(story)
    story.refresh_from_db()
    return story


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://guongsang.example.vn"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


__all__ = [
    "_fresh_cache",
    "_media",
    "editor",
    "field_education",
    "field_volunteer",
    "hung",
    "lan",
    "make_story",
    "publish",
    "published",
    "records_officer",
    "ward_editor",
    "writer",
]
