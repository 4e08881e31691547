"""Writes on dossiers: one function per use case, one per state change.

Each function checks the actor's permission, validates, writes the change with its audit row and
its timeline event in one transaction, and notifies the people concerned once it commits.

Callers import from here (``services.submit(...)``); the code is moving into modules split by
use case.
"""

from .transitions import (
    COUNCIL_TRANSITIONS,
    CRITERIA_STATES,
    EDITABLE_FIELDS,
    EVIDENCE_STATES,
    MAX_ACHIEVEMENTS,
    MAX_CRITERION_NOTE,
    TRANSITIONS,
    StaleDossier,
    Transition,
    TransitionRefused,
    _check_achievements,
    _check_award_fits,
    add_evidence,
    answer_criteria,
    appraise,
    available_transitions,
    create_nomination,
    deadline_for,
    decider_for,
    missing_parts,
    move_to_nominee,
    receive,
    resubmit,
    return_for_supplement,
    set_deadline,
    submit,
    transition,
    update_nomination,
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
    "_check_achievements",
    "_check_award_fits",
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
