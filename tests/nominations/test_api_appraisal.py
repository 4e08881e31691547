"""A dossier taken through appraisal entirely by API: criteria, evidence, return and resubmit,
under the scope rules, with the version the client last read and the API's JSON errors."""

from __future__ import annotations

import pytest

from guongsang.core.permissions import Role
from guongsang.nominations.models import Evidence, Nomination
from tests.factories import CriteriaSetFactory, CriterionFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/nominations/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def laocai_appraiser(org_tree):
    """Thẩm định viên of Lào Cai: another province's appraiser."""
    user = UserFactory(username="thamdinh.laocai", full_name="Lò Văn Minh")
    MembershipFactory(user=user, unit=org_tree.laocai, role=Role.APPRAISER)
    return user


@pytest.fixture
def city_criteria(org_tree):
    """Hà Nội's own checklist: one criterion required, one not."""
    criteria = CriteriaSetFactory(unit=org_tree.hanoi, name="Tiêu chí Bằng khen thành phố")
    CriterionFactory(criteria_set=criteria, text="Gương mẫu chấp hành chủ trương, chính sách", required=True)
    CriterionFactory(criteria_set=criteria, text="Được nhân dân nơi cư trú ghi nhận", required=False)
    return criteria


def upload(client, pk: int, version: int, part: dict | None = None, content: bytes = PDF, name: str = ""):
    """``POST /nominations/{pk}/evidence`` as multipart, as a client would send a file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    code = part["code"] if part else ""
    data = {
        "version": version,
        "title": part["name"] if part else "Tài liệu khác",
        "part_code": code,
        "file": SimpleUploadedFile(name or f"{code or 'khac'}.pdf", content, content_type="application/pdf"),
    }
    return client.client.post(f"{API}{pk}/evidence", data, headers=client._headers())


def answer(client, pk: int, version: int, answers: list[dict]):
    return client.client.put(
        f"{API}{pk}/criteria",
        {"version": version, "answers": answers},
        content_type="application/json",
        headers=client._headers(),
    )


def test_dossier_through_appraisal_by_api(
    api_client, catalogue, nominee, org_tree, city_criteria, ba_dinh_officer, city_appraiser, laocai_appraiser
):
    officer, appraiser, other = (
        api_client(ba_dinh_officer),
        api_client(city_appraiser),
        api_client(laocai_appraiser),
    )
    created = officer.post(
        API,
        {
            "nominee_id": nominee.pk,
            "award_type_id": catalogue["bang-khen-tinh"].pk,
            "submitting_unit_id": org_tree.ba_dinh.pk,
            "achievements": "Cứu hai em nhỏ đuối nước ở hồ Trúc Bạch ngày 12/6/2026.",
        },
    )
    assert created.status_code == 201, created.content
    pk, version = created.json()["id"], created.json()["version"]

    # The unit answers the checklist of the deciding unit.
    criteria = officer.get(f"{API}{pk}/criteria").json()
    required, optional = criteria["answers"]
    assert required["required"] and required["met"] is None and criteria["version"] == version
    answered = answer(
        officer,
        pk,
        version,
        [
            {"id": required["id"], "met": True, "note": "Xác nhận của tổ dân phố"},
            {"id": optional["id"], "met": None},
        ],
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["changed"] == 1 and answered.json()["answers"][0]["met"] is True
    version = answered.json()["version"]

    # One file now, the rest after the appraiser asks for it.
    parts = officer.get(f"{API}{pk}/evidence").json()["missing_parts"]
    assert len(parts) >= 2
    uploaded = upload(officer, pk, version, parts[0])
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()["evidence"]["part_code"] == parts[0]["code"]
    version = uploaded.json()["version"]

    submitted = officer.post(f"{API}{pk}/transitions/submit", {"version": version})
    assert submitted.json()["status"] == "submitted"

    # Another province's appraiser cannot see it, let alone touch it.
    assert other.get(f"{API}{pk}").status_code == 404
    assert other.get(f"{API}{pk}/criteria").status_code == 404
    assert other.get(f"{API}{pk}/evidence").status_code == 404
    assert upload(other, pk, submitted.json()["version"], parts[1]).status_code == 404
    assert (
        answer(other, pk, submitted.json()["version"], [{"id": required["id"], "met": False}]).status_code
        == 404
    )
    assert other.post(f"{API}{pk}/transitions/receive", {}).json()["code"] == "not_found"

    # The unit cannot change the checklist once the dossier is sent.
    closed = answer(officer, pk, submitted.json()["version"], [{"id": required["id"], "met": False}])
    assert closed.status_code == 409 and closed.json()["code"] == "transition_not_allowed"
    assert "đang soạn hoặc bị trả lại" in closed.json()["message"]

    received = appraiser.post(f"{API}{pk}/transitions/receive", {"version": submitted.json()["version"]})
    assert received.json()["status"] == "under_appraisal"
    # The appraiser does not answer for the unit.
    refused = answer(appraiser, pk, received.json()["version"], [{"id": required["id"], "met": False}])
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"

    # Parts are missing: the appraisal is refused with its own code, and the dossier goes back.
    incomplete = appraiser.post(f"{API}{pk}/transitions/appraise", {"version": received.json()["version"]})
    assert incomplete.status_code == 422 and incomplete.json()["code"] == "not_appraisable"
    assert "còn thiếu" in incomplete.json()["message"]
    returned = appraiser.post(
        f"{API}{pk}/transitions/return_for_supplement",
        {"version": received.json()["version"], "note": "Bổ sung các thành phần còn thiếu."},
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"

    version = returned.json()["version"]
    for part in officer.get(f"{API}{pk}/evidence").json()["missing_parts"]:
        response = upload(officer, pk, version, part)
        assert response.status_code == 201, response.content
        version = response.json()["version"]
    assert officer.get(f"{API}{pk}/evidence").json()["missing_parts"] == []

    resubmitted = officer.post(f"{API}{pk}/transitions/resubmit", {"version": version})
    assert resubmitted.json()["status"] == "submitted"
    late = upload(officer, pk, resubmitted.json()["version"], name="muon.pdf")
    assert late.status_code == 409 and late.json()["code"] == "transition_not_allowed"

    received = appraiser.post(f"{API}{pk}/transitions/receive", {"version": resubmitted.json()["version"]})
    appraised = appraiser.post(
        f"{API}{pk}/transitions/appraise", {"version": received.json()["version"], "note": "Đủ điều kiện."}
    )
    assert appraised.status_code == 200, appraised.content
    assert appraised.json()["status"] == "appraised" and appraised.json()["appraised_at"]

    actions = [e["action"] for e in officer.get(f"{API}{pk}/events").json()]
    assert [a for a in reversed(actions) if a != "add_evidence"] == [
        "create",
        "submit",
        "receive",
        "return_for_supplement",
        "resubmit",
        "receive",
        "appraise",
    ]
    assert actions.count("add_evidence") == len(parts)
    assert not Evidence.objects.filter(nomination_id=pk, title="muon.pdf").exists()


@pytest.fixture
def draft(api_client, catalogue, nominee, org_tree, city_criteria, ba_dinh_officer):
    created = api_client(ba_dinh_officer).post(
        API,
        {
            "nominee_id": nominee.pk,
            "award_type_id": catalogue["bang-khen-tinh"].pk,
            "submitting_unit_id": org_tree.ba_dinh.pk,
            "achievements": "Hiến máu tình nguyện 30 lần.",
        },
    )
    return created.json()


def test_stale_version_is_a_409_conflict(api_client, draft, ba_dinh_officer, second_ba_dinh_officer):
    first, second = api_client(ba_dinh_officer), api_client(second_ba_dinh_officer)
    required = first.get(f"{API}{draft['id']}/criteria").json()["answers"][0]
    won = answer(
        first, draft["id"], draft["version"], [{"id": required["id"], "met": True, "note": "Chị Hoa"}]
    )
    assert won.status_code == 200
    lost = answer(
        second, draft["id"], draft["version"], [{"id": required["id"], "met": False, "note": "Anh Tùng"}]
    )
    assert lost.status_code == 409 and lost.json()["code"] == "conflict"
    assert "người khác" in lost.json()["message"]
    late_file = upload(second, draft["id"], draft["version"])
    assert late_file.status_code == 409 and late_file.json()["code"] == "conflict"
    kept = first.get(f"{API}{draft['id']}/criteria").json()["answers"][0]
    assert (kept["met"], kept["note"]) == (True, "Chị Hoa")
    assert not Evidence.objects.filter(nomination_id=draft["id"]).exists()


def test_bad_files_and_answers_are_422_json(api_client, draft, ba_dinh_officer):
    client = api_client(ba_dinh_officer)
    pk, version = draft["id"], draft["version"]
    fake = upload(client, pk, version, content=b"MZ\x90\x00 not a pdf", name="bao-cao.pdf")
    assert fake.status_code == 422 and fake.json()["code"] == "validation_error"
    assert "không phải là tệp PDF" in fake.json()["message"]
    exe = upload(client, pk, version, name="virus.exe")
    assert exe.status_code == 422 and "không đúng định dạng" in exe.json()["message"]
    no_file = client.client.post(f"{API}{pk}/evidence", {"version": version}, headers=client._headers())
    assert no_file.status_code == 422 and no_file.json()["code"] == "validation_error"
    empty = answer(client, pk, version, [])
    assert empty.status_code == 200 and empty.json()["changed"] == 0
    version = empty.json()["version"]
    foreign = answer(client, pk, version, [{"id": 2**31 - 1, "met": True}])
    assert foreign.status_code == 422 and "không thuộc hồ sơ này" in foreign.json()["message"]
    required = client.get(f"{API}{pk}/criteria").json()["answers"][0]
    twice = answer(
        client, pk, version, [{"id": required["id"], "met": True}, {"id": required["id"], "met": False}]
    )
    assert twice.status_code == 422
    assert Nomination.objects.get(pk=pk).evidence.count() == 0
