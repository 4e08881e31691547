"""The awards' part of the demo: the catalogue, and the decision on the recommended dossiers."""

from __future__ import annotations

from django.core.management import call_command

from guongsang.accounts.models import User
from guongsang.awards import services as awards


def seed_catalogue(demo) -> None:
    """The award catalogue, seeded by the awards app's own (idempotent) command."""
    call_command("seed_awards", stdout=demo.stdout)


def decision(demo) -> None:
    """The city drafts a decision for the dossiers its council recommended; the head signs it."""
    if not demo.passed:
        return
    draft = awards.draft_decision(
        demo.admin, demo.city, award_type=demo.award_type, award_year=demo.year, nominations=demo.passed
    )
    head = User.objects.filter(username="chutich.hanoi").first() or demo.admin
    awards.sign_decision(head, draft, signer_title="Chủ tịch", authority_line="TM. Ủy ban nhân dân")
