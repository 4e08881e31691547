"""The accounts' part of the demo: the superuser and one user per role, and the logins table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from guongsang.accounts.models import Membership, User
from guongsang.accounts.services import create_user, grant_role
from guongsang.core.permissions import Role

from .orgs import child

# Development only: the command refuses to run in production (see the demo command).
DEMO_PASSWORD = "ThiDua@2026"
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoLogin:
    """One demo account: who they are, the role they hold and where."""

    username: str
    full_name: str
    position: str
    role: str
    unit_name: str  # a unit under Hà Nội, or the city itself when empty


DEMO_LOGINS: list[DemoLogin] = [
    DemoLogin(
        "canbo.badinh",
        "Nguyễn Thị Hồng Nhung",
        "Công chức Văn hóa - Xã hội, phụ trách thi đua, khen thưởng",
        Role.OFFICER,
        "Phường Ba Đình",
    ),
    DemoLogin(
        "thamdinh.hanoi",
        "Trần Quang Huy",
        "Chuyên viên Ban Thi đua - Khen thưởng, Sở Nội vụ",
        Role.APPRAISER,
        "",
    ),
    DemoLogin(
        "hoidong.hanoi",
        "Lê Văn Thành",
        "Ủy viên Hội đồng Thi đua - Khen thưởng thành phố",
        Role.COUNCIL_MEMBER,
        "",
    ),
    DemoLogin(
        "thuky.hanoi",
        "Phạm Thu Trang",
        "Thư ký Hội đồng Thi đua - Khen thưởng thành phố",
        Role.COUNCIL_SECRETARY,
        "",
    ),
    DemoLogin("chutich.hanoi", "Đặng Minh Khôi", "Chủ tịch Ủy ban nhân dân thành phố", Role.HEAD, ""),
    DemoLogin("bientap.hanoi", "Vũ Thị Mai Anh", "Biên tập viên, Sở Văn hóa và Thể thao", Role.EDITOR, ""),
    DemoLogin(
        "giamkhao.hanoi",
        "Hoàng Đức Long",
        "Giám khảo cuộc thi viết về gương điển hình tiên tiến",
        Role.JUDGE,
        "",
    ),
    DemoLogin(
        "kiemtra.hanoi",
        "Bùi Thanh Sơn",
        "Thành viên Đoàn kiểm tra công tác thi đua, khen thưởng",
        Role.INSPECTOR,
        "",
    ),
    DemoLogin("quantri.hanoi", "Ngô Thị Thanh Hà", "Quản trị hệ thống, Sở Nội vụ", Role.UNIT_ADMIN, ""),
]


def _admin(out) -> User:
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = User.objects.create_superuser(
            ADMIN_USERNAME,
            email="admin@guongsang.local",
            password=DEMO_PASSWORD,
            full_name="Quản trị hệ thống",
        )
        out.users += 1
    return admin


def _users(actor: User, city, units: dict, out) -> None:
    """One user per role, created by the admin through the accounts service."""
    for login in DEMO_LOGINS:
        unit = city if not login.unit_name else child(city, login.unit_name) or units[login.unit_name]
        user = User.objects.filter(username=login.username).first()
        if user is None:
            create_user(
                actor,
                unit,
                username=login.username,
                full_name=login.full_name,
                email=f"{login.username}@guongsang.local",
                role=login.role,
                password=DEMO_PASSWORD,
                position=login.position,
            )
            out.users += 1
        elif not Membership.objects.filter(user=user, unit=unit, role=login.role).exists():
            grant_role(actor, user, unit, login.role)
            out.memberships += 1


def superuser(demo) -> None:
    """The demo superuser, the actor of every other part."""
    demo.admin = _admin(demo.out)


def users(demo) -> None:
    """One user per role, created by the admin through the accounts service."""
    _users(demo.admin, demo.city, demo.units, demo.out)


def logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, unit) of each demo account that exists, admin first."""
    rows = []
    if User.objects.filter(username=ADMIN_USERNAME, is_superuser=True).exists():
        rows.append((ADMIN_USERNAME, DEMO_PASSWORD, _("Quản trị toàn hệ thống"), _("Toàn quốc")))
    memberships = {
        m.user.username: m
        for m in Membership.objects.filter(
            user__username__in=[login.username for login in DEMO_LOGINS]
        ).select_related("user", "unit")
    }
    for login in DEMO_LOGINS:
        membership = memberships.get(login.username)
        if membership is not None:
            rows.append((login.username, DEMO_PASSWORD, membership.get_role_display(), membership.unit.name))
    return rows


def logins_table() -> str:
    """The demo logins as a plain-text table with a Vietnamese header."""
    rows = logins()
    if not rows:
        return _("Chưa có dữ liệu mẫu. Chạy: .venv/bin/python manage.py demo")
    header = (_("Tên đăng nhập"), _("Mật khẩu"), _("Vai trò"), _("Đơn vị"))
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    title = _("Tài khoản dùng thử (chỉ dành cho môi trường phát triển):")
    return "\n".join([title, line(header), rule, *(line(row) for row in rows)])
