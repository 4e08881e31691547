"""What the awards app's decisions ask of dossiers, registered with ``awards.dossiers`` in
:class:`~guongsang.nominations.apps.NominationsConfig.ready`.

Dossiers sit above awards (they read its catalogue); a decision reaches them only through these
functions, so awards imports nothing from this app.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from . import selectors, services
from .models import Nomination


def visible_to(user) -> QuerySet[Nomination]:
    """The dossiers ``user`` may see."""
    return selectors.nominations_for(user)


def awaiting_decision(unit) -> QuerySet[Nomination]:
    """Dossiers the council of ``unit`` recommended (or that need no council), for its head."""
    return selectors.awaiting_decision(unit)


def is_recommended(nomination: Nomination) -> bool:
    """Whether ``nomination`` may go into a decision."""
    return nomination.status == Nomination.Status.PASSED


def settle(
    actor, nomination: Nomination, *, approved: bool, note: str, occurred_on=None, reason: str = ""
) -> Nomination:
    """The signed decision's outcome for one dossier: approved or rejected, with the decision's
    number as the note; on the decision's real day when it is entered later."""
    return services.transition(
        actor,
        nomination,
        "approve" if approved else "reject",
        internal=True,
        note=note,
        occurred_on=occurred_on,
        reason=reason,
    )


@transaction.atomic
def propose_upward(actor, recognition, award_type) -> Nomination:
    """Propose a recognised exemplar to the level above: a dossier at the parent level, linked to
    the one recognised here (its history, decision and proposal letter travel with it), sent at
    once to the unit whose head decides ``award_type``."""
    from django.core.files.base import ContentFile

    from guongsang.awards.documents import decision_docx, proposal_docx
    from guongsang.awards.models import Recognition

    if recognition.status != Recognition.Status.ACTIVE:
        raise ValidationError(_("Khen thưởng đã bị thu hồi, không thể đề nghị lên cấp trên."))
    unit = recognition.unit
    parent = type(unit).objects.filter(path=unit.path[: -unit.steplen]).first() if unit.depth > 1 else None
    if parent is None:
        raise ValidationError(_("%(unit)s không có cấp trên để đề nghị.") % {"unit": unit})
    # The unit above whose head decides the award: always an ancestor of the proposing unit.
    receiving = services.decider_for(parent, award_type)
    origin = recognition.nomination
    dossier = services.create_nomination(
        actor,
        nominee=recognition.nominee,
        award_type=award_type,
        submitting_unit=unit,
        receiving_unit=receiving,
        achievements=(origin.achievements if origin else "")
        + "\n\n"
        + _("Đã được tặng “%(award)s” năm %(year)s theo Quyết định số %(number)s.")
        % {
            "award": recognition.award_type,
            "year": recognition.year,
            "number": recognition.decision.number_display,
        },
        year=recognition.year,
        movement=origin.movement if origin else None,
        field=origin.field if origin else None,
        parent=origin,
    )
    letter = ContentFile(proposal_docx(dossier, recognition), name="to-trinh.docx")
    letter.size = len(letter)
    services.add_evidence(
        actor, dossier, file=letter, title=_("Tờ trình đề nghị khen thưởng"), part_code="to-trinh"
    )
    # The level above judges on the decision itself, not on a mention of its number.
    decision = recognition.decision
    copy = ContentFile(decision_docx(decision), name=f"quyet-dinh-{decision.number:02d}-{decision.year}.docx")
    copy.size = len(copy)
    services.add_evidence(
        actor,
        dossier,
        file=copy,
        title=_("Quyết định khen thưởng số %(number)s") % {"number": decision.number_display},
        part_code="quyet-dinh",
    )
    return services.submit(actor, dossier)
