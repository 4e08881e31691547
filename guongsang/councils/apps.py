from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "guongsang.councils"
    label = "councils"
    verbose_name = _("Hội đồng Thi đua – Khen thưởng")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav
        from guongsang.core.permissions import Role

        register_nav(
            NavItem(
                _("Hội đồng TĐKT"),
                "councils:list",
                frozenset(
                    {Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY, Role.APPRAISER, Role.HEAD, Role.UNIT_ADMIN}
                ),
                order=40,
            ),
        )
