"""The hook through which other apps show their records on a nominee's page.

The nominee page lists, under "Hồ sơ, khen thưởng, tuyên truyền", whatever other apps know about
the person: dossiers (nominations), recognitions (awards), stories. Those apps depend on this
one, not the other way round, so they register a provider here, typically in their
``AppConfig.ready()``::

    from guongsang.nominees.sections import NomineeSection, register

    def dossiers(user, nominee):
        rows = nominations_for(user).filter(nominee=nominee)
        return NomineeSection(_("Hồ sơ đề nghị"), "nominations/_for_nominee.html", {"rows": rows})

    register(dossiers)

A provider returns ``None`` to show nothing (no rows, or the user may not see them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class NomineeSection:
    """One block of the nominee page: a title and a template rendered with ``context``."""

    title: str
    template_name: str
    context: dict = field(default_factory=dict)
    order: int = 100


Provider = Callable[..., "NomineeSection | None"]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider ``(user, nominee) -> NomineeSection | None``; usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def sections_for(user, nominee) -> list[NomineeSection]:
    """The sections every registered app shows for ``nominee`` to ``user``, in order."""
    found = [s for s in (provider(user, nominee) for provider in _providers) if s is not None]
    return sorted(found, key=lambda s: s.order)
