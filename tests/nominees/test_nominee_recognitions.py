"""The nominee page lists the person's recognitions: title, level, decision, revoked ones marked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from guongsang.awards.models import AwardType, Decision, Recognition

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognised(duc, org_tree, ba_dinh_officer):
    """Đức's two awards as the registry holds them: a Giấy khen of the ward, in force, and a
    Bằng khen of the city, revoked."""
    call_command("seed_awards", stdout=io.StringIO())

    def record(code: str, unit, number: int, signed_on: dt.date, **extra) -> Recognition:
        award = AwardType.objects.get(code=code)
        decision = Decision.objects.create(
            issuing_unit=unit,
            award_type=award,
            award_year=signed_on.year - 1,
            number=number,
            year=signed_on.year,
            title="Về việc khen thưởng",
            status=Decision.Status.SIGNED,
            signed_on=signed_on,
            created_by=ba_dinh_officer,
        )
        return Recognition.objects.create(
            nominee=duc,
            award_type=award,
            level=award.level,
            unit=unit,
            year=decision.award_year,
            decision=decision,
            **extra,
        )

    return [
        record("giay-khen", org_tree.ba_dinh, 5, dt.date(2026, 1, 5)),
        record(
            "bang-khen-tinh",
            org_tree.hanoi,
            112,
            dt.date(2025, 1, 20),
            status=Recognition.Status.REVOKED,
            revoked_reason="Khai man thành tích",
            revoked_basis="Điều 94 Luật Thi đua, khen thưởng 2022",
        ),
    ]


def test_nominee_page_lists_recognitions(client, duc, ba_dinh_officer, recognised):
    client.force_login(ba_dinh_officer)
    page = client.get(duc.get_absolute_url()).content.decode()
    assert "<h3>Danh hiệu, hình thức khen thưởng</h3>" in page
    for recognition in recognised:
        assert recognition.award_type.name in page
        assert recognition.get_level_display() in page
        assert recognition.get_absolute_url() in page
    assert "Số 05/QĐ-UBND ngày 05/01/2026" in page
    assert "Số 112/QĐ-UBND ngày 20/01/2025" in page
    # The revoked one says so; the one in force does not.
    assert page.count("Đã thu hồi") == 1 and "Có hiệu lực" in page


def test_no_recognitions_no_section(client, duc, ba_dinh_officer):
    client.force_login(ba_dinh_officer)
    page = client.get(duc.get_absolute_url()).content.decode()
    assert "Danh hiệu, hình thức khen thưởng" not in page


def test_nominee_page_queries_do_not_grow_with_recognitions(client, duc, ba_dinh_officer, recognised):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ba_dinh_officer)
    with CaptureQueriesContext(connection) as two:
        client.get(duc.get_absolute_url())
    recognised[0].pk = None
    recognised[0].verify_code = "ZZZZZZZZZZZZ"
    recognised[0].save()
    with CaptureQueriesContext(connection) as three:
        client.get(duc.get_absolute_url())
    assert len(three) == len(two)
