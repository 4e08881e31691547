"""A city officer launches a movement, a ward's officer registers, the city approves, in chromium."""

import pytest

from guongsang.accounts.models import Membership, User
from guongsang.core.permissions import Role
from guongsang.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Phong-trao-2026!"


@pytest.fixture
def city():
    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    hanoi.refresh_from_db()
    units.add_child(hanoi, {"name": "Sở Nội vụ", "kind": OrgUnit.Kind.DEPARTMENT})
    hanoi.refresh_from_db()
    ward = units.add_child(
        hanoi, {"name": "Phường Thanh Xuân", "kind": OrgUnit.Kind.COMMUNE, "code": "00367"}
    )
    hanoi.refresh_from_db()
    laocai = units.add_child(root, {"name": "Tỉnh Lào Cai", "kind": OrgUnit.Kind.PROVINCE, "code": "15"})
    officer = User.objects.create_user("canbo.hanoi", password=PASSWORD, full_name="Vũ Thị Hồng")
    Membership.objects.create(user=officer, unit=hanoi, role=Role.OFFICER)
    ward_officer = User.objects.create_user("canbo.thanhxuan", password=PASSWORD, full_name="Nguyễn Thị Lan")
    Membership.objects.create(user=ward_officer, unit=ward, role=Role.OFFICER)
    laocai_officer = User.objects.create_user("canbo.laocai", password=PASSWORD, full_name="Hoàng Văn Sơn")
    Membership.objects.create(user=laocai_officer, unit=laocai, role=Role.OFFICER)
    return hanoi


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def log_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    page.context.clear_cookies()


def test_launch_register_and_approve(page, live_server, city, screenshot):
    log_in(page, live_server, "canbo.hanoi")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Phong trào thi đua").click()
    page.get_by_role("heading", name="Phong trào thi đua").wait_for()
    page.get_by_role("link", name="Phát động phong trào").click()

    page.get_by_label("Tên phong trào").fill("Thi đua “Dân vận khéo” năm 2026")
    page.get_by_label("Loại phong trào").select_option(label="Theo đợt")
    page.get_by_label("Bắt đầu từ").fill("01/03/2026")
    page.get_by_label("Kết thúc ngày").fill("31/12/2026")
    page.get_by_label("Cơ quan thường trực").select_option(label="Sở Nội vụ")
    page.get_by_label("Xã, phường, đặc khu").check()
    page.get_by_label("Nội dung phong trào").fill(
        "Phát huy vai trò của cán bộ, đảng viên trong công tác dân vận ở cơ sở."
    )
    screenshot(page, "movement-launch-form")
    page.get_by_role("button", name="Phát động", exact=True).click()

    page.get_by_text("Đã phát động phong trào").wait_for()
    page.get_by_role("heading", name="Thông tin phong trào").wait_for()
    assert page.get_by_text("01/03/2026").count() >= 1
    movement_url = page.url

    log_out(page)
    log_in(page, live_server, "canbo.thanhxuan")
    page.goto(f"{live_server.url}/phong-trao/")
    list_link = page.get_by_role("link", name="Thi đua “Dân vận khéo” năm 2026")
    list_link.wait_for()
    screenshot(page, "movement-list")
    list_link.click()
    page.get_by_role("heading", name="Đăng ký tham gia phong trào").wait_for()
    page.get_by_label("Nội dung đăng ký thi đua").fill(
        "Xây dựng 5 mô hình “Dân vận khéo”; 100% tổ dân phố đăng ký thi đua."
    )
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.get_by_text("Đã gửi đăng ký thi đua của Phường Thanh Xuân").wait_for()
    assert page.locator(".status-pending").count() >= 1
    screenshot(page, "movement-registered")

    log_out(page)
    log_in(page, live_server, "canbo.laocai")
    response = page.goto(movement_url)
    assert response.status == 404
    # That 404 was the point; only errors on the other pages count below.
    page.console_errors.clear()

    log_out(page)
    log_in(page, live_server, "canbo.hanoi")
    page.goto(movement_url)
    page.get_by_role("button", name="Duyệt").click()
    page.get_by_text("Đã duyệt đăng ký thi đua của Phường Thanh Xuân.").wait_for()
    screenshot(page, "movement-page")

    assert page.console_errors == []


def test_criteria_set_edited_with_htmx(page, live_server, city, screenshot):
    log_in(page, live_server, "canbo.hanoi")
    page.goto(f"{live_server.url}/phong-trao/tieu-chi/")
    page.get_by_role("heading", name="Bộ tiêu chí của Thành phố Hà Nội").wait_for()
    page.get_by_text("Thêm bộ tiêu chí").click()
    page.get_by_label("Loại bộ tiêu chí").select_option(label="Tiêu chuẩn chung")
    page.get_by_label("Tên bộ tiêu chí").fill("Tiêu chuẩn gương điển hình Thủ đô")
    page.get_by_role("button", name="Tạo bộ tiêu chí").click()
    page.get_by_role("heading", name="Tiêu chuẩn gương điển hình Thủ đô").wait_for()
    for text in ["Gương mẫu chấp hành chủ trương, pháp luật", "Có thành tích tiêu biểu, được lan tỏa"]:
        page.get_by_label("Nội dung tiêu chí").fill(text)
        page.get_by_role("button", name="Thêm tiêu chí").click()
        page.locator("ol.criteria").get_by_text(text).wait_for()
    page.get_by_role("button", name="Chuyển tiêu chí 2 lên").click()
    page.locator("ol.criteria li").first.get_by_text("Có thành tích tiêu biểu").wait_for()
    screenshot(page, "criteria-set")
    assert page.console_errors == []
