from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "guongsang.orgs"
    label = "orgs"
    verbose_name = _("Tổ chức, đơn vị")

    def ready(self) -> None:
        from guongsang.core.services import register_retry

        from .tasks import export_units_task

        register_retry("orgs.export", lambda job_id: export_units_task.enqueue(job_id))

        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav

        register_nav(
            NavItem(_("Đơn vị"), "orgs:browse", order=70),
            NavItem(_("Cụm thi đua"), "orgs:clusters", order=80),
        )
