from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "guongsang.contest"
    label = "contest"
    verbose_name = _("Cuộc thi viết")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav

        register_nav(
            NavItem(_("Cuộc thi viết"), "contest:index", order=60),
        )

        from guongsang.targets import metrics

        from . import metrics as contest_metrics

        metrics.register("contest_entries", _("Bài dự thi viết"), contest_metrics.entries)
