"""A session of a past cycle entered afterwards, with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from guongsang.councils import services

pytestmark = pytest.mark.django_db

REASON = "Nhập lại biên bản phiên họp đã diễn ra"


def test_a_past_session_is_entered_with_its_reason(council, city_appraiser, client):
    session = services.create_session(
        city_appraiser,
        council,
        title="Phiên tháng 3",
        held_on=dt.date(2026, 3, 2),
        place="Hà Nội",
        reason=REASON,
    )
    record = session.history.first()
    assert record.history_user == city_appraiser
    assert record.history_change_reason == f"Nhập bổ sung: {REASON}"
    assert session.entered_later
    client.force_login(city_appraiser)
    assert "nhập bổ sung" in client.get(session.get_absolute_url()).content.decode()


def test_the_secretary_cannot_enter_a_past_session_with_a_reason(council, secretary):
    with pytest.raises(PermissionDenied):
        services.create_session(
            secretary, council, title="P", held_on=dt.date(2026, 3, 2), place="X", reason=REASON
        )
    assert not council.sessions.exists()


def test_api_takes_the_reason(api_client, council, city_appraiser):
    response = api_client(city_appraiser).post(
        "/api/v1/council-sessions/",
        {"council_id": council.pk, "title": "P", "held_on": "2026-03-02", "place": "X", "reason": REASON},
    )
    assert response.status_code == 201, response.content
    assert council.sessions.get().history.first().history_change_reason.startswith("Nhập bổ sung")
