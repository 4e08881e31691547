"""The public exemplar page lists the person's recognitions in force, each linking to its
verification page; revoked ones are left out; nothing of a person who has not consented."""

import pytest
from django.test import Client

from guongsang.awards import services as award_services
from guongsang.core.permissions import Role
from tests.factories import MembershipFactory, UserFactory
from tests.portal.public_pages import recognition_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon():
    return Client()


@pytest.fixture
def city_head(org_tree):
    """Chủ tịch UBND Thành phố Hà Nội: signs the city's decisions, revokes its awards."""
    user = UserFactory(username="chutich.hanoi", full_name="Trần Sỹ Thanh")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.HEAD)
    return user


def test_exemplar_page_lists_recognitions_linking_to_verification(anon, lan, org_tree, editor):
    recognition = recognition_of(lan, org_tree.hanoi, editor)
    page = anon.get(f"/tin-tuc/guong-sang/{lan.pk}/").content.decode()
    assert "Người tốt, việc tốt" in page and "Cấp tỉnh, năm 2025" in page
    assert "Quyết định số 05/QĐ-UBND ngày 05/01/2026 của Thành phố Hà Nội" in page
    assert f'href="/xac-minh/{recognition.verify_code}/"' in page
    verified = anon.get(f"/xac-minh/{recognition.verify_code}/").content.decode()
    assert "Hợp lệ." in verified and "Phạm Thị Lan" in verified


def test_revoked_recognition_leaves_the_page_but_still_verifies_as_revoked(
    anon, lan, org_tree, editor, city_head
):
    recognition = recognition_of(lan, org_tree.hanoi, editor)
    award_services.revoke_recognition(
        city_head, recognition, reason="Kê khai thành tích không trung thực", legal_basis="Điều 83 Luật TĐKT"
    )
    page = anon.get(f"/tin-tuc/guong-sang/{lan.pk}/").content.decode()
    assert 'id="honours-title"' not in page and recognition.verify_code not in page
    assert "không trung thực" not in page  # the reason of a revocation is never on the public page
    verified = anon.get(f"/xac-minh/{recognition.verify_code}/").content.decode()
    assert "Khen thưởng này đã bị thu hồi." in verified


def test_page_shows_no_recognition_section_when_there_is_none(anon, lan):
    page = anon.get(f"/tin-tuc/guong-sang/{lan.pk}/")
    assert page.status_code == 200 and 'id="honours-title"' not in page.content.decode()


def test_person_without_portal_consent_shows_no_recognition(anon, hung, org_tree, editor):
    recognition = recognition_of(hung, org_tree.hanoi, editor)
    response = anon.get(f"/tin-tuc/guong-sang/{hung.pk}/")
    assert response.status_code == 404 and recognition.verify_code not in response.content.decode()


def test_withdrawn_consent_takes_the_recognitions_off(anon, lan, org_tree, editor, records_officer):
    from guongsang.nominees import services as nominee_services

    recognition = recognition_of(lan, org_tree.hanoi, editor)
    for consent in lan.consents.filter(withdrawn_at__isnull=True):
        nominee_services.withdraw_consent(records_officer, consent)
    response = anon.get(f"/tin-tuc/guong-sang/{lan.pk}/")
    assert response.status_code == 404 and recognition.verify_code not in response.content.decode()
