from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    """Tips sit above ``nominations``: accepting one opens a dossier there, never the reverse."""

    name = "guongsang.discovery"
    label = "discovery"
    verbose_name = _("Tin báo người tốt, việc tốt")
