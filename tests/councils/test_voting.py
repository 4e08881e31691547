"""Vote arithmetic on its edges, and property-based against exact fractions."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from guongsang.councils.voting import Base, Count, Outcome, Rule, decide, has_quorum

NINETY_OF_ALL = Rule(2, 3, Base.TOTAL_MEMBERS, 9, 10, strict=False)
MAJORITY_PRESENT = Rule(2, 3, Base.PRESENT, 1, 2, strict=True)


def _count(total, present, yes, no=0, abstain=0, **written):
    return Count(total_members=total, present=present, yes=yes, no=no, abstain=abstain, **written)


def test_nine_of_ten_is_ninety_percent_and_passes():
    assert decide(NINETY_OF_ALL, _count(10, 10, 9, 1)).outcome == Outcome.PASSED


def test_seventeen_of_nineteen_does_not_pass():
    assert decide(NINETY_OF_ALL, _count(19, 19, 17, 2)).outcome == Outcome.FAILED


def test_ninety_percent_is_of_all_members_not_of_those_present():
    # 9 present, all agree: 9 of 11 members is 81.8%.
    assert decide(NINETY_OF_ALL, _count(11, 9, 9)).outcome == Outcome.FAILED


def test_written_opinions_of_absent_members_count_when_the_rule_says():
    count = _count(10, 8, 8, written_yes=1, written_no=1)
    assert decide(NINETY_OF_ALL, count).outcome == Outcome.PASSED
    not_counted = Rule(2, 3, Base.TOTAL_MEMBERS, 9, 10, strict=False, written_opinions_count=False)
    assert decide(not_counted, count).outcome == Outcome.FAILED


def test_no_quorum_means_no_vote():
    assert not has_quorum(NINETY_OF_ALL, 9, 5)
    assert has_quorum(NINETY_OF_ALL, 9, 6)  # exactly two thirds
    assert decide(NINETY_OF_ALL, _count(9, 5, 5)).outcome == Outcome.NO_QUORUM


def test_simple_majority_of_present_is_more_than_half():
    assert decide(MAJORITY_PRESENT, _count(9, 8, 4, 4)).outcome == Outcome.FAILED
    assert decide(MAJORITY_PRESENT, _count(9, 8, 5, 3)).outcome == Outcome.PASSED


def test_valid_ballots_leave_abstentions_out():
    rule = Rule(1, 2, Base.VALID_BALLOTS, 2, 3, strict=False)
    assert decide(rule, _count(9, 9, 4, 2, 3)).outcome == Outcome.PASSED  # 4 of 6
    assert decide(rule, _count(9, 9, 3, 2, 4)).outcome == Outcome.FAILED  # 3 of 5


@st.composite
def votes(draw):
    total = draw(st.integers(1, 60))
    present = draw(st.integers(0, total))
    yes = draw(st.integers(0, present))
    no = draw(st.integers(0, present - yes))
    abstain = present - yes - no
    absent = total - present
    wy = draw(st.integers(0, absent))
    wn = draw(st.integers(0, absent - wy))
    den = draw(st.integers(1, 20))
    num = draw(st.integers(1, den))
    qden = draw(st.integers(1, 10))
    qnum = draw(st.integers(1, qden))
    rule = Rule(
        qnum, qden, draw(st.sampled_from(list(Base))), num, den, draw(st.booleans()), draw(st.booleans())
    )
    return rule, Count(total, present, yes, no, abstain, wy, wn, 0)


@given(votes())
def test_decision_matches_exact_fractions(case):
    rule, count = case
    result = decide(rule, count)
    quorum = Fraction(count.present, count.total_members) >= Fraction(rule.quorum_num, rule.quorum_den)
    assert result.has_quorum == quorum
    if not quorum:
        assert result.outcome == Outcome.NO_QUORUM
        return
    written_yes = count.written_yes if rule.written_opinions_count else 0
    written_no = count.written_no if rule.written_opinions_count else 0
    yes = count.yes + written_yes
    base = {
        Base.TOTAL_MEMBERS: count.total_members,
        Base.PRESENT: count.present + written_yes + written_no,
        Base.VALID_BALLOTS: yes + count.no + written_no,
    }[rule.base]
    threshold = Fraction(rule.threshold_num, rule.threshold_den)
    expected = base > 0 and (
        Fraction(yes, base) > threshold if rule.strict else Fraction(yes, base) >= threshold
    )
    assert (result.outcome == Outcome.PASSED) == expected


@given(votes())
def test_one_more_yes_never_hurts(case):
    rule, count = case
    if count.abstain == 0:
        return
    more = Count(
        count.total_members,
        count.present,
        count.yes + 1,
        count.no,
        count.abstain - 1,
        count.written_yes,
        count.written_no,
    )
    if decide(rule, count).outcome == Outcome.PASSED and rule.base != Base.VALID_BALLOTS:
        assert decide(rule, more).outcome == Outcome.PASSED
