from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "guongsang.nominations"
    label = "nominations"
    verbose_name = _("Hồ sơ đề nghị khen thưởng")

    def ready(self) -> None:
        from guongsang.nominees.signals import nominee_merged

        from .services import move_to_nominee

        def on_merge(sender, keep, drop, actor=None, **kwargs) -> None:
            # A merged person's dossiers follow them to the record that is kept.
            move_to_nominee(keep, drop, actor)

        nominee_merged.connect(on_merge, dispatch_uid="nominations.move_to_nominee")

        from guongsang.core.services import register_retry

        from .tasks import EXPORT_JOB, export_dossiers_task

        # An export needs only its filters to run again; an import's file is gone by then.
        register_retry(EXPORT_JOB, lambda job_id: export_dossiers_task.enqueue(job_id))

        from guongsang.nominees.sections import NomineeSection, register

        from .selectors import nominations_for

        def dossiers(user, nominee):
            rows = list(nominations_for(user).filter(nominee=nominee)[:50])
            if not rows:
                return None
            return NomineeSection(
                _("Hồ sơ đề nghị khen thưởng"), "nominations/_for_nominee.html", {"rows": rows}, 10
            )

        register(dossiers)
