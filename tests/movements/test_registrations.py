"""Đăng ký thi đua: chưa gửi → chờ duyệt → từ chối / đã duyệt, who may move it, and the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guongsang.core.models import Notification
from guongsang.core.permissions import Role
from guongsang.movements import services
from guongsang.movements.models import Registration
from tests.factories import MembershipFactory, UserFactory

Status = Registration.Status
PLEDGE = "100% tổ dân phố đạt danh hiệu Tổ dân phố văn hóa."


@pytest.fixture
def pending(hanoi_movement, org_tree, commune_officer):
    """Thanh Xuân's registration, sent to the city."""
    return services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE, submit=True)


def test_register_starts_as_draft_of_the_unit(hanoi_movement, org_tree, commune_officer):
    registration = services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)
    assert registration.status == Status.DRAFT
    assert registration.submitted_at is None


def test_submit_sends_to_launcher_and_notifies_its_officers(
    hanoi_movement, org_tree, commune_officer, city_officer, django_capture_on_commit_callbacks
):
    registration = services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.submit_registration(commune_officer, registration)
    assert registration.status == Status.PENDING
    assert registration.submitted_at is not None
    notice = Notification.objects.get(recipient=city_officer)
    assert "Phường Thanh Xuân" in notice.title
    assert notice.url == hanoi_movement.get_absolute_url()


def test_approve_by_launcher_officer(pending, city_officer):
    registration = services.approve_registration(city_officer, pending)
    assert registration.status == Status.APPROVED
    assert registration.decided_by == city_officer
    assert registration.decided_at is not None


def test_appraiser_of_the_city_may_decide(pending, city_appraiser):
    assert services.approve_registration(city_appraiser, pending).status == Status.APPROVED


def test_reject_needs_a_reason(pending, city_officer):
    with pytest.raises(ValidationError) as refused:
        services.reject_registration(city_officer, pending, "   ")
    assert refused.value.message_dict == {"reason": ["Hãy ghi lý do từ chối."]}
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_reject_records_reason_and_tells_the_unit(
    pending, city_officer, commune_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.reject_registration(city_officer, pending, "Chưa nêu chỉ tiêu cụ thể.")
    assert registration.status == Status.REJECTED
    assert registration.reason == "Chưa nêu chỉ tiêu cụ thể."
    notice = Notification.objects.get(recipient=commune_officer)
    assert notice.title == "Đăng ký thi đua bị từ chối: Thi đua Dân vận khéo"
    assert notice.body == "Chưa nêu chỉ tiêu cụ thể."


def test_rejected_registration_is_amended_and_sent_again(pending, city_officer, commune_officer):
    services.reject_registration(city_officer, pending, "Chưa nêu chỉ tiêu cụ thể.")
    services.update_registration(commune_officer, pending, PLEDGE + " Giảm 10% hộ nghèo.")
    registration = services.submit_registration(commune_officer, pending)
    assert registration.status == Status.PENDING
    # A fresh decision is awaited: the old one lives on only in the history.
    assert (registration.reason, registration.decided_by, registration.decided_at) == ("", None, None)
    assert registration.history.filter(status=Status.REJECTED, reason="Chưa nêu chỉ tiêu cụ thể.").exists()


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("approve", "Không thể duyệt đăng ký: đăng ký của Phường Thanh Xuân đang ở trạng thái “Chưa gửi”."),
        ("reject", "Không thể từ chối đăng ký: đăng ký của Phường Thanh Xuân đang ở trạng thái “Chưa gửi”."),
    ],
)
def test_a_draft_cannot_be_decided(hanoi_movement, org_tree, commune_officer, city_officer, action, expected):
    draft = services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)
    with pytest.raises(services.TransitionRefused) as refused:
        if action == "approve":
            services.approve_registration(city_officer, draft)
        else:
            services.reject_registration(city_officer, draft, "Không đạt.")
    assert refused.value.messages == [expected]
    assert refused.value.code == "invalid_transition"


def test_approved_registration_cannot_be_sent_edited_or_decided_again(pending, city_officer, commune_officer):
    services.approve_registration(city_officer, pending)
    with pytest.raises(services.TransitionRefused, match="đang ở trạng thái “Đã duyệt”"):
        services.submit_registration(commune_officer, pending)
    with pytest.raises(services.TransitionRefused, match="Không thể sửa đăng ký"):
        services.update_registration(commune_officer, pending, "Khác")
    with pytest.raises(services.TransitionRefused, match="Không thể từ chối đăng ký"):
        services.reject_registration(city_officer, pending, "Đổi ý.")
    pending.refresh_from_db()
    assert pending.status == Status.APPROVED


def test_pending_registration_cannot_be_sent_twice(pending, commune_officer):
    with pytest.raises(services.TransitionRefused, match="Không thể gửi đăng ký"):
        services.submit_registration(commune_officer, pending)


def test_empty_pledge_cannot_be_sent(hanoi_movement, org_tree, commune_officer):
    with pytest.raises(ValidationError) as refused:
        services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, "", submit=True)
    assert refused.value.message_dict["pledge"] == ["Hãy ghi nội dung đăng ký thi đua trước khi gửi."]
    # All or nothing: no draft is left behind by the failed send.
    assert not Registration.objects.exists()


def test_registering_unit_cannot_approve_itself(pending, commune_officer):
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ thi đua, thẩm định viên hoặc lãnh đạo"):
        services.approve_registration(commune_officer, pending)


def test_neighbour_unit_cannot_send_another_units_registration(
    hanoi_movement, org_tree, commune_officer, dongda_officer
):
    draft = services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)
    with pytest.raises(PermissionDenied):
        services.submit_registration(dongda_officer, draft)


def test_officer_registers_only_their_own_unit(hanoi_movement, org_tree, commune_officer):
    with pytest.raises(PermissionDenied, match="Bạn không có quyền đăng ký thi đua cho Phường Đống Đa"):
        services.register(commune_officer, hanoi_movement, org_tree.dong_da, PLEDGE)


def test_laocai_cannot_register_for_a_hanoi_movement(hanoi_movement, org_tree, laocai_officer):
    with pytest.raises(ValidationError) as refused:
        services.register(laocai_officer, hanoi_movement, org_tree.bao_thang, PLEDGE)
    assert refused.value.message_dict["unit"] == ["Xã Bảo Thắng không thuộc phạm vi của phong trào này."]


def test_unit_of_a_kind_outside_the_scope_cannot_register(org_tree, city_officer, commune_officer):
    schools_only = services.launch_movement(
        city_officer,
        org_tree.hanoi,
        name="Thi đua Dạy tốt – học tốt",
        kind="thematic",
        start_date=dt.date(2025, 9, 5),
        scope_kinds=["school"],
    )
    with pytest.raises(ValidationError, match="không thuộc phạm vi"):
        services.register(commune_officer, schools_only, org_tree.thanh_xuan, PLEDGE)


def test_a_unit_registers_once(hanoi_movement, org_tree, commune_officer):
    services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)
    with pytest.raises(ValidationError) as refused:
        services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)
    assert refused.value.message_dict["unit"] == ["Phường Thanh Xuân đã đăng ký phong trào này."]


def test_ended_movement_takes_no_registration(hanoi_movement, org_tree, city_officer, commune_officer):
    services.update_movement(city_officer, hanoi_movement, end_date=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError, match="Phong trào đã kết thúc, không nhận đăng ký mới"):
        services.register(commune_officer, hanoi_movement, org_tree.thanh_xuan, PLEDGE)


def test_every_step_is_in_the_history_with_its_actor(pending, city_officer, commune_officer):
    services.reject_registration(city_officer, pending, "Thiếu chỉ tiêu.")
    rows = list(pending.history.order_by("history_date", "history_id").values_list("status", "history_user"))
    assert rows == [
        (Status.DRAFT, commune_officer.pk),
        (Status.PENDING, commune_officer.pk),
        (Status.REJECTED, city_officer.pk),
    ]


def test_head_of_the_city_decides_but_an_editor_does_not(pending, org_tree):
    head = UserFactory(full_name="Chủ tịch UBND")
    MembershipFactory(user=head, unit=org_tree.hanoi, role=Role.HEAD)
    editor = UserFactory(full_name="Biên tập viên")
    MembershipFactory(user=editor, unit=org_tree.hanoi, role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.approve_registration(editor, pending)
    assert services.approve_registration(head, pending).status == Status.APPROVED
