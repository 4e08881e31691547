from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BooksConfig(AppConfig):
    name = "guongsang.books"
    label = "books"
    verbose_name = _("Sách “Những bông hoa đẹp”")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav
        from guongsang.core.permissions import Role

        register_nav(
            NavItem(_("Sách"), "books:list", frozenset({Role.EDITOR}), order=160),
        )
