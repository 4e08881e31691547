"""The nominee pages under each persona's scope: list, detail, create with the duplicate warning,
CCCD reveal, consent, merge, photo."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guongsang.nominees import services
from guongsang.nominees.models import Consent, Nominee, SensitiveAccess
from tests.factories import NomineeFactory
from tests.nominees.conftest import CCCD
from tests.nominees.test_nominee_services import PNG

LIST = "/nguoi-duoc-de-xuat/"
CREATE = "/nguoi-duoc-de-xuat/them/"


@pytest.fixture
def laocai_nominee(org_tree, laocai_officer):
    return services.create_nominee(
        laocai_officer, full_name="Giàng A Páo", birth_year=1975, unit=org_tree.bao_thang
    )


def text(response) -> str:
    return response.content.decode()


# --- Scope -----------------------------------------------------------------------------------------


def test_laocai_officer_never_sees_a_hanoi_nominee(signed_in, duc, laocai_nominee):
    client = signed_in("laocai_officer")
    listing = client.get(LIST)
    assert "Giàng A Páo" in text(listing) and "Nguyễn Văn Đức" not in text(listing)
    assert "Nguyễn Văn Đức" not in text(client.get(LIST, {"q": "nguyen van duc"}))
    assert client.get(duc.get_absolute_url()).status_code == 404
    assert client.get(f"/nguoi-duoc-de-xuat/{duc.pk}/sua/").status_code == 404
    assert client.post(f"/nguoi-duoc-de-xuat/{duc.pk}/cccd/").status_code == 404
    assert client.get(f"/nguoi-duoc-de-xuat/{duc.pk}/hop-nhat/").status_code == 404
    # A unit filter naming a unit out of scope is ignored, not obeyed.
    assert "Nguyễn Văn Đức" not in text(client.get(LIST, {"unit": duc.unit_id}))
    assert not SensitiveAccess.objects.exists()


def test_city_appraiser_sees_the_city_not_laocai(signed_in, duc, laocai_nominee):
    listing = text(signed_in("city_appraiser").get(LIST))
    assert "Nguyễn Văn Đức" in listing and "Giàng A Páo" not in listing


def test_list_search_without_diacritics_and_filters(signed_in, duc, org_tree, ba_dinh_officer):
    services.create_nominee(
        ba_dinh_officer, kind="collective", full_name="Tổ dân phố số 5", unit=org_tree.ba_dinh
    )
    client = signed_in("city_appraiser")
    assert "Nguyễn Văn Đức" in text(client.get(LIST, {"q": "NGUYEN  van"}))
    by_kind = text(client.get(LIST, {"kind": "collective"}))
    assert "Tổ dân phố số 5" in by_kind and "Nguyễn Văn Đức" not in by_kind
    assert "Nguyễn Văn Đức" not in text(client.get(LIST, {"unit": org_tree.ba_dinh.pk, "q": "to dan"}))
    partial = client.get(LIST, {"q": "duc"}, headers={"HX-Request": "true"})
    assert "<html" not in text(partial) and "Nguyễn Văn Đức" in text(partial)


def test_list_shows_masked_cccd_only(signed_in, duc):
    page = text(signed_in("city_appraiser").get(LIST))
    assert "0010******45" in page and CCCD not in page


def test_list_paginates_without_a_query_per_row(signed_in, org_tree):
    NomineeFactory.create_batch(3, unit=org_tree.ba_dinh, residence=org_tree.dong_da)
    client = signed_in("city_appraiser")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    NomineeFactory.create_batch(60, unit=org_tree.ba_dinh, residence=org_tree.dong_da)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert response.status_code == 200
    assert "Trang 1/2" in text(response)
    assert len(many) == len(few)
    assert "Trang 2/2" in text(client.get(LIST, {"page": 2}))


def test_nav_offers_nominees_to_officers_not_to_outsiders(signed_in):
    assert 'href="/nguoi-duoc-de-xuat/"' in text(signed_in("commune_officer").get("/"))


# --- Detail and CCCD -------------------------------------------------------------------------------


def test_detail_masks_cccd_and_offers_reveal_to_allowed_roles(signed_in, duc):
    page = text(signed_in("ba_dinh_officer").get(duc.get_absolute_url()))
    assert "0010******45" in page and CCCD not in page
    assert "Xem số CCCD đầy đủ" in page


def test_editor_sees_the_nominee_but_not_the_reveal_button(signed_in, duc):
    response = signed_in("city_editor").get(duc.get_absolute_url())
    assert response.status_code == 200
    assert "Xem số CCCD đầy đủ" not in text(response)
    assert "0912345678" not in text(response) and "091****678" in text(response)
    assert signed_in("city_editor").post(f"/nguoi-duoc-de-xuat/{duc.pk}/cccd/").status_code == 403


def test_reveal_shows_the_number_and_logs_it(signed_in, duc, city_appraiser):
    client = signed_in("city_appraiser")
    response = client.post(f"/nguoi-duoc-de-xuat/{duc.pk}/cccd/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert CCCD in text(response) and "<html" not in text(response)
    assert SensitiveAccess.objects.get().user == city_appraiser
    # Without htmx, the page itself shows it, and the log lists the view.
    page = text(client.post(f"/nguoi-duoc-de-xuat/{duc.pk}/cccd/"))
    assert CCCD in page and "Lượt xem số CCCD, số điện thoại, thư điện tử đầy đủ" in page
    assert SensitiveAccess.objects.count() == 2


def test_detail_has_the_timeline_and_the_records_hook(signed_in, duc, ba_dinh_officer):
    from guongsang.nominees.sections import NomineeSection, register, unregister

    def provider(user, nominee):
        return NomineeSection("Hồ sơ đề nghị", "nominees/_duplicates.html", {})

    register(provider)
    try:
        page = text(signed_in("ba_dinh_officer").get(duc.get_absolute_url()))
    finally:
        unregister(provider)
    assert "Lịch sử thay đổi" in page and "Tạo mới" in page
    assert "<h3>Hồ sơ đề nghị</h3>" in page


# --- Create and edit -------------------------------------------------------------------------------


def form_data(org_tree, **extra):
    data = {
        "kind": "individual",
        "full_name": "nguyen van duc",
        "birth_year": "1980",
        "unit": org_tree.ba_dinh.pk,
        "residence": org_tree.ba_dinh.pk,
    }
    data.update(extra)
    return data


def test_create_warns_of_a_likely_duplicate_before_saving(signed_in, duc, org_tree):
    client = signed_in("ba_dinh_officer")
    response = client.post(CREATE, form_data(org_tree))
    assert response.status_code == 200
    assert "Có thể người này đã có trong hệ thống" in text(response)
    assert Nominee.objects.count() == 1
    response = client.post(CREATE, form_data(org_tree, confirm_new="on"))
    assert response.status_code == 302
    assert Nominee.objects.count() == 2


def test_htmx_duplicate_check(signed_in, duc, org_tree):
    response = signed_in("ba_dinh_officer").post(
        "/nguoi-duoc-de-xuat/kiem-tra-trung/", form_data(org_tree), headers={"HX-Request": "true"}
    )
    assert "Nguyễn Văn Đức" in text(response) and "Cùng năm sinh 1980" in text(response)
    hidden = signed_in("laocai_officer").post("/nguoi-duoc-de-xuat/kiem-tra-trung/", form_data(org_tree))
    assert "Nguyễn Văn Đức" not in text(hidden)


def test_create_shows_service_errors_on_fields(signed_in, org_tree):
    response = signed_in("ba_dinh_officer").post(
        CREATE, form_data(org_tree, full_name="Lê Văn Bình", cccd="123", phone="12")
    )
    assert response.status_code == 400
    page = text(response)
    assert "Số CCCD phải gồm đúng 12 chữ số" in page and "Số điện thoại không đúng định dạng" in page
    assert not Nominee.objects.exists()


def test_create_with_photo_and_photo_is_scoped(signed_in, org_tree):
    png = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    response = signed_in("ba_dinh_officer").post(
        CREATE, form_data(org_tree, full_name="Lê Văn Bình", photo=png)
    )
    assert response.status_code == 302
    nominee = Nominee.objects.get()
    assert signed_in("ba_dinh_officer").get(f"/nguoi-duoc-de-xuat/{nominee.pk}/anh/").status_code == 200
    assert signed_in("laocai_officer").get(f"/nguoi-duoc-de-xuat/{nominee.pk}/anh/").status_code == 404


def test_officer_cannot_create_for_another_unit(signed_in, org_tree):
    response = signed_in("commune_officer").post(CREATE, form_data(org_tree, full_name="Lê Văn Bình"))
    assert response.status_code == 400  # Ba Đình is not among the officer's unit choices
    assert not Nominee.objects.exists()


def test_outsider_cannot_open_the_create_page(signed_in):
    assert signed_in("outsider").get(CREATE).status_code == 403


def test_edit_keeps_cccd_when_left_empty(signed_in, duc, org_tree):
    client = signed_in("ba_dinh_officer")
    page = text(client.get(f"/nguoi-duoc-de-xuat/{duc.pk}/sua/"))
    assert CCCD not in page and "0010******45" in page
    response = client.post(
        f"/nguoi-duoc-de-xuat/{duc.pk}/sua/",
        form_data(org_tree, full_name="Nguyễn Văn Đức", occupation="Giáo viên", phone="0912345678"),
    )
    assert response.status_code == 302
    duc.refresh_from_db()
    assert duc.occupation == "Giáo viên" and duc.cccd == CCCD


# --- Consent and merge -----------------------------------------------------------------------------


def test_consent_from_the_page(signed_in, duc):
    client = signed_in("ba_dinh_officer")
    response = client.post(
        f"/nguoi-duoc-de-xuat/{duc.pk}/dong-y/",
        {"given_by": "Nguyễn Văn Đức", "relation": "self", "given_at": "01/12/2025", "scope": "book"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert "Sách “Những bông hoa đẹp”" in text(client.get(duc.get_absolute_url()))
    client.post(f"/nguoi-duoc-de-xuat/{duc.pk}/dong-y/{consent.pk}/rut-lai/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    bad = client.post(f"/nguoi-duoc-de-xuat/{duc.pk}/dong-y/", {"given_by": "", "scope": "book"})
    assert bad.status_code == 400


def test_merge_page_flow(signed_in, duc, org_tree, ba_dinh_officer):
    again = services.create_nominee(
        ba_dinh_officer, full_name="nguyen van duc", birth_year=1980, unit=org_tree.ba_dinh
    )
    client = signed_in("ba_dinh_officer")
    page = text(client.get(f"/nguoi-duoc-de-xuat/{again.pk}/hop-nhat/"))
    assert f"?other={duc.pk}" in page
    confirm = text(client.get(f"/nguoi-duoc-de-xuat/{again.pk}/hop-nhat/", {"other": duc.pk}))
    assert "Xác nhận hợp nhất" in confirm
    response = client.post(f"/nguoi-duoc-de-xuat/{again.pk}/hop-nhat/", {"other": duc.pk, "keep": duc.pk})
    assert response.status_code == 302 and response["Location"] == duc.get_absolute_url()
    again.refresh_from_db()
    assert again.merged_into == duc
    merged_page = text(client.get(again.get_absolute_url()))
    assert "đã được hợp nhất vào" in merged_page
    # The kept record's page tells both stories: its own and the merged record's.
    kept_page = text(client.get(duc.get_absolute_url()))
    assert f"Tạo mới — nguyen van duc (#{again.pk})" in kept_page
    assert "Hợp nhất với nguyen van duc" in kept_page


def test_editor_cannot_merge(signed_in, duc):
    assert signed_in("city_editor").get(f"/nguoi-duoc-de-xuat/{duc.pk}/hop-nhat/").status_code == 403


def test_admin_is_scoped_and_never_shows_the_cccd(signed_in, duc, laocai_nominee):
    client = signed_in("city_admin")
    listing = text(client.get("/quan-tri/nominees/nominee/"))
    assert "Nguyễn Văn Đức" in listing and "Giàng A Páo" not in listing
    change = client.get(f"/quan-tri/nominees/nominee/{duc.pk}/change/")
    assert change.status_code == 200
    assert CCCD not in text(change) and "0912345678" not in text(change)
    assert client.get(f"/quan-tri/nominees/nominee/{laocai_nominee.pk}/change/").status_code in (302, 404)
