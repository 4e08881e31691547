from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NomineesConfig(AppConfig):
    name = "guongsang.nominees"
    label = "nominees"
    verbose_name = _("Người được đề xuất")
