"""The arithmetic of a council vote, kept apart from the database so it can be tested exhaustively.

Everything is integers: "at least 90%" is ``yes * 10 >= 9 * base``, never a float, so 9 of 10
passes and 17 of 19 (89.47…%) does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Base(StrEnum):
    """What the share of "yes" is taken of (the ``AwardRule.vote_base`` values)."""

    TOTAL_MEMBERS = "total_members"
    PRESENT = "present"
    VALID_BALLOTS = "valid_ballots"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Rule:
    """The voting part of an award rule."""

    quorum_num: int
    quorum_den: int
    base: Base
    threshold_num: int
    threshold_den: int
    strict: bool  # "more than" (True) or "at least" (False)
    written_opinions_count: bool = True


@dataclass(frozen=True)
class Count:
    """Who sat and how they voted on one dossier."""

    total_members: int
    present: int
    yes: int
    no: int
    abstain: int
    written_yes: int = 0
    written_no: int = 0
    written_abstain: int = 0


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    yes: int  # the "yes" that count (written opinions included when the rule says so)
    base: int  # the number the share is taken of
    has_quorum: bool

    @property
    def percent(self) -> float:
        """For display only; the decision never uses it."""
        return 100.0 * self.yes / self.base if self.base else 0.0


def has_quorum(rule: Rule, total_members: int, present: int) -> bool:
    """At least ``quorum_num/quorum_den`` of all members present (written opinions do not make a
    member present)."""
    return total_members > 0 and present * rule.quorum_den >= rule.quorum_num * total_members


def meets(yes: int, base: int, num: int, den: int, strict: bool) -> bool:
    """``yes/base`` reaches ``num/den`` (more than it when ``strict``); a zero base never does."""
    if base <= 0:
        return False
    return yes * den > num * base if strict else yes * den >= num * base


def decide(rule: Rule, count: Count) -> Result:
    """The outcome of one dossier's vote under ``rule``."""
    quorum = has_quorum(rule, count.total_members, count.present)
    written = (
        (count.written_yes, count.written_no, count.written_abstain)
        if rule.written_opinions_count
        else (0, 0, 0)
    )
    yes = count.yes + written[0]
    if rule.base == Base.TOTAL_MEMBERS:
        base = count.total_members
    elif rule.base == Base.PRESENT:
        # Members who took part: those present, and the absent ones whose written opinion counts.
        base = count.present + sum(written)
    else:
        # Valid ballots: a "yes" or a "no"; an abstention is no ballot for or against.
        base = yes + count.no + written[1]
    if not quorum:
        return Result(Outcome.NO_QUORUM, yes, base, False)
    passed = meets(yes, base, rule.threshold_num, rule.threshold_den, rule.strict)
    return Result(Outcome.PASSED if passed else Outcome.FAILED, yes, base, True)
