"""Creating and editing nominees: validation in Vietnamese, CCCD encryption, masking and reveal."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from guongsang.nominees import services
from guongsang.nominees.models import Nominee, SensitiveAccess
from tests.nominees.conftest import CCCD


def _image(kind: str = "PNG", size=(60, 80), **save) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 60)).save(buffer, kind, **save)
    return buffer.getvalue()


PNG = _image()


def test_create_nominee_folds_name_and_derives_birth_year(org_tree, ba_dinh_officer):
    nominee = services.create_nominee(
        ba_dinh_officer,
        full_name="  Lê   Thị Hoa ",
        birth_date=dt.date(1990, 5, 17),
        unit=org_tree.ba_dinh,
    )
    assert nominee.full_name == "Lê   Thị Hoa"
    assert nominee.name_folded == "le thi hoa"
    assert nominee.birth_year == 1990
    assert nominee.birth_display == "17/05/1990"
    assert nominee.created_by == ba_dinh_officer
    assert nominee.history.first().history_user == ba_dinh_officer


def test_cccd_is_encrypted_at_rest_and_masked(duc):
    with connection.cursor() as cursor:
        cursor.execute("SELECT cccd, phone, cccd_masked FROM nominees_nominee WHERE id = %s", [duc.pk])
        raw_cccd, raw_phone, masked = cursor.fetchone()
    assert CCCD not in raw_cccd
    assert "0912345678" not in raw_phone
    assert masked == "0010******45"
    reloaded = Nominee.objects.get(pk=duc.pk)
    assert reloaded.cccd == CCCD
    assert reloaded.phone == "0912345678"


def test_history_never_holds_the_plain_cccd(duc, ba_dinh_officer):
    services.update_nominee(ba_dinh_officer, duc, cccd="001080099999")
    fields = {f.name for f in Nominee.history.model._meta.get_fields()}
    assert "cccd" not in fields
    assert "phone" not in fields
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM nominees_historicalnominee")
        rows = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert CCCD not in rows and "001080099999" not in rows
    # The change itself is recorded, masked.
    assert "0010******99" in rows


def test_same_cccd_is_found_through_the_blind_index(duc):
    from guongsang.core.crypto import blind_index

    assert Nominee.objects.filter(cccd_index=blind_index("0010 8001 2345")).get() == duc


@pytest.mark.parametrize("bad", ["12345", "00108001234X", "0010800123456"])
def test_bad_cccd_is_refused_in_vietnamese(org_tree, ba_dinh_officer, bad):
    with pytest.raises(ValidationError) as error:
        services.create_nominee(ba_dinh_officer, full_name="Lê Văn A", unit=org_tree.ba_dinh, cccd=bad)
    assert error.value.message_dict["cccd"] == ["Số CCCD phải gồm đúng 12 chữ số (ví dụ 001080012345)."]
    assert not Nominee.objects.exists()


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(024) 3825.6789", "02438256789"),
        ("", ""),
    ],
)
def test_phone_formats_are_normalised(given, stored):
    assert services.normalize_phone(given) == stored


@pytest.mark.parametrize("bad", ["12345", "0112345678", "091234567", "abc"])
def test_bad_phone_is_refused(bad):
    with pytest.raises(ValidationError) as error:
        services.normalize_phone(bad)
    assert "Số điện thoại không đúng định dạng Việt Nam" in error.value.message_dict["phone"][0]


def test_all_field_errors_are_reported_together(org_tree, ba_dinh_officer):
    with pytest.raises(ValidationError) as error:
        services.create_nominee(
            ba_dinh_officer, full_name=" ", unit=org_tree.ba_dinh, cccd="1", phone="2", birth_year=1850
        )
    assert set(error.value.message_dict) >= {"full_name", "cccd", "phone", "birth_year"}


def test_birth_year_must_agree_with_birth_date(org_tree, ba_dinh_officer):
    with pytest.raises(ValidationError) as error:
        services.create_nominee(
            ba_dinh_officer,
            full_name="Lê Văn A",
            unit=org_tree.ba_dinh,
            birth_date=dt.date(1980, 1, 1),
            birth_year=1981,
        )
    assert error.value.message_dict["birth_year"] == ["Năm sinh không khớp với ngày sinh."]


def test_residence_must_be_a_commune(org_tree, ba_dinh_officer):
    with pytest.raises(ValidationError) as error:
        services.create_nominee(
            ba_dinh_officer, full_name="Lê Văn A", unit=org_tree.ba_dinh, residence=org_tree.hanoi
        )
    assert "residence" in error.value.message_dict


def test_collective_has_no_cccd(org_tree, ba_dinh_officer):
    with pytest.raises(ValidationError) as error:
        services.create_nominee(
            ba_dinh_officer, kind="collective", full_name="Tổ dân phố số 5", unit=org_tree.ba_dinh, cccd=CCCD
        )
    assert error.value.message_dict["cccd"] == ["Tập thể không có số CCCD."]


def test_officer_cannot_create_in_another_unit(org_tree, commune_officer):
    with pytest.raises(PermissionDenied):
        services.create_nominee(commune_officer, full_name="Lê Văn A", unit=org_tree.ba_dinh)


def test_photo_checked_by_content(org_tree, ba_dinh_officer):
    fake = SimpleUploadedFile("anh.png", b"<html>not a picture</html>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.create_nominee(ba_dinh_officer, full_name="Lê Văn A", unit=org_tree.ba_dinh, photo=fake)
    assert "không phải là ảnh PNG hợp lệ" in error.value.message_dict["photo"][0]
    exe = SimpleUploadedFile("anh.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services.create_nominee(ba_dinh_officer, full_name="Lê Văn A", unit=org_tree.ba_dinh, photo=exe)
    good = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    nominee = services.create_nominee(
        ba_dinh_officer, full_name="Lê Văn A", unit=org_tree.ba_dinh, photo=good
    )
    # Stored under a random name: the path does not give the person away.
    assert (
        nominee.photo.name.startswith("nominees/photos/")
        and "le" not in nominee.photo.name.split("/")[-1][:2]
    )


def test_unknown_public_field_is_refused(org_tree, ba_dinh_officer):
    with pytest.raises(ValidationError):
        services.create_nominee(
            ba_dinh_officer, full_name="Lê Văn A", unit=org_tree.ba_dinh, public_fields=["full_name", "cccd"]
        )


def test_public_data_holds_only_the_chosen_fields(duc, ba_dinh_officer):
    services.update_nominee(ba_dinh_officer, duc, public_fields=["full_name", "occupation"])
    duc.refresh_from_db()
    assert duc.public_data() == {"full_name": "Nguyễn Văn Đức", "occupation": "Kỹ sư"}


# --- Reveal ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["ba_dinh_officer", "city_appraiser"])
def test_reveal_cccd_to_allowed_roles_is_logged(duc, persona, request):
    user = request.getfixturevalue(persona)
    assert services.reveal_cccd(user, duc) == CCCD
    access = SensitiveAccess.objects.get()
    assert (access.user, access.nominee, access.field) == (user, duc, "cccd")


@pytest.mark.parametrize(
    "persona", ["city_editor", "commune_officer", "laocai_officer", "outsider", "city_admin"]
)
def test_reveal_cccd_refused_to_others_and_not_logged(duc, persona, request):
    with pytest.raises(PermissionDenied):
        services.reveal_cccd(request.getfixturevalue(persona), duc)
    assert not SensitiveAccess.objects.exists()


def test_update_unknown_field_is_refused(duc, ba_dinh_officer):
    with pytest.raises(ValidationError):
        services.update_nominee(ba_dinh_officer, duc, merged_into=None)


def test_editor_may_not_edit(duc, city_editor):
    with pytest.raises(PermissionDenied):
        services.update_nominee(city_editor, duc, occupation="Nhà báo")


def test_a_portrait_loses_its_gps_position_stands_upright_and_fits_the_page(org_tree, ba_dinh_officer):
    """An officer's phone photo of the person goes on the public exemplar page: the position where
    it was taken (often the person's home) must not go with it, nor 4,000 pixels for a 200-px box."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90°": the phone was held upright
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 1.0, 7.5), 3: "E", 4: (105.0, 48.0, 12.25)})
    phone_photo = _image("JPEG", size=(3000, 2000), exif=exif)
    nominee = services.create_nominee(
        ba_dinh_officer,
        full_name="Lê Văn A",
        unit=org_tree.ba_dinh,
        photo=SimpleUploadedFile("chan-dung.jpg", phone_photo, content_type="image/jpeg"),
    )
    with nominee.photo.open("rb") as stored, Image.open(stored) as portrait:
        assert portrait.format == "JPEG" and not portrait.getexif()
        assert portrait.size == (667, 1000)  # upright (taller than wide), within 800 × 1000


def test_a_file_that_only_starts_like_a_png_is_refused(org_tree, ba_dinh_officer):
    broken = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.create_nominee(ba_dinh_officer, full_name="Lê Văn A", unit=org_tree.ba_dinh, photo=broken)
    assert "không phải là ảnh đọc được" in error.value.message_dict["photo"][0]
    assert not Nominee.objects.exists()
