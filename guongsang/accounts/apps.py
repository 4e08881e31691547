from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "guongsang.accounts"
    label = "accounts"
    verbose_name = _("Người dùng và phân quyền")

    def ready(self) -> None:
        from guongsang.orgs.hooks import register_unit_page_context

        register_unit_page_context(unit_page_members)


def unit_page_members(user, unit) -> dict:
    """The org unit page lists the people holding a role there."""
    from .selectors import members_of

    return {"members": members_of(user, unit)}
