from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "guongsang.core"
    label = "core"
    verbose_name = _("Nền tảng")

    def ready(self) -> None:
        from .navigation import NavItem
        from .navigation import register as register_nav
        from .permissions import Role

        register_nav(
            NavItem(_("Tác vụ nền"), "core:jobs", order=180),
            NavItem(_("Tài liệu API"), "api-1.0.0:openapi-view", frozenset({Role.UNIT_ADMIN}), order=190),
            NavItem(_("Quản trị hệ thống"), "admin:index", frozenset({Role.UNIT_ADMIN}), order=200),
        )
