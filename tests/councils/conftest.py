"""A Hà Nội council of ten members, its secretary, and appraised dossiers waiting for it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from guongsang.awards.models import AwardType
from guongsang.core.permissions import Role
from guongsang.councils import services
from guongsang.councils.models import CouncilMember
from guongsang.nominations import services as dossiers
from guongsang.nominees.models import Nominee
from tests.factories import MembershipFactory, UserFactory

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def catalogue(org_tree):
    call_command("seed_awards", stdout=io.StringIO())
    return {t.code: t for t in AwardType.objects.all()}


@pytest.fixture
def secretary(org_tree):
    """Thư ký Hội đồng TĐKT thành phố (Ban Thi đua – Khen thưởng)."""
    user = UserFactory(username="thuky.hanoi", full_name="Lê Thị Thư")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.COUNCIL_SECRETARY)
    return user


@pytest.fixture
def city_head(org_tree):
    """Chủ tịch UBND thành phố: decides and signs."""
    user = UserFactory(username="chutich.hanoi", full_name="Trần Sỹ Thanh")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.HEAD)
    return user


@pytest.fixture
def council(org_tree, city_admin, secretary):
    council = services.create_council(
        city_admin,
        org_tree.hanoi,
        name="Hội đồng Thi đua – Khen thưởng thành phố Hà Nội",
        term_start=dt.date(2026, 1, 1),
    )
    services.add_member(
        city_admin, council, secretary, position=CouncilMember.Position.SECRETARY, votes=False
    )
    for index in range(10):
        user = UserFactory(username=f"uyvien{index}", full_name=f"Ủy viên Hội đồng {index}")
        MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.COUNCIL_MEMBER)
        position = CouncilMember.Position.CHAIR if index == 0 else CouncilMember.Position.MEMBER
        services.add_member(city_admin, council, user, position=position)
    return council


@pytest.fixture
def voters(council):
    return list(council.members.filter(votes=True).select_related("user").order_by("pk"))


@pytest.fixture
def appraised(org_tree, catalogue, commune_officer, city_appraiser):
    """``appraised(award_code, name)``: a dossier from Phường Thanh Xuân appraised by the city."""

    def make(code: str = "cong-dan-thu-do-uu-tu", name: str = "Nguyễn Văn Đức", **nominee):
        person = Nominee.objects.create(full_name=name, birth_year=1970, unit=org_tree.thanh_xuan, **nominee)
        dossier = dossiers.create_nomination(
            commune_officer,
            nominee=person,
            award_type=catalogue[code],
            submitting_unit=org_tree.thanh_xuan,
            receiving_unit=org_tree.hanoi,
            achievements="Nhiều năm giúp đỡ người nghèo.",
        )
        dossier = dossiers.submit(commune_officer, dossier)
        dossier = dossiers.receive(city_appraiser, dossier)
        for part in dossiers.missing_parts(dossier):
            dossiers.add_evidence(
                city_appraiser, dossier, file=SimpleUploadedFile("x.pdf", PDF), part_code=part["code"]
            )
        return dossiers.appraise(city_appraiser, dossier)

    return make
