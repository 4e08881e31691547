"""Nominees at a large province's scale: the duplicate check, the list search, a 5,000-row import.

Fills a scratch database with 100,000 nominees spread over 120 communes (Vietnamese names drawn
from common family, middle and given names, so "Nguyễn Văn Đức" recurs as it does in life), then
times what an officer waits for:

- ``likely_duplicates`` as the create form calls it on each change (target p95 < 50 ms);
- the list page's search: the count for the pager and the first 50 rows (figures only, no
  target: "contains" on the folded name reads the whole scoped table; a trigram index on
  PostgreSQL is the next step if that grows too slow);
- importing a 5,000-row XLSX nominee list, all or nothing (target < 60 s).

    .venv/bin/python bench/run.py nominees
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gs_nominees .venv/bin/python bench/run.py nominees
"""

from __future__ import annotations

import random
import time
from io import BytesIO

from bench.harness import engine_label, measure, report, scratch_database

NOMINEES = 100_000
COMMUNES = 120
IMPORT_ROWS = 5_000
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu", "Gia", "Bảo"]
GIVEN = ["Đức", "An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương"]
GIVEN += ["Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Hiếu", "Khánh", "Long", "Nga"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _build(rng: random.Random):
    from guongsang.accounts.models import Membership, User
    from guongsang.core.permissions import Role
    from guongsang.core.text import fold
    from guongsang.nominees.models import Nominee
    from guongsang.orgs.models import OrgUnit

    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    communes = [
        units.add_child(hanoi, {"name": f"Phường Thử {i}", "kind": OrgUnit.Kind.COMMUNE, "code": f"9{i:04d}"})
        for i in range(COMMUNES)
    ]
    appraiser = User.objects.create_user("thamdinh.bench", password="x", full_name="Thẩm Định")
    Membership.objects.create(user=appraiser, unit=hanoi, role=Role.APPRAISER)
    officer = User.objects.create_user("canbo.bench", password="x", full_name="Cán Bộ")
    Membership.objects.create(user=officer, unit=communes[0], role=Role.OFFICER)

    batch = []
    for _ in range(NOMINEES):
        name = _name(rng)
        commune = rng.choice(communes)
        batch.append(
            Nominee(
                full_name=name,
                name_folded=fold(name),
                birth_year=rng.randint(1950, 2005),
                unit=commune,
                residence=commune,
            )
        )
        if len(batch) == 5_000:
            Nominee.objects.bulk_create(batch)
            batch = []
    Nominee.objects.bulk_create(batch)
    return appraiser, officer, communes


def _workbook(rng: random.Random, communes) -> bytes:
    from openpyxl import Workbook

    from guongsang.nominees.excel import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append([c.header for c in COLUMNS])
    for _ in range(IMPORT_ROWS):
        row = {
            "full_name": _name(rng),
            "birth_year": rng.randint(1950, 2005),
            "gender": rng.choice(["Nam", "Nữ"]),
            "unit": rng.choice(communes).code,
            "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
        }
        sheet.append([row.get(c.key, "") for c in COLUMNS])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> bool:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from guongsang.accounts.models import User
    from guongsang.nominees import excel
    from guongsang.nominees.selectors import likely_duplicates, nominees_for

    rng = random.Random(2026)
    ok = True
    with scratch_database():
        print(f"  database: {engine_label()} (scratch)")
        started = time.perf_counter()
        appraiser, officer, communes = _build(rng)
        if connection.vendor == "postgresql":
            # Planner statistics, as autovacuum gives a live PostgreSQL database after a bulk
            # load. (SQLite gathers none unless told, and the site never tells it.)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"  {NOMINEES:,} nominees in {COMMUNES} communes: {time.perf_counter() - started:.1f} s to load"
        )

        def check() -> list:
            return likely_duplicates("nguyen van duc", 1980, communes[0], communes[0], user=appraiser)

        same_name = nominees_for(appraiser).filter(name_folded="nguyen van duc").count()
        ok &= report(
            "likely_duplicates (create form)", measure(check), target_ms=50, note=f"{same_name} namesakes"
        )

        for q in ("nguyen van duc", "hanh", "tran thi"):

            def page(q=q) -> tuple[int, list]:
                fresh = User.objects.get(pk=appraiser.pk)
                qs = nominees_for(fresh, q=q)
                return qs.count(), list(qs[:50])

            total, _rows = page()
            ok &= report(f'list search "{q}"', measure(page, runs=50), note=f"{total:,} matches")

        content = _workbook(rng, communes)
        upload = SimpleUploadedFile("danh-sach.xlsx", content)
        started = time.perf_counter()
        result = excel.import_nominees(appraiser, upload, communes[0])
        elapsed = time.perf_counter() - started
        verdict = "ok" if result.ok and elapsed < 60 else "MISSED"
        print(
            f"  import {IMPORT_ROWS:,} rows: {elapsed:.1f} s, {len(result.created):,} created, "
            f"{len(result.warnings):,} duplicate warnings, {len(result.errors)} errors"
            f"   target < 60 s: {verdict}"
        )
        ok &= verdict == "ok"
        del officer
    return ok
