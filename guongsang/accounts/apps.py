from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "guongsang.accounts"
    label = "accounts"
    verbose_name = _("Người dùng và phân quyền")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav
        from guongsang.core.permissions import Role

        register_nav(
            NavItem(_("Trang chủ"), "home", order=10),
            NavItem(_("Người dùng"), "accounts:manage", frozenset({Role.UNIT_ADMIN}), order=110),
        )

        from guongsang.orgs.hooks import register_unit_page_context

        register_unit_page_context(unit_page_members)


def unit_page_members(user, unit) -> dict:
    """The org unit page lists the people holding a role there."""
    from .selectors import members_of

    return {"members": members_of(user, unit)}
