"""factory-boy factories for the models the tests build: units, users, memberships."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory, Password

from guongsang.accounts.models import Membership, User
from guongsang.core.permissions import Role
from guongsang.orgs.models import OrgUnit

# Every persona signs in with this password (hashed with MD5 under the tests, see conftest).
PASSWORD = "Guong-Sang-2026!"

# Which units of the conftest tree each persona sees (keys are ``OrgTree`` attributes): the
# expected answer of every scope test, pages, API and admin alike.
HANOI_SUBTREE = frozenset({"hanoi", "thanh_xuan", "dong_da", "ba_dinh", "so_noi_vu", "chu_van_an"})
PERSONA_SCOPES: dict[str, frozenset[str]] = {
    "commune_officer": frozenset({"thanh_xuan"}),
    "city_appraiser": HANOI_SUBTREE,
    "city_admin": HANOI_SUBTREE,
    "laocai_officer": frozenset({"bao_thang"}),
    "superuser": HANOI_SUBTREE | {"nation", "laocai", "bao_thang"},
    "outsider": frozenset(),
}


class OrgUnitFactory(DjangoModelFactory):
    """A unit placed in the tree through treebeard: a root without ``parent``, else a child."""

    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    kind = OrgUnit.Kind.COMMUNE
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent: OrgUnit | None = None, **kwargs) -> OrgUnit:
        if parent is None:
            return model_class.objects.add_root(kwargs)
        # treebeard locks and re-reads the parent, and updates the object passed in.
        return model_class.objects.add_child(parent, kwargs)


class UserFactory(DjangoModelFactory):
    """An active user with a Vietnamese name, an e-mail address and the shared test password."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@guongsang.test")
    password = Password(PASSWORD)


class MembershipFactory(DjangoModelFactory):
    """A role on a unit, in force from the start (no dates)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    role = Role.OFFICER


class NomineeFactory(DjangoModelFactory):
    """An individual nominee of a unit (the CCCD, when given, goes through ``set_cccd``)."""

    class Meta:
        model = "nominees.Nominee"
        skip_postgeneration_save = True

    kind = "individual"
    full_name = factory.Sequence(lambda n: f"Trần Thị Gương {n}")
    birth_year = 1985
    unit = factory.SubFactory(OrgUnitFactory)

    @factory.post_generation
    def cccd_number(obj, create: bool, extracted: str | None, **kwargs) -> None:
        if extracted:
            obj.set_cccd(extracted)
            if create:
                obj.save()


# --- movements --------------------------------------------------------------------------------

import datetime  # noqa: E402  (this section is appended; the head of the file is shared)


class MovementFactory(DjangoModelFactory):
    """A regular movement launched by a unit, running from 01/01/2026 with no end date."""

    class Meta:
        model = "movements.Movement"

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"Phong trào thi đua thử {n}")
    kind = "regular"
    start_date = datetime.date(2026, 1, 1)


class RegistrationFactory(DjangoModelFactory):
    """A unit's registration for a movement, a draft unless told otherwise."""

    class Meta:
        model = "movements.Registration"

    movement = factory.SubFactory(MovementFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    pledge = "Phấn đấu 100% cán bộ hoàn thành xuất sắc nhiệm vụ."


class CriteriaSetFactory(DjangoModelFactory):
    """A unit's own criteria set."""

    class Meta:
        model = "movements.CriteriaSet"

    kind = "unit"
    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"Bộ tiêu chí {n}")


class CriterionFactory(DjangoModelFactory):
    """One criterion at the end of its set."""

    class Meta:
        model = "movements.Criterion"

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Tiêu chí thử {n}")
