from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "guongsang.nominations"
    label = "nominations"
    verbose_name = _("Hồ sơ đề nghị khen thưởng")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav
        from guongsang.core.permissions import Role

        register_nav(
            NavItem(
                _("Việc cần làm"),
                "nominations:worklist",
                frozenset({Role.OFFICER, Role.APPRAISER, Role.HEAD}),
                order=20,
            ),
            NavItem(_("Hồ sơ đề nghị"), "nominations:list", order=30),
        )

        from guongsang.awards.dossiers import register as register_dossiers

        from . import decisions

        # Decisions (awards, a layer below) are drafted from and settle our dossiers.
        register_dossiers(decisions)

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

        from guongsang.targets import metrics

        from . import metrics as dossier_metrics

        metrics.register(
            "proposals_upward",
            _("Hồ sơ đề nghị lên cấp trên"),
            dossier_metrics.proposals_upward,
            params={"level": _("cấp khen thưởng đề nghị"), "award_type": _("mã danh hiệu, hình thức")},
        )
