from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BooksConfig(AppConfig):
    name = "guongsang.books"
    label = "books"
    verbose_name = _("Sách “Những bông hoa đẹp”")

    def ready(self) -> None:
        from guongsang.core.services import register_on_stale

        from .services import BUILD_JOB, build_interrupted

        # A build whose worker died would leave the edition "being built" for ever, and the
        # editor unable to build it again.
        register_on_stale(BUILD_JOB, build_interrupted)

        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav
        from guongsang.core.permissions import Role

        register_nav(
            NavItem(_("Sách"), "books:list", frozenset({Role.EDITOR}), order=160),
        )
