"""A phone's 4000 px photo is not what a 360 px card downloads: each photo gets JPEG copies 480,
960 and 1600 px wide (never wider than itself), the pages offer them with ``srcset``, the link
shared on Facebook shows the 1600 px one, and they go when the photo goes."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from PIL import Image

from guongsang.stories import services
from guongsang.stories.models import StoryPhoto
from tests.stories.fixtures import photo_upload

pytestmark = pytest.mark.django_db


def _jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 60)).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _add(writer, story, width: int, height: int, **kwargs) -> StoryPhoto:
    upload = photo_upload("anh.jpg", _jpeg(width, height))
    return services.add_photo(writer, story, image=upload, alt_text="Cô Lan đứng lớp", **kwargs)


def _files(photo: StoryPhoto) -> list[str]:
    return [photo.image.name, *(r["name"] for r in photo.renditions)]


def _exists(photo: StoryPhoto, name: str) -> bool:
    return photo.image.storage.exists(name)


def test_photo_gets_progressive_jpeg_sizes_beside_it(make_story, writer):
    photo = _add(writer, make_story(), 2000, 1500)
    assert [(r["width"], r["height"]) for r in photo.renditions] == [(480, 360), (960, 720), (1600, 1200)]
    stem = photo.image.name.rsplit(".", 1)[0]
    for rendition in photo.renditions:
        assert rendition["name"] == f"{stem}-{rendition['width']}w.jpg"
        with photo.image.storage.open(rendition["name"]) as handle:
            data = handle.read()
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and image.info.get("progressive")
        assert image.size == (rendition["width"], rendition["height"])
        assert b"Exif" not in data
    assert (photo.width, photo.height) == (2000, 1500)  # the upload itself is kept as it was
    photo.refresh_from_db()
    assert len(photo.renditions) == 3


@pytest.mark.parametrize(
    "size, widths",
    [((300, 400), [300]), ((1000, 750), [480, 960, 1000]), ((1600, 900), [480, 960, 1600])],
)
def test_small_photo_is_not_upscaled(make_story, writer, size, widths):
    photo = _add(writer, make_story(), *size)
    assert [r["width"] for r in photo.renditions] == widths
    largest = photo.renditions[-1]
    with photo.image.storage.open(largest["name"]) as handle:
        assert Image.open(handle).size == size


def test_transparent_png_gets_jpeg_sizes_on_white(make_story, writer):
    buffer = io.BytesIO()
    Image.new("RGBA", (600, 400), (0, 0, 0, 0)).save(buffer, "PNG")
    photo = services.add_photo(
        writer, make_story(), image=photo_upload("logo.png", buffer.getvalue()), alt_text="Biểu trưng"
    )
    with photo.image.storage.open(photo.renditions[0]["name"]) as handle:
        image = Image.open(handle)
        assert image.format == "JPEG" and image.getpixel((10, 10)) == (255, 255, 255)


def _img_tags(page: str) -> list[str]:
    return re.findall(r"<img [^>]*>", page)


def test_story_page_offers_every_size_and_shares_the_largest(make_story, writer, publish, lan):
    story = make_story(nominees=[lan])
    first = _add(writer, story, 2000, 1500)
    second = _add(writer, story, 1200, 900)
    story = publish(story)
    page = Client().get(story.get_public_url()).content.decode()
    storage = first.image.storage
    urls = [storage.url(r["name"]) for r in first.renditions]
    hero, other = [tag for tag in _img_tags(page) if "Cô Lan đứng lớp" in tag]
    assert f'srcset="{urls[0]} 480w, {urls[1]} 960w, {urls[2]} 1600w"' in hero
    assert f'src="{urls[1]}"' in hero and 'sizes="' in hero
    assert 'width="2000" height="1500"' in hero and "loading" not in hero  # in the first screen
    assert "1200w" in other and 'loading="lazy"' in other
    assert first.image.url not in page and second.image.url not in page  # no upload is sent
    assert f'<meta property="og:image" content="https://guongsang.example.vn{urls[2]}">' in page
    assert '<meta property="og:image:width" content="1600">' in page
    assert '<meta property="og:image:height" content="1200">' in page
    assert f'<meta name="twitter:image" content="https://guongsang.example.vn{urls[2]}">' in page


def test_card_offers_only_the_sizes_a_card_needs(make_story, writer, publish, lan):
    story = make_story(nominees=[lan])
    photo = _add(writer, story, 2000, 1500)
    publish(story)
    storage = photo.image.storage
    small, middle, large = (storage.url(r["name"]) for r in photo.renditions)
    for address in ("/tin-tuc/nguoi-tot-viec-tot/", f"/tin-tuc/don-vi/{story.unit_id}/"):
        (card,) = _img_tags(Client().get(address).content.decode())[1:]  # after the logo
        assert f'src="{small}"' in card and f'srcset="{small} 480w, {middle} 960w"' in card
        assert large not in card and 'loading="lazy"' in card and 'width="400" height="225"' in card
    (card,) = _img_tags(Client().get("/tin-tuc/").content.decode())[1:]
    assert "loading" not in card  # the home page's first card is in the first screen


def test_removing_photo_removes_its_files(make_story, writer, django_capture_on_commit_callbacks):
    photo = _add(writer, make_story(), 1000, 750)
    names = _files(photo)
    assert len(names) == 4 and all(_exists(photo, n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_photo(writer, photo)
    assert not any(_exists(photo, n) for n in names)


def test_command_gives_old_photos_their_sizes_once(make_story, writer, publish, lan):
    story = make_story(nominees=[lan])
    photo = _add(writer, story, 1000, 750)
    story = publish(story)
    # A photo uploaded before the sizes existed: none recorded, none stored.
    for rendition in photo.renditions:
        photo.image.storage.delete(rendition["name"])
    StoryPhoto.objects.filter(pk=photo.pk).update(renditions=[])
    assert "srcset" not in Client().get(story.get_public_url()).content.decode()  # now cached

    out = io.StringIO()
    call_command("resize_photos", stdout=out)
    assert "Đã tạo các cỡ ảnh cho 1 ảnh." in out.getvalue()
    photo.refresh_from_db()
    assert [r["width"] for r in photo.renditions] == [480, 960, 1000]
    assert all(_exists(photo, n) for n in _files(photo))
    assert "1000w" in Client().get(story.get_public_url()).content.decode()  # the cache was dropped

    made = photo.renditions
    out = io.StringIO()
    call_command("resize_photos", stdout=out)
    assert "Không có thay đổi" in out.getvalue()
    photo.refresh_from_db()
    assert photo.renditions == made and all(_exists(photo, n) for n in _files(photo))


def test_command_skips_a_photo_whose_file_is_gone(make_story, writer):
    photo = _add(writer, make_story(), 600, 400)
    photo.image.storage.delete(photo.image.name)
    StoryPhoto.objects.filter(pk=photo.pk).update(renditions=[])
    out = io.StringIO()
    call_command("resize_photos", stdout=out)
    assert "1 ảnh không đọc được" in out.getvalue()
    photo.refresh_from_db()
    assert photo.renditions == []


def test_public_api_lists_the_sizes(api_client, make_story, writer, publish, lan):
    story = make_story(nominees=[lan])
    _add(writer, story, 1000, 750)
    publish(story)
    (photo,) = api_client().get(f"/api/v1/public/stories/{story.pk}").json()["photos"]
    assert [(s["width"], s["height"]) for s in photo["sizes"]] == [(480, 360), (960, 720), (1000, 750)]
    assert all(s["url"].endswith(f"-{s['width']}w.jpg") for s in photo["sizes"])
