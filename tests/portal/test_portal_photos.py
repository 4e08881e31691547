"""Photos a citizen's phone took reach the public column upright and without their metadata
(the GPS position of the photographer's home, the time, the camera), and a photo that would
exhaust the server's memory once decoded is refused with a clear message."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from guongsang.stories import services
from tests.stories.fixtures import photo_upload

pytestmark = pytest.mark.django_db
ORIENTATION, GPS_IFD = 0x0112, 0x8825


def _phone_photo() -> bytes:
    """A 400×300 JPEG as a phone held upright writes it: orientation "rotate 90°", and where."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x0132] = "2026:01:05 07:30:00"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (21.0, 0.0, 7.5), 3: "E", 4: (105.0, 48.0, 12.25)})
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 120, 60)).save(buffer, "JPEG", exif=exif, quality=80)
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few bytes whose header claims ``width``×``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_published_photo_has_no_gps_and_stands_upright(make_story, writer, publish, client):
    original = _phone_photo()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test photo has them
    story = make_story()
    photo = services.add_photo(writer, story, image=photo_upload("dien-thoai.jpg", original), alt_text="Ảnh")
    publish(story)
    stored = photo.image.read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and photo.image.name.endswith(".jpg")
    assert image.size == (300, 400) and (photo.width, photo.height) == (300, 400)
    assert not image.getexif() and "exif" not in image.info
    assert b"Exif" not in stored
    # What the page sends is the photo's JPEG copy at its own width: upright, without EXIF too.
    (size,) = photo.renditions
    with photo.image.storage.open(size["name"]) as handle:
        served = handle.read()
    assert Image.open(io.BytesIO(served)).size == (300, 400) and b"Exif" not in served
    page = client.get(story.get_public_url()).content.decode()
    assert photo.image.storage.url(size["name"]) in page and 'width="300" height="400"' in page


def test_png_photo_is_kept_as_png_without_text_chunks(make_story, writer):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "Nhà riêng: số 5 ngõ 12")
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 30, 30)).save(buffer, "PNG", pnginfo=info)
    photo = services.add_photo(
        writer, make_story(), image=photo_upload("anh.png", buffer.getvalue()), alt_text="Ảnh"
    )
    stored = photo.image.read()
    assert Image.open(io.BytesIO(stored)).format == "PNG" and b"Nha" not in stored
    assert b"tEXt" not in stored and (photo.width, photo.height) == (320, 240)


@pytest.mark.parametrize(
    "width, height",
    [
        (30_000, 30_000),  # beyond twice Pillow's limit: Pillow refuses it
        (10_000, 10_000),  # between Pillow's limit and twice it: Pillow only warns
        (8_000, 6_000),  # under Pillow's limit, over ours
    ],
)
def test_photo_claiming_huge_dimensions_is_refused_clearly(make_story, writer, width, height):
    story = make_story()
    bomb = photo_upload("bom.png", _png_claiming(width, height))
    with pytest.raises(ValidationError) as refused:
        services.add_photo(writer, story, image=bomb, alt_text="Ảnh")
    assert refused.value.message_dict["image"] == [
        "Ảnh “bom.png” có kích thước quá lớn (tối đa 40 triệu điểm ảnh); hãy thu nhỏ ảnh rồi tải lên lại."
    ]
    assert story.photos.count() == 0


def test_photo_form_shows_the_huge_dimensions_message(client, writer, make_story):
    story = make_story()
    client.force_login(writer)
    page = client.post(
        f"/bai-viet/{story.pk}/anh/",
        {"image": photo_upload("bom.png", _png_claiming(30_000, 30_000)), "alt_text": "Ảnh"},
        follow=True,
    )
    assert "kích thước quá lớn" in page.content.decode() and story.photos.count() == 0
