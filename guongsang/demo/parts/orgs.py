"""The org tree's part of the demo: the real map, the city's bodies and two emulation clusters."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from guongsang.orgs.models import Cluster, OrgUnit
from guongsang.orgs.services import add_unit, create_cluster

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


def map_missing() -> bool:
    """Whether the administrative map still has to be loaded (no Hà Nội, or communes missing)."""
    return (
        not OrgUnit.objects.filter(kind=Kind.PROVINCE, code=HANOI_CODE).exists()
        or OrgUnit.objects.filter(kind=Kind.COMMUNE).exclude(code="").count() < COMMUNE_COUNT
    )


def hanoi() -> OrgUnit:
    """Thành phố Hà Nội, as ``load_divisions`` loaded it."""
    return OrgUnit.objects.get(kind=Kind.PROVINCE, code=HANOI_CODE)


def child(parent: OrgUnit, name: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, name=name).first()


def _ensure_unit(
    actor, parent: OrgUnit, kind: str, name: str, short_name: str, staff: int | None, out
) -> OrgUnit:
    """The child of ``parent`` with this name, added through the org service when missing."""
    unit = child(parent, name)
    if unit is None:
        unit = add_unit(actor, parent, kind=kind, name=name, short_name=short_name, staff_count=staff)
        out.units += 1
        # treebeard updated the parent's numchild in the database; later children need it fresh.
        parent.refresh_from_db()
    return unit


def _units(actor, city: OrgUnit, out) -> dict[str, OrgUnit]:
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


def _clusters(actor, city: OrgUnit, units: dict[str, OrgUnit], out) -> None:
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


def load_map(demo) -> None:
    """Load the administrative map when Hà Nội or some communes are missing."""
    if map_missing():
        call_command("load_divisions", stdout=demo.stdout)
        demo.out.divisions_loaded = True


def city_bodies(demo) -> None:
    """The city's departments, schools, front, unions and enterprises, added by the admin."""
    demo.city = hanoi()
    demo.units = _units(demo.admin, demo.city, demo.out)


def clusters(demo) -> None:
    """Two cụm thi đua of the city."""
    _clusters(demo.admin, demo.city, demo.units, demo.out)
