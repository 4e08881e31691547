from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "guongsang.awards"
    label = "awards"
    verbose_name = _("Danh hiệu và hình thức khen thưởng")

    def ready(self) -> None:
        from guongsang.core.navigation import NavItem
        from guongsang.core.navigation import register as register_nav

        register_nav(
            NavItem(_("Quyết định, sổ khen thưởng"), "awards:decisions", order=120),
            NavItem(_("Danh hiệu"), "awards:catalogue", order=170),
        )

        from guongsang.nominees.signals import nominee_merged

        def on_merge(sender, keep, drop, actor=None, **kwargs) -> None:
            # A merged person's awards follow them to the record that is kept, so the registry,
            # the nominee page and the caps see one person.
            from .services import move_recognitions

            move_recognitions(keep, drop, actor)

        nominee_merged.connect(on_merge, dispatch_uid="awards.move_recognitions")

        from guongsang.nominees.sections import NomineeSection, register

        from .selectors import recognitions_for

        def recognitions(user, nominee):
            # Revoked ones too, marked as such: a revocation is part of the person's record.
            rows = list(recognitions_for(user).filter(nominee=nominee)[:50])
            if not rows:
                return None
            return NomineeSection(
                _("Danh hiệu, hình thức khen thưởng"), "awards/_for_nominee.html", {"rows": rows}, 20
            )

        register(recognitions)

        # What the plans' targets count: recognitions of a unit's people.
        from guongsang.targets import metrics

        from . import metrics as award_metrics

        metrics.register(
            "recognitions",
            _("Gương điển hình được khen thưởng"),
            award_metrics.recognitions,
            list_url=award_metrics.recognitions_url,
            params={
                "level": _("cấp khen thưởng (commune, district, department, province…)"),
                "award_type": _("mã danh hiệu, hình thức"),
                "subject_kind": _("cá nhân, tập thể, hộ gia đình"),
            },
        )
