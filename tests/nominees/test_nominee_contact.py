"""A nominee's phone number and e-mail address in the back office: masked by default, shown in
full on request to those who may edit the nominee (and logged), never pre-filled in the edit
form, the e-mail encrypted at rest."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from guongsang.nominees import services
from guongsang.nominees.models import Nominee, SensitiveAccess
from tests.nominees.test_nominee_excel import exported
from tests.nominees.test_nominee_pages import form_data, text

EMAIL = "nguyen.van.duc@example.vn"
PHONE = "0912345678"
# The first letter of the local part, one star for each other (14 letters), the domain whole.
MASKED_EMAIL = "n" + "*" * 13 + "@example.vn"
API = "/api/v1/nominees/"


@pytest.fixture
def duc_with_email(duc, ba_dinh_officer):
    services.update_nominee(ba_dinh_officer, duc, email=EMAIL)
    SensitiveAccess.objects.all().delete()
    return Nominee.objects.get(pk=duc.pk)


def _reveal(client, nominee, field, **kwargs):
    return client.post(f"/nguoi-duoc-de-xuat/{nominee.pk}/xem/{field}/", **kwargs)


def test_detail_masks_phone_and_email_even_for_the_officer(signed_in, duc_with_email):
    page = text(signed_in("ba_dinh_officer").get(duc_with_email.get_absolute_url()))
    assert PHONE not in page and "091****678" in page
    assert EMAIL not in page and MASKED_EMAIL in page
    assert "Xem số điện thoại" in page and "Xem thư điện tử" in page
    assert not SensitiveAccess.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("phone", PHONE), ("email", EMAIL)])
def test_reveal_shows_the_value_and_logs_who_what_and_whom(
    signed_in, duc_with_email, ba_dinh_officer, field, value
):
    response = _reveal(signed_in("ba_dinh_officer"), duc_with_email, field, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert value in text(response) and "<html" not in text(response)
    access = SensitiveAccess.objects.get()
    assert (access.user, access.nominee, access.field) == (ba_dinh_officer, duc_with_email, field)
    assert access.at is not None


def test_reveal_without_htmx_shows_it_on_the_page_and_in_the_log(signed_in, duc_with_email):
    page = text(_reveal(signed_in("city_appraiser"), duc_with_email, "email"))
    assert EMAIL in page and PHONE not in page
    # The appraiser reads the log: the view of the e-mail is listed with its label.
    assert "Trần Văn Minh" in page and "<td>Thư điện tử</td>" in page


def test_a_role_without_business_with_contacts_is_refused_and_nothing_is_logged(signed_in, duc_with_email):
    client = signed_in("city_editor")
    page = text(client.get(duc_with_email.get_absolute_url()))
    assert PHONE not in page and EMAIL not in page
    assert "Xem số điện thoại" not in page and "Xem thư điện tử" not in page
    assert _reveal(client, duc_with_email, "phone").status_code == 403
    assert _reveal(client, duc_with_email, "email").status_code == 403
    assert not SensitiveAccess.objects.exists()


def test_reveal_out_of_scope_or_of_an_unknown_field_is_not_found(signed_in, duc_with_email):
    assert _reveal(signed_in("laocai_officer"), duc_with_email, "phone").status_code == 404
    assert _reveal(signed_in("ba_dinh_officer"), duc_with_email, "full_name").status_code == 404
    assert not SensitiveAccess.objects.exists()


def test_edit_form_is_not_prefilled_and_empty_keeps_the_stored_values(signed_in, duc_with_email, org_tree):
    client = signed_in("ba_dinh_officer")
    url = f"/nguoi-duoc-de-xuat/{duc_with_email.pk}/sua/"
    page = text(client.get(url))
    assert PHONE not in page and EMAIL not in page
    assert "Đang lưu: 091****678" in page and f"Đang lưu: {MASKED_EMAIL}" in page
    assert (
        client.post(url, form_data(org_tree, full_name="Nguyễn Văn Đức", occupation="Bác sĩ")).status_code
        == 302
    )
    duc = Nominee.objects.get(pk=duc_with_email.pk)
    assert (duc.occupation, duc.phone, duc.email) == ("Bác sĩ", PHONE, EMAIL)


def test_edit_form_replaces_or_removes_the_contacts(signed_in, duc_with_email, org_tree):
    client = signed_in("ba_dinh_officer")
    url = f"/nguoi-duoc-de-xuat/{duc_with_email.pk}/sua/"
    client.post(
        url, form_data(org_tree, full_name="Nguyễn Văn Đức", phone="0987 654 321", email="duc@example.vn")
    )
    duc = Nominee.objects.get(pk=duc_with_email.pk)
    assert (duc.phone, duc.email) == ("0987654321", "duc@example.vn")
    client.post(url, form_data(org_tree, full_name="Nguyễn Văn Đức", phone_clear="on", email_clear="on"))
    duc = Nominee.objects.get(pk=duc_with_email.pk)
    assert (duc.phone, duc.email) == ("", "")


def test_a_bad_email_is_refused_in_the_form_and_the_service(
    signed_in, duc_with_email, org_tree, ba_dinh_officer
):
    url = f"/nguoi-duoc-de-xuat/{duc_with_email.pk}/sua/"
    response = signed_in("ba_dinh_officer").post(
        url, form_data(org_tree, full_name="Nguyễn Văn Đức", email="duc@")
    )
    assert response.status_code == 400
    with pytest.raises(services.ValidationError) as error:
        services.update_nominee(ba_dinh_officer, duc_with_email, email="không phải thư")
    assert "email" in error.value.message_dict


def test_email_is_encrypted_at_rest_and_out_of_the_history(duc_with_email):
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM nominees_nominee WHERE id = %s", [duc_with_email.pk])
        (raw,) = cursor.fetchone()
    assert raw and EMAIL not in raw and "example" not in raw
    assert "email" not in {f.name for f in Nominee.history.model._meta.get_fields()}


def test_migration_encrypts_existing_plain_emails_once(duc_with_email):
    migration = importlib.import_module("guongsang.nominees.migrations.0003_encrypt_email")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE nominees_nominee SET email = %s WHERE id = %s", ["cu@example.vn", duc_with_email.pk]
        )
    migration.encrypt_emails(apps, None)
    migration.encrypt_emails(apps, None)  # a second run leaves encrypted rows alone
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM nominees_nominee WHERE id = %s", [duc_with_email.pk])
        (raw,) = cursor.fetchone()
    assert "cu@example.vn" not in raw
    assert Nominee.objects.get(pk=duc_with_email.pk).email == "cu@example.vn"
    migration.decrypt_emails(apps, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM nominees_nominee WHERE id = %s", [duc_with_email.pk])
        assert cursor.fetchone() == ("cu@example.vn",)


def test_export_masks_contacts_for_those_who_may_not_reveal_them(client, duc_with_email, city_editor):
    client.force_login(city_editor)
    cells = [cell for row in exported(client, {"q": "duc"}) for cell in row]
    assert "091****678" in cells and MASKED_EMAIL in cells
    assert PHONE not in cells and EMAIL not in cells
    assert not SensitiveAccess.objects.exists()


# --- API -------------------------------------------------------------------------------------------


def test_api_masks_the_email_and_reveals_contacts_with_a_log(
    api_client, duc_with_email, ba_dinh_officer, city_editor
):
    body = api_client(ba_dinh_officer).get(f"{API}{duc_with_email.pk}").json()
    assert "email" not in body and body["email_masked"] == MASKED_EMAIL
    assert EMAIL not in str(body) and PHONE not in str(body)
    revealed = api_client(ba_dinh_officer).post(f"{API}{duc_with_email.pk}/reveal-contact")
    assert revealed.json() == {"phone": PHONE, "email": EMAIL}
    assert sorted(SensitiveAccess.objects.values_list("field", flat=True)) == ["email", "phone"]
    refused = api_client(city_editor).post(f"{API}{duc_with_email.pk}/reveal-contact")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert SensitiveAccess.objects.count() == 2
