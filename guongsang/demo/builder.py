"""Demo data for development: the Hà Nội city apparatus on the real map, one user per role, and
dossiers taken through a council session to a signed decision.

``manage.py demo`` calls :func:`build_demo`. Each app contributes its part (``parts/<app>.py``),
and :mod:`guongsang.demo.parts` lists them in the order they run. Everything is written through
the apps' services acting as the demo superuser, so the demo exercises the same checks and
leaves the same audit rows as real use. Every step looks for what an earlier run made first, so
running it again changes nothing. The people are invented; the units are real (the communes
come from ``load_divisions``) or named as the city's bodies are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import transaction
from django.test.utils import override_settings

from .parts import BUILD, PREPARE
from .parts.accounts import DEMO_LOGINS, DEMO_PASSWORD, logins, logins_table

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "Demo", "DemoOutcome", "build_demo", "logins", "logins_table"]


@dataclass
class DemoOutcome:
    """What a run of the demo added (all zero on a second run)."""

    units: int = 0
    clusters: int = 0
    users: int = 0
    memberships: int = 0
    divisions_loaded: bool = False
    nominees: int = 0
    dossiers: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.units
            or self.clusters
            or self.users
            or self.memberships
            or self.divisions_loaded
            or self.dossiers
        )


@dataclass
class Demo:
    """What the parts hand on to the parts after them, and what they added."""

    out: DemoOutcome
    stdout: TextIO | None = None
    admin: Any = None  # the demo superuser, the actor of every write
    city: Any = None  # Thành phố Hà Nội
    units: dict[str, Any] = field(default_factory=dict)  # the city's bodies, by name
    year: int = 0
    award_type: Any = None  # the title the vetting story's dossiers ask for
    ready: list[Any] = field(default_factory=list)  # appraised dossiers for the council
    passed: list[Any] = field(default_factory=list)  # dossiers the council recommended


def build_demo(stdout: TextIO | None = None) -> DemoOutcome:
    """Load the reference data if needed (the map, the award catalogue), then add whatever of
    the Hà Nội demo is not there yet, in one transaction.

    The commands the parts call write their reports to ``stdout`` (the demo command's own).
    """
    demo = Demo(out=DemoOutcome(), stdout=stdout)
    for part in PREPARE:
        part(demo)
    # The welcome notices of new roles stay in the app: mailing them would only flood the
    # console backend's output in the middle of the printed logins.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        for part in BUILD:
            part(demo)
    return demo.out
