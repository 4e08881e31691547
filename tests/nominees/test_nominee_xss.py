"""XSS in what an officer types about a person (name, ethnicity, occupation, position, a
consent's note) and the portal shows about them with their consent: through the officer's form,
read back from the back-office list, the person's page, the edit form and the duplicate check,
and from the public exemplar pages, search and API."""

import pytest

from guongsang.nominees import services
from guongsang.nominees.models import Nominee
from tests.stories.xss_vectors import VECTORS, assert_inert, packed

pytestmark = pytest.mark.django_db
TEXT_FIELDS = ("full_name", "occupation", "position")
PUBLIC = ["full_name", "ethnicity", "occupation", "position", "unit"]


def test_person_fields_are_shown_as_text_in_the_back_office_and_on_the_portal(
    client, org_tree, ba_dinh_officer, api_client
):
    client.force_login(ba_dinh_officer)
    people = {}
    short = [v for v in VECTORS if len(v) <= 64]
    for index, chunk in enumerate(packed(245)):
        values = {name: f"{name[:3]}{index} {chunk}" for name in TEXT_FIELDS}
        values["ethnicity"] = short[index % len(short)]
        response = client.post(
            "/nguoi-duoc-de-xuat/them/",
            {
                **values,
                "kind": "individual",
                "birth_year": 1950 + index,
                "unit": org_tree.ba_dinh.pk,
                "public_fields": PUBLIC,
                "confirm_new": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[-3000:]
        person = Nominee.objects.get(birth_year=1950 + index)
        services.give_consent(ba_dinh_officer, person, given_by=values["full_name"], scope="all", note=chunk)
        people[person.pk] = values

    names = [v["full_name"] for v in people.values()]
    assert_inert(client.get("/nguoi-duoc-de-xuat/").content.decode(), names)
    for pk, values in people.items():
        assert_inert(client.get(f"/nguoi-duoc-de-xuat/{pk}/").content.decode(), list(values.values()))
        assert_inert(client.get(f"/nguoi-duoc-de-xuat/{pk}/sua/").content.decode(), list(values.values()))
    # The duplicate check (an htmx fragment) names the person already there.
    first = next(iter(people.values()))
    fragment = client.post(
        "/nguoi-duoc-de-xuat/kiem-tra-trung/",
        {"full_name": first["full_name"], "birth_year": 1950, "unit": org_tree.ba_dinh.pk},
    ).content.decode()
    assert_inert(f"<main>{fragment}</main>", [first["full_name"]])

    client.logout()
    assert_inert(client.get("/tin-tuc/guong-sang/").content.decode(), names, within="")
    for pk, values in people.items():
        assert_inert(
            client.get(f"/tin-tuc/guong-sang/{pk}/").content.decode(), list(values.values()), within=""
        )
    found = client.get("/tin-tuc/tim-kiem/", {"q": "ful0"}).content.decode()
    assert_inert(found, [first["full_name"]], within="")
    answer = api_client().get("/api/v1/search", {"q": "ful0"})
    assert answer["Content-Type"].startswith("application/json")
    assert first["full_name"] in [e["data"]["full_name"] for e in answer.json()["exemplars"]]
