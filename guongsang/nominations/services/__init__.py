"""Writes on dossiers: one function per use case, one per state change.

Each function checks the actor's permission, validates, writes the change with its audit row and
its timeline event in one transaction, and notifies the people concerned once it commits.

Callers import from here (``services.submit(...)``). The modules, by use case: ``routing`` (which
unit decides a dossier), ``deadlines``, ``dossiers`` (open, edit, merge), ``evidence`` (files),
``criteria`` (the checklist), ``transitions`` (state changes); ``shared`` holds the version claim
every change makes.
"""

from .criteria import CRITERIA_STATES, MAX_CRITERION_NOTE, answer_criteria
from .deadlines import deadline_for, set_deadline
from .dossiers import (
    EDITABLE_FIELDS,
    MAX_ACHIEVEMENTS,
    create_nomination,
    move_to_nominee,
    update_nomination,
)
from .evidence import EVIDENCE_STATES, add_evidence
from .routing import decider_for
from .shared import StaleDossier, TransitionRefused
from .transitions import (
    COUNCIL_TRANSITIONS,
    TRANSITIONS,
    Transition,
    appraise,
    available_transitions,
    missing_parts,
    receive,
    resubmit,
    return_for_supplement,
    submit,
    transition,
    withdraw,
)

__all__ = [
    "COUNCIL_TRANSITIONS",
    "CRITERIA_STATES",
    "EDITABLE_FIELDS",
    "EVIDENCE_STATES",
    "MAX_ACHIEVEMENTS",
    "MAX_CRITERION_NOTE",
    "TRANSITIONS",
    "StaleDossier",
    "Transition",
    "TransitionRefused",
    "add_evidence",
    "answer_criteria",
    "appraise",
    "available_transitions",
    "create_nomination",
    "deadline_for",
    "decider_for",
    "missing_parts",
    "move_to_nominee",
    "receive",
    "resubmit",
    "return_for_supplement",
    "set_deadline",
    "submit",
    "transition",
    "update_nomination",
    "withdraw",
]
