"""Merging two records of one person: their awards follow them to the record that is kept."""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.awards import services
from guongsang.awards.models import Recognition
from guongsang.nominees import services as nominees

pytestmark = pytest.mark.django_db


def _sign(actor, head, unit, dossiers, year: int = 2025):
    decision = services.draft_decision(
        actor, unit, award_type=dossiers[0].award_type, award_year=year, nominations=dossiers
    )
    return services.sign_decision(
        head,
        decision,
        signer_title="Chủ tịch",
        signed_on=dt.date(year + 1, 1, 5),
        reason="Nhập bổ sung kỳ trước",
    )


def test_merge_moves_recognitions_with_their_history(
    passed, city_appraiser, city_head, org_tree, commune_officer
):
    [first] = passed(1, "bang-khen-tinh")
    _sign(city_appraiser, city_head, org_tree.hanoi, [first])
    drop = first.nominee
    keep = nominees.create_nominee(
        commune_officer, full_name="Người Thứ 0", birth_year=1970, unit=org_tree.thanh_xuan
    )

    nominees.merge_nominees(commune_officer, keep=keep, drop=drop)

    recognition = Recognition.objects.get(nomination=first)
    assert recognition.nominee == keep
    assert not Recognition.objects.filter(nominee=drop).exists()
    last = recognition.history.first()
    assert last.history_user == commune_officer
    assert last.history_change_reason.startswith("Hợp nhất")
    assert recognition.history.order_by("history_date").first().nominee_id == drop.pk


def test_once_per_person_sees_the_merged_persons_award(
    passed, city_appraiser, city_head, org_tree, commune_officer
):
    [first] = passed(1)
    _sign(city_appraiser, city_head, org_tree.hanoi, [first])
    # The same person proposed again under a second record: nothing links the two yet.
    [again] = passed(1)
    assert services.cap_problems(again.award_type, org_tree.hanoi, 2026, [again]) == []

    nominees.merge_nominees(commune_officer, keep=again.nominee, drop=first.nominee)

    again.refresh_from_db()
    problems = services.cap_problems(again.award_type, org_tree.hanoi, 2026, [again])
    assert any("mỗi người chỉ một lần" in p for p in problems)
    with pytest.raises(services.CapExceeded, match="mỗi người chỉ một lần"):
        services.draft_decision(
            city_appraiser, org_tree.hanoi, award_type=again.award_type, award_year=2026, nominations=[again]
        )


def test_revoked_recognition_moves_and_stays_revoked(
    passed, city_appraiser, city_head, org_tree, commune_officer, client
):
    [first] = passed(1, "bang-khen-tinh")
    decision = _sign(city_appraiser, city_head, org_tree.hanoi, [first])
    services.revoke_recognition(
        city_head,
        decision.recognitions.get(),
        reason="Khai man thành tích",
        legal_basis="Điều 94 Luật TĐKT 2022",
    )
    keep = nominees.create_nominee(
        commune_officer, full_name="Người Thứ 0", birth_year=1970, unit=org_tree.thanh_xuan
    )

    nominees.merge_nominees(commune_officer, keep=keep, drop=first.nominee)

    recognition = Recognition.objects.get(nomination=first)
    assert recognition.nominee == keep and recognition.status == Recognition.Status.REVOKED
    client.force_login(commune_officer)
    page = client.get(keep.get_absolute_url()).content.decode()
    assert "Danh hiệu, hình thức khen thưởng" in page
    assert "01/QĐ-UBND" in page and "Đã thu hồi" in page


def test_a_failing_mover_rolls_the_whole_merge_back(
    passed, city_appraiser, city_head, org_tree, commune_officer
):
    from guongsang.nominees.signals import nominee_merged

    [first] = passed(1, "bang-khen-tinh")
    _sign(city_appraiser, city_head, org_tree.hanoi, [first])
    keep = nominees.create_nominee(
        commune_officer, full_name="Người Thứ 0", birth_year=1970, unit=org_tree.thanh_xuan
    )

    def explode(**kwargs):
        raise RuntimeError("boom")

    nominee_merged.connect(explode, dispatch_uid="test.explode")
    try:
        with pytest.raises(RuntimeError):
            nominees.merge_nominees(commune_officer, keep=keep, drop=first.nominee)
    finally:
        nominee_merged.disconnect(dispatch_uid="test.explode")
    assert Recognition.objects.get(nomination=first).nominee_id == first.nominee_id
