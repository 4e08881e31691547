"""Each app's part of the demo, in the order they run.

A part is a function of the shared :class:`~guongsang.demo.builder.Demo` state. ``PREPARE`` parts
load reference data through management commands, before the transaction; ``BUILD`` parts write
through the apps' services inside one transaction, each after the parts it builds on. Adding an
app: write ``parts/<app>.py`` and list its functions here, after those of the apps it uses.
"""

from __future__ import annotations

from . import accounts, awards, councils, nominations, orgs, targets

PREPARE = [
    orgs.load_map,  # the 34 provinces and 3,321 communes
    awards.seed_catalogue,  # titles and their rules
]

BUILD = [
    accounts.superuser,
    orgs.city_bodies,
    orgs.clusters,
    accounts.users,
    nominations.dossiers,  # nominees and dossiers in each state
    councils.session,  # the city's council votes on the appraised dossiers
    awards.decision,  # the head signs a decision for those the council recommended
    targets.plan,  # the city's 2023–2025 plan, its targets, staff counts, the wards' 2025 proposals
]
