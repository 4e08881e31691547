"""Two officers on one dossier's content: criteria answers and evidence files are written only on
the version the officer saw and only while the dossier may still change; the other is told."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from guongsang.nominations import services
from guongsang.nominations.models import CriterionAnswer, Evidence, Nomination, NominationEvent

pytestmark = pytest.mark.django_db
Status = Nomination.Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


@pytest.fixture
def dossier(catalogue, nominee, ba_dinh_officer, org_tree):
    """A draft Bằng khen dossier from Phường Ba Đình, with a two-line checklist."""
    dossier = services.create_nomination(
        ba_dinh_officer,
        nominee=nominee,
        award_type=catalogue["bang-khen-tinh"],
        submitting_unit=org_tree.ba_dinh,
        achievements="Cứu người đuối nước ở hồ Trúc Bạch.",
    )
    dossier.criteria_answers.create(text="Gương mẫu chấp hành chủ trương, chính sách", order=1)
    dossier.criteria_answers.create(text="Được nhân dân nơi cư trú ghi nhận", order=2, required=False)
    return dossier


def _answers(dossier) -> list[tuple[bool | None, str]]:
    return list(
        CriterionAnswer.objects.filter(nomination=dossier).order_by("order").values_list("met", "note")
    )


def test_answers_on_the_version_seen_bump_it(dossier, ba_dinh_officer):
    first, _second = dossier.criteria_answers.all()
    seen = dossier.version
    changed = services.answer_criteria(
        ba_dinh_officer, dossier, {first.pk: (True, "Tổ dân phố xác nhận")}, version=seen
    )
    assert changed == 1
    assert dossier.version == seen + 1 == Nomination.objects.get(pk=dossier.pk).version
    assert _answers(dossier)[0] == (True, "Tổ dân phố xác nhận")


def test_two_officers_answering_at_once_one_wins(dossier, ba_dinh_officer, second_ba_dinh_officer):
    first, _second = dossier.criteria_answers.all()
    seen_by_both = dossier.version
    services.answer_criteria(
        ba_dinh_officer, dossier, {first.pk: (True, "Chị Hoa: đạt")}, version=seen_by_both
    )
    with pytest.raises(services.StaleDossier, match="người khác cập nhật"):
        services.answer_criteria(
            second_ba_dinh_officer, dossier, {first.pk: (False, "Anh Tùng: chưa đạt")}, version=seen_by_both
        )
    assert _answers(dossier)[0] == (True, "Chị Hoa: đạt")


def test_answers_on_a_dossier_submitted_meanwhile_are_refused(
    dossier, ba_dinh_officer, second_ba_dinh_officer
):
    first, _second = dossier.criteria_answers.all()
    stale = Nomination.objects.get(pk=dossier.pk)  # the page the first officer still has open
    services.submit(second_ba_dinh_officer, dossier)
    with pytest.raises(services.StaleDossier):
        services.answer_criteria(ba_dinh_officer, stale, {first.pk: (False, "")})
    # Even naming the version it now has, a submitted dossier's checklist is closed.
    current = Nomination.objects.get(pk=dossier.pk)
    with pytest.raises(services.TransitionRefused, match="đang soạn hoặc bị trả lại") as refused:
        services.answer_criteria(ba_dinh_officer, current, {first.pk: (False, "")}, version=current.version)
    assert refused.value.error_list[0].code == "transition_not_allowed"
    assert _answers(dossier)[0] == (None, "")
    assert Nomination.objects.get(pk=dossier.pk).version == current.version


def test_answer_of_another_dossier_is_refused(dossier, catalogue, nominee, ba_dinh_officer, org_tree):
    other = services.create_nomination(
        ba_dinh_officer,
        nominee=nominee,
        award_type=catalogue["giay-khen"],
        submitting_unit=org_tree.ba_dinh,
        achievements="x",
    )
    foreign = other.criteria_answers.create(text="Tiêu chí của hồ sơ khác", order=1)
    seen = dossier.version
    with pytest.raises(ValidationError, match="không thuộc hồ sơ này"):
        services.answer_criteria(ba_dinh_officer, dossier, {foreign.pk: (True, "")})
    assert CriterionAnswer.objects.get(pk=foreign.pk).met is None
    # Refused before anything was claimed: the officer's page can still save on its version.
    assert dossier.version == seen == Nomination.objects.get(pk=dossier.pk).version


def test_uploads_in_a_row_follow_the_version(dossier, ba_dinh_officer):
    start = dossier.version
    services.add_evidence(ba_dinh_officer, dossier, file=pdf("to-trinh.pdf"), version=start)
    services.add_evidence(ba_dinh_officer, dossier, file=pdf("bao-cao.pdf"))
    assert dossier.version == start + 2
    dossier = services.submit(ba_dinh_officer, dossier)
    assert dossier.status == Status.SUBMITTED and dossier.evidence.count() == 2


def test_upload_on_the_version_another_officer_replaced_is_refused(
    dossier, ba_dinh_officer, second_ba_dinh_officer
):
    seen_by_both = dossier.version
    services.update_nomination(second_ba_dinh_officer, dossier, version=seen_by_both, achievements="Sửa lại.")
    with pytest.raises(services.StaleDossier):
        services.add_evidence(ba_dinh_officer, dossier, file=pdf(), version=seen_by_both)
    assert not Evidence.objects.filter(nomination=dossier).exists()


def test_upload_onto_a_dossier_appraised_meanwhile_is_refused(
    dossier, ba_dinh_officer, city_appraiser, nominee
):
    dossier = services.receive(city_appraiser, services.submit(ba_dinh_officer, dossier))
    for part in services.missing_parts(dossier):
        services.add_evidence(
            city_appraiser, dossier, file=pdf(f"{part['code']}.pdf"), part_code=part["code"]
        )
    open_page = Nomination.objects.get(pk=dossier.pk)  # the officer's page, before the appraisal
    services.appraise(city_appraiser, dossier)
    events = NominationEvent.objects.filter(nomination=dossier).count()
    with pytest.raises(services.StaleDossier):
        services.add_evidence(ba_dinh_officer, open_page, file=pdf("muon.pdf"))
    appraised = Nomination.objects.get(pk=dossier.pk)
    with pytest.raises(services.TransitionRefused, match="không còn ở trạng thái") as refused:
        services.add_evidence(ba_dinh_officer, appraised, file=pdf("muon.pdf"), version=appraised.version)
    assert refused.value.error_list[0].code == "transition_not_allowed"
    assert not Evidence.objects.filter(nomination=dossier, title="muon.pdf").exists()
    assert NominationEvent.objects.filter(nomination=dossier).count() == events


def test_stale_criteria_page_tells_the_officer(client, dossier, ba_dinh_officer, second_ba_dinh_officer):
    first, _second = dossier.criteria_answers.all()
    client.force_login(ba_dinh_officer)
    page_version = dossier.version
    services.answer_criteria(second_ba_dinh_officer, dossier, {first.pk: (True, "Anh Tùng")})
    response = client.post(
        f"/ho-so/{dossier.pk}/tieu-chi/",
        {"version": page_version, f"met_{first.pk}": "no", f"note_{first.pk}": "Chị Hoa"},
        follow=True,
    )
    assert "người khác cập nhật" in response.content.decode()
    assert _answers(dossier)[0] == (True, "Anh Tùng")
