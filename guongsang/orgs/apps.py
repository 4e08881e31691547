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
