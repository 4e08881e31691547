"""Decisions and the registry: drafting, caps at drafting and signing, numbering, revocation."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from guongsang.awards import services
from guongsang.awards.models import Decision, Recognition
from guongsang.core.documents import docx_text
from guongsang.core.models import Notification
from guongsang.nominations.models import Nomination

pytestmark = pytest.mark.django_db


def _decide(actor, unit, dossiers, *, sign_with=None, year=2026):
    decision = services.draft_decision(
        actor, unit, award_type=dossiers[0].award_type, award_year=year, nominations=dossiers
    )
    if sign_with is not None:
        decision = services.sign_decision(
            sign_with,
            decision,
            signer_title="Chủ tịch",
            authority_line="TM. Ủy ban nhân dân",
            # Signed on paper on its real day, entered afterwards: the date is fixed, and never
            # a day still to come (the test runs on any day after it).
            signed_on=dt.date(2026, 1, 5),
            reason="Nhập bổ sung quyết định đã ký",
        )
    return decision


def test_signing_numbers_the_decision_and_records_recognitions(passed, city_appraiser, city_head, org_tree):
    dossiers = passed(2)
    decision = _decide(city_appraiser, org_tree.hanoi, dossiers, sign_with=city_head)
    assert decision.number == 1 and decision.number_display == "01/QĐ-UBND"
    assert Recognition.objects.filter(decision=decision).count() == 2
    assert set(
        Nomination.objects.filter(pk__in=[d.pk for d in dossiers]).values_list("status", flat=True)
    ) == {"approved"}
    second = _decide(city_appraiser, org_tree.hanoi, passed(1), sign_with=city_head)
    assert second.number == 2


def test_head_rejects_one_with_a_reason(passed, city_appraiser, city_head, org_tree):
    first, second = passed(2)
    decision = _decide(city_appraiser, org_tree.hanoi, [first, second])
    item = decision.items.get(nomination=second)
    with pytest.raises(ValidationError, match="lý do"):
        services.set_item(city_head, item, approved=False)
    services.set_item(city_head, item, approved=False, reason="Thành tích chưa tiêu biểu.")
    services.sign_decision(city_head, decision, signer_title="Chủ tịch")
    assert Nomination.objects.get(pk=second.pk).status == "rejected"
    assert not Recognition.objects.filter(nomination=second).exists()


def test_only_the_head_signs(passed, city_appraiser, org_tree):
    decision = _decide(city_appraiser, org_tree.hanoi, passed(1))
    with pytest.raises(PermissionDenied):
        services.sign_decision(city_appraiser, decision, signer_title="Chủ tịch")


def test_eleventh_cong_dan_thu_do_in_a_year_is_refused(passed, city_appraiser, city_head, org_tree):
    _decide(city_appraiser, org_tree.hanoi, passed(10), sign_with=city_head)
    with pytest.raises(services.CapExceeded, match="tối đa 10 lượt mỗi năm"):
        _decide(city_appraiser, org_tree.hanoi, passed(1))


def test_second_cong_dan_thu_do_for_the_same_person_is_refused(passed, city_appraiser, city_head, org_tree):
    [first] = passed(1)
    _decide(city_appraiser, org_tree.hanoi, [first], sign_with=city_head, year=2025)
    again = passed(1)[0]
    Nomination.objects.filter(pk=again.pk).update(nominee=first.nominee)
    again.refresh_from_db()
    with pytest.raises(services.CapExceeded, match="mỗi người chỉ một lần"):
        _decide(city_appraiser, org_tree.hanoi, [again])


def test_posthumous_cong_dan_thu_do_is_refused_at_signing(passed, city_appraiser, city_head, org_tree):
    [dossier] = passed(1)
    decision = _decide(city_appraiser, org_tree.hanoi, [dossier])
    dossier.nominee.is_deceased = True
    dossier.nominee.save()
    with pytest.raises(services.CapExceeded, match="không xét truy tặng"):
        services.sign_decision(city_head, decision, signer_title="Chủ tịch")
    assert Decision.objects.get(pk=decision.pk).number is None


def test_only_recommended_dossiers_can_be_decided(appraised, city_appraiser, org_tree):
    dossier = appraised()
    with pytest.raises(ValidationError, match="chưa được đề nghị"):
        _decide(city_appraiser, org_tree.hanoi, [dossier])


def test_revoked_recognition_stays_as_revoked(passed, city_appraiser, city_head, org_tree):
    decision = _decide(city_appraiser, org_tree.hanoi, passed(1), sign_with=city_head)
    recognition = decision.recognitions.get()
    with pytest.raises(PermissionDenied):
        services.revoke_recognition(city_appraiser, recognition, reason="x", legal_basis="y")
    services.revoke_recognition(
        city_head,
        recognition,
        reason="Khai man thành tích",
        legal_basis="Điều 94 Luật Thi đua, khen thưởng 2022",
    )
    recognition.refresh_from_db()
    assert recognition.status == "revoked" and recognition.history.first().history_user == city_head


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent signing needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_signing_never_shares_a_number(passed, city_appraiser, city_head, org_tree):
    decisions = [_decide(city_appraiser, org_tree.hanoi, passed(1, "bang-khen-tinh")) for _ in range(6)]
    errors = []

    def sign(decision):
        from django.db import connections

        try:
            services.sign_decision(city_head, decision, signer_title="Chủ tịch")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d,)) for d in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(
        Decision.objects.filter(pk__in=[d.pk for d in decisions]).values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent signing needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_signing_cannot_beat_the_yearly_cap(passed, city_appraiser, city_head, org_tree):
    """Twelve one-person Công dân Thủ đô ưu tú decisions, each within the cap when drafted, signed
    at the same moment: exactly ten are signed, two refused, never eleven recognitions."""
    decisions = [_decide(city_appraiser, org_tree.hanoi, passed(1)) for _ in range(12)]
    start = threading.Barrier(len(decisions))
    refused, errors = [], []

    def sign(decision):
        from django.db import connections

        try:
            start.wait()
            services.sign_decision(city_head, decision, signer_title="Chủ tịch")
        except services.CapExceeded as exc:
            refused.append(exc)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d,)) for d in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(refused) == 2 and "tối đa 10 lượt mỗi năm" in str(refused[0])
    assert Recognition.objects.filter(award_type=decisions[0].award_type, year=2026).count() == 10
    numbers = sorted(Decision.objects.exclude(number=None).values_list("number", flat=True))
    assert numbers == list(range(1, 11))


def test_signing_tells_the_submitting_unit(
    passed, city_appraiser, city_head, org_tree, django_capture_on_commit_callbacks
):
    [dossier] = passed(1)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(city_appraiser, org_tree.hanoi, [dossier], sign_with=city_head)
    notes = Notification.objects.filter(recipient=dossier.created_by)
    assert notes.filter(title__contains="được tặng").exists()
    assert notes.filter(url=dossier.get_absolute_url()).exists()


def test_decision_docx(passed, city_appraiser, city_head, org_tree, client):
    decision = _decide(city_appraiser, org_tree.hanoi, passed(2), sign_with=city_head)
    client.force_login(city_appraiser)
    response = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/quyet-dinh.docx")
    text = docx_text(response.content)
    assert "Số: 01/QĐ-UBND" in text and "Hà Nội, ngày 05 tháng 01 năm 2026" in text
    assert "Điều 1." in text and "Điều 2." in text and "Điều 3." in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text
    assert "Người thứ 0" in text and "Nơi nhận:" in text


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_decision_and_minutes_render_in_libreoffice(passed, city_appraiser, city_head, org_tree, tmp_path):
    import shutil
    import subprocess

    from guongsang.awards.documents import decision_docx
    from guongsang.councils.minutes import minutes_docx
    from guongsang.councils.models import CouncilSession

    decision = _decide(city_appraiser, org_tree.hanoi, passed(1), sign_with=city_head)
    files = {"quyet-dinh": decision_docx(decision), "bien-ban": minutes_docx(CouncilSession.objects.get())}
    for name, content in files.items():
        (tmp_path / f"{name}.docx").write_bytes(content)
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(tmp_path / f"{name}.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists()
        if shutil.which("pdftotext"):
            text = " ".join(
                subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
            )
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
            assert "Người thứ 0" in text
            assert ("Số: 01/QĐ-UBND" in text) if name == "quyet-dinh" else ("BIÊN BẢN" in text)


def test_a_decision_is_signed_by_the_head_of_its_own_unit(city_head, org_tree):
    """The city's chairman sees the wards' decisions but does not sign them: the ward's does."""
    from guongsang.core.permissions import Role, can
    from tests.factories import MembershipFactory, UserFactory

    ward_head = UserFactory(username="chutich.badinh", full_name="Nguyễn Văn Phường")
    MembershipFactory(user=ward_head, unit=org_tree.ba_dinh, role=Role.HEAD)
    ward_decision = Decision(issuing_unit=org_tree.ba_dinh)
    city_decision = Decision(issuing_unit=org_tree.hanoi)
    assert can(ward_head, "sign", ward_decision) and not can(city_head, "sign", ward_decision)
    assert can(city_head, "sign", city_decision) and not can(ward_head, "sign", city_decision)
    recognition = Recognition(unit=org_tree.ba_dinh)
    assert can(ward_head, "revoke", recognition) and not can(city_head, "revoke", recognition)


def test_a_decision_that_awards_no_one_takes_no_number(passed, city_appraiser, city_head, org_tree):
    dossiers = passed(2)
    decision = _decide(city_appraiser, org_tree.hanoi, dossiers)
    for item in decision.items.all():
        services.set_item(city_head, item, approved=False, reason="Chưa đủ tiêu chuẩn")
    decision = services.sign_decision(city_head, decision, signer_title="Chủ tịch")
    assert decision.number is None and decision.status == Decision.Status.NOT_ISSUED
    assert decision.number_display == "Không ban hành"
    assert not Recognition.objects.exists()
    assert set(
        Nomination.objects.filter(pk__in=[d.pk for d in dossiers]).values_list("status", flat=True)
    ) == {Nomination.Status.REJECTED}
    # The series has no gap: the next real decision is number 01.
    awarded = _decide(city_appraiser, org_tree.hanoi, passed(1), sign_with=city_head)
    assert awarded.number_display == "01/QĐ-UBND"


def test_api_cap_refusal_has_its_own_code(passed, city_appraiser, city_head, org_tree, api_client):
    _decide(city_appraiser, org_tree.hanoi, passed(10), sign_with=city_head)
    [extra] = passed(1)
    response = api_client(city_appraiser).post("/api/v1/decisions/", {"nomination_ids": [extra.pk]})
    assert response.status_code == 422
    assert response.json()["code"] == "cap_exceeded" and "tối đa 10 lượt" in response.json()["message"]
