"""The award catalogue: the seed, versioned rules, who edits them, pages and API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from guongsang.awards import selectors, services
from guongsang.awards.models import AwardRule, AwardType

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(org_tree):
    call_command("seed_awards", stdout=io.StringIO())
    return {t.code: t for t in AwardType.objects.all()}


def test_seed_creates_national_and_hanoi_titles(catalogue, org_tree):
    assert {
        "giay-khen",
        "bang-khen-tinh",
        "lao-dong-tien-tien",
        "chien-si-thi-dua-co-so",
        "tap-the-lao-dong-tien-tien",
        "tap-the-lao-dong-xuat-sac",
        "dien-hinh-tien-tien-cap-xa",
        "dien-hinh-tien-tien-cap-tinh",
        "nguoi-tot-viec-tot-ha-noi",
        "cong-dan-thu-do-uu-tu",
    } <= set(catalogue)
    assert catalogue["cong-dan-thu-do-uu-tu"].province == org_tree.hanoi


def test_seed_twice_changes_nothing(catalogue, capsys):
    rules_before = AwardRule.objects.count()
    call_command("seed_awards")
    assert "Không có thay đổi" in capsys.readouterr().out
    assert AwardRule.objects.count() == rules_before


def test_cong_dan_thu_do_rule_is_ninety_percent_of_all_members_secret(catalogue):
    rule = selectors.rule_in_force(catalogue["cong-dan-thu-do-uu-tu"], dt.date(2026, 1, 5))
    assert (rule.threshold_num, rule.threshold_den, rule.threshold_strict) == (9, 10, False)
    assert rule.vote_base == AwardRule.VoteBase.TOTAL_MEMBERS
    assert rule.secret_ballot and rule.once_per_person and rule.exclude_posthumous
    assert rule.cap_per_year == 10
    summary = selectors.rule_summary(rule)
    assert "Bỏ phiếu kín" in summary and "90% tổng số thành viên Hội đồng" in summary


def test_dossier_date_picks_the_version_in_force(catalogue):
    giay_khen = catalogue["giay-khen"]
    before = selectors.rule_in_force(giay_khen, dt.date(2025, 6, 30))
    after = selectors.rule_in_force(giay_khen, dt.date(2025, 7, 1))
    assert "98/2023" in before.legal_basis
    assert "152/2025" in after.legal_basis


def test_no_rule_before_the_law_is_a_clear_error(catalogue):
    with pytest.raises(selectors.NoRuleInForce, match="Chưa có quy định xét tặng"):
        selectors.rule_in_force(catalogue["giay-khen"], dt.date(2020, 1, 1))


def test_new_version_closes_the_open_one(catalogue, superuser):
    giay_khen = catalogue["giay-khen"]
    rule = services.add_rule_version(
        superuser, giay_khen, effective_from=dt.date(2027, 1, 1), legal_basis="Nghị định mới 2027"
    )
    previous = AwardRule.objects.get(award_type=giay_khen, effective_from=dt.date(2025, 7, 1))
    assert previous.effective_to == dt.date(2027, 1, 1)
    assert selectors.rule_in_force(giay_khen, dt.date(2027, 1, 1)) == rule
    assert previous.history.first().history_user == superuser


def test_overlapping_version_is_refused(catalogue, superuser):
    with pytest.raises(ValidationError, match="trùng"):
        services.add_rule_version(
            superuser, catalogue["giay-khen"], effective_from=dt.date(2024, 6, 1), legal_basis="x"
        )


def test_bad_threshold_is_refused_in_vietnamese(catalogue, superuser):
    with pytest.raises(ValidationError, match="Tỷ lệ đồng ý"):
        services.add_rule_version(
            superuser,
            catalogue["giay-khen"],
            effective_from=dt.date(2028, 1, 1),
            legal_basis="x",
            threshold_num=11,
            threshold_den=10,
        )


def test_city_admin_edits_hanoi_titles_but_not_national_ones(catalogue, city_admin, commune_officer):
    services.add_rule_version(
        city_admin,
        catalogue["nguoi-tot-viec-tot-ha-noi"],
        effective_from=dt.date(2027, 1, 1),
        legal_basis="QĐ mới",
    )
    with pytest.raises(PermissionDenied):
        services.add_rule_version(
            city_admin, catalogue["giay-khen"], effective_from=dt.date(2027, 1, 1), legal_basis="x"
        )
    with pytest.raises(PermissionDenied):
        services.add_rule_version(
            commune_officer,
            catalogue["nguoi-tot-viec-tot-ha-noi"],
            effective_from=dt.date(2028, 1, 1),
            legal_basis="x",
        )


def test_laocai_admin_cannot_edit_hanoi_title(catalogue, org_tree):
    from guongsang.core.permissions import Role
    from tests.factories import MembershipFactory, UserFactory

    admin = UserFactory()
    MembershipFactory(user=admin, unit=org_tree.laocai, role=Role.UNIT_ADMIN)
    with pytest.raises(PermissionDenied):
        services.save_award_type(admin, catalogue["cong-dan-thu-do-uu-tu"], name="Đổi tên")


def test_catalogue_page_filters_without_diacritics(client, catalogue, commune_officer):
    client.force_login(commune_officer)
    response = client.get("/khen-thuong/", {"q": "cong dan thu do"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Công dân Thủ đô ưu tú" in body
    assert "Lao động tiên tiến" not in body


def test_detail_page_shows_versions_and_form_only_to_editors(client, catalogue, commune_officer, superuser):
    url = f"/khen-thuong/{catalogue['giay-khen'].pk}/"
    client.force_login(commune_officer)
    body = client.get(url).content.decode()
    assert "152/2025" in body and "98/2023" in body
    assert "Thêm phiên bản quy định mới" not in body
    assert client.post(url, {"effective_from": "01/01/2027", "legal_basis": "x"}).status_code == 403
    client.force_login(superuser)
    assert "Thêm phiên bản quy định mới" in client.get(url).content.decode()


def test_superuser_adds_version_from_the_page(client, catalogue, superuser):
    client.force_login(superuser)
    url = f"/khen-thuong/{catalogue['giay-khen'].pk}/"
    data = {
        "effective_from": "01/01/2027",
        "legal_basis": "Nghị định 2027",
        "council_required": "on",
        "quorum_num": 2,
        "quorum_den": 3,
        "vote_base": "present",
        "threshold_num": 1,
        "threshold_den": 2,
        "threshold_strict": "on",
        "exclude_disciplined": "on",
        "exclude_prosecuted": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert AwardRule.objects.filter(award_type=catalogue["giay-khen"], legal_basis="Nghị định 2027").exists()


def test_anonymous_is_sent_to_login(client, catalogue):
    assert client.get("/khen-thuong/").status_code == 302


def test_api_lists_and_filters(api_client, catalogue, commune_officer):
    api = api_client(commune_officer)
    response = api.get("/api/v1/award-types/", {"subject_kind": "collective"})
    assert response.status_code == 200
    names = {item["name"] for item in response.json()["items"]}
    assert "Tập thể lao động xuất sắc" in names and "Lao động tiên tiến" not in names


def test_api_rule_on_a_date(api_client, catalogue, commune_officer):
    api = api_client(commune_officer)
    pk = catalogue["giay-khen"].pk
    response = api.get(f"/api/v1/award-types/{pk}/rule", {"on": "2025-01-15"})
    assert response.status_code == 200
    assert "98/2023" in response.json()["legal_basis"]
    missing = api.get(f"/api/v1/award-types/{pk}/rule", {"on": "2019-01-01"})
    assert missing.status_code == 422
    assert "Chưa có quy định" in missing.json()["message"]


def test_api_add_rule_needs_permission(api_client, catalogue, commune_officer, superuser):
    pk = catalogue["giay-khen"].pk
    payload = {"effective_from": "2027-01-01", "legal_basis": "NĐ 2027"}
    assert api_client(commune_officer).post(f"/api/v1/award-types/{pk}/rules", payload).status_code == 403
    response = api_client(superuser).post(f"/api/v1/award-types/{pk}/rules", payload)
    assert response.status_code == 201, response.content
    assert response.json()["effective_from"] == "2027-01-01"


def test_api_outsider_gets_403(api_client, catalogue, outsider):
    assert api_client(outsider).get("/api/v1/award-types/").status_code == 403


def test_earlier_versions_carry_their_real_effective_dates(catalogue):
    bang_khen = catalogue["bang-khen-tinh"]
    assert "91/2017" in selectors.rule_in_force(bang_khen, dt.date(2024, 1, 14)).legal_basis
    assert "98/2023" in selectors.rule_in_force(bang_khen, dt.date(2024, 1, 15)).legal_basis
    cong_dan = catalogue["cong-dan-thu-do-uu-tu"]
    january_2025 = selectors.rule_in_force(cong_dan, dt.date(2025, 1, 10))
    assert "35/2024" in january_2025.legal_basis
    # The same principles in every Quy chế: 90% of all members, 10 a year, once per person.
    assert (january_2025.threshold_num, january_2025.threshold_den, january_2025.cap_per_year) == (9, 10, 10)
    assert "03/2018" in selectors.rule_in_force(cong_dan, dt.date(2024, 6, 7)).legal_basis
    assert "71/2025" in selectors.rule_in_force(cong_dan, dt.date(2025, 12, 6)).legal_basis
    ntvt = catalogue["nguoi-tot-viec-tot-ha-noi"]
    assert "01/2020" in selectors.rule_in_force(ntvt, dt.date(2024, 9, 30)).legal_basis
    assert "36/2024" in selectors.rule_in_force(ntvt, dt.date(2024, 10, 1)).legal_basis
