from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "guongsang.targets"
    label = "targets"
    verbose_name = _("Kế hoạch và chỉ tiêu")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav

        register_nav(NavItem(_("Chỉ tiêu, tiến độ"), "targets:home", order=105))
