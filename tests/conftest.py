"""Shared fixtures: a small org tree, named personas on it, and an API client with a token.

The tree is a handful of real names, not the 3,321-commune map (``load_divisions`` loads that),
so that every test builds it in milliseconds:

    Việt Nam
    ├── Thành phố Hà Nội (01)
    │   ├── Phường Thanh Xuân, Phường Đống Đa, Phường Ba Đình
    │   ├── Sở Nội vụ
    │   └── Trường THPT Chu Văn An
    └── Tỉnh Lào Cai (15)
        └── Xã Bảo Thắng

Personas (healthchecks style) are named after who they are in the domain, so a test reads
as a sentence: ``commune_officer`` sees only Phường Thanh Xuân, ``city_appraiser`` the whole
of Hà Nội, ``laocai_officer`` only Xã Bảo Thắng, ``outsider`` nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client, RequestFactory
from hypothesis import settings as hypothesis_settings

from guongsang.core.permissions import Role
from guongsang.orgs.models import OrgUnit
from tests.factories import PASSWORD, MembershipFactory, OrgUnitFactory, UserFactory

TOKEN_URL = "/api/v1/auth/token"

# Hypothesis fails a property test whose example takes over 200 ms ("DeadlineExceeded", then
# "Flaky"). CI runs the suite on a 2-core machine beside other work, where a pure function's
# example sometimes takes longer for reasons outside the code; a timing limit there makes the
# test fail at random without saying anything about the property. No deadline, and no example
# database (the run must not depend on what an earlier run left in .hypothesis/).
hypothesis_settings.register_profile("guongsang", deadline=None, database=None, derandomize=False)
hypothesis_settings.load_profile("guongsang")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """MD5 instead of Argon2: hashing is the slowest thing a test does, and proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _quick_flush_on_postgresql():
    """Empty the tables after a transactional test (the browser tests) with DELETE, not TRUNCATE.

    Django flushes PostgreSQL with one ``TRUNCATE`` of every table: each table gets new files,
    and on this machine that takes 1.5–4 s per test for tables holding a few rows, where DELETE
    takes 20 ms. The flush runs in one transaction and every foreign key Django creates is
    DEFERRABLE INITIALLY DEFERRED, so the order of the DELETEs does not matter. A flush that
    must reset sequences or cascade keeps Django's own statement.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


class AxesAwareClient(Client):
    """Django's test client whose ``login()`` passes a request to ``authenticate``.

    django-axes' backend refuses to authenticate without a request (it needs the client's
    address to count failures); Django's ``Client.login`` sends none.
    """

    def login(self, **credentials: Any) -> bool:
        credentials.setdefault("request", RequestFactory().post("/dang-nhap/"))
        return super().login(**credentials)


@pytest.fixture
def client() -> AxesAwareClient:
    return AxesAwareClient()


@dataclass
class OrgTree:
    """The units of the test tree, by the name a test would use for them."""

    nation: OrgUnit
    hanoi: OrgUnit
    thanh_xuan: OrgUnit
    dong_da: OrgUnit
    ba_dinh: OrgUnit
    so_noi_vu: OrgUnit
    chu_van_an: OrgUnit
    laocai: OrgUnit
    bao_thang: OrgUnit


@pytest.fixture
def org_tree(db) -> OrgTree:
    kind = OrgUnit.Kind
    nation = OrgUnitFactory(name="Việt Nam", kind=kind.NATION, code="VN")
    hanoi = OrgUnitFactory(parent=nation, name="Thành phố Hà Nội", kind=kind.PROVINCE, code="01")
    thanh_xuan = OrgUnitFactory(parent=hanoi, name="Phường Thanh Xuân", kind=kind.COMMUNE, code="00367")
    dong_da = OrgUnitFactory(parent=hanoi, name="Phường Đống Đa", kind=kind.COMMUNE, code="00235")
    ba_dinh = OrgUnitFactory(parent=hanoi, name="Phường Ba Đình", kind=kind.COMMUNE, code="00004")
    so_noi_vu = OrgUnitFactory(parent=hanoi, name="Sở Nội vụ", kind=kind.DEPARTMENT, staff_count=120)
    chu_van_an = OrgUnitFactory(parent=hanoi, name="Trường THPT Chu Văn An", kind=kind.SCHOOL)
    laocai = OrgUnitFactory(parent=nation, name="Tỉnh Lào Cai", kind=kind.PROVINCE, code="15")
    bao_thang = OrgUnitFactory(parent=laocai, name="Xã Bảo Thắng", kind=kind.COMMUNE, code="02683")
    return OrgTree(
        nation=nation,
        hanoi=hanoi,
        thanh_xuan=thanh_xuan,
        dong_da=dong_da,
        ba_dinh=ba_dinh,
        so_noi_vu=so_noi_vu,
        chu_van_an=chu_van_an,
        laocai=laocai,
        bao_thang=bao_thang,
    )


@pytest.fixture
def commune_officer(org_tree):
    """Cán bộ thi đua of Phường Thanh Xuân: sees that ward and nothing else."""
    user = UserFactory(username="canbo.thanhxuan", full_name="Nguyễn Thị Lan")
    MembershipFactory(user=user, unit=org_tree.thanh_xuan, role=Role.OFFICER)
    return user


@pytest.fixture
def city_appraiser(org_tree):
    """Thẩm định viên of Hà Nội: reaches every unit of the city, none of Lào Cai."""
    user = UserFactory(username="thamdinh.hanoi", full_name="Trần Văn Minh")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.APPRAISER)
    return user


@pytest.fixture
def city_admin(org_tree):
    """Quản trị đơn vị of Hà Nội: manages the city's units and people, and may open the admin."""
    user = UserFactory(username="quantri.hanoi", full_name="Lê Thu Hà")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.UNIT_ADMIN)
    return user


@pytest.fixture
def laocai_officer(org_tree):
    """Cán bộ thi đua of Xã Bảo Thắng, Lào Cai: the other province's commune officer."""
    user = UserFactory(username="canbo.baothang", full_name="Hoàng Văn Sơn")
    MembershipFactory(user=user, unit=org_tree.bao_thang, role=Role.OFFICER)
    return user


@pytest.fixture
def superuser(org_tree):
    """A national system administrator: sees everything."""
    return UserFactory(
        username="quantri.hethong", full_name="Phạm Quốc Hùng", is_superuser=True, is_staff=True
    )


@pytest.fixture
def outsider(org_tree):
    """An active account with no role anywhere: sees nothing."""
    return UserFactory(username="nguoingoai", full_name="Đỗ Minh Khang")


class ApiClient:
    """A test client that speaks to the API with a bearer token, and no session cookie."""

    def __init__(self, token: str | None = None):
        self.token = token
        self.client = Client()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(path, params or {}, headers=self._headers())

    def post(self, path: str, data: Any = None, *, raw: str | None = None):
        body = raw if raw is not None else json.dumps(data)
        return self.client.post(path, body, content_type="application/json", headers=self._headers())

    def patch(self, path: str, data: Any = None):
        return self.client.patch(
            path, json.dumps(data), content_type="application/json", headers=self._headers()
        )


def obtain_token(username: str, password: str = PASSWORD):
    """``POST /api/v1/auth/token`` as a client would; returns the response."""
    return ApiClient().post(TOKEN_URL, {"username": username, "password": password})


@pytest.fixture
def api_client(db):
    """``api_client(user)``: an API client holding a token obtained with the user's password;
    ``api_client()`` an anonymous one."""

    def make(user=None, password: str = PASSWORD) -> ApiClient:
        if user is None:
            return ApiClient()
        response = obtain_token(user.username, password)
        assert response.status_code == 200, response.content
        return ApiClient(response.json()["token"])

    return make


@pytest.fixture(scope="session")
def zip_bomb() -> bytes:
    """A ZIP of about 300 KB that unpacks to 300 MB of zeros: what a DOCX or XLSX bomb looks like
    from outside (it starts with the ZIP signature, as a real one does)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    megabyte = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("[Content_Types].xml", "w") as member,
    ):
        for _ in range(300):
            member.write(megabyte)
    return buffer.getvalue()
