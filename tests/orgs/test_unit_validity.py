"""A unit's end date as people read and type it: the last day in force, stored as the day after
(core.periods); ending a unit from its page needs a basis and is audited."""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_add_form_takes_the_last_day_in_force(client, city_admin, org_tree):
    client.force_login(city_admin)
    response = client.post(
        f"/don-vi/{org_tree.hanoi.pk}/them-truc-thuoc/",
        {
            "name": "Quận Thanh Xuân (cũ)",
            "kind": "district",
            "valid_from": "01/01/2009",
            "valid_to": "30/06/2025",
        },
    )
    unit = OrgUnit.objects.get(name="Quận Thanh Xuân (cũ)")
    assert response.status_code == 302
    assert unit.valid_to == dt.date(2025, 7, 1) and not unit.in_force_on(dt.date(2025, 7, 1))
    assert unit.in_force_on(dt.date(2025, 6, 30))
    assert "đến hết ngày 30/06/2025" in client.get(unit.get_absolute_url()).content.decode()


def test_add_form_refuses_an_end_before_the_start(client, city_admin, org_tree):
    client.force_login(city_admin)
    response = client.post(
        f"/don-vi/{org_tree.hanoi.pk}/them-truc-thuoc/",
        {"name": "Sai ngày", "kind": "commune", "valid_from": "01/01/2025", "valid_to": "31/12/2024"},
    )
    assert response.status_code == 400
    assert "không được trước ngày bắt đầu" in response.content.decode()
    assert not OrgUnit.objects.filter(name="Sai ngày").exists()


def test_a_one_day_unit_is_allowed(client, city_admin, org_tree):
    client.force_login(city_admin)
    client.post(
        f"/don-vi/{org_tree.hanoi.pk}/them-truc-thuoc/",
        {"name": "Một ngày", "kind": "other", "valid_from": "01/01/2025", "valid_to": "01/01/2025"},
    )
    assert OrgUnit.objects.get(name="Một ngày").valid_to == dt.date(2025, 1, 2)


def _edit(client, unit, **extra):
    data = {"edit-name": unit.name, "edit-short_name": "", "edit-code": unit.code, "edit-staff_count": ""}
    data |= {f"edit-{k}": v for k, v in extra.items()}
    return client.post(f"/don-vi/{unit.pk}/sua/", data)


def test_ending_a_unit_needs_a_basis_and_is_audited(client, city_admin, org_tree):
    client.force_login(city_admin)
    ward = org_tree.dong_da
    refused = _edit(client, ward, valid_to="30/06/2025")
    assert refused.status_code == 400 and "Cần ghi căn cứ" in refused.content.decode()
    ward.refresh_from_db()
    assert ward.valid_to is None
    done = _edit(client, ward, valid_to="30/06/2025", reason="NQ 1656/NQ-UBTVQH15")
    assert done.status_code == 302
    ward.refresh_from_db()
    assert ward.valid_to == dt.date(2025, 7, 1)
    record = ward.history.latest()
    assert record.history_user == city_admin and record.history_change_reason == "NQ 1656/NQ-UBTVQH15"
    page = client.get(ward.get_absolute_url()).content.decode()
    assert "đã hết hiệu lực" in page and "NQ 1656/NQ-UBTVQH15" in page
    # The form shows the stored end as the last day, so saving it unchanged changes nothing.
    assert 'value="30/06/2025"' in page
    assert _edit(client, ward, valid_to="30/06/2025", staff_count="12").status_code == 302


def test_an_officer_cannot_edit_a_unit(client, commune_officer, org_tree):
    client.force_login(commune_officer)
    assert (
        "Sửa thông tin, hiệu lực" not in client.get(org_tree.thanh_xuan.get_absolute_url()).content.decode()
    )
    assert _edit(client, org_tree.thanh_xuan, valid_to="30/06/2025", reason="x").status_code == 403
    org_tree.thanh_xuan.refresh_from_db()
    assert org_tree.thanh_xuan.valid_to is None


def test_api_shows_the_last_day_in_force(api_client, city_admin, org_tree):
    OrgUnit.objects.filter(pk=org_tree.dong_da.pk).update(valid_to=dt.date(2025, 7, 1))
    body = api_client(city_admin).get(f"/api/v1/orgs/{org_tree.dong_da.pk}").json()
    assert body["valid_until"] == "2025-06-30" and body["valid_to"] == "2025-07-01"
