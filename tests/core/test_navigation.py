"""The main menu: each app registers its entries, and the menu keeps one order whatever the
order the apps load in."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from guongsang.core.navigation import NAV_ITEMS, NavItem, navigation_for, register

pytestmark = pytest.mark.django_db

# The menu as the apps make it, top to bottom.
MENU = [
    "Trang chủ",
    "Việc cần làm",
    "Hồ sơ đề nghị",
    "Hội đồng TĐKT",
    "Tin báo NTVT",
    "Cuộc thi viết",
    "Đơn vị",
    "Cụm thi đua",
    "Người được đề xuất",
    "Phong trào thi đua",
    "Chỉ tiêu, tiến độ",
    "Người dùng",
    "Quyết định, sổ khen thưởng",
    "Bài viết tuyên truyền",
    "Tuyên truyền tuần",
    "Báo chí",
    "Sách",
    "Danh hiệu",
    "Tác vụ nền",
    "Tài liệu API",
    "Quản trị hệ thống",
]


def _menu(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return navigation_for(request)


def test_a_superuser_sees_every_entry_the_apps_registered_in_order(django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x")
    assert [str(item["label"]) for item in _menu(admin)] == MENU


def test_an_officer_sees_only_the_entries_of_their_role(commune_officer):
    labels = [str(item["label"]) for item in _menu(commune_officer, "/ho-so/")]
    assert "Việc cần làm" in labels and "Hồ sơ đề nghị" in labels
    assert "Sách" not in labels and "Người dùng" not in labels


def test_register_slots_an_entry_by_its_order_and_ignores_a_second_registration():
    before = list(NAV_ITEMS)
    try:
        register(NavItem("Chỉ tiêu", "home", order=15))  # "home" is there already: ignored
        register(NavItem("Chỉ tiêu", "core:jobs-extra", order=15))
        assert [i.url_name for i in NAV_ITEMS[:3]] == ["home", "core:jobs-extra", "nominations:worklist"]
        assert len(NAV_ITEMS) == len(before) + 1
    finally:
        NAV_ITEMS[:] = before
