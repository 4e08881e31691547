from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NomineesConfig(AppConfig):
    name = "guongsang.nominees"
    label = "nominees"
    verbose_name = _("Người được đề xuất")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav
        from guongsang.core.permissions import Role

        register_nav(
            NavItem(
                _("Người được đề xuất"),
                "nominees:list",
                frozenset({Role.OFFICER, Role.APPRAISER, Role.HEAD, Role.UNIT_ADMIN}),
                order=90,
            ),
        )
