"""Dossier import from Excel: the issue's figure is "importing 5,000 dossier rows takes under 20 s
on PostgreSQL; a file with bad rows writes nothing and reports every bad row".

Loads the real map (``load_divisions``) and the award catalogue into a scratch database, gives
Hà Nội a general criteria checklist and 2,000 nominees already on record, and times
``nominations.excel.import_dossiers`` as a unit administrator of Hà Nội runs it:

- a valid file of 5,000 rows over the city's 126 communes (individuals, collectives and
  households; a tenth re-propose people already on record, who are reused, not duplicated);
- a file of 5,000 rows of which 50 are bad in different ways: every one of the 50 must be
  reported, and nothing may be written.

The time covers everything the request or the job does: reading the XLSX, validating, looking
up, writing nominees and dossiers with their history, events and checklists.

    make bench                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gs_excel_bench \\
        .venv/bin/python bench/run.py dossier_import
"""

from __future__ import annotations

import io
import random
import time

from bench.harness import Timing, engine_label, report, scratch_database

ROWS = 5_000
BAD_ROWS = 50
EXISTING_NOMINEES = 2_000
TARGET_MS = 20_000.0

SURNAMES = [
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
MIDDLES = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Quang", "Thanh", "Hoài"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phương", "Quân",
    "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Tùng", "Vân", "Việt",
    "Xuân", "Yến", "Hạnh",
]  # fmt: skip
ACHIEVEMENT = (
    "Hoàn thành xuất sắc nhiệm vụ được giao năm {year}; tích cực tham gia phong trào thi đua "
    "“Người tốt, việc tốt” của phường; vận động {n} hộ gia đình tham gia giữ gìn vệ sinh môi trường, "
    "giúp đỡ {m} hộ khó khăn; được nhân dân tổ dân phố tín nhiệm, biểu dương."
)
INDIVIDUAL_AWARDS = [
    "lao-dong-tien-tien",
    "giay-khen",
    "nguoi-tot-viec-tot-ha-noi",
    "dien-hinh-tien-tien-cap-xa",
]
COLLECTIVE_AWARDS = ["tap-the-lao-dong-tien-tien", "giay-khen", "dien-hinh-tien-tien-cap-tinh"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def _setup():
    """The map, the catalogue, a criteria checklist, the importing officer, people on record."""
    from django.core.management import call_command

    from guongsang.accounts.models import Membership, User
    from guongsang.core.permissions import Role
    from guongsang.core.text import fold
    from guongsang.movements.models import CriteriaSet, Criterion
    from guongsang.nominees.models import Nominee
    from guongsang.orgs.models import OrgUnit

    call_command("load_divisions", stdout=io.StringIO())
    call_command("seed_awards", stdout=io.StringIO())
    city = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code="01")
    communes = list(city.get_children().filter(kind=OrgUnit.Kind.COMMUNE).order_by("path"))
    user = User.objects.create_user("quantri.bench", password="bench-password-1")
    Membership.objects.create(user=user, unit=city, role=Role.UNIT_ADMIN)
    checklist = CriteriaSet.objects.create(kind="general", unit=city, name="Tiêu chí chung của thành phố")
    for order, text in enumerate(
        ["Chấp hành tốt chủ trương, chính sách", "Có thành tích tiêu biểu", "Được tập thể tín nhiệm"], 1
    ):
        Criterion.objects.create(criteria_set=checklist, order=order, text=text)
    rng = random.Random(7)
    existing = []
    for _ in range(EXISTING_NOMINEES):
        existing.append(
            Nominee(
                full_name=_name(rng),
                birth_year=rng.randint(1960, 2005),
                unit=rng.choice(communes),
                created_by=user,
            )
        )
    for nominee in existing:
        # bulk_create skips Nominee.save(), which folds the name.
        nominee.name_folded = fold(nominee.full_name)
    Nominee.objects.bulk_create(existing, batch_size=500)
    return user, communes, existing


def _rows(rng: random.Random, communes, existing, count: int) -> list[list]:
    """Valid rows as an officer fills them: a tenth re-propose people on record."""
    from guongsang.nominations import excel

    rows = []
    for index in range(count):
        kind = rng.choices(["Cá nhân", "Tập thể", "Hộ gia đình"], weights=[85, 10, 5])[0]
        values = {
            "kind": kind,
            "year": 2025,
            "achievements": ACHIEVEMENT.format(year=2025, n=rng.randint(5, 90), m=rng.randint(1, 9)),
        }
        if kind == "Tập thể":
            commune = rng.choice(communes)
            values |= {"full_name": f"Tổ dân phố số {index}", "unit": commune.code}
            values["award"] = rng.choice(COLLECTIVE_AWARDS)
        elif index % 10 == 0 and kind == "Cá nhân":
            person = rng.choice(existing)
            values |= {
                "full_name": person.full_name,
                "birth_year": person.birth_year,
                "unit": person.unit.code,
            }
            values["award"] = rng.choice(INDIVIDUAL_AWARDS)
        else:
            values |= {
                "full_name": _name(rng) if kind == "Cá nhân" else f"Hộ ông {_name(rng)}",
                "unit": rng.choice(communes).code,
                "award": rng.choice(INDIVIDUAL_AWARDS if kind == "Cá nhân" else COLLECTIVE_AWARDS[1:]),
            }
            if kind == "Cá nhân":
                values |= {"gender": rng.choice(["Nam", "Nữ"]), "birth_year": rng.randint(1960, 2005)}
                if index % 2:
                    values["cccd"] = f"001{rng.randint(0, 10**9 - 1):09d}"
                if index % 3 == 0:
                    values["phone"] = f"09{rng.randint(0, 10**8 - 1):08d}"
        rows.append([values.get(c.key) for c in excel.COLUMNS])
    return rows


def _spoil(rows: list[list], rng: random.Random) -> set[int]:
    """Break 50 rows, each in one of the ways officers do; returns their row numbers in the file."""
    from guongsang.nominations import excel

    position = {c.key: i for i, c in enumerate(excel.COLUMNS)}
    breakers = [
        ("unit", "99999"),  # no such unit
        ("unit", "02683"),  # Xã Bảo Thắng, Lào Cai: outside the officer's scope
        ("award", "bang-khen-khong-co"),  # no such award
        ("achievements", ""),  # no achievements
        ("year", 1999),  # out of range
        ("cccd", "12345"),  # not 12 digits
        ("birth_year", "một chín tám mươi"),  # not a number
        ("kind", "Đoàn thể"),  # not a kind
    ]
    chosen = sorted(rng.sample(range(len(rows)), BAD_ROWS))
    for n, index in enumerate(chosen):
        key, value = breakers[n % len(breakers)]
        rows[index][position[key]] = value
    return {index + 2 for index in chosen}


def _xlsx(rows: list[list]) -> io.BytesIO:
    from openpyxl import Workbook

    from guongsang.nominations import excel

    book = Workbook(write_only=True)
    sheet = book.create_sheet(excel.SHEET_TITLE)
    sheet.append([c.header for c in excel.COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.name = "ho-so.xlsx"
    buffer.size = len(buffer.getvalue())
    buffer.seek(0)
    return buffer


def _counts() -> dict[str, int]:
    from guongsang.nominations.models import CriterionAnswer, Nomination, NominationEvent
    from guongsang.nominees.models import Nominee

    return {
        "nominees": Nominee.objects.count(),
        "nominee history": Nominee.history.count(),
        "dossiers": Nomination.objects.count(),
        "dossier history": Nomination.history.count(),
        "events": NominationEvent.objects.count(),
        "criteria answers": CriterionAnswer.objects.count(),
    }


def _timed(fn) -> tuple[object, float]:
    started = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - started) * 1000


def main() -> bool:
    from guongsang.accounts.models import User
    from guongsang.nominations import excel

    ok = True
    with scratch_database():
        print(f"  database: {engine_label()} (scratch)")
        started = time.perf_counter()
        user, communes, existing = _setup()
        print(
            f"  setup: {time.perf_counter() - started:.1f} s — {len(communes)} Hà Nội communes, "
            f"{len(existing):,} nominees on record"
        )
        rng = random.Random(2025)

        good = _xlsx(_rows(rng, communes, existing, ROWS))
        before = _counts()
        fresh = User.objects.get(pk=user.pk)  # a fresh user, as a request or a job has
        result, ms = _timed(lambda: excel.import_dossiers(fresh, good, file_name="ho-so.xlsx"))
        after = _counts()
        written = {k: after[k] - before[k] for k in after}
        good_ok = result.ok and result.created == ROWS and written["dossiers"] == ROWS
        good_ok &= written["dossier history"] == ROWS and written["events"] == ROWS
        good_ok &= written["criteria answers"] == 3 * ROWS
        ok &= report(
            f"valid file, {ROWS:,} rows",
            Timing(runs=1, median_ms=ms, p95_ms=ms, max_ms=ms),
            target_ms=TARGET_MS,
            note=f"{good.size / 1024:.0f} KB; {result.created:,} dossiers, {result.nominees_created:,} new "
            f"and {result.nominees_reused:,} reused nominees, {len(result.warnings):,} warnings, "
            f"{written['criteria answers']:,} criteria answers",
        )
        if not good_ok:
            ok = False
            print(f"  MISSED: valid file wrote {written}; first errors {result.errors[:5]}")

        rows = _rows(random.Random(99), communes, existing, ROWS)
        spoiled = _spoil(rows, random.Random(5))
        bad = _xlsx(rows)
        before = _counts()
        fresh = User.objects.get(pk=user.pk)
        result, ms = _timed(lambda: excel.import_dossiers(fresh, bad, file_name="ho-so-loi.xlsx"))
        reported = {issue.row for issue in result.errors}
        untouched = _counts() == before
        bad_ok = (not result.ok) and reported == spoiled and untouched
        ok &= report(
            f"file with {BAD_ROWS} bad rows, {ROWS:,} rows",
            Timing(runs=1, median_ms=ms, p95_ms=ms, max_ms=ms),
            target_ms=TARGET_MS,
            note=f"{len(reported)}/{BAD_ROWS} bad rows reported ({len(result.errors)} messages), "
            f"nothing written: {'yes' if untouched else 'NO'}",
        )
        if not bad_ok:
            ok = False
            print(
                f"  MISSED: reported {sorted(reported)[:60]} vs spoiled {sorted(spoiled)[:60]}; "
                f"untouched={untouched}"
            )
    return ok
