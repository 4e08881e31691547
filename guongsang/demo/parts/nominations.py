"""The dossiers' part of the demo: the city's deadline, six invented people and their dossiers
for Công dân Thủ đô ưu tú in each state (draft, submitted, returned, appraised)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guongsang.awards.models import AwardType
from guongsang.nominations import services as dossiers_service
from guongsang.nominees.models import Nominee
from guongsang.nominees.services import create_nominee

from . import councils
from .orgs import child

AWARD_CODE = "cong-dan-thu-do-uu-tu"
DEMO_PEOPLE: list[tuple[str, int, str, str]] = [
    # (name, birth year, ward, what they did)
    ("Nguyễn Văn Đức", 1980, "Phường Ba Đình", "Lao xuống hồ Trúc Bạch cứu hai em nhỏ bị đuối nước."),
    (
        "Trần Thị Thu Hà",
        1975,
        "Phường Ba Đình",
        "25 năm nấu cơm miễn phí cho bệnh nhân nghèo Bệnh viện Bạch Mai.",
    ),
    ("Lê Minh Tuấn", 1968, "Phường Hoàn Kiếm", "Hiến 300 m² đất mở rộng ngõ, vận động 40 hộ cùng hiến đất."),
    ("Phạm Thị Lan", 1990, "Phường Ba Đình", "Mở lớp học tình thương cho 60 trẻ em có hoàn cảnh khó khăn."),
    ("Hoàng Văn Nam", 1985, "Phường Hoàn Kiếm", "Trả lại 200 triệu đồng nhặt được cho người đánh rơi."),
    ("Vũ Thị Ngọc", 1972, "Phường Ba Đình", "Hiến máu tình nguyện 52 lần."),
]


def dossiers(demo) -> None:
    """Unless the vetting story is there already: the deadline, then one dossier per person,
    taken to draft, submitted, returned for supplement and (three of them) appraised; the
    appraised ones go on to the council (``demo.ready``)."""
    admin, city = demo.admin, demo.city
    if councils.built(city):
        return
    demo.year = year = timezone.localdate().year
    dossiers_service.set_deadline(
        admin,
        city,
        year=year,
        due_date=dt.date(year + 1, 1, 20),
        applies_to_subtree=True,
        note="Hồ sơ đề nghị cấp thành phố",
    )
    demo.award_type = AwardType.objects.filter(code=AWARD_CODE).first()
    if demo.award_type is None:
        return
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    made = []
    for name, born, ward_name, deed in DEMO_PEOPLE:
        ward = child(city, ward_name)
        if ward is None:
            continue
        person = Nominee.objects.filter(full_name=name, unit=ward).first() or create_nominee(
            admin, kind=Nominee.Kind.INDIVIDUAL, full_name=name, birth_year=born, unit=ward, residence=ward
        )
        demo.out.nominees += 1
        made.append(
            dossiers_service.create_nomination(
                admin,
                nominee=person,
                award_type=demo.award_type,
                submitting_unit=ward,
                receiving_unit=city,
                achievements=deed,
                year=year,
            )
        )
    if len(made) < len(DEMO_PEOPLE):
        return
    _draft, submitted, returned, ready_a, ready_b, waiting = made
    for dossier in (submitted, returned, ready_a, ready_b, waiting):
        dossiers_service.submit(admin, dossier)
    for dossier in (returned, ready_a, ready_b, waiting):
        dossiers_service.receive(admin, dossier.__class__.objects.get(pk=dossier.pk))
    dossiers_service.return_for_supplement(
        admin,
        returned.__class__.objects.get(pk=returned.pk),
        note="Bổ sung xác nhận của Công an phường về sự việc.",
    )
    for dossier in (ready_a, ready_b, waiting):
        fresh = dossier.__class__.objects.get(pk=dossier.pk)
        for part in dossiers_service.missing_parts(fresh):
            dossiers_service.add_evidence(
                admin,
                fresh,
                file=SimpleUploadedFile(f"{part['code']}.pdf", pdf),
                title=part["name"],
                part_code=part["code"],
            )
        dossiers_service.appraise(admin, fresh, note="Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng.")
    demo.out.dossiers += len(made)
    demo.ready = [ready_a, ready_b]
