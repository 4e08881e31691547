"""Fixtures of the nominee tests: the "Nguyễn Văn Đức" of Phường Ba Đình, and the people who
work on Ba Đình's nominees."""

import pytest

from guongsang.core.permissions import Role
from guongsang.nominees import services
from tests.factories import MembershipFactory, UserFactory

CCCD = "001080012345"


@pytest.fixture
def ba_dinh_officer(org_tree):
    """Cán bộ thi đua of Phường Ba Đình: keeps the ward's nominees, sees their CCCD numbers."""
    user = UserFactory(username="canbo.badinh", full_name="Vũ Thị Mai")
    MembershipFactory(user=user, unit=org_tree.ba_dinh, role=Role.OFFICER)
    return user


@pytest.fixture
def city_editor(org_tree):
    """Biên tập viên of Hà Nội: sees the city's nominees, but has no business with CCCD numbers."""
    user = UserFactory(username="bientap.hanoi", full_name="Đặng Văn Bút")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.EDITOR)
    return user


@pytest.fixture
def duc(org_tree, ba_dinh_officer):
    """Nguyễn Văn Đức, born 1980, of Phường Ba Đình, with a CCCD and a phone number."""
    return services.create_nominee(
        ba_dinh_officer,
        full_name="Nguyễn Văn Đức",
        gender="male",
        birth_year=1980,
        unit=org_tree.ba_dinh,
        residence=org_tree.ba_dinh,
        cccd=CCCD,
        phone="0912 345 678",
        occupation="Kỹ sư",
    )


@pytest.fixture
def signed_in(client, request):
    """The test client signed in as the named persona (a fixture name)."""

    def sign_in(persona: str):
        client.force_login(request.getfixturevalue(persona))
        return client

    return sign_in
