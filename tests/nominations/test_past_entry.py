"""A past cycle entered as it happened: receipts with their real day and the rules of that day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from guongsang.core.models import Notification
from guongsang.nominations import services
from guongsang.nominations.models import Nomination

pytestmark = pytest.mark.django_db

REASON = "Nhập lại hồ sơ kỳ 2023–2024 từ sổ lưu trữ"


@pytest.fixture
def draft(org_tree, catalogue, commune_officer):
    """A draft for the city's Bằng khen from Phường Thanh Xuân, of the 2023 achievements."""
    from guongsang.nominees.models import Nominee

    person = Nominee.objects.create(full_name="Trần Văn Bình", birth_year=1975, unit=org_tree.thanh_xuan)
    return services.create_nomination(
        commune_officer,
        nominee=person,
        award_type=catalogue["bang-khen-tinh"],
        submitting_unit=org_tree.thanh_xuan,
        receiving_unit=org_tree.hanoi,
        achievements="Hiến đất làm đường liên phường.",
        year=2023,
    )


def _sent_and_received(draft, city_admin, city_appraiser, sent: dt.date, received: dt.date) -> Nomination:
    dossier = services.submit(city_admin, draft, occurred_on=sent, reason=REASON)
    return services.receive(city_appraiser, dossier, occurred_on=received, reason=REASON)


def test_january_2024_receipt_takes_the_rules_of_january_2024(draft, city_admin, city_appraiser):
    dossier = _sent_and_received(draft, city_admin, city_appraiser, dt.date(2024, 1, 5), dt.date(2024, 1, 8))
    assert "91/2017" in dossier.rule.legal_basis
    assert dossier.rule.effective_from == dt.date(2024, 1, 1)
    assert timezone.localtime(dossier.received_at).date() == dt.date(2024, 1, 8)
    assert timezone.localtime(dossier.submitted_at).date() == dt.date(2024, 1, 5)


def test_receipt_after_nghi_dinh_98_takes_its_version_not_todays(draft, city_admin, city_appraiser):
    dossier = _sent_and_received(
        draft, city_admin, city_appraiser, dt.date(2024, 1, 16), dt.date(2024, 1, 18)
    )
    assert "98/2023" in dossier.rule.legal_basis
    assert dossier.rule.effective_to == dt.date(2025, 7, 1)


def test_backdated_steps_are_audited_marked_and_tell_nobody(draft, city_admin, city_appraiser, org_tree):
    Notification.objects.all().delete()
    dossier = _sent_and_received(draft, city_admin, city_appraiser, dt.date(2024, 1, 5), dt.date(2024, 1, 8))
    last = dossier.history.first()
    assert last.history_user == city_appraiser
    assert last.history_change_reason == f"Nhập bổ sung: {REASON}"
    event = dossier.events.get(action="receive")
    assert event.occurred_on == dt.date(2024, 1, 8) and event.entry_reason == REASON
    assert event.at.date() == timezone.now().date()
    assert not Notification.objects.exists()


def test_an_officer_cannot_backdate(draft, commune_officer):
    with pytest.raises(PermissionDenied):
        services.submit(commune_officer, draft, occurred_on=dt.date(2024, 1, 5), reason=REASON)
    draft.refresh_from_db()
    assert draft.status == Nomination.Status.DRAFT and not draft.events.exclude(action="create").exists()


def test_a_day_still_to_come_is_refused(draft, city_admin):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.submit(city_admin, draft, occurred_on=tomorrow, reason=REASON)
    assert exc.value.code == "future_date"


def test_a_reason_is_required(draft, city_admin):
    with pytest.raises(ValidationError) as exc:
        services.submit(city_admin, draft, occurred_on=dt.date(2024, 1, 5), reason="  ")
    assert exc.value.code == "reason_required"


def test_receipt_before_it_was_sent_is_refused(draft, city_admin, city_appraiser):
    with pytest.raises(ValidationError) as exc:
        _sent_and_received(draft, city_admin, city_appraiser, dt.date(2024, 1, 8), dt.date(2024, 1, 5))
    assert exc.value.code == "before_submission"


def test_api_refuses_a_day_before_any_rule_version(api_client, draft, city_admin):
    response = api_client(city_admin).post(
        f"/api/v1/nominations/{draft.pk}/transitions/submit",
        {"occurred_on": "2023-06-01", "reason": REASON},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "no_rule_in_force" and "01/06/2023" in body["message"]


def test_api_enters_a_past_receipt(api_client, draft, city_admin, city_appraiser):
    services.submit(city_admin, draft, occurred_on=dt.date(2024, 1, 5), reason=REASON)
    response = api_client(city_appraiser).post(
        f"/api/v1/nominations/{draft.pk}/transitions/receive",
        {"occurred_on": "2024-01-20", "reason": REASON},
    )
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert "98/2023" in draft.rule.legal_basis


def test_api_answers_future_date_with_its_code(api_client, draft, city_admin):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = api_client(city_admin).post(
        f"/api/v1/nominations/{draft.pk}/transitions/submit",
        {"occurred_on": tomorrow.isoformat(), "reason": REASON},
    )
    assert response.status_code == 422 and response.json()["code"] == "future_date"


def test_page_offers_past_entry_only_to_those_allowed(client, draft, city_admin, commune_officer):
    client.force_login(commune_officer)
    assert "Nhập hồ sơ của kỳ trước" not in client.get(draft.get_absolute_url()).content.decode()
    client.force_login(city_admin)
    assert "Nhập hồ sơ của kỳ trước" in client.get(draft.get_absolute_url()).content.decode()
    response = client.post(
        reverse("nominations:transition", args=[draft.pk, "submit"]),
        {"version": draft.version, "occurred_on": "2024-01-05", "reason": REASON},
        follow=True,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Nomination.Status.SUBMITTED
    assert "nhập bổ sung" in response.content.decode()
