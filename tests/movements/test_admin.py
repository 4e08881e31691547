"""Fields of work in the admin: system administrators keep the list, unit administrators read it."""

from __future__ import annotations

from guongsang.movements.models import Field

URL = "/quan-tri/movements/field/"


def test_superuser_adds_a_field(client, superuser):
    client.force_login(superuser)
    response = client.post(f"{URL}add/", {"code": "chuyen-doi-so", "name": "Chuyển đổi số", "order": 15})
    assert response.status_code == 302
    field = Field.objects.get(code="chuyen-doi-so")
    assert field.history.get().history_user == superuser


def test_unit_admin_reads_but_cannot_change(client, city_admin):
    client.force_login(city_admin)
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}add/").status_code == 403
    field = Field.objects.first()
    response = client.post(f"{URL}{field.pk}/change/", {"code": field.code, "name": "Đổi tên", "order": 1})
    assert response.status_code == 403
    field.refresh_from_db()
    assert field.name != "Đổi tên"


def test_field_in_use_cannot_be_deleted(client, superuser, hanoi_movement):
    field = Field.objects.get(code="giao-duc")
    hanoi_movement.fields.add(field)
    client.force_login(superuser)
    assert client.get(f"{URL}{field.pk}/delete/").status_code == 403


def test_officer_cannot_open_the_admin(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
