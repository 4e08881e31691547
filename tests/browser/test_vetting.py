"""The city's council votes in secret on a Công dân Thủ đô ưu tú dossier, the chairman signs the
decision, and anyone can verify the certificate — in chromium."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from guongsang.accounts.models import Membership, User
from guongsang.awards.models import AwardType
from guongsang.core.permissions import Role
from guongsang.councils import services as councils
from guongsang.councils.models import CouncilMember
from guongsang.nominations import services as dossiers
from guongsang.nominees.models import Nominee
from guongsang.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Hoi-dong-2026!"
PDF = b"%PDF-1.4\n%%EOF\n"


def _user(username, full_name, unit, role):
    user = User.objects.create_user(username, password=PASSWORD, full_name=full_name)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def city(db):
    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    ward = units.add_child(hanoi, {"name": "Phường Ba Đình", "kind": OrgUnit.Kind.COMMUNE, "code": "00004"})
    call_command("seed_awards", stdout=io.StringIO())
    appraiser = _user("thamdinh", "Trần Văn Thẩm", hanoi, Role.APPRAISER)
    officer = _user("canbo", "Vũ Thị Hoa", ward, Role.OFFICER)
    secretary = _user("thuky", "Lê Thị Thư", hanoi, Role.COUNCIL_SECRETARY)
    head = _user("chutich", "Đặng Minh Khôi", hanoi, Role.HEAD)
    admin = _user("quantri", "Quản trị", hanoi, Role.UNIT_ADMIN)
    council = councils.create_council(
        admin, hanoi, name="Hội đồng TĐKT thành phố", term_start=dt.date(2026, 1, 1)
    )
    councils.add_member(admin, council, secretary, position=CouncilMember.Position.SECRETARY, votes=False)
    councils.add_member(admin, council, head, position=CouncilMember.Position.CHAIR)
    for index in (1, 2):
        councils.add_member(
            admin, council, _user(f"uyvien{index}", f"Ủy viên {index}", hanoi, Role.COUNCIL_MEMBER)
        )
    person = Nominee.objects.create(full_name="Nguyễn Văn Đức", birth_year=1980, unit=ward)
    dossier = dossiers.create_nomination(
        officer,
        nominee=person,
        award_type=AwardType.objects.get(code="cong-dan-thu-do-uu-tu"),
        submitting_unit=ward,
        achievements="Cứu hai em nhỏ đuối nước ở hồ Trúc Bạch.",
    )
    dossier = dossiers.receive(appraiser, dossiers.submit(officer, dossier))
    for part in dossiers.missing_parts(dossier):
        dossiers.add_evidence(
            appraiser, dossier, file=SimpleUploadedFile("x.pdf", PDF), part_code=part["code"]
        )
    dossiers.appraise(appraiser, dossier)
    return council


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def test_secret_vote_decision_and_verification(page, live_server, city, screenshot):
    log_in(page, live_server, "thuky")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hội đồng TĐKT").click()
    page.get_by_role("link", name="Hội đồng TĐKT thành phố").click()
    page.locator("summary", has_text="Lên lịch phiên họp").click()
    page.get_by_label("Tên phiên họp").fill("Phiên họp xét Công dân Thủ đô ưu tú 2026")
    page.get_by_label("Ngày họp (dd/mm/yyyy)").fill("20/12/2026")
    page.get_by_label("Địa điểm").fill("Trụ sở UBND thành phố")
    page.get_by_role("button", name="Lên lịch").click()
    page.get_by_text("Đã lên lịch phiên họp.").wait_for()
    page.get_by_label("Nguyễn Văn Đức", exact=False).first.check()
    page.get_by_role("button", name="Đưa vào phiên họp").click()
    for name in ("Đặng Minh Khôi", "Ủy viên 1", "Ủy viên 2"):
        page.get_by_label(name, exact=False).check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.get_by_role("button", name="Bắt đầu biểu quyết").click()
    page.get_by_text("Đã bắt đầu biểu quyết.").wait_for()
    session_url = page.url

    for username in ("chutich", "uyvien1", "uyvien2"):
        log_in(page, live_server, username)
        page.goto(session_url)
        page.get_by_label("Đồng ý", exact=True).check()
        page.get_by_role("button", name="Bỏ phiếu").click()
        page.get_by_text("Đã ghi nhận phiếu của bạn.").wait_for()
    # Secret ballot: while voting, only how many have voted.
    page.get_by_text("Đã có 3 phiếu").wait_for()
    assert page.get_by_text("Đồng ý: 3").count() == 0
    screenshot(page, "council-secret-vote")

    log_in(page, live_server, "thuky")
    page.goto(session_url)
    page.get_by_role("button", name="Kết thúc phiên họp, khoá phiếu").click()
    page.get_by_text("Đã kết thúc phiên họp").wait_for()
    page.get_by_text("Đồng ý: 3").wait_for()
    screenshot(page, "council-closed")

    log_in(page, live_server, "chutich")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Quyết định, sổ khen thưởng"
    ).click()
    page.get_by_role("button", name="Lập dự thảo quyết định").click()
    page.get_by_text("Đã lập dự thảo quyết định.").wait_for()
    page.get_by_role("button", name="Ký ban hành quyết định").click()
    page.get_by_text("Đã ký ban hành Quyết định số 01/QĐ-UBND.").wait_for()
    screenshot(page, "decision-signed")
    page.get_by_role("link", name="Nguyễn Văn Đức").last.click()
    code = page.locator("dd a").last.inner_text()
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/xac-minh/{code}/")
    page.get_by_text("Hợp lệ.").wait_for()
    page.get_by_text("Số 01/QĐ-UBND").wait_for()
    screenshot(page, "verify")
    assert page.console_errors == []
