"""The targets dashboard in chromium: charts drawn under the strict CSP, ranking, drill-down."""

from __future__ import annotations

import pytest

from guongsang.accounts.models import Membership, User
from guongsang.core.permissions import Role
from tests.targets.conftest import award_type, plan, recognise  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Chi-tieu-2026!"


def test_the_city_dashboard_ranks_the_wards_and_drills_down(
    page,
    live_server,
    org_tree,
    plan,  # noqa: F811
    recognise,  # noqa: F811
    screenshot,
):
    for _ in range(2):
        recognise(org_tree.dong_da, year=2025)
    recognise(org_tree.ba_dinh, year=2025)
    recognise(org_tree.so_noi_vu, year=2025)
    officer = User.objects.create_user("canbo.hanoi", password=PASSWORD, full_name="Vũ Thị Hồng")
    Membership.objects.create(user=officer, unit=org_tree.hanoi, role=Role.OFFICER)

    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo.hanoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Chỉ tiêu, tiến độ"
    ).click()
    page.get_by_role("heading", name="Chỉ tiêu, tiến độ: Thành phố Hà Nội").wait_for()
    page.get_by_label("Năm").first.select_option("2025")
    page.get_by_label("Xếp hạng theo chỉ tiêu").select_option(label="Mỗi xã, phường ≥ 2 gương")
    page.locator("#ranking-chart canvas").wait_for()
    page.locator("#targets-chart canvas").wait_for()
    names = page.locator("#ranking-table tbody tr td:nth-child(2)").all_inner_texts()
    assert names == ["Phường Thanh Xuân", "Phường Ba Đình", "Phường Đống Đa"]  # furthest behind first
    screenshot(page, "targets-dashboard")
    assert page.console_errors == []

    page.locator("#ranking-table").get_by_role("link", name="Phường Đống Đa").click()
    page.get_by_role("heading", name="Chỉ tiêu, tiến độ: Phường Đống Đa").wait_for()
    assert "Đã đạt" in page.locator("main").inner_text()
