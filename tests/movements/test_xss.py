"""XSS in emulation movements: the corpus in a movement's name and content (through the launch
form, then the service), in a unit's pledge and the reason it was turned down, in criteria sets
and their criteria; read back from the list, the movement's page, its edit form, the criteria
pages, the officers' notifications and the API."""

import datetime as dt

import pytest
from django.utils.text import Truncator

from guongsang.movements import services
from guongsang.movements.models import Movement
from tests.stories.xss_vectors import VECTORS, assert_inert, packed

pytestmark = pytest.mark.django_db
EVERYTHING = "\n".join(VECTORS)


def test_movements_show_payloads_as_text(
    client, org_tree, city_officer, commune_officer, api_client, django_capture_on_commit_callbacks
):
    chunks = packed(255)
    client.force_login(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/phong-trao/phat-dong/",
            {
                "unit": org_tree.hanoi.pk,
                "name": chunks[0],
                "kind": "regular",
                "start_date": "01/01/2025",
                "description": EVERYTHING,
            },
        )
        assert response.status_code == 302, response.content.decode()[-3000:]
        for chunk in chunks[1:]:
            services.launch_movement(
                city_officer, org_tree.hanoi, name=chunk, kind="thematic", start_date=dt.date(2025, 1, 1)
            )
    movement = Movement.objects.get(name=chunks[0])
    assert_inert(client.get("/phong-trao/").content.decode(), chunks)

    # Thanh Xuân pledges the corpus; the city turns it down, with the corpus as the reason.
    registration = services.register(commune_officer, movement, org_tree.thanh_xuan, EVERYTHING, submit=True)
    services.reject_registration(city_officer, registration, packed(2000)[0])
    criteria_set = services.create_criteria_set(
        city_officer, org_tree.hanoi, kind="movement", name=chunks[1], movement=movement, year=2025
    )
    for text in packed(1000):
        services.add_criterion(city_officer, criteria_set, text)

    page = client.get(movement.get_absolute_url()).content.decode()
    assert_inert(page, [chunks[0], EVERYTHING, packed(2000)[0], chunks[1]])
    assert_inert(client.get(f"{movement.get_absolute_url()}sua/").content.decode(), [chunks[0], EVERYTHING])
    assert_inert(client.get("/phong-trao/tieu-chi/").content.decode(), [chunks[1]])
    assert_inert(client.get(f"/phong-trao/tieu-chi/{criteria_set.pk}/").content.decode(), packed(1000))

    client.force_login(commune_officer)
    assert_inert(client.get(movement.get_absolute_url()).content.decode(), [chunks[0], EVERYTHING])
    # The notice quotes the name, shortened to the 255 characters a notice's title holds.
    notice = Truncator(f"Phong trào mới: {chunks[0]}").chars(255)
    assert_inert(client.get("/thong-bao/").content.decode(), [notice])
    answer = api_client(commune_officer).get(f"/api/v1/movements/{movement.pk}")
    assert answer["Content-Type"].startswith("application/json")
    assert (answer.json()["name"], answer.json()["description"]) == (chunks[0], EVERYTHING)
