"""The public search over 200,000 stories: "search p95 under 100 ms on PostgreSQL".

Fills a scratch database with published stories (Vietnamese titles, leads and bodies drawn from
the words such stories use, folded into ``search_folded`` as the services do) about 2,000
people, a tenth of whom have not consented (their stories must never be found), then times
``stories.selectors.search`` as the search page and ``/api/v1/search`` call it: the first 20
stories and the first 20 exemplars.

On PostgreSQL the trigram index of migration ``stories.0002`` answers the LIKE; on SQLite the
same query scans, so the embedded default runs a tenth of the rows and has no target.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gs_portal .venv/bin/python bench/run.py portal_search
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time

from bench.harness import engine_label, measure, report, scratch_database

TARGET_MS = 100.0
PEOPLE = 2_000
QUERIES = [
    "nguoi tot viec tot",
    "doan",
    "hien mau",
    "Đoàn viên thanh niên",
    "cuu nguoi duoi nuoc",
    "nguyen van",
    "tra lai cua roi",
    "thanh xuan",
    "khong co ket qua nao",
]
TITLES = [
    "Người tốt, việc tốt",
    "Đoàn viên thanh niên",
    "Tấm gương hiến máu",
    "Cứu người đuối nước",
    "Trả lại của rơi",
    "Lớp học tình thương",
    "Nữ bác sĩ tận tụy",
    "Người cựu chiến binh",
    "Xây nhà tình nghĩa",
    "Trồng cây xanh",
    "Gương sáng học đường",
    "Công an phường",
]
PLACES = ["Thanh Xuân", "Đống Đa", "Ba Đình", "Hoàn Kiếm", "Cầu Giấy", "Long Biên", "Hà Đông", "Sơn Tây"]
WORDS = [
    "anh",
    "chị",
    "em",
    "cô",
    "chú",
    "bác",
    "tình",
    "nguyện",
    "giúp",
    "đỡ",
    "người",
    "nghèo",
    "khó",
    "khăn",
    "học",
    "sinh",
    "sinh",
    "viên",
    "giáo",
    "viên",
    "bác",
    "sĩ",
    "công",
    "nhân",
    "nông",
    "dân",
    "phường",
    "xã",
    "khu",
    "phố",
    "tổ",
    "dân",
    "phố",
    "năm",
    "tháng",
    "ngày",
    "đêm",
    "gia",
    "đình",
    "con",
    "cháu",
    "hiến",
    "máu",
    "cứu",
    "người",
    "đuối",
    "nước",
    "trả",
    "lại",
    "tài",
    "sản",
    "của",
    "rơi",
    "xây",
    "nhà",
    "trồng",
    "cây",
    "quét",
    "dọn",
    "đường",
    "làng",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Đoàn", "Dương"]
GIVEN = ["Văn An", "Thị Bình", "Minh Cường", "Văn Dũng", "Thị Hà", "Thu Hạnh", "Văn Hùng", "Thị Lan"]


def _build(rng: random.Random, stories: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from guongsang.core.text import fold
    from guongsang.movements.models import Field
    from guongsang.nominees.models import Consent, Nominee
    from guongsang.orgs.models import OrgUnit
    from guongsang.stories.models import Story

    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    wards = [
        units.add_child(hanoi, {"name": f"Phường {p}", "kind": OrgUnit.Kind.COMMUNE, "code": f"9{i:04d}"})
        for i, p in enumerate(PLACES)
    ]
    fields = [Field.objects.create(code=f"f{i}", name=f"Lĩnh vực {i}", order=i) for i in range(8)]
    people = []
    for _ in range(PEOPLE):
        name = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
        people.append(
            Nominee(
                full_name=name, name_folded=fold(name), unit=rng.choice(wards), public_fields=["full_name"]
            )
        )
    people = Nominee.objects.bulk_create(people)
    today = timezone.localdate()
    Consent.objects.bulk_create(
        Consent(nominee=p, given_by=p.full_name, given_at=today, scope=Consent.Scope.ALL)
        for i, p in enumerate(people)
        if i % 10
    )
    now = timezone.now()
    through = Story.nominees.through
    # Folding 200,000 texts character by character would be most of the setup: the words are
    # folded once, and the texts assembled from both forms.
    words = [(word, fold(word)) for word in WORDS]
    batch, links = [], []
    started = time.perf_counter()
    for index in range(stories):
        ward = rng.choice(wards)
        title = f"{rng.choice(TITLES)} ở {ward.name} — câu chuyện {index}"
        lead_words = [rng.choice(words) for _ in range(rng.randint(20, 35))]
        body_words = [rng.choice(words) for _ in range(rng.randint(60, 90))]
        lead = " ".join(w for w, _ in lead_words)
        body = " ".join(w for w, _ in body_words)
        story = Story(
            unit=ward,
            field=rng.choice(fields),
            title=title,
            lead=lead,
            body=f"<p>{body}</p>",
            status=Story.Status.PUBLISHED,
            published_at=now - dt.timedelta(minutes=index * 7),
        )
        story.search_folded = " ".join(
            [fold(title), *(f for _, f in lead_words), *(f for _, f in body_words)]
        )
        batch.append(story)
        if len(batch) == 5_000:
            created = Story.objects.bulk_create(batch)
            links += [
                through(story_id=s.pk, nominee_id=rng.choice(people).pk)
                for s in created
                if rng.random() < 0.2
            ]
            batch = []
    if batch:
        created = Story.objects.bulk_create(batch)
        links += [
            through(story_id=s.pk, nominee_id=rng.choice(people).pk) for s in created if rng.random() < 0.2
        ]
    through.objects.bulk_create(links, batch_size=10_000)
    elapsed = time.perf_counter() - started
    print(f"  setup: {stories:,} stories, {len(links):,} links to people in {elapsed:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE stories_story")
            cursor.execute("ANALYZE stories_story_nominees")
            cursor.execute("ANALYZE nominees_consent")
            cursor.execute("ANALYZE nominees_nominee")


def main() -> bool:
    from django.db import connection

    from guongsang.stories.selectors import search

    ok = True
    with scratch_database():
        engine = engine_label()
        print(f"  database: {engine} (scratch)")
        on_postgres = connection.vendor == "postgresql"
        stories = int(os.environ.get("BENCH_STORIES", 200_000 if on_postgres else 20_000))
        _build(random.Random(2026), stories)
        for q in QUERIES:
            found = search(q)
            timing = measure(lambda q=q: search(q), runs=100, warmup=5)
            note = f"{len(found['stories'])} stories, {len(found['exemplars'])} exemplars"
            if on_postgres:
                ok &= report(f'search "{q}"', timing, target_ms=TARGET_MS, note=note)
            else:
                report(f'search "{q}"', timing, note=note + "; target applies to PostgreSQL")
    return ok
