from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "guongsang.nominations"
    label = "nominations"
    verbose_name = _("Hồ sơ đề nghị khen thưởng")

    def ready(self) -> None:
        from guongsang.nominees.signals import nominee_merged

        from .services import move_to_nominee

        def on_merge(sender, keep, drop, **kwargs) -> None:
            # A merged person's dossiers follow them to the record that is kept.
            move_to_nominee(keep, drop)

        nominee_merged.connect(on_merge, dispatch_uid="nominations.move_to_nominee")
