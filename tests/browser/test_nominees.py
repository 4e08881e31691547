"""An officer of Phường Ba Đình adds a nominee, is warned of a likely duplicate, opens the
existing record and reveals its CCCD, in chromium."""

import pytest

from guongsang.accounts.models import Membership, User
from guongsang.core.permissions import Role
from guongsang.nominees import services
from guongsang.nominees.models import Nominee, SensitiveAccess
from guongsang.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Guong-sang-2026!"


@pytest.fixture
def ba_dinh():
    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    units.add_child(hanoi, {"name": "Phường Thanh Xuân", "kind": OrgUnit.Kind.COMMUNE, "code": "00367"})
    return units.add_child(hanoi, {"name": "Phường Ba Đình", "kind": OrgUnit.Kind.COMMUNE, "code": "00004"})


@pytest.fixture
def officer(ba_dinh):
    user = User.objects.create_user("canbo.badinh", password=PASSWORD, full_name="Vũ Thị Mai")
    Membership.objects.create(user=user, unit=ba_dinh, role=Role.OFFICER)
    return user


@pytest.fixture
def duc(officer, ba_dinh):
    return services.create_nominee(
        officer,
        full_name="Nguyễn Văn Đức",
        birth_year=1980,
        gender="male",
        unit=ba_dinh,
        residence=ba_dinh,
        cccd="001080012345",
        occupation="Kỹ sư điện",
    )


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def test_officer_is_warned_of_a_duplicate_and_reveals_the_cccd(page, live_server, duc, ba_dinh, screenshot):
    log_in(page, live_server, "canbo.badinh")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Người được đề xuất"
    ).click()
    page.get_by_role("link", name="Nguyễn Văn Đức").wait_for()
    screenshot(page, "nominees-list")

    page.get_by_role("link", name="Thêm người được đề xuất").click()
    page.get_by_label("Họ và tên / tên tập thể").fill("nguyen van duc")
    page.get_by_role("spinbutton", name="Năm sinh").fill("1980")
    page.get_by_role("combobox", name="Đơn vị", exact=True).select_option(label="Phường Ba Đình")
    page.get_by_role("combobox", name="Xã, phường cư trú").select_option(label="Phường Ba Đình")
    # The htmx check runs on change, before anything is saved.
    warning = page.locator("#duplicates")
    warning.get_by_text("Có thể người này đã có trong hệ thống").wait_for()
    warning.get_by_role("link", name="Nguyễn Văn Đức").wait_for()
    screenshot(page, "nominee-duplicate-warning")

    # Saving anyway is refused until the officer confirms it is someone else.
    page.get_by_role("button", name="Lưu người được đề xuất").click()
    page.get_by_role("alert").filter(has_text="đánh dấu “Tôi đã kiểm tra”").wait_for()
    assert Nominee.objects.count() == 1

    # The officer opens the existing record instead, and reveals its CCCD.
    page.locator("#duplicates").get_by_role("link", name="Nguyễn Văn Đức").click()
    page.get_by_role("heading", name="Nguyễn Văn Đức").wait_for()
    assert page.get_by_text("0010******45").count() == 1
    page.get_by_role("button", name="Xem số CCCD đầy đủ").click()
    page.get_by_text("001080012345").wait_for()
    assert SensitiveAccess.objects.filter(nominee=duc).count() == 1
    screenshot(page, "nominee-detail")

    assert page.console_errors == []


def test_list_filters_and_sorts_in_place(page, live_server, duc, ba_dinh, screenshot):
    from guongsang.nominees.models import Nominee

    for name in ("Trần Thị Bình", "Lê Văn An", "Nguyễn Thị Hà"):
        Nominee.objects.create(kind=Nominee.Kind.INDIVIDUAL, full_name=name, unit=ba_dinh, birth_year=1990)
    log_in(page, live_server, "canbo.badinh")
    page.goto(f"{live_server.url}/nguoi-duoc-de-xuat/")
    table = page.locator("#list-results")
    # Typing filters the table without a reload (htmx), diacritics or not; the URL follows.
    page.get_by_role("searchbox", name="Họ tên (có dấu hoặc không dấu)").fill("nguyen")
    table.get_by_text("2 người được đề xuất.").wait_for()
    assert "q=nguyen" in page.url
    # A click on the name header sorts descending, keeping the filter.
    table.get_by_role("link", name="Họ và tên / tên tập thể").click()
    table.get_by_role("columnheader", name="Họ và tên / tên tập thể").and_(
        page.locator('[aria-sort="ascending"]')
    ).wait_for()
    table.get_by_role("link", name="Họ và tên / tên tập thể").click()
    page.locator('th[aria-sort="descending"]').wait_for()
    names = table.locator("tbody tr td:first-child a").all_inner_texts()
    assert names == ["Nguyễn Văn Đức", "Nguyễn Thị Hà"]
    assert "sort=-name" in page.url and "q=nguyen" in page.url
    # The next filter change keeps that sort.
    page.get_by_role("combobox", name="Loại đối tượng").select_option(label="Cá nhân")
    page.wait_for_url("**kind=individual**")
    assert "sort=-name" in page.url
    # The export button beside the list carries the filters now on screen.
    export = page.locator("form.export-form")
    assert export.locator('input[name="q"]').input_value() == "nguyen"
    assert export.locator('input[name="kind"]').input_value() == "individual"
    screenshot(page, "nominees-list-sorted")
