"""An officer logs in, browses the org tree and searches without diacritics, in chromium."""

import pytest

from guongsang.accounts.models import Membership, User
from guongsang.core.permissions import Role
from guongsang.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Trinh-sat-2026!"


@pytest.fixture
def hanoi_tree():
    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    for code, name in [
        ("00235", "Phường Đống Đa"),
        ("00367", "Phường Thanh Xuân"),
        ("00004", "Phường Ba Đình"),
    ]:
        units.add_child(hanoi, {"name": name, "kind": OrgUnit.Kind.COMMUNE, "code": code})
    laocai = units.add_child(root, {"name": "Tỉnh Lào Cai", "kind": OrgUnit.Kind.PROVINCE, "code": "15"})
    units.add_child(laocai, {"name": "Xã Bảo Thắng", "kind": OrgUnit.Kind.COMMUNE, "code": "02683"})
    return hanoi


@pytest.fixture
def appraiser(hanoi_tree):
    user = User.objects.create_user("thamdinh", password=PASSWORD, full_name="Trần Văn Thẩm")
    Membership.objects.create(user=user, unit=hanoi_tree, role=Role.APPRAISER)
    return user


def log_in(
    page, live_server, username: str, password: str = PASSWORD, *, expect_success: bool = True
) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if expect_success:
        page.wait_for_url(f"{live_server.url}/")


def test_officer_browses_tree_and_searches_without_diacritics(page, live_server, appraiser, screenshot):
    log_in(page, live_server, "thamdinh")
    page.get_by_role("heading", name="Xin chào, Trần Văn Thẩm").wait_for()
    screenshot(page, "home")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đơn vị").click()
    tree = page.locator("ul.tree")
    tree.get_by_role("link", name="Thành phố Hà Nội").wait_for()
    # The appraiser's tree starts at the city: no other province is offered.
    assert tree.get_by_text("Tỉnh Lào Cai").count() == 0

    page.locator("ul.tree summary").first.click()
    tree.get_by_role("link", name="Phường Thanh Xuân").wait_for()
    screenshot(page, "org-tree")

    page.get_by_label("Tìm đơn vị (gõ có dấu hoặc không dấu)").fill("dong da")
    results = page.locator("#results")
    results.get_by_text("Tìm thấy 1 đơn vị.").wait_for()
    results.get_by_role("link", name="Phường Đống Đa").wait_for()
    assert results.get_by_role("link", name="Phường Thanh Xuân").count() == 0
    assert "q=dong" in page.url
    screenshot(page, "org-search")

    results.get_by_role("link", name="Phường Đống Đa").click()
    page.get_by_role("heading", name="Phường Đống Đa").wait_for()
    assert page.get_by_text("00235").count() == 1
    screenshot(page, "unit-page")

    # No Content-Security-Policy violation or script error on any of these pages.
    assert page.console_errors == []


def test_search_outside_scope_finds_nothing(page, live_server, appraiser):
    log_in(page, live_server, "thamdinh")
    page.goto(f"{live_server.url}/don-vi/?q=bao+thang")
    page.get_by_text("Không có đơn vị nào khớp").wait_for()


def test_wrong_password_is_told_in_vietnamese(page, live_server, appraiser):
    log_in(page, live_server, "thamdinh", password="sai-mat-khau", expect_success=False)
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "mật khẩu" in alert.inner_text().lower()


def test_keyboard_user_can_skip_to_content(page, live_server, appraiser):
    log_in(page, live_server, "thamdinh")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_api_docs_page_loads_without_cdn_or_csp_errors(page, live_server, appraiser):
    log_in(page, live_server, "thamdinh")
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("Gương Sáng API").first.wait_for()
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requested), requested
    assert page.console_errors == []
