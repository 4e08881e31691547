"""Names at their longest still save: the folded search columns hold everything folded into them
(SQLite ignores a column's length; PostgreSQL refuses a longer value)."""

import pytest

from guongsang.accounts.models import User
from guongsang.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_a_user_with_the_longest_name_and_username_saves_and_is_found():
    user = User.objects.create(username="u" * 150, full_name="Nguyễn " * 36 + "Ánh")
    assert len(user.full_name) <= 255
    assert User.objects.filter(full_name_folded__contains="nguyen nguyen anh").get() == user


def test_a_unit_with_the_longest_name_and_short_name_saves_and_is_found(org_tree):
    unit = OrgUnit.objects.add_child(
        org_tree.hanoi, {"name": "Phường Đống Đa " * 17, "short_name": "Đ" * 64, "kind": OrgUnit.Kind.COMMUNE}
    )
    assert OrgUnit.objects.filter(name_folded__endswith="d" * 64).get() == unit
