from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    """Tips sit above ``nominations``: accepting one opens a dossier there, never the reverse."""

    name = "guongsang.discovery"
    label = "discovery"
    verbose_name = _("Tin báo người tốt, việc tốt")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem, register
        from guongsang.core.permissions import Role

        register(
            NavItem(
                _("Tin báo NTVT"),
                "discovery:reports",
                frozenset({Role.OFFICER, Role.APPRAISER, Role.HEAD}),
                order=50,
            )
        )
