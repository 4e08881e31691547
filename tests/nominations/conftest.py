"""Fixtures for dossiers: the award catalogue, a nominee of Phường Ba Đình, a city appraiser."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from guongsang.awards.models import AwardType
from guongsang.core.permissions import Role
from guongsang.nominees.models import Nominee
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def catalogue(org_tree):
    call_command("seed_awards", stdout=io.StringIO())
    return {t.code: t for t in AwardType.objects.all()}


@pytest.fixture
def ba_dinh_officer(org_tree):
    """Cán bộ thi đua of Phường Ba Đình: prepares the ward's dossiers."""
    user = UserFactory(username="canbo.badinh", full_name="Vũ Thị Hoa")
    MembershipFactory(user=user, unit=org_tree.ba_dinh, role=Role.OFFICER)
    return user


@pytest.fixture
def second_ba_dinh_officer(org_tree):
    """Another officer of the same ward, to act on a dossier at the same time."""
    user = UserFactory(username="canbo2.badinh", full_name="Đặng Văn Tùng")
    MembershipFactory(user=user, unit=org_tree.ba_dinh, role=Role.OFFICER)
    return user


@pytest.fixture
def nominee(org_tree, ba_dinh_officer):
    return Nominee.objects.create(
        kind=Nominee.Kind.INDIVIDUAL,
        full_name="Nguyễn Văn Đức",
        birth_year=1980,
        unit=org_tree.ba_dinh,
        residence=org_tree.ba_dinh,
        created_by=ba_dinh_officer,
    )
