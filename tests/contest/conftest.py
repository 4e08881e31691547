"""Fixtures of the writing contest: Hà Nội's contest, its organiser (an editor of the city), a
jury of six judges from different units, and a helper that sends entries."""

from __future__ import annotations

import itertools

import pytest

from guongsang.contest import services
from guongsang.contest.models import Contest
from guongsang.core.permissions import Role
from tests.factories import MembershipFactory, UserFactory

_phones = itertools.count(912000001)

_TEXT = (
    "Ông Nguyễn Văn Bình đã hơn hai mươi năm lặng lẽ sửa đường làng đón trẻ em qua suối mỗi mùa lũ "
    "giúp bà con nghèo trong xóm có nước sạch dùng và tự tay dạy chữ cho các cháu nhỏ vào buổi tối"
)
WORDS = _TEXT.split()


def story(n: int, seed: int = 0) -> str:
    """A text of exactly ``n`` words."""
    return " ".join(WORDS[(i * 7 + seed) % len(WORDS)] for i in range(n))


@pytest.fixture
def organiser(org_tree):
    """Biên tập viên of Hà Nội, organising the contest for the city."""
    user = UserFactory(username="bientap.hanoi", full_name="Phan Thị Mai")
    MembershipFactory(user=user, unit=org_tree.hanoi, role=Role.EDITOR)
    return user


@pytest.fixture
def contest(organiser, org_tree) -> Contest:
    contest = services.create_contest(
        organiser,
        organiser=org_tree.hanoi,
        year=2026,
        title="Cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt",
        min_words=50,
        max_words=400,
        prizes=[
            {"name": "Giải Nhất", "count": 1},
            {"name": "Giải Nhì", "count": 2},
            {"name": "Giải Khuyến khích", "count": 3},
        ],
    )
    return services.set_contest_status(organiser, contest, Contest.Status.OPEN)


@pytest.fixture
def judges(org_tree):
    """Six judges, each working in a different unit of the city."""
    units = [
        org_tree.thanh_xuan,
        org_tree.dong_da,
        org_tree.ba_dinh,
        org_tree.so_noi_vu,
        org_tree.chu_van_an,
        org_tree.hanoi,
    ]
    people = []
    for index, unit in enumerate(units):
        user = UserFactory(username=f"giamkhao{index}", full_name=f"Giám Khảo Số {index}")
        MembershipFactory(user=user, unit=unit, role=Role.JUDGE)
        people.append(user)
    return people


@pytest.fixture
def first_round(contest, organiser, judges):
    round_ = contest.rounds.get(order=1)
    for user in judges:
        services.add_judge(organiser, round_, user)
    return round_


@pytest.fixture
def send(contest, org_tree):
    """``send(**overrides)``: a valid public entry, as the form would send it."""

    def make(**overrides):
        data = {
            "kind": "article",
            "author_name": "Trần Thị Thu",
            "author_address": "12 Nguyễn Trãi, Thanh Xuân, Hà Nội",
            "author_phone": f"0{next(_phones)}",
            "author_email": "",
            "title": "Người thầy của xóm chài",
            "text": story(120),
            "subject_name": "Nguyễn Văn Bình",
            "subject_commune": org_tree.dong_da,
            "subject_place": "Tổ 5, phường Đống Đa",
        }
        data.update(overrides)
        target = data.pop("contest", contest)
        return services.submit_entry(target, **data)

    return make
