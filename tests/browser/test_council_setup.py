"""A city administrator sets up the council in chromium: its term, the city's people, a guest from
another province invited with a reason."""

import pytest

from guongsang.accounts.models import Membership, User
from guongsang.core.permissions import Role
from guongsang.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Hoi-dong-2026!"


def _user(username, full_name, unit, role):
    user = User.objects.create_user(username, password=PASSWORD, full_name=full_name)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def test_admin_sets_up_the_council(page, live_server, screenshot):
    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    laocai = units.add_child(root, {"name": "Tỉnh Lào Cai", "kind": OrgUnit.Kind.PROVINCE, "code": "15"})
    _user("quantri", "Lê Thu Hà", hanoi, Role.UNIT_ADMIN)
    _user("uyvien1", "Nguyễn Văn Hùng", hanoi, Role.COUNCIL_MEMBER)
    _user("khach.laocai", "Hoàng Văn Sơn", laocai, Role.APPRAISER)

    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/hoi-dong/")
    page.get_by_text("Lập Hội đồng cho đơn vị").click()
    page.get_by_label("Tên Hội đồng").fill("Hội đồng TĐKT thành phố Hà Nội")
    page.get_by_label("Nhiệm kỳ từ ngày").fill("01/01/2026")
    page.get_by_label("Nhiệm kỳ đến hết ngày").fill("31/12/2030")
    page.get_by_role("button", name="Lập Hội đồng").click()
    page.get_by_text("đến hết ngày 31/12/2030").first.wait_for()

    page.get_by_label("Cán bộ của đơn vị").select_option(label="Nguyễn Văn Hùng (uyvien1)")
    page.get_by_label("Chức danh").select_option("chair")
    page.get_by_role("button", name="Thêm thành viên").click()
    page.get_by_text("Đã thêm Nguyễn Văn Hùng").wait_for()

    page.get_by_text("Thêm thành viên").first.click()
    page.get_by_label("Hoặc mời người ngoài đơn vị: tên đăng nhập").fill("khach.laocai")
    page.get_by_label("Lý do mời người ngoài đơn vị").fill(
        "Chuyên gia thẩm định của tỉnh bạn, theo đề nghị của Ban TĐKT"
    )
    page.get_by_role("button", name="Thêm thành viên").click()
    page.get_by_text("Đã thêm Hoàng Văn Sơn").wait_for()
    assert page.get_by_text("khách mời").count() == 1
    screenshot(page, "council-setup")
