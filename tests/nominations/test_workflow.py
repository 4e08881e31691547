"""A dossier's life through appraisal: who may do what, in which state, and what is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from guongsang.core.models import Notification
from guongsang.nominations import selectors, services
from guongsang.nominations.models import Nomination, NominationEvent

pytestmark = pytest.mark.django_db
Status = Nomination.Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def dossier(catalogue, nominee, ba_dinh_officer, org_tree):
    """A draft Bằng khen dossier from Phường Ba Đình to the city."""
    return services.create_nomination(
        ba_dinh_officer,
        nominee=nominee,
        award_type=catalogue["bang-khen-tinh"],
        submitting_unit=org_tree.ba_dinh,
        achievements="Cứu người đuối nước ở hồ Trúc Bạch ngày 12/6/2026.",
    )


def _complete(dossier, actor):
    """Attach a file for every required part of the dossier's rules."""
    for part in services.missing_parts(dossier):
        services.add_evidence(
            actor,
            dossier,
            file=SimpleUploadedFile(f"{part['code']}.pdf", PDF),
            title=part["name"],
            part_code=part["code"],
        )


def test_dossier_goes_to_the_unit_whose_head_decides(dossier, org_tree, catalogue, nominee, ba_dinh_officer):
    assert dossier.receiving_unit == org_tree.hanoi
    commune_level = services.create_nomination(
        ba_dinh_officer,
        nominee=nominee,
        award_type=catalogue["giay-khen"],
        submitting_unit=org_tree.ba_dinh,
        achievements="x",
    )
    assert commune_level.receiving_unit == org_tree.ba_dinh


def test_full_path_with_return_and_resubmit(dossier, ba_dinh_officer, city_appraiser):
    dossier = services.submit(ba_dinh_officer, dossier, version=dossier.version)
    assert dossier.status == Status.SUBMITTED and dossier.submitted_at
    dossier = services.receive(city_appraiser, dossier, version=dossier.version)
    assert dossier.status == Status.UNDER_APPRAISAL
    assert dossier.rule is not None and "152/2025" in dossier.rule.legal_basis
    dossier = services.return_for_supplement(
        city_appraiser, dossier, version=dossier.version, note="Thiếu xác nhận của công an phường."
    )
    assert dossier.status == Status.RETURNED
    _complete(dossier, ba_dinh_officer)
    dossier = services.resubmit(ba_dinh_officer, dossier)
    dossier = services.receive(city_appraiser, dossier)
    dossier = services.appraise(city_appraiser, dossier, note="Đủ điều kiện.")
    assert dossier.status == Status.APPRAISED and dossier.appraised_at
    actions = list(
        NominationEvent.objects.filter(nomination=dossier)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions[0] == "create"
    assert [a for a in actions if a != "add_evidence"] == [
        "create",
        "submit",
        "receive",
        "return_for_supplement",
        "resubmit",
        "receive",
        "appraise",
    ]
    returned = NominationEvent.objects.get(nomination=dossier, action="return_for_supplement")
    assert returned.note == "Thiếu xác nhận của công an phường." and returned.actor == city_appraiser


def test_return_notifies_the_preparing_unit(
    dossier, ba_dinh_officer, city_appraiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.submit(ba_dinh_officer, dossier)
    assert Notification.objects.filter(recipient=city_appraiser, title__contains=dossier.code).exists()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.receive(city_appraiser, dossier)
        services.return_for_supplement(city_appraiser, dossier, note="Bổ sung ảnh.")
    assert Notification.objects.filter(recipient=ba_dinh_officer, title__contains="bị trả lại").exists()


def test_rule_fixed_on_receipt_survives_a_new_version(
    dossier, ba_dinh_officer, city_appraiser, superuser, catalogue
):
    from guongsang.awards.services import add_rule_version

    dossier = services.receive(city_appraiser, services.submit(ba_dinh_officer, dossier))
    fixed = dossier.rule
    add_rule_version(
        superuser, catalogue["bang-khen-tinh"], effective_from=dt.date.today(), legal_basis="NĐ mới"
    )
    dossier = services.return_for_supplement(city_appraiser, dossier, note="x")
    dossier = services.receive(city_appraiser, services.resubmit(ba_dinh_officer, dossier))
    assert dossier.rule == fixed


def test_used_rule_version_cannot_be_edited(dossier, ba_dinh_officer, city_appraiser, superuser):
    from guongsang.awards.services import update_rule

    dossier = services.receive(city_appraiser, services.submit(ba_dinh_officer, dossier))
    with pytest.raises(ValidationError, match="đã được áp dụng"):
        update_rule(superuser, dossier.rule, threshold_num=2, threshold_den=3)


def test_commune_officer_cannot_appraise(dossier, ba_dinh_officer):
    dossier = services.submit(ba_dinh_officer, dossier)
    with pytest.raises(PermissionDenied):
        services.receive(ba_dinh_officer, dossier)


def test_other_ward_cannot_submit(dossier, commune_officer):
    with pytest.raises(PermissionDenied):
        services.submit(commune_officer, dossier)


def test_transition_from_wrong_state_is_refused_in_vietnamese(dossier, city_appraiser, ba_dinh_officer):
    with pytest.raises(services.TransitionRefused, match="Đang soạn"):
        services.appraise(city_appraiser, dossier)
    with pytest.raises(services.TransitionRefused, match="không tồn tại"):
        services.transition(ba_dinh_officer, dossier, "approve")


def test_return_needs_a_reason(dossier, ba_dinh_officer, city_appraiser):
    dossier = services.receive(city_appraiser, services.submit(ba_dinh_officer, dossier))
    with pytest.raises(ValidationError, match="nội dung cần bổ sung"):
        services.return_for_supplement(city_appraiser, dossier, note="  ")
    assert Nomination.objects.get(pk=dossier.pk).status == Status.UNDER_APPRAISAL


def test_two_officers_at_once_one_wins(dossier, ba_dinh_officer, second_ba_dinh_officer):
    seen_by_both = dossier.version
    services.update_nomination(
        ba_dinh_officer, dossier, version=seen_by_both, achievements="Bản của chị Hoa."
    )
    with pytest.raises(services.StaleDossier, match="người khác cập nhật"):
        services.update_nomination(
            second_ba_dinh_officer, dossier, version=seen_by_both, achievements="Bản của anh Tùng."
        )
    assert Nomination.objects.get(pk=dossier.pk).achievements == "Bản của chị Hoa."


def test_appraisal_refuses_missing_parts_and_exclusions(dossier, ba_dinh_officer, city_appraiser, nominee):
    dossier = services.receive(city_appraiser, services.submit(ba_dinh_officer, dossier))
    with pytest.raises(ValidationError, match="còn thiếu"):
        services.appraise(city_appraiser, dossier)
    dossier = services.return_for_supplement(city_appraiser, dossier, note="Bổ sung hồ sơ")
    _complete(dossier, ba_dinh_officer)
    nominee.is_disciplined = True
    nominee.save()
    dossier = services.receive(city_appraiser, services.resubmit(ba_dinh_officer, dossier))
    with pytest.raises(ValidationError, match="kỷ luật"):
        services.appraise(city_appraiser, dossier)
    assert Nomination.objects.get(pk=dossier.pk).status == Status.UNDER_APPRAISAL


def test_evidence_of_the_wrong_type_is_refused(dossier, ba_dinh_officer):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="không phải là tệp PDF"):
        services.add_evidence(ba_dinh_officer, dossier, file=fake)
    exe = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        services.add_evidence(ba_dinh_officer, dossier, file=exe)
    assert not dossier.evidence.exists()


def test_award_must_fit_the_nominee(catalogue, nominee, ba_dinh_officer, org_tree):
    with pytest.raises(ValidationError, match="không xét tặng cho cá nhân"):
        services.create_nomination(
            ba_dinh_officer,
            nominee=nominee,
            award_type=catalogue["tap-the-lao-dong-tien-tien"],
            submitting_unit=org_tree.ba_dinh,
            achievements="x",
        )


def test_withdraw_needs_reason_and_ends_the_dossier(dossier, ba_dinh_officer):
    dossier = services.withdraw(ba_dinh_officer, dossier, note="Trùng với hồ sơ khác.")
    assert dossier.status == Status.WITHDRAWN
    with pytest.raises(services.TransitionRefused):
        services.submit(ba_dinh_officer, dossier)


def test_overdue_when_not_sent_by_the_deadline(
    dossier, org_tree, city_admin, ba_dinh_officer, city_appraiser
):
    services.set_deadline(
        city_admin,
        org_tree.hanoi,
        year=dossier.year,
        due_date=dt.date.today() - dt.timedelta(days=1),
        applies_to_subtree=True,
    )
    lists = selectors.worklist_for(ba_dinh_officer)
    [item] = lists["to_prepare"]
    assert item.pk == dossier.pk and item.is_overdue
    services.submit(ba_dinh_officer, dossier)
    assert selectors.worklist_for(ba_dinh_officer)["to_prepare"] == []
    [waiting] = selectors.worklist_for(city_appraiser)["to_appraise"]
    assert waiting.pk == dossier.pk and not waiting.is_overdue


def test_scope_of_dossiers(dossier, ba_dinh_officer, city_appraiser, commune_officer, laocai_officer):
    assert list(selectors.nominations_for(ba_dinh_officer)) == [dossier]
    assert list(selectors.nominations_for(city_appraiser)) == [dossier]
    assert list(selectors.nominations_for(commune_officer)) == []
    assert list(selectors.nominations_for(laocai_officer)) == []
    assert list(selectors.nominations_for(city_appraiser, q="nguyen van duc")) == [dossier]


def test_merge_moves_dossiers_to_the_kept_nominee(dossier, nominee, ba_dinh_officer, org_tree):
    from guongsang.nominees.models import Nominee
    from guongsang.nominees.signals import nominee_merged

    keep = Nominee.objects.create(
        kind=Nominee.Kind.INDIVIDUAL, full_name="nguyen van duc", birth_year=1980, unit=org_tree.ba_dinh
    )
    nominee_merged.send(sender=Nominee, keep=keep, drop=nominee, actor=ba_dinh_officer)
    dossier.refresh_from_db()
    assert dossier.nominee == keep
    assert dossier.history.count() >= 2
    # The move is in the dossier's history, by the one who merged.
    assert dossier.history.first().history_user == ba_dinh_officer
    assert dossier.history.first().history_change_reason.startswith("Hợp nhất")
