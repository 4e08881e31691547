"""The dossiers a decision is drafted from and settles, as the app that owns them provides them.

A decision (this app) is made on dossiers (``nominations``), but dossiers sit a layer above
awards: they read the award catalogue (titles, rule versions). So a decision never imports them;
it asks the provider registered here, which ``nominations`` registers in its
``AppConfig.ready()`` (see ``guongsang/layers.py``).
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet


class DossierProvider(Protocol):
    """What a decision needs to know and do about the dossiers it decides."""

    def visible_to(self, user) -> QuerySet:
        """The dossiers ``user`` may see."""

    def awaiting_decision(self, unit) -> QuerySet:
        """The dossiers waiting for the decision of ``unit``'s head."""

    def is_recommended(self, nomination) -> bool:
        """Whether the council recommended ``nomination`` (or it needs no council): it may be
        put in a decision."""

    def settle(
        self, actor, nomination, *, approved: bool, note: str, occurred_on=None, reason: str = ""
    ) -> Any:
        """Record the signed decision on the dossier: awarded, or not (on ``occurred_on``, with
        ``reason``, for a decision of a past cycle entered later)."""

    def propose_upward(self, actor, recognition, award_type) -> Any:
        """A dossier at the level above for an exemplar recognised here, sent at once."""


_provider: DossierProvider | None = None


def register(provider: DossierProvider) -> None:
    """Make ``provider`` the source of the dossiers decisions are made on."""
    global _provider
    _provider = provider


def provider() -> DossierProvider:
    """The registered dossier provider; an installation without one cannot draft decisions."""
    if _provider is None:
        raise ImproperlyConfigured("No dossier provider: install guongsang.nominations.")
    return _provider
