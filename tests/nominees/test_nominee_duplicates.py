"""Likely duplicates, merging two records of one person, and publication consent."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guongsang.nominees import selectors, services
from guongsang.nominees.models import Consent, Nominee
from guongsang.nominees.signals import nominee_merged
from tests.factories import NomineeFactory
from tests.nominees.conftest import CCCD


@pytest.fixture
def duc_again(org_tree, city_appraiser):
    """The same man entered again, typed without diacritics and with stray spaces."""
    return services.create_nominee(
        city_appraiser,
        full_name="nguyen  van duc ",
        birth_year=1980,
        unit=org_tree.ba_dinh,
        phone="0987654321",
    )


def test_done_means_nguyen_van_duc_is_flagged_as_likely_the_same(duc, org_tree):
    found = selectors.likely_duplicates("nguyen van duc", birth_year=1980, unit=org_tree.ba_dinh)
    assert len(found) == 1
    nominee, score, reasons = found[0]
    assert nominee == duc
    assert score == 100
    assert any("năm sinh 1980" in r for r in reasons)
    assert any("Phường Ba Đình" in r for r in reasons)


def test_done_means_merging_keeps_both_histories(duc, duc_again, ba_dinh_officer):
    services.update_nominee(ba_dinh_officer, duc_again, occupation="Thợ điện")
    kept = services.merge_nominees(ba_dinh_officer, keep=duc, drop=duc_again)

    duc_again.refresh_from_db()
    assert duc_again.merged_into == kept == duc
    assert Nominee.objects.filter(pk=duc_again.pk).exists()  # never deleted
    # The dropped record keeps its whole history: created, edited, merged.
    assert [h.history_type for h in duc_again.history.order_by("history_date", "history_id")] == [
        "+",
        "~",
        "~",
    ]
    assert duc_again.history.first().history_change_reason.startswith("Hợp nhất vào Nguyễn Văn Đức")
    # The kept one records the merge on top of its own history.
    assert duc.history.count() == 2
    assert duc.history.first().history_change_reason.startswith("Hợp nhất với nguyen  van duc")
    assert duc.history.first().history_user == ba_dinh_officer
    # Merged duplicates leave the list and the duplicate check.
    assert list(selectors.nominees_for(ba_dinh_officer, q="duc")) == [duc]
    assert [d.nominee for d in selectors.likely_duplicates("Nguyễn Văn Đức", 1980, duc.unit)] == [duc]


def test_merge_fills_empty_details_and_keeps_the_kept_ones(duc, duc_again, ba_dinh_officer):
    services.update_nominee(ba_dinh_officer, duc, phone="")
    services.merge_nominees(ba_dinh_officer, keep=duc, drop=duc_again)
    duc.refresh_from_db()
    assert duc.phone == "0987654321"
    assert duc.cccd == CCCD
    assert duc.occupation == "Kỹ sư"


def test_merge_moves_consents(duc, duc_again, ba_dinh_officer):
    consent = services.give_consent(ba_dinh_officer, duc_again, given_by="Nguyễn Văn Đức", scope="stories")
    services.merge_nominees(ba_dinh_officer, keep=duc, drop=duc_again)
    consent.refresh_from_db()
    assert consent.nominee == duc
    assert selectors.has_consent(duc, "stories")
    assert consent.history.count() == 2


def test_merge_sends_the_signal_inside_the_transaction(duc, duc_again, ba_dinh_officer):
    received = []

    def receiver(sender, keep, drop, actor, **kwargs):
        received.append((sender, keep, drop, actor))

    nominee_merged.connect(receiver)
    try:
        services.merge_nominees(ba_dinh_officer, keep=duc, drop=duc_again)
    finally:
        nominee_merged.disconnect(receiver)
    assert received == [(Nominee, duc, duc_again, ba_dinh_officer)]


def test_a_failing_receiver_undoes_the_merge(duc, duc_again, ba_dinh_officer):
    def receiver(**kwargs):
        raise ValidationError("Không chuyển được hồ sơ.")

    nominee_merged.connect(receiver)
    try:
        with pytest.raises(ValidationError):
            services.merge_nominees(ba_dinh_officer, keep=duc, drop=duc_again)
    finally:
        nominee_merged.disconnect(receiver)
    duc_again.refresh_from_db()
    assert duc_again.merged_into is None


def test_merge_refusals(duc, duc_again, ba_dinh_officer, city_editor, org_tree):
    with pytest.raises(ValidationError):
        services.merge_nominees(ba_dinh_officer, keep=duc, drop=duc)
    with pytest.raises(PermissionDenied):
        services.merge_nominees(city_editor, keep=duc, drop=duc_again)
    other_cccd = services.create_nominee(
        ba_dinh_officer,
        full_name="Nguyễn Văn Đức",
        birth_year=1980,
        unit=org_tree.ba_dinh,
        cccd="001080099999",
    )
    with pytest.raises(ValidationError) as error:
        services.merge_nominees(ba_dinh_officer, keep=duc, drop=other_cccd)
    assert "CCCD khác nhau" in error.value.messages[0]
    services.merge_nominees(ba_dinh_officer, keep=duc, drop=duc_again)
    with pytest.raises(ValidationError) as error:
        services.merge_nominees(ba_dinh_officer, keep=duc, drop=duc_again)
    assert "đã được hợp nhất" in error.value.messages[0]


def test_officer_cannot_merge_a_nominee_of_another_unit(duc, org_tree, commune_officer):
    theirs = services.create_nominee(
        commune_officer, full_name="Nguyễn Văn Đức", birth_year=1980, unit=org_tree.thanh_xuan
    )
    with pytest.raises(PermissionDenied):
        services.merge_nominees(commune_officer, keep=theirs, drop=duc)


def test_different_birth_year_is_not_a_duplicate(duc, org_tree):
    assert selectors.likely_duplicates("Nguyễn Văn Đức", birth_year=1981, unit=org_tree.ba_dinh) == []


def test_name_alone_is_not_enough(duc, org_tree):
    assert selectors.likely_duplicates("Nguyễn Văn Đức", unit=org_tree.laocai) == []
    assert selectors.likely_duplicates("Nguyễn Văn Đức", unit=org_tree.laocai, min_score=40) != []


def test_residence_counts_as_the_same_place(duc, org_tree):
    # Entered by the school, but living in Ba Đình.
    found = selectors.likely_duplicates(
        "NGUYỄN VĂN ĐỨC", unit=org_tree.chu_van_an, residence=org_tree.ba_dinh
    )
    assert [d.nominee for d in found] == [duc]


def test_same_cccd_matches_whatever_the_name(duc, org_tree):
    found = selectors.likely_duplicates("Nguyễn Đức", cccd="0010 8001 2345")
    assert [(d.nominee, d.score) for d in found] == [(duc, 100)]
    assert "Trùng số CCCD" in found[0].reasons


def test_duplicates_respect_the_user_scope(duc, org_tree, laocai_officer, city_appraiser):
    assert selectors.likely_duplicates("Nguyễn Văn Đức", 1980, org_tree.ba_dinh, user=laocai_officer) == []
    assert (
        len(selectors.likely_duplicates("Nguyễn Văn Đức", 1980, org_tree.ba_dinh, user=city_appraiser)) == 1
    )


def test_exclude_leaves_the_nominee_itself_out(duc, org_tree):
    assert selectors.likely_duplicates("Nguyễn Văn Đức", 1980, org_tree.ba_dinh, exclude=duc) == []


def test_duplicate_check_uses_a_bounded_number_of_queries(org_tree):
    for _ in range(30):
        NomineeFactory(full_name="Nguyễn Văn Đức", birth_year=1980, unit=org_tree.ba_dinh)
    NomineeFactory.create_batch(30, unit=org_tree.ba_dinh)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.likely_duplicates("nguyen van duc", 1980, org_tree.ba_dinh, cccd=CCCD)
    assert len(found) == 30
    assert len(queries) == 2
    # The name lookup filters on the indexed folded column, not a scan with LIKE.
    assert "name_folded" in queries[0]["sql"] and "LIKE" not in queries[0]["sql"]


# --- Consent ------------------------------------------------------------------------------------


def test_consent_covers_its_scope_and_all(duc, ba_dinh_officer):
    assert not selectors.has_consent(duc, "portal")
    services.give_consent(
        ba_dinh_officer, duc, given_by="Nguyễn Văn Đức", scope="portal", given_at=dt.date(2025, 12, 1)
    )
    assert selectors.has_consent(duc, "portal")
    assert not selectors.has_consent(duc, "book")
    services.give_consent(ba_dinh_officer, duc, given_by="Nguyễn Thị Hạnh", relation="spouse", scope="all")
    assert selectors.has_consent(duc, "book")


def test_withdrawn_consent_no_longer_counts_but_is_kept(duc, ba_dinh_officer):
    consent = services.give_consent(ba_dinh_officer, duc, given_by="Nguyễn Văn Đức", scope="book")
    services.withdraw_consent(ba_dinh_officer, consent, note="Không muốn in sách")
    assert not selectors.has_consent(duc, "book")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and "Không muốn in sách" in consent.note
    with pytest.raises(ValidationError):
        services.withdraw_consent(ba_dinh_officer, consent)
    assert Consent.objects.count() == 1


def test_consent_needs_a_name_and_a_known_scope(duc, ba_dinh_officer):
    with pytest.raises(ValidationError) as error:
        services.give_consent(ba_dinh_officer, duc, given_by=" ", scope="portal")
    assert error.value.message_dict["given_by"] == ["Hãy ghi tên người đồng ý."]
    with pytest.raises(ValidationError):
        services.give_consent(ba_dinh_officer, duc, given_by="A", scope="tv")
    with pytest.raises(ValidationError):
        services.give_consent(
            ba_dinh_officer, duc, given_by="A", scope="portal", given_at=dt.date(2999, 1, 1)
        )


def test_consent_refused_outside_scope(duc, laocai_officer, city_editor):
    for user in (laocai_officer, city_editor):
        with pytest.raises(PermissionDenied):
            services.give_consent(user, duc, given_by="A", scope="portal")
