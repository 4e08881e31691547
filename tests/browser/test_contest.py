"""A citizen sends a contest entry without an account; a judge scores it under its blind code."""

import pytest

from guongsang.accounts.models import Membership, User
from guongsang.contest import services
from guongsang.contest.models import Contest, Entry, JudgeAssignment
from guongsang.core.permissions import Role
from guongsang.orgs.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Cuoc-thi-2026!"
STORY = (
    "Mỗi sáng sớm, bà Nguyễn Thị Lụa đẩy chiếc xe bánh mì ra đầu ngõ. Suốt mười lăm năm nay, bà dành "
    "riêng một rổ bánh cho người lao động nghèo, cho các cụ già neo đơn và các em học sinh có hoàn cảnh "
    "khó khăn. Hàng xóm kể rằng trong những ngày mưa bão, bà còn mang bánh đến tận nhà những người ốm "
    "đau. Tấm lòng của bà lan tỏa khắp khu phố, nhiều bạn trẻ đã cùng bà góp gạo, góp tiền để duy trì rổ "
    "bánh nghĩa tình ấy. "
) * 2


@pytest.fixture
def contest():
    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    hanoi.refresh_from_db()
    units.add_child(hanoi, {"name": "Phường Ba Đình", "kind": OrgUnit.Kind.COMMUNE, "code": "00004"})
    hanoi.refresh_from_db()
    units.add_child(hanoi, {"name": "Phường Thanh Xuân", "kind": OrgUnit.Kind.COMMUNE, "code": "00367"})
    hanoi.refresh_from_db()
    organiser = User.objects.create_user("bientap.hanoi", password=PASSWORD, full_name="Phan Thị Mai")
    Membership.objects.create(user=organiser, unit=hanoi, role=Role.EDITOR)
    contest = services.create_contest(
        organiser,
        organiser=hanoi,
        year=2026,
        title="Cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt",
        min_words=100,
        rules_text="Viết về người thật, việc thật ở Hà Nội. Mỗi tác giả gửi tối đa 2 bài.",
        rounds=[{"name": "Sơ khảo", "judges_per_entry": 1}],
    )
    services.set_contest_status(organiser, contest, Contest.Status.OPEN)
    judge = User.objects.create_user("giamkhao.hanoi", password=PASSWORD, full_name="Đỗ Văn Khoa")
    Membership.objects.create(user=judge, unit=hanoi, role=Role.JUDGE)
    services.add_judge(organiser, contest.rounds.get(), judge)
    return contest


def test_public_entry_then_blind_scoring(page, live_server, contest, screenshot):
    page.goto(f"{live_server.url}/cuoc-thi/")
    page.get_by_role("link", name="Gửi bài dự thi").click()
    page.get_by_role("heading", name="Gửi bài dự thi").wait_for()
    page.get_by_label("Tên bài").fill("Rổ bánh mì nghĩa tình")
    page.get_by_label("Nội dung bài viết").fill("Bà bán bánh mì tốt bụng.")  # too short at first
    page.get_by_label("Người (hoặc tập thể) được viết về").fill("Nguyễn Thị Lụa")
    page.get_by_label("Xã, phường nơi người đó sống, làm việc").select_option(label="Phường Thanh Xuân")
    page.get_by_label("Địa chỉ cụ thể của nhân vật").fill("Ngõ 12 Khương Trung")
    page.get_by_label("Họ và tên tác giả").fill("Ngô Văn Quý")
    page.get_by_label("Địa chỉ liên hệ").fill("Số 5 Nguyễn Trãi, Thanh Xuân, Hà Nội")
    page.get_by_label("Tôi cam đoan").check()
    page.get_by_role("button", name="Gửi bài").click()
    page.get_by_text("Bài chưa được gửi.").wait_for()
    assert page.get_by_text("cuộc thi yêu cầu tối thiểu 100 chữ").is_visible()
    assert page.get_by_text("Hãy nhập số điện thoại của tác giả").is_visible()
    screenshot(page, "contest-entry-errors")

    page.get_by_label("Nội dung bài viết").fill(STORY)
    page.get_by_label("Số điện thoại").fill("0904 111 222")
    page.get_by_label("Tôi cam đoan").check()
    page.get_by_role("button", name="Gửi bài").click()
    page.get_by_role("heading", name="Ban Tổ chức đã nhận bài của bạn").wait_for()
    entry = Entry.objects.get()
    assert page.get_by_text(entry.tracking_code).is_visible()
    screenshot(page, "contest-entry-sent")

    organiser = User.objects.get(username="bientap.hanoi")
    services.assign_judges(organiser, contest.rounds.get(), seed=1)
    assignment = JudgeAssignment.objects.get()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("giamkhao.hanoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Cuộc thi viết").click()
    page.get_by_role("link", name="Bài tôi cần chấm").click()
    page.get_by_role("link", name="Sơ khảo").click()
    page.get_by_role("link", name=entry.blind_code).click()
    page.get_by_role("heading", name="Phiếu chấm").wait_for()
    body = page.content()
    assert "Ngô Văn Quý" not in body and "0904" not in body and entry.tracking_code not in body
    page.get_by_label("Tính chân thực").fill("11")
    page.get_by_label("Tính điển hình và sức lan tỏa").fill("8")
    page.get_by_label("Chất lượng bài viết").fill("7,5")
    page.get_by_label("Tư liệu minh chứng").fill("6")
    page.get_by_label("Nhận xét").fill("Câu chuyện cảm động, cần thêm ảnh minh chứng.")
    page.get_by_role("button", name="Lưu điểm").click()
    page.get_by_text("phải từ 0 đến 10").wait_for()
    screenshot(page, "contest-judge-score-error")
    page.get_by_label("Tính chân thực").fill("9")
    page.get_by_role("button", name="Lưu điểm").click()
    page.get_by_text(f"Đã lưu điểm bài {entry.blind_code}").wait_for()
    screenshot(page, "contest-judge-round")
    assignment.refresh_from_db()
    assert assignment.score.total == pytest.approx(78.75)  # (30·9 + 30·8 + 25·7.5 + 15·6) / 10
    assert not page.console_errors
