"""Setting up a council as a user would: its term, members from its unit (others by invitation
with a reason), ending a seat, sessions within the term and the unit's validity — through the
services, the pages and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guongsang.councils import services
from guongsang.councils.models import Council, CouncilMember, CouncilSession
from guongsang.orgs.models import OrgUnit
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

TERM = {"name": "Hội đồng TĐKT phường", "term_start": dt.date(2026, 1, 1)}


def _code(excinfo) -> str:
    return excinfo.value.error_list[0].code


@pytest.fixture
def ended_ward(org_tree):
    """A legacy ward of Hà Nội that existed until 30/06/2025 (stored end: 01/07/2025)."""
    return OrgUnitFactory(
        parent=org_tree.hanoi,
        name="Phường Khương Trung (cũ)",
        kind=OrgUnit.Kind.COMMUNE,
        valid_to=dt.date(2025, 7, 1),
    )


def test_a_council_cannot_be_created_for_an_ended_unit(city_admin, ended_ward):
    with pytest.raises(ValidationError) as excinfo:
        services.create_council(city_admin, ended_ward, name="HĐ", term_start=dt.date(2024, 1, 1))
    assert _code(excinfo) == "unit_ended"
    assert not Council.objects.exists()


def test_an_officer_cannot_create_a_council(commune_officer, org_tree):
    with pytest.raises(PermissionDenied):
        services.create_council(commune_officer, org_tree.thanh_xuan, **TERM)


def test_a_term_ending_before_it_starts_is_refused(city_admin, org_tree):
    with pytest.raises(ValidationError) as excinfo:
        services.create_council(city_admin, org_tree.hanoi, **TERM, term_end=dt.date(2026, 1, 1))
    assert _code(excinfo) == "invalid_term"


def test_members_come_from_the_unit_and_its_subtree(council, city_admin, commune_officer):
    member = services.add_member(city_admin, council, commune_officer)
    assert not member.invited and member.invitation_reason == ""


def test_someone_from_elsewhere_needs_an_invitation_with_a_reason(council, city_admin, laocai_officer):
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(city_admin, council, laocai_officer)
    assert _code(excinfo) == "member_not_in_unit"
    member = services.add_member(
        city_admin, council, laocai_officer, invitation_reason="Chuyên gia về thi đua của tỉnh bạn"
    )
    assert member.invited
    record = member.history.latest()
    assert record.history_user == city_admin and "Chuyên gia" in record.history_change_reason


def test_an_account_with_no_role_is_never_seated(council, city_admin, outsider):
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(city_admin, council, outsider, invitation_reason="Người quen")
    assert _code(excinfo) == "member_not_in_unit"


def test_a_session_outside_the_term_is_refused(council, city_admin, secretary):
    council = services.update_council(city_admin, council, term_end=dt.date(2027, 1, 1))  # until 31/12/2026
    for day in (dt.date(2025, 12, 31), dt.date(2027, 1, 1)):
        with pytest.raises(ValidationError) as excinfo:
            services.create_session(secretary, council, title="P", held_on=day, place="X")
        assert _code(excinfo) == "outside_term"
    services.create_session(secretary, council, title="P", held_on=dt.date(2026, 12, 31), place="X")


def test_a_session_after_the_unit_ended_is_refused(org_tree, city_admin, city_appraiser):
    ward = OrgUnitFactory(parent=org_tree.hanoi, name="Phường sắp nhập", kind=OrgUnit.Kind.COMMUNE)
    council = services.create_council(city_admin, ward, **TERM)
    OrgUnit.objects.filter(pk=ward.pk).update(valid_to=dt.date(2026, 7, 1))
    council.unit.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.create_session(city_appraiser, council, title="P", held_on=dt.date(2026, 7, 1), place="X")
    assert _code(excinfo) == "unit_ended"
    session = services.create_session(
        city_appraiser, council, title="P", held_on=dt.date(2026, 6, 30), place="X"
    )
    assert session.pk


def test_the_term_cannot_shrink_away_from_its_sessions(council, city_admin, secretary):
    services.create_session(secretary, council, title="P", held_on=dt.date(2026, 12, 20), place="X")
    with pytest.raises(ValidationError) as excinfo:
        services.update_council(city_admin, council, term_end=dt.date(2026, 12, 1))
    assert _code(excinfo) == "outside_term"


def test_an_ended_seat_counts_up_to_its_last_day(council, city_admin, voters):
    member = services.end_member(city_admin, voters[0], last_day=dt.date(2026, 6, 30), reason="Nghỉ hưu")
    assert member.valid_to == dt.date(2026, 7, 1)
    assert services.voting_members(council, dt.date(2026, 6, 30)).filter(pk=member.pk).exists()
    assert not services.voting_members(council, dt.date(2026, 7, 1)).filter(pk=member.pk).exists()


# --- Pages --------------------------------------------------------------------------------------------


def test_council_created_on_the_page_with_the_last_day_of_its_term(client, city_admin, org_tree):
    client.force_login(city_admin)
    page = client.get("/hoi-dong/")
    assert "Lập Hội đồng cho đơn vị" in page.content.decode()
    response = client.post(
        "/hoi-dong/lap-hoi-dong/",
        {
            "new-unit": org_tree.hanoi.pk,
            "new-name": "Hội đồng TĐKT thành phố nhiệm kỳ 2026–2030",
            "new-term_start": "01/01/2026",
            "new-term_end": "31/12/2030",
            "new-document_symbol": "HĐTĐKT",
        },
    )
    council = Council.objects.get()
    assert response.status_code == 302 and response["Location"] == council.get_absolute_url()
    assert council.term_end == dt.date(2031, 1, 1)  # stored as the first day after the term
    text = client.get(council.get_absolute_url()).content.decode()
    assert "đến hết ngày 31/12/2030" in text


def test_an_officer_sees_no_create_form(client, commune_officer):
    client.force_login(commune_officer)
    assert "Lập Hội đồng cho đơn vị" not in client.get("/hoi-dong/").content.decode()


def test_page_seats_a_unit_member_and_an_invited_guest_with_the_reason_shown(
    client, council, city_admin, commune_officer, laocai_officer
):
    client.force_login(city_admin)
    url = f"/hoi-dong/{council.pk}/thanh-vien/"
    page = client.get(council.get_absolute_url()).content.decode()
    assert "Nguyễn Thị Lan" in page and "Hoàng Văn Sơn" not in page  # only the city's people offered
    ok = client.post(url, {"seat-user": commune_officer.pk, "seat-position": "member", "seat-votes": "on"})
    assert ok.status_code == 302
    refused = client.post(url, {"seat-username": laocai_officer.username, "seat-position": "member"})
    assert refused.status_code == 400 and "chỉ được mời với lý do" in refused.content.decode()
    client.post(
        url,
        {
            "seat-username": laocai_officer.username,
            "seat-position": "member",
            "seat-invitation_reason": "Đại diện cụm thi đua các tỉnh",
        },
    )
    text = client.get(council.get_absolute_url()).content.decode()
    assert "khách mời" in text and "Đại diện cụm thi đua các tỉnh" in text
    assert CouncilMember.objects.filter(council=council, user=laocai_officer).exists()


def test_page_ends_a_seat(client, council, city_admin, voters):
    client.force_login(city_admin)
    member = voters[1]
    client.post(
        f"/hoi-dong/{council.pk}/thanh-vien/{member.pk}/thoi-giu-chuc/",
        {"last_day": "31/12/2026", "reason": "Chuyển công tác"},
    )
    member.refresh_from_db()
    assert member.valid_to == dt.date(2027, 1, 1)
    assert "đến hết ngày 31/12/2026" in client.get(council.get_absolute_url()).content.decode()


def test_page_refuses_a_session_outside_the_term(client, council, secretary):
    client.force_login(secretary)
    response = client.post(
        f"/hoi-dong/{council.pk}/len-lich/",
        {"title": "P", "held_on": "20/12/2025", "place": "X"},
        follow=True,
    )
    assert "nằm ngoài nhiệm kỳ" in response.content.decode()
    assert not CouncilSession.objects.exists()


# --- API ----------------------------------------------------------------------------------------------


def test_api_creates_and_updates_a_council_with_the_last_day_of_its_term(api_client, city_admin, org_tree):
    api = api_client(city_admin)
    created = api.post(
        "/api/v1/councils/",
        {"unit_id": org_tree.hanoi.pk, "name": "HĐ", "term_start": "2026-01-01", "term_end": "2030-12-31"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["term_end"] == "2030-12-31"
    assert Council.objects.get().term_end == dt.date(2031, 1, 1)
    changed = api.patch(f"/api/v1/councils/{body['id']}", {"term_end": "2031-06-30"})
    assert changed.status_code == 200 and changed.json()["term_end"] == "2031-06-30"


def test_api_refuses_a_council_for_an_ended_unit(api_client, city_admin, ended_ward):
    response = api_client(city_admin).post(
        "/api/v1/councils/", {"unit_id": ended_ward.pk, "name": "HĐ", "term_start": "2024-01-01"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "unit_ended" and "hết hiệu lực" in response.json()["message"]


def test_api_officer_may_not_create(api_client, commune_officer, org_tree):
    response = api_client(commune_officer).post(
        "/api/v1/councils/", {"unit_id": org_tree.thanh_xuan.pk, "name": "HĐ", "term_start": "2026-01-01"}
    )
    assert response.status_code == 403


def test_api_members_from_the_unit_others_by_invitation(
    api_client, council, city_admin, laocai_officer, outsider
):
    api = api_client(city_admin)
    url = f"/api/v1/councils/{council.pk}/members"
    refused = api.post(url, {"user_id": laocai_officer.pk})
    assert refused.status_code == 422 and refused.json()["code"] == "member_not_in_unit"
    nobody = api.post(url, {"user_id": outsider.pk, "invitation_reason": "x"})
    unknown = api.post(url, {"user_id": 2**31 - 1, "invitation_reason": "x"})
    assert nobody.json() == unknown.json()  # no telling which ids exist
    invited = api.post(url, {"user_id": laocai_officer.pk, "invitation_reason": "Chuyên gia"})
    assert invited.status_code == 201
    [seat] = [m for m in invited.json()["members"] if m["user_id"] == laocai_officer.pk]
    assert seat["invited"] and seat["invitation_reason"] == "Chuyên gia"
    again = api.post(url, {"user_id": laocai_officer.pk, "invitation_reason": "Chuyên gia"})
    assert again.json()["code"] == "already_member"
    ended = api.post(f"{url}/{seat['id']}/end", {"last_day": "2026-12-31"})
    assert ended.status_code == 200
    [seat] = [m for m in ended.json()["members"] if m["user_id"] == laocai_officer.pk]
    assert seat["last_day"] == "2026-12-31"


def test_api_candidates_are_the_units_people(
    api_client, council, city_admin, commune_officer, laocai_officer
):
    names = {
        c["username"]
        for c in api_client(city_admin).get(f"/api/v1/councils/{council.pk}/candidates").json()["items"]
    }
    assert commune_officer.username in names and laocai_officer.username not in names


def test_api_session_outside_the_term(api_client, council, secretary):
    response = api_client(secretary).post(
        "/api/v1/council-sessions/",
        {"council_id": council.pk, "title": "P", "held_on": "2025-12-20", "place": "X"},
    )
    assert response.status_code == 422 and response.json()["code"] == "outside_term"
