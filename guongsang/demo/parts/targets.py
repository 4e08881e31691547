"""The targets' part of the demo: Hà Nội's Kế hoạch 99/KH-UBND for 2023–2025 with its targets
(as data), dated staff counts for some departments, and the 2025 proposals of several wards,
so that the dashboard shows wards that met the plan and wards that missed it."""

from __future__ import annotations

import datetime as dt

from guongsang.awards.models import AwardType
from guongsang.nominations import services as dossiers_service
from guongsang.nominees.models import Nominee
from guongsang.nominees.services import create_nominee
from guongsang.orgs.models import OrgUnit
from guongsang.targets import services
from guongsang.targets.models import Plan, Target

from .orgs import child

PLAN_NUMBER = "99/KH-UBND"
PLAN_TITLE = (
    "Kế hoạch xây dựng, bồi dưỡng, tuyên truyền, nhân rộng gương điển hình tiên tiến, "
    "“Người tốt, việc tốt” trên địa bàn thành phố Hà Nội giai đoạn 2023–2025"
)
Kind = OrgUnit.Kind
ABS, STAFF, COVER = (
    Target.ThresholdKind.ABSOLUTE,
    Target.ThresholdKind.STAFF_SHARE,
    Target.ThresholdKind.COVERAGE,
)

# The plan's numbered targets that the platform's records can measure today. Introductions to
# the central Ban Thi đua – Khen thưởng and the press, conferences and exchanges, and the e-book
# have no records yet to count (their apps come later), so they are not loaded.
TARGETS: list[dict] = [
    {
        "code": "ntvt-700",
        "label": "Biểu dương, tôn vinh ít nhất 700 cá nhân “Người tốt, việc tốt” mỗi năm",
        "metric": "recognitions",
        "params": {"award_type": "nguoi-tot-viec-tot-ha-noi", "subject_kind": "individual"},
        "threshold_kind": ABS,
        "threshold": 700,
    },
    {
        "code": "so-nganh-5-phan-tram",
        "label": (
            "Sở, ban, ngành, Mặt trận và đoàn thể: xây dựng, bồi dưỡng gương điển hình "
            "bằng ít nhất 5% số cán bộ"
        ),
        "metric": "recognitions",
        "unit_kinds": [Kind.DEPARTMENT, Kind.FRONT],
        "threshold_kind": STAFF,
        "threshold": 5,
    },
    {
        "code": "quan-huyen-10-dien-hinh",
        "label": "Quận, huyện, thị xã: xây dựng ít nhất 10 gương điển hình mỗi năm",
        "metric": "recognitions",
        "unit_kinds": [Kind.DISTRICT],
        "threshold_kind": ABS,
        "threshold": 10,
    },
    {
        "code": "quan-huyen-de-nghi-10",
        "label": "Quận, huyện, thị xã: đề nghị thành phố khen thưởng ít nhất 10 gương mỗi năm",
        "metric": "proposals_upward",
        "unit_kinds": [Kind.DISTRICT],
        "threshold_kind": ABS,
        "threshold": 10,
    },
    {
        "code": "xa-truong-2-dien-hinh",
        "label": (
            "Xã, phường, trường học: xây dựng, bồi dưỡng, tuyên truyền ít nhất 2 gương điển hình mỗi năm"
        ),
        "metric": "recognitions",
        "unit_kinds": [Kind.COMMUNE, Kind.SCHOOL],
        "threshold_kind": ABS,
        "threshold": 2,
    },
    {
        "code": "xa-truong-de-nghi-2",
        "label": "Xã, phường, trường học: đề nghị cấp trên khen thưởng ít nhất 2 gương mỗi năm",
        "metric": "proposals_upward",
        "unit_kinds": [Kind.COMMUNE, Kind.SCHOOL],
        "threshold_kind": ABS,
        "threshold": 2,
    },
    {
        "code": "mttq-doan-the-de-nghi-2",
        "label": "Mặt trận và mỗi đoàn thể: đề nghị ít nhất 2 gương mỗi năm",
        "metric": "proposals_upward",
        "unit_kinds": [Kind.FRONT],
        "threshold_kind": ABS,
        "threshold": 2,
    },
    {
        "code": "cuoc-thi-100",
        "label": "100% xã, phường tham gia cuộc thi viết về gương điển hình hằng năm",
        "metric": "contest_entries",
        "params": {"child_kinds": [Kind.COMMUNE]},
        "threshold_kind": COVER,
        "threshold": 100,
    },
]

# Dated staff counts (1 January 2025) of some departments: "5% of staff" is judged on these.
STAFF_2025: list[tuple[str, int]] = [
    ("Sở Nội vụ", 176),
    ("Sở Tư pháp", 104),
    ("Sở Văn hóa và Thể thao", 298),
    ("Sở Y tế", 226),
    ("Sở Du lịch", 88),
]

# Dossiers the wards sent up for the 2025 round: some met "≥ 2 a year", some did not.
PROPOSALS_2025: list[tuple[str, list[tuple[str, int, str]]]] = [
    (
        "Phường Hoàn Kiếm",
        [
            ("Đỗ Thị Minh Châu", 1979, "Hai mươi năm dạy bơi miễn phí cho trẻ em khu phố cổ."),
            ("Ngô Quang Huy", 1988, "Cứu người trong vụ cháy nhà trên phố Hàng Bạc."),
            ("Bùi Thị Hồng", 1966, "Tổ trưởng tổ dân phố vận động 100% hộ phân loại rác tại nguồn."),
        ],
    ),
    (
        "Phường Cửa Nam",
        [
            ("Lý Văn Thành", 1970, "Sửa xe miễn phí cho người khuyết tật suốt 15 năm."),
            ("Phan Thị Thủy", 1983, "Lập bếp ăn 0 đồng cho người nhà bệnh nhân."),
        ],
    ),
    (
        "Phường Đống Đa",
        [("Trịnh Minh Khôi", 1992, "Hiến máu tình nguyện 40 lần, vận động 300 người cùng hiến.")],
    ),
    ("Phường Thanh Xuân", [("Vương Thị Lệ", 1975, "Giữ gìn và trao trả tài sản 150 triệu đồng nhặt được.")]),
]


def plan(demo) -> None:
    """Unless it is there already: the plan and its targets, the staff counts, the proposals."""
    admin, city = demo.admin, demo.city
    if city is None or Plan.objects.filter(issuer=city, number=PLAN_NUMBER).exists():
        return
    kh99 = services.create_plan(
        admin,
        city,
        number=PLAN_NUMBER,
        title=PLAN_TITLE,
        # The demo's date of issue; the plan's targets are those the city's plan sets.
        issued_on=dt.date(2023, 4, 3),
        start_year=2023,
        end_year=2025,
        applies_to_kinds=[Kind.DEPARTMENT, Kind.FRONT, Kind.DISTRICT, Kind.COMMUNE, Kind.SCHOOL],
    )
    for order, data in enumerate(TARGETS):
        services.add_target(admin, kh99, order=order, **data)
    for name, count in STAFF_2025:
        unit = demo.units.get(name) or child(city, name)
        if unit is not None:
            services.set_staff_count(
                admin, unit, as_of=dt.date(2025, 1, 1), count=count, source="Báo cáo biên chế 2025"
            )
    _proposals(demo)


def _proposals(demo) -> None:
    award_type = AwardType.objects.filter(code="nguoi-tot-viec-tot-ha-noi").first()
    if award_type is None:
        return
    for ward_name, people in PROPOSALS_2025:
        ward = child(demo.city, ward_name)
        if ward is None:
            continue
        for name, born, deed in people:
            person = Nominee.objects.filter(full_name=name, unit=ward).first() or create_nominee(
                demo.admin,
                kind=Nominee.Kind.INDIVIDUAL,
                full_name=name,
                birth_year=born,
                unit=ward,
                residence=ward,
            )
            dossier = dossiers_service.create_nomination(
                demo.admin,
                nominee=person,
                award_type=award_type,
                submitting_unit=ward,
                achievements=deed,
                year=2025,
            )
            dossiers_service.submit(demo.admin, dossier)
            demo.out.dossiers += 1
