from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "guongsang.movements"
    label = "movements"
    verbose_name = _("Phong trào thi đua và tiêu chí")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav

        register_nav(
            NavItem(_("Phong trào thi đua"), "movements:list", order=100),
        )

        from guongsang.targets import metrics

        from . import metrics as movement_metrics

        metrics.register(
            "movements_launched",
            _("Phong trào thi đua được phát động"),
            movement_metrics.launched,
            list_url=movement_metrics.launched_url,
        )
