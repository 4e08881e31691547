"""Demo data for development: the Hà Nội city apparatus on the real map, and one user per role.

``manage.py demo`` calls :func:`build_demo`. Everything is written through the apps' services
(``orgs.services.add_unit``, ``create_cluster``, ``accounts.services.create_user``) acting as
the demo superuser, so the demo exercises the same checks and leaves the same audit rows as
real use. Every step looks for what an earlier run made first, so running it again changes
nothing. The people are invented; the units are real (the communes come from
``load_divisions``) or named as the city's bodies are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from django.core.management import call_command, get_commands
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.accounts.models import Membership, User
from guongsang.accounts.services import create_user, grant_role
from guongsang.core.permissions import Role
from guongsang.orgs.models import Cluster, OrgUnit
from guongsang.orgs.services import add_unit, create_cluster

# Development only: the command refuses to run in production (see the demo command).
DEMO_PASSWORD = "ThiDua@2026"
ADMIN_USERNAME = "admin"
HANOI_CODE = "01"
COMMUNE_COUNT = 3321

Kind = OrgUnit.Kind

# (name, short name, staff) of the city's departments and agencies, under the city.
DEPARTMENTS: list[tuple[str, str, int]] = [
    ("Văn phòng Ủy ban nhân dân thành phố", "VP UBND TP", 160),
    ("Sở Nội vụ", "SNV", 180),
    ("Sở Tài chính", "STC", 320),
    ("Sở Tư pháp", "STP", 110),
    ("Sở Xây dựng", "SXD", 420),
    ("Sở Công Thương", "SCT", 260),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", 240),
    ("Sở Y tế", "SYT", 230),
    ("Sở Văn hóa và Thể thao", "SVHTT", 310),
    ("Sở Du lịch", "SDL", 90),
    ("Sở Khoa học và Công nghệ", "SKHCN", 150),
    ("Sở Nông nghiệp và Môi trường", "SNNMT", 520),
    ("Sở Ngoại vụ", "SNgV", 60),
    ("Sở Dân tộc và Tôn giáo", "SDTTG", 55),
    ("Sở Quy hoạch - Kiến trúc", "SQHKT", 95),
    ("Thanh tra thành phố", "TTTP", 140),
    ("Ban Quản lý các khu công nghệ cao và khu công nghiệp thành phố", "BQL KCN", 85),
    ("Đài Phát thanh và Truyền hình Hà Nội", "Đài PT-TH HN", 700),
    ("Báo Hà Nội mới", "HNM", 250),
    ("Trường Đào tạo cán bộ Lê Hồng Phong", "", 120),
]

# The emulation board sits inside the home affairs department, as in the city's apparatus.
EMULATION_BOARD = ("Ban Thi đua - Khen thưởng", "Ban TĐKT", 45)

# Upper-secondary schools are run by the education department.
SCHOOLS: list[str] = [
    "Trường THPT Chu Văn An",
    "Trường THPT chuyên Hà Nội - Amsterdam",
    "Trường THPT chuyên Nguyễn Huệ",
    "Trường THPT chuyên Sơn Tây",
    "Trường THPT Phan Đình Phùng",
    "Trường THPT Kim Liên",
    "Trường THPT Việt Đức",
    "Trường THPT Trần Phú - Hoàn Kiếm",
    "Trường THPT Nguyễn Trãi - Ba Đình",
    "Trường THPT Thăng Long",
    "Trường THPT Yên Hòa",
    "Trường THPT Lê Quý Đôn - Đống Đa",
    "Trường THPT Nhân Chính",
    "Trường THPT Cầu Giấy",
    "Trường THPT Khương Đình",
    "Trường THPT Trần Nhân Tông",
    "Trường THPT Đoàn Kết - Hai Bà Trưng",
    "Trường THPT Hoàng Văn Thụ",
    "Trường THPT Việt Nam - Ba Lan",
    "Trường THPT Nguyễn Gia Thiều",
    "Trường THPT Lê Quý Đôn - Hà Đông",
    "Trường THPT Quang Trung - Hà Đông",
    "Trường THPT Xuân Đỉnh",
    "Trường THPT Đại Mỗ",
    "Trường THPT Đông Anh",
    "Trường THPT Sóc Sơn",
    "Trường THPT Ngô Quyền - Ba Vì",
    "Trường THPT Mỹ Đức A",
    "Trường THPT Thường Tín",
    "Trường THPT Phúc Thọ",
]

FRONT = ("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội", "UBMTTQ TP", 70)
# Since 2025 the mass organisations work under the Fatherland Front.
UNIONS: list[tuple[str, str, int]] = [
    ("Thành đoàn Hà Nội", "Thành đoàn", 90),
    ("Hội Liên hiệp Phụ nữ thành phố Hà Nội", "Hội LHPN TP", 60),
    ("Liên đoàn Lao động thành phố Hà Nội", "LĐLĐ TP", 110),
    ("Hội Nông dân thành phố Hà Nội", "Hội ND TP", 50),
    ("Hội Cựu chiến binh thành phố Hà Nội", "Hội CCB TP", 40),
]
ENTERPRISES: list[tuple[str, str, int]] = [
    ("Tổng công ty Vận tải Hà Nội", "Transerco", 9000),
    ("Công ty TNHH MTV Nước sạch Hà Nội", "Hawacom", 2300),
]

DEPARTMENT_CLUSTER = "Cụm thi đua các sở, ban, ngành số 1"
DEPARTMENT_CLUSTER_MEMBERS = [
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Văn phòng Ủy ban nhân dân thành phố",
    "Thanh tra thành phố",
]
WARD_CLUSTER = "Cụm thi đua các phường khu vực trung tâm"
WARD_CLUSTER_MEMBERS = [
    "Phường Hoàn Kiếm",
    "Phường Cửa Nam",
    "Phường Ba Đình",
    "Phường Ngọc Hà",
    "Phường Giảng Võ",
    "Phường Hai Bà Trưng",
    "Phường Đống Đa",
    "Phường Kim Liên",
    "Phường Văn Miếu - Quốc Tử Giám",
]


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


@dataclass
class DemoOutcome:
    """What a run of the demo added (all zero on a second run)."""

    units: int = 0
    clusters: int = 0
    users: int = 0
    memberships: int = 0
    divisions_loaded: bool = False
    nominees: int = 0
    dossiers: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.units
            or self.clusters
            or self.users
            or self.memberships
            or self.divisions_loaded
            or self.dossiers
        )


def map_missing() -> bool:
    """Whether the administrative map still has to be loaded (no Hà Nội, or communes missing)."""
    return (
        not OrgUnit.objects.filter(kind=Kind.PROVINCE, code=HANOI_CODE).exists()
        or OrgUnit.objects.filter(kind=Kind.COMMUNE).exclude(code="").count() < COMMUNE_COUNT
    )


def hanoi() -> OrgUnit:
    """Thành phố Hà Nội, as ``load_divisions`` loaded it."""
    return OrgUnit.objects.get(kind=Kind.PROVINCE, code=HANOI_CODE)


def _child(parent: OrgUnit, name: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, name=name).first()


def _ensure_unit(
    actor: User, parent: OrgUnit, kind: str, name: str, short_name: str, staff: int | None, out: DemoOutcome
) -> OrgUnit:
    """The child of ``parent`` with this name, added through the org service when missing."""
    unit = _child(parent, name)
    if unit is None:
        unit = add_unit(actor, parent, kind=kind, name=name, short_name=short_name, staff_count=staff)
        out.units += 1
        # treebeard updated the parent's numchild in the database; later children need it fresh.
        parent.refresh_from_db()
    return unit


def _admin(out: DemoOutcome) -> User:
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


def _units(actor: User, city: OrgUnit, out: DemoOutcome) -> dict[str, OrgUnit]:
    """The city's departments, schools, front, unions and enterprises, by name."""
    units: dict[str, OrgUnit] = {}
    for name, short, staff in DEPARTMENTS:
        units[name] = _ensure_unit(actor, city, Kind.DEPARTMENT, name, short, staff, out)
    home_affairs = units["Sở Nội vụ"]
    units[EMULATION_BOARD[0]] = _ensure_unit(actor, home_affairs, Kind.DEPARTMENT, *EMULATION_BOARD, out)
    education = units["Sở Giáo dục và Đào tạo"]
    for name in SCHOOLS:
        units[name] = _ensure_unit(actor, education, Kind.SCHOOL, name, "", None, out)
    front = units[FRONT[0]] = _ensure_unit(actor, city, Kind.FRONT, *FRONT, out)
    for name, short, staff in UNIONS:
        units[name] = _ensure_unit(actor, front, Kind.FRONT, name, short, staff, out)
    for name, short, staff in ENTERPRISES:
        units[name] = _ensure_unit(actor, city, Kind.ENTERPRISE, name, short, staff, out)
    return units


def _clusters(actor: User, city: OrgUnit, units: dict[str, OrgUnit], out: DemoOutcome) -> None:
    """Two cụm thi đua: seven departments, and the central wards."""
    communes = {
        unit.name: unit
        for unit in OrgUnit.objects.filter(
            path__startswith=city.path, depth=city.depth + 1, kind=Kind.COMMUNE, name__in=WARD_CLUSTER_MEMBERS
        )
    }
    plans = [
        (DEPARTMENT_CLUSTER, [units[n] for n in DEPARTMENT_CLUSTER_MEMBERS]),
        (WARD_CLUSTER, [communes[n] for n in WARD_CLUSTER_MEMBERS if n in communes]),
    ]
    for name, members in plans:
        # Matched by name whatever the year, so a run next January does not add a second pair.
        if Cluster.objects.filter(organiser=city, name=name).exists():
            continue
        create_cluster(
            actor,
            city,
            name=name,
            year=timezone.localdate().year,
            members=members,
            head=members[0],
            deputy=members[1],
        )
        out.clusters += 1


def _users(actor: User, city: OrgUnit, units: dict[str, OrgUnit], out: DemoOutcome) -> None:
    """One user per role, created by the admin through the accounts service."""
    for login in DEMO_LOGINS:
        unit = city if not login.unit_name else _child(city, login.unit_name) or units[login.unit_name]
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


def build_demo(stdout: TextIO | None = None) -> DemoOutcome:
    """Load the map if needed, then add whatever of the Hà Nội demo is not there yet.

    The commands it calls write their reports to ``stdout`` (the demo command's own).
    """
    out = DemoOutcome()
    if map_missing():
        call_command("load_divisions", stdout=stdout)
        out.divisions_loaded = True
    # The welcome notices of new roles stay in the app: mailing them would only flood the
    # console backend's output in the middle of the printed logins.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        admin = _admin(out)
        city = hanoi()
        units = _units(admin, city, out)
        _clusters(admin, city, units, out)
        _users(admin, city, units, out)
    # The award catalogue belongs to the awards app; seed it when that app offers the command.
    if "seed_awards" in get_commands():
        call_command("seed_awards", stdout=stdout)
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        _vetting(_admin(out), hanoi(), out)
    return out


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


# --- Dossiers, a council session and a signed decision -----------------------------------------------

DEMO_COUNCIL = "Hội đồng Thi đua - Khen thưởng thành phố Hà Nội"
DEMO_PEOPLE: list[tuple[str, int, str, str]] = [
    # (name, birth year, ward, what they did)
    ("Nguyễn Văn Đức", 1980, "Phường Ba Đình", "Lao xuống hồ Trúc Bạch cứu hai em nhỏ bị đuối nước."),
    (
        "Trần Thị Thu Hà",
        1975,
        "Phường Ba Đình",
        "25 năm nấu cơm miễn phí cho bệnh nhân nghèo Bệnh viện Bạch Mai.",
    ),
    ("Lê Minh Tuấn", 1968, "Phường Hoàn Kiếm", "Hiến 300 m² đất mở rộng ngõ, vận động 40 hộ cùng hiến đất."),
    ("Phạm Thị Lan", 1990, "Phường Ba Đình", "Mở lớp học tình thương cho 60 trẻ em có hoàn cảnh khó khăn."),
    ("Hoàng Văn Nam", 1985, "Phường Hoàn Kiếm", "Trả lại 200 triệu đồng nhặt được cho người đánh rơi."),
    ("Vũ Thị Ngọc", 1972, "Phường Ba Đình", "Hiến máu tình nguyện 52 lần."),
]


def _vetting(admin: User, city: OrgUnit, out: DemoOutcome) -> None:
    """Dossiers in each state, the city's council with a closed secret session, a signed decision."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from guongsang.awards import services as awards
    from guongsang.awards.models import AwardType
    from guongsang.councils import services as councils
    from guongsang.councils.models import Council, CouncilMember
    from guongsang.nominations import services as dossiers
    from guongsang.nominees.models import Nominee
    from guongsang.nominees.services import create_nominee

    if Council.objects.filter(unit=city, name=DEMO_COUNCIL).exists():
        return
    year = timezone.localdate().year
    dossiers.set_deadline(
        admin,
        city,
        year=year,
        due_date=dt.date(year + 1, 1, 20),
        applies_to_subtree=True,
        note="Hồ sơ đề nghị cấp thành phố",
    )
    award = {t.code: t for t in AwardType.objects.all()}
    if "cong-dan-thu-do-uu-tu" not in award:
        return
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    made = []
    for name, born, ward_name, deed in DEMO_PEOPLE:
        ward = _child(city, ward_name)
        if ward is None:
            continue
        person = Nominee.objects.filter(full_name=name, unit=ward).first() or create_nominee(
            admin, kind=Nominee.Kind.INDIVIDUAL, full_name=name, birth_year=born, unit=ward, residence=ward
        )
        out.nominees += 1
        made.append(
            dossiers.create_nomination(
                admin,
                nominee=person,
                award_type=award["cong-dan-thu-do-uu-tu"],
                submitting_unit=ward,
                receiving_unit=city,
                achievements=deed,
                year=year,
            )
        )
    if len(made) < 6:
        return
    _draft, submitted, returned, ready_a, ready_b, waiting = made
    for dossier in (submitted, returned, ready_a, ready_b, waiting):
        dossiers.submit(admin, dossier)
    for dossier in (returned, ready_a, ready_b, waiting):
        dossiers.receive(admin, dossier.__class__.objects.get(pk=dossier.pk))
    dossiers.return_for_supplement(
        admin,
        returned.__class__.objects.get(pk=returned.pk),
        note="Bổ sung xác nhận của Công an phường về sự việc.",
    )
    for dossier in (ready_a, ready_b, waiting):
        fresh = dossier.__class__.objects.get(pk=dossier.pk)
        for part in dossiers.missing_parts(fresh):
            dossiers.add_evidence(
                admin,
                fresh,
                file=SimpleUploadedFile(f"{part['code']}.pdf", pdf),
                title=part["name"],
                part_code=part["code"],
            )
        dossiers.appraise(admin, fresh, note="Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng.")
    council = councils.create_council(admin, city, name=DEMO_COUNCIL, term_start=dt.date(2026, 1, 1))
    seats = [
        ("chutich.hanoi", CouncilMember.Position.CHAIR, True),
        ("hoidong.hanoi", CouncilMember.Position.MEMBER, True),
        ("thuky.hanoi", CouncilMember.Position.SECRETARY, False),
    ]
    for username, position, votes in seats:
        user = User.objects.filter(username=username).first()
        if user is not None:
            councils.add_member(admin, council, user, position=position, votes=votes)
    for index in range(1, 9):
        username = f"uyvien{index}.hanoi"
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _ = create_user(
                admin,
                city,
                username=username,
                full_name=f"Ủy viên Hội đồng số {index}",
                role=Role.COUNCIL_MEMBER,
                password=DEMO_PASSWORD,
            )
        councils.add_member(admin, council, user)
    session = councils.create_session(
        admin,
        council,
        title=f"Phiên họp xét Công dân Thủ đô ưu tú năm {year}",
        held_on=timezone.localdate(),
        place="Trụ sở Ủy ban nhân dân thành phố",
    )
    items = [
        councils.add_to_agenda(admin, session, d.__class__.objects.get(pk=d.pk)) for d in (ready_a, ready_b)
    ]
    voters = list(councils.voting_members(council, session.held_on))
    councils.record_attendance(admin, session, {m.pk for m in voters})
    councils.open_session(admin, session)
    for item in items:
        for member in voters:
            councils.cast_ballot(member.user, item, "yes")
    councils.close_session(admin, session, notes="Hội đồng thống nhất đề nghị.")
    passed = [d.__class__.objects.get(pk=d.pk) for d in (ready_a, ready_b)]
    decision = awards.draft_decision(
        admin, city, award_type=award["cong-dan-thu-do-uu-tu"], award_year=year, nominations=passed
    )
    head = User.objects.filter(username="chutich.hanoi").first() or admin
    awards.sign_decision(head, decision, signer_title="Chủ tịch", authority_line="TM. Ủy ban nhân dân")
    out.dossiers += len(made)
