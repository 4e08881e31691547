"""A ward officer prepares and sends a dossier, the city's appraiser returns it, the officer
supplements and resends it, and the appraiser concludes — all in chromium."""

import io

import pytest
from django.core.management import call_command

from guongsang.accounts.models import Membership, User
from guongsang.core.permissions import Role
from guongsang.nominees.models import Nominee
from guongsang.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Ho-so-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def city(db):
    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    ba_dinh = units.add_child(
        hanoi, {"name": "Phường Ba Đình", "kind": OrgUnit.Kind.COMMUNE, "code": "00004"}
    )
    call_command("seed_awards", stdout=io.StringIO())
    officer = User.objects.create_user("canbo.badinh", password=PASSWORD, full_name="Vũ Thị Hoa")
    Membership.objects.create(user=officer, unit=ba_dinh, role=Role.OFFICER)
    appraiser = User.objects.create_user("thamdinh", password=PASSWORD, full_name="Trần Văn Thẩm")
    Membership.objects.create(user=appraiser, unit=hanoi, role=Role.APPRAISER)
    Nominee.objects.create(full_name="Nguyễn Văn Đức", birth_year=1980, unit=ba_dinh, created_by=officer)
    return hanoi


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def test_dossier_through_appraisal_with_a_return(page, live_server, city, screenshot, tmp_path):
    log_in(page, live_server, "canbo.badinh")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hồ sơ đề nghị").click()
    page.get_by_role("link", name="Lập hồ sơ mới").click()
    page.get_by_label("Người, tập thể được đề nghị").select_option(label="Nguyễn Văn Đức")
    page.get_by_label("Danh hiệu, hình thức đề nghị").select_option(
        label="Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh"
    )
    page.get_by_label("Tóm tắt thành tích").fill("Cứu hai em nhỏ đuối nước ở hồ Trúc Bạch ngày 12/6/2026.")
    screenshot(page, "dossier-create")
    page.get_by_role("button", name="Lập hồ sơ (bản nháp)").click()
    page.get_by_text("Đã lập hồ sơ").wait_for()
    page.get_by_text("Còn thiếu:").wait_for()
    dossier_url = page.url
    page.get_by_role("button", name="Gửi hồ sơ").click()
    page.get_by_text("Đã gửi, chờ tiếp nhận").first.wait_for()
    screenshot(page, "dossier-submitted")

    log_in(page, live_server, "thamdinh")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Việc cần làm").click()
    page.locator("table").get_by_role("link").first.click()
    page.get_by_role("button", name="Tiếp nhận, bắt đầu thẩm định").click()
    page.get_by_text("Đang thẩm định").first.wait_for()
    page.get_by_label("Nội dung cần bổ sung").fill("Bổ sung biên bản họp Hội đồng và tờ trình.")
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    page.get_by_text("Trả lại để bổ sung").first.wait_for()

    log_in(page, live_server, "canbo.badinh")
    page.goto(dossier_url)
    page.get_by_text("Bổ sung biên bản họp Hội đồng và tờ trình.").first.wait_for()
    screenshot(page, "dossier-returned")
    for part in (
        "Tờ trình đề nghị khen thưởng",
        "Báo cáo thành tích",
        "Biên bản họp Hội đồng Thi đua – Khen thưởng",
    ):
        page.locator("summary", has_text="Tải lên tài liệu").click()
        page.get_by_label("Thành phần hồ sơ").select_option(label=part)
        page.get_by_label("Tệp (PDF, DOCX, XLSX, JPG, PNG; tối đa 20 MB)").set_input_files(
            {"name": "tai-lieu.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.get_by_role("button", name="Tải lên", exact=True).click()
        page.get_by_text("Đã tải lên tài liệu.").wait_for()
    page.get_by_text("Đã đủ các thành phần bắt buộc.").wait_for()
    page.get_by_role("button", name="Gửi lại sau khi bổ sung").click()
    page.get_by_text("Đã gửi, chờ tiếp nhận").first.wait_for()

    log_in(page, live_server, "thamdinh")
    page.goto(dossier_url)
    page.get_by_role("button", name="Tiếp nhận, bắt đầu thẩm định").click()
    page.get_by_label("Ý kiến thẩm định").fill("Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng.")
    page.get_by_role("button", name="Thẩm định đạt, chuyển Hội đồng").click()
    page.get_by_text("Đã thẩm định, chờ Hội đồng").first.wait_for()
    screenshot(page, "dossier-appraised")
    assert page.console_errors == []
