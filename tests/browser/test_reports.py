"""A citizen files a good-deed report on the public form and follows it by its tracking code,
on a desktop and on a phone; the ward's officer accepts it and the citizen sees a dossier opened."""

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from guongsang.accounts.models import Membership, User
from guongsang.core.permissions import Role
from guongsang.discovery.models import GoodDeedReport
from guongsang.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Trinh-sat-2026!"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def hanoi_tree():
    cache.clear()
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
    call_command("seed_awards", stdout=io.StringIO())
    yield hanoi
    cache.clear()


@pytest.fixture
def ba_dinh_officer(hanoi_tree):
    user = User.objects.create_user("canbo.badinh", password=PASSWORD, full_name="Vũ Thị Hoa")
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(name="Phường Ba Đình"), role=Role.OFFICER)
    return user


def fill_report(page, live_server, tmp_path) -> str:
    """File a report as a citizen would; returns the tracking code shown."""
    page.goto(f"{live_server.url}/bao-tin/")
    page.get_by_role("heading", name="Báo tin người tốt, việc tốt").wait_for()
    # Choosing the province fills the ward list in place (htmx), without reloading the page.
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hà Nội")
    commune = page.get_by_label("Xã, phường nơi xảy ra")
    commune.locator("option", has_text="Phường Ba Đình").wait_for(state="attached")
    assert commune.locator("option", has_text="Xã Bảo Thắng").count() == 0
    commune.select_option(label="Phường Ba Đình")
    page.get_by_label("Địa điểm cụ thể").fill("Hồ Trúc Bạch, phố Trấn Vũ")
    page.get_by_label("Ngày xảy ra").fill("12/06/2025")
    page.get_by_label("Họ và tên người làm việc tốt").fill("Nguyễn Văn Đức")
    page.get_by_label("Việc tốt đã xảy ra").fill(
        "Chiều 12/6, anh Đức nhảy xuống hồ Trúc Bạch cứu một cháu bé bị đuối nước rồi lặng lẽ đi về."
    )
    photo = tmp_path / "anh-hien-truong.png"
    photo.write_bytes(PNG)
    page.get_by_label("Ảnh, tài liệu kèm theo").set_input_files(str(photo))
    page.get_by_label("Họ và tên của bạn").fill("Trần Thị Mai")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_role("checkbox", name=re.compile("Tôi đồng ý")).check()
    return page


def test_citizen_files_a_report_and_follows_it_by_code(
    page, live_server, ba_dinh_officer, screenshot, tmp_path
):
    fill_report(page, live_server, tmp_path)
    screenshot(page, "report-form")
    page.get_by_role("button", name="Gửi tin báo").click()

    page.get_by_role("heading", name="Cảm ơn bạn! Tin báo đã được gửi").wait_for()
    code = page.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"NT-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    report = GoodDeedReport.objects.get(tracking_code=code)
    assert report.place_commune.name == "Phường Ba Đình" and report.files.count() == 1
    assert report.occurred_on == dt.date(2025, 6, 12)
    screenshot(page, "report-sent")

    page.get_by_role("link", name="Xem tình trạng tin báo").click()
    page.get_by_text("Đã tiếp nhận, chờ xử lý").wait_for()
    body = page.locator("main").inner_text()
    assert "0912" not in body and "Trần Thị Mai" not in body and "Nguyễn Văn Đức" not in body
    screenshot(page, "report-status-received")

    # The ward's officer accepts it: a draft dossier is opened.
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo.badinh")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tin báo NTVT").click()
    page.get_by_role("link", name=code).click()
    page.get_by_role("heading", name="Chấp nhận, lập hồ sơ đề nghị").wait_for()
    assert "0912345678" in page.locator("main").inner_text()
    screenshot(page, "report-officer")
    page.get_by_role("button", name="Chấp nhận và lập hồ sơ").click()
    page.get_by_text("Đã chấp nhận tin báo").wait_for()
    report.refresh_from_db()
    assert report.status == GoodDeedReport.Status.ACCEPTED and report.nomination is not None

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/bao-tin/tra-cuu/")
    page.get_by_label("Mã theo dõi").fill(code.lower())
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_text("Đã chấp nhận, lập hồ sơ").wait_for()
    screenshot(page, "report-status-accepted")
    assert page.console_errors == []


def test_form_on_a_phone_explains_mistakes(browser, live_server, hanoi_tree, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    tab = context.new_page()
    errors = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        tab.goto(f"{live_server.url}/bao-tin/")
        tab.get_by_role("button", name="Gửi tin báo").click()
        tab.get_by_text("Tin báo chưa được gửi.").wait_for()
        tab.get_by_text("Hãy để lại số điện thoại hoặc thư điện tử").wait_for()
        # Nothing wider than the screen, once the stylesheet has applied (the text above is found
        # as soon as it is parsed, which can be before the stylesheet arrives).
        tab.wait_for_load_state("load")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(tab, "report-form-mobile-errors")
        assert errors == []
        assert not GoodDeedReport.objects.exists()
    finally:
        context.close()
