"""Writes of the writing contest: one function per use case.

Each checks the actor's permission, validates (every problem at once, in Vietnamese), writes the
change with its audit row in one transaction, and notifies once it commits. Entries come from
the public (no account, ``actor=None``) or through a unit; organisers and judges cannot enter.

Callers import from here (``services.submit_entry(...)``); the modules are split by use case.
"""

from .discovery import (
    DEFAULT_AWARD_CODE,
    discover,
    may_discover,
)
from .entries import (
    DEFAULT_ENTRIES_PER_HOUR,
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    MAX_TITLE,
    TooManyEntries,
    claim_submission,
    disqualify_entry,
    entries_per_hour,
    is_insider,
    normalize_phone,
    reinstate_entry,
    release_submission,
    submit_entry,
    word_count,
)
from .judging import (
    NotAssigned,
    assign_judges,
    declare_conflict,
    declared_conflicts,
    find_assignment,
    jury_progress,
    recount_jury,
    submit_score,
)
from .results import (
    advance,
    allocate_prizes,
    close_round,
    compute_results,
    publish_results,
    set_prize,
)
from .setup import (
    CONTEST_FIELDS,
    ROUND_FIELDS,
    add_judge,
    add_round,
    create_contest,
    default_prizes,
    default_rounds,
    set_contest_status,
    set_prizes,
    update_contest,
    update_round,
)
from .similarity_scan import (
    SCAN_JOB,
    record_similarity_scan,
    run_similarity_scan,
)

__all__ = [
    "CONTEST_FIELDS",
    "DEFAULT_AWARD_CODE",
    "DEFAULT_ENTRIES_PER_HOUR",
    "MAX_PHOTOS",
    "MAX_PHOTO_BYTES",
    "MAX_TITLE",
    "ROUND_FIELDS",
    "SCAN_JOB",
    "NotAssigned",
    "TooManyEntries",
    "add_judge",
    "add_round",
    "advance",
    "allocate_prizes",
    "assign_judges",
    "claim_submission",
    "close_round",
    "compute_results",
    "create_contest",
    "declare_conflict",
    "declared_conflicts",
    "default_prizes",
    "default_rounds",
    "discover",
    "disqualify_entry",
    "entries_per_hour",
    "find_assignment",
    "is_insider",
    "jury_progress",
    "may_discover",
    "normalize_phone",
    "publish_results",
    "record_similarity_scan",
    "recount_jury",
    "reinstate_entry",
    "release_submission",
    "run_similarity_scan",
    "set_contest_status",
    "set_prize",
    "set_prizes",
    "submit_entry",
    "submit_score",
    "update_contest",
    "update_round",
    "word_count",
]
