"""Personas and a movement for the movement tests, on top of the shared org tree.

Thành phố Hà Nội launches "Thi đua Dân vận khéo" for every unit below it;
Phường Thanh Xuân (commune_officer) and Phường Đống Đa (dongda_officer) take part;
Xã Bảo Thắng, Lào Cai (laocai_officer) does not.
"""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.core.permissions import Role
from guongsang.movements import services
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def city_officer(org_tree):
    """Cán bộ thi đua of Hà Nội (Ban Thi đua – Khen thưởng): launches the city's movements."""
    user = UserFactory(username="canbo.hanoi", full_name="Vũ Thị Hồng")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.OFFICER)
    return user


@pytest.fixture
def dongda_officer(org_tree):
    """Cán bộ thi đua of Phường Đống Đa: a neighbour of Thanh Xuân, sees only Đống Đa."""
    user = UserFactory(username="canbo.dongda", full_name="Phan Văn Đông")
    MembershipFactory(user=user, unit=org_tree.dong_da, role=Role.OFFICER)
    return user


@pytest.fixture
def school_officer(org_tree):
    """Cán bộ thi đua of Trường THPT Chu Văn An."""
    user = UserFactory(username="canbo.chuvanan", full_name="Lý Thị Mai")
    MembershipFactory(user=user, unit=org_tree.chu_van_an, role=Role.OFFICER)
    return user


@pytest.fixture
def hanoi_movement(org_tree, city_officer):
    """A running city-wide movement launched by the city's officer."""
    return services.launch_movement(
        city_officer,
        org_tree.hanoi,
        name="Thi đua Dân vận khéo",
        kind="regular",
        start_date=dt.date(2025, 1, 1),
        description="Phong trào thi đua “Dân vận khéo” giai đoạn 2025–2030.",
    )


@pytest.fixture
def signed_in(client, request):
    """``signed_in("city_officer")``: the test client, signed in as that persona."""

    def sign_in(persona: str):
        client.force_login(request.getfixturevalue(persona))
        return client

    return sign_in
