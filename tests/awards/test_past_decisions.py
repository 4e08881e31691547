"""Decisions of a past cycle entered with their real number and signing day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from guongsang.awards import services
from guongsang.awards.catalogue import law_on
from guongsang.awards.models import Decision, DocumentSeries

pytestmark = pytest.mark.django_db

REASON = "Nhập bổ sung quyết định đã ký trên giấy"


def _draft(actor, unit, dossiers, year=2024):
    return services.draft_decision(
        actor, unit, award_type=dossiers[0].award_type, award_year=year, nominations=dossiers
    )


def _sign_past(head, decision, day, number=None):
    return services.sign_decision(
        head, decision, signer_title="Chủ tịch", signed_on=day, number=number, reason=REASON
    )


def test_a_2025_number_entered_now_leaves_todays_series_intact(passed, city_appraiser, city_head, org_tree):
    old = _sign_past(
        city_head, _draft(city_appraiser, org_tree.hanoi, passed(1)), dt.date(2025, 1, 15), number=5
    )
    assert (old.number, old.year, old.number_display) == (5, 2025, "05/QĐ-UBND")
    assert old.signed_on == dt.date(2025, 1, 15) and old.entered_later
    # The real number never moves the series' counter: 2025's stays as it was, today's starts at 1.
    assert not DocumentSeries.objects.filter(year=2025, last_number__gt=0).exists()
    today = services.sign_decision(
        city_head, _draft(city_appraiser, org_tree.hanoi, passed(1)), signer_title="Chủ tịch"
    )
    assert (today.number, today.year) == (1, timezone.localdate().year)
    assert not today.entered_later


def test_automatic_numbers_of_a_past_year_pass_over_entered_ones(passed, city_appraiser, city_head, org_tree):
    first = _sign_past(city_head, _draft(city_appraiser, org_tree.hanoi, passed(1)), dt.date(2025, 2, 1))
    entered = _sign_past(
        city_head, _draft(city_appraiser, org_tree.hanoi, passed(1)), dt.date(2025, 2, 2), number=2
    )
    third = _sign_past(city_head, _draft(city_appraiser, org_tree.hanoi, passed(1)), dt.date(2025, 2, 3))
    assert [first.number, entered.number, third.number] == [1, 2, 3]


def test_a_number_already_used_that_year_is_refused(passed, city_appraiser, city_head, org_tree):
    _sign_past(city_head, _draft(city_appraiser, org_tree.hanoi, passed(1)), dt.date(2025, 1, 15), number=5)
    again = _draft(city_appraiser, org_tree.hanoi, passed(1))
    with pytest.raises(ValidationError) as exc:
        _sign_past(city_head, again, dt.date(2025, 3, 1), number=5)
    assert exc.value.code == "number_taken"
    again.refresh_from_db()
    assert again.status == Decision.Status.DRAFT and again.number is None
    # The same number in another year's series is another document.
    assert _sign_past(city_head, again, dt.date(2024, 3, 1), number=5).number_display == "05/QĐ-UBND"


def test_the_reason_and_the_signer_are_on_the_history(passed, city_appraiser, city_head, org_tree):
    [dossier] = passed(1)
    decision = _sign_past(
        city_head, _draft(city_appraiser, org_tree.hanoi, [dossier]), dt.date(2025, 1, 15), 5
    )
    record = decision.history.first()
    assert record.history_user == city_head
    assert record.history_change_reason == f"Nhập bổ sung: {REASON}"
    assert decision.recognitions.get().history.first().history_change_reason.startswith("Nhập bổ sung")
    approved = dossier.events.get(action="approve")
    assert approved.occurred_on == dt.date(2025, 1, 15) and approved.entry_reason == REASON


def test_a_number_without_a_past_day_is_refused(passed, city_appraiser, city_head, org_tree):
    decision = _draft(city_appraiser, org_tree.hanoi, passed(1))
    with pytest.raises(ValidationError) as exc:
        services.sign_decision(city_head, decision, signer_title="Chủ tịch", number=7)
    assert exc.value.code == "past_entry_required"


def test_a_head_without_the_unit_cannot_enter_the_past_elsewhere(passed, city_appraiser, org_tree):
    from guongsang.core.permissions import Role
    from tests.factories import MembershipFactory, UserFactory

    # A ward's chairman is a head, but not of the city: he signs nothing of the city's.
    ward_head = UserFactory(username="chutich.badinh")
    MembershipFactory(user=ward_head, unit=org_tree.ba_dinh, role=Role.HEAD)
    with pytest.raises(PermissionDenied):
        _sign_past(ward_head, _draft(city_appraiser, org_tree.hanoi, passed(1)), dt.date(2025, 1, 15), 5)


def test_api_codes(api_client, passed, city_appraiser, city_head, org_tree):
    api = api_client(city_head)
    first = _draft(city_appraiser, org_tree.hanoi, passed(1))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = api.post(
        f"/api/v1/decisions/{first.pk}/sign",
        {"signer_title": "CHỦ TỊCH", "signed_on": tomorrow.isoformat(), "reason": REASON},
    )
    assert response.status_code == 422 and response.json()["code"] == "future_date"
    response = api.post(
        f"/api/v1/decisions/{first.pk}/sign",
        {"signer_title": "CHỦ TỊCH", "signed_on": "2025-01-15", "number": 5, "reason": REASON},
    )
    assert response.status_code == 200, response.content
    assert response.json()["number_display"] == "05/QĐ-UBND" and response.json()["year"] == 2025
    second = _draft(city_appraiser, org_tree.hanoi, passed(1))
    response = api.post(
        f"/api/v1/decisions/{second.pk}/sign",
        {"signer_title": "CHỦ TỊCH", "signed_on": "2025-02-01", "number": 5, "reason": REASON},
    )
    assert response.status_code == 422 and response.json()["code"] == "number_taken"


def test_page_offers_the_past_decision_form_and_marks_the_result(
    client, passed, city_appraiser, city_head, org_tree
):
    decision = _draft(city_appraiser, org_tree.hanoi, passed(1))
    client.force_login(city_head)
    assert "Nhập quyết định của kỳ trước" in client.get(decision.get_absolute_url()).content.decode()
    response = client.post(
        reverse("awards:decision_sign", args=[decision.pk]),
        {"signer_title": "CHỦ TỊCH", "signed_on": "2025-01-15", "number": "5", "reason": REASON},
        follow=True,
    )
    decision.refresh_from_db()
    assert decision.number == 5 and decision.year == 2025
    assert "nhập bổ sung" in response.content.decode()


def test_a_decision_cites_the_law_of_its_day():
    assert law_on(dt.date(2023, 12, 31)).startswith("Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003")
    assert law_on(dt.date(2024, 1, 1)) == "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
