"""The e-book at full size: 300 stories with photos built into an EPUB 3 and an A5 PDF.

Fills a scratch database with 300 published stories (each with a 1600×1200 JPEG photo, the
size a phone camera's picture has after the editor's upload, and its smaller copies) about
people who consented to the book, then times ``books.build.run_build`` — the job the editor
starts — end to end (target < 60 s).

    .venv/bin/python bench/run.py book
"""

from __future__ import annotations

import io
import random
import tempfile
import time

from bench.harness import engine_label, scratch_database

STORIES = int(__import__("os").environ.get("BENCH_BOOK_STORIES", "300"))
TARGET_S = 60.0
WORDS = [
    "người",
    "tốt",
    "việc",
    "tốt",
    "tình",
    "nguyện",
    "hiến",
    "máu",
    "dạy",
    "học",
    "miễn",
    "phí",
    "giúp",
    "đỡ",
    "người",
    "nghèo",
    "cứu",
    "người",
    "đuối",
    "nước",
    "trả",
    "lại",
    "của",
    "rơi",
    "xây",
    "nhà",
    "tình",
    "thương",
    "trồng",
    "cây",
    "gây",
    "rừng",
    "chăm",
    "sóc",
    "người",
    "già",
    "thanh",
    "niên",
    "phụ",
    "nữ",
    "cựu",
    "chiến",
    "binh",
    "học",
    "sinh",
    "giáo",
    "viên",
    "bác",
    "sĩ",
    "công",
    "an",
    "nông",
    "dân",
]


def _photo(rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(1600), rng.randrange(1200)
        draw.rectangle(
            [x, y, x + rng.randrange(50, 400), y + rng.randrange(50, 300)],
            fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)),
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _paragraphs(rng: random.Random, count: int) -> str:
    return "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 110))).capitalize() + ".</p>"
        for _ in range(count)
    )


def main() -> bool:
    from django.core.files.base import ContentFile
    from django.test import override_settings
    from django.utils import timezone

    from guongsang.accounts.models import Membership, User
    from guongsang.books.build import run_build
    from guongsang.books.models import BookEdition, BookEntry
    from guongsang.core.models import Job
    from guongsang.core.permissions import Role
    from guongsang.movements.models import Field
    from guongsang.nominees.models import Consent, Nominee
    from guongsang.orgs.models import OrgUnit
    from guongsang.stories import photos as photo_sizes
    from guongsang.stories.models import Story, StoryPhoto

    rng = random.Random(2026)
    with scratch_database(), tempfile.TemporaryDirectory(prefix="guongsang-bench-media-") as media:
        print(f"  database: {engine_label()} (scratch)")
        with override_settings(MEDIA_ROOT=media):
            units = OrgUnit.objects
            root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
            hanoi = units.add_child(
                root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"}
            )
            wards = [
                units.add_child(
                    hanoi, {"name": f"Phường Thử {i}", "kind": OrgUnit.Kind.COMMUNE, "code": f"9{i:04d}"}
                )
                for i in range(12)
            ]
            fields = [Field.objects.create(code=f"f{i}", name=f"Lĩnh vực {i}", order=i) for i in range(6)]
            editor = User.objects.create_user("bientap.bench", password="x", full_name="Biên Tập")
            Membership.objects.create(user=editor, unit=hanoi, role=Role.EDITOR)
            edition = BookEdition.objects.create(
                organiser=hanoi,
                year=timezone.localdate().year,
                foreword=_paragraphs(rng, 3),
                created_by=editor,
            )
            edition.cover.save("cover.jpg", ContentFile(_photo(rng)), save=True)
            started = time.perf_counter()
            photos = [_photo(rng) for _ in range(20)]  # reused: generating 300 is not what we time
            # The smaller copies the upload (stories.services.add_photo) stores beside each photo.
            sizes = [photo_sizes.render_sizes(photo_sizes.decoded(io.BytesIO(p))[0]) for p in photos]
            for index in range(STORIES):
                person = Nominee.objects.create(full_name=f"Người Tốt {index}", unit=rng.choice(wards))
                Consent.objects.create(
                    nominee=person,
                    given_by=person.full_name,
                    given_at=timezone.localdate(),
                    scope=Consent.Scope.ALL,
                )
                story = Story.objects.create(
                    unit=person.unit,
                    field=rng.choice(fields),
                    title=f"Câu chuyện số {index}: " + " ".join(rng.choice(WORDS) for _ in range(6)),
                    lead=" ".join(rng.choice(WORDS) for _ in range(30)),
                    body=_paragraphs(rng, rng.randint(6, 10)),
                    author_name="Phóng viên",
                    status=Story.Status.PUBLISHED,
                    published_at=timezone.now(),
                )
                story.nominees.add(person)
                photo = StoryPhoto(
                    story=story, alt_text="Ảnh minh hoạ", caption=f"Ảnh {index}", width=1600, height=1200
                )
                photo.image.save(f"p{index}.jpg", ContentFile(photos[index % len(photos)]), save=False)
                storage = photo.image.storage
                photo.renditions = [
                    {
                        "name": storage.save(
                            photo_sizes.rendition_name(photo.image.name, size.width), ContentFile(size.data)
                        ),
                        "width": size.width,
                        "height": size.height,
                    }
                    for size in sizes[index % len(photos)]
                ]
                photo.save()
                BookEntry.objects.create(edition=edition, story=story, order=index * 10)
            print(f"  setup: {STORIES} stories with photos in {time.perf_counter() - started:.1f} s")

            job = Job.objects.create(
                owner=editor, kind="books.build", title="bench", params={"edition": edition.pk}
            )
            started = time.perf_counter()
            run_build(job.pk)
            elapsed = time.perf_counter() - started
            job.refresh_from_db()
            edition.refresh_from_db()
            ok = job.status == Job.Status.SUCCEEDED and elapsed < TARGET_S
            print(
                f"  e-book of {STORIES} stories with photos: {elapsed:.1f} s  "
                f"(EPUB {edition.epub.size / 1e6:.1f} MB, PDF {edition.pdf.size / 1e6:.1f} MB; {job.message})"
                f"  target < {TARGET_S:g} s: {'ok' if ok else 'MISSED'}"
            )
            return ok
