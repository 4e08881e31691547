"""A council session: agenda, attendance, quorum, ballots (open and secret), closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guongsang.councils import services
from guongsang.councils.models import AgendaItem, Ballot, BallotReceipt, CouncilSession
from guongsang.nominations.models import Nomination

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def session(council, secretary):
    return services.create_session(
        secretary,
        council,
        title="Phiên họp xét Công dân Thủ đô ưu tú 2026",
        held_on=dt.date(2026, 12, 20),
        place="Trụ sở UBND thành phố",
    )


def _sit(session, secretary, voters, present):
    services.record_attendance(secretary, session, {m.pk for m in voters[:present]})
    return services.open_session(secretary, session)


def test_exactly_ninety_percent_of_all_members_passes(session, secretary, voters, appraised):
    item = services.add_to_agenda(secretary, session, appraised())
    assert item.secret and item.nomination.status == Status.IN_COUNCIL
    session = _sit(session, secretary, voters, 10)
    for member in voters[:9]:
        services.cast_ballot(member.user, item, "yes")
    services.cast_ballot(voters[9].user, item, "no")
    services.close_session(secretary, session)
    item.refresh_from_db()
    assert (item.result, item.counted_yes, item.counted_base) == ("passed", 9, 10)
    assert Nomination.objects.get(pk=item.nomination_id).status == Status.PASSED


def test_eight_yes_and_a_written_yes_of_an_absent_member(session, secretary, voters, appraised):
    item = services.add_to_agenda(secretary, session, appraised())
    session = _sit(session, secretary, voters, 9)
    for member in voters[:8]:
        services.cast_ballot(member.user, item, "yes")
    services.cast_ballot(voters[8].user, item, "no")
    services.record_written_opinion(secretary, item, voters[9], "yes")
    services.close_session(secretary, session)
    item.refresh_from_db()
    assert (item.result, item.counted_yes) == ("passed", 9)


def test_without_quorum_no_vote_is_possible(session, secretary, voters, appraised):
    services.add_to_agenda(secretary, session, appraised())
    services.record_attendance(secretary, session, {m.pk for m in voters[:6]})
    with pytest.raises(ValidationError, match="Không đủ số thành viên dự họp"):
        services.open_session(secretary, session)
    assert CouncilSession.objects.get(pk=session.pk).status == CouncilSession.Status.PLANNED


def test_each_member_votes_once(session, secretary, voters, appraised):
    item = services.add_to_agenda(secretary, session, appraised())
    _sit(session, secretary, voters, 10)
    services.cast_ballot(voters[0].user, item, "yes")
    with pytest.raises(ValidationError, match="chỉ biểu quyết một lần"):
        services.cast_ballot(voters[0].user, item, "no")
    item.refresh_from_db()
    assert (item.yes, item.no) == (1, 0)


def test_absent_member_and_outsider_cannot_vote(session, secretary, voters, appraised, city_appraiser):
    item = services.add_to_agenda(secretary, session, appraised())
    _sit(session, secretary, voters, 9)
    with pytest.raises(PermissionDenied, match="không có mặt"):
        services.cast_ballot(voters[9].user, item, "yes")
    with pytest.raises(PermissionDenied):
        services.cast_ballot(city_appraiser, item, "yes")


def test_secret_ballot_leaves_no_row_linking_member_and_choice(session, secretary, voters, appraised):
    item = services.add_to_agenda(secretary, session, appraised())
    _sit(session, secretary, voters, 10)
    services.cast_ballot(voters[0].user, item, "no")
    assert not Ballot.objects.exists()
    assert BallotReceipt.objects.filter(item=item, member=voters[0]).exists()
    # The agenda has a history, but a vote writes no row to it, and it keeps no counter: a
    # snapshot between two votes could be set beside a receipt. Ballots have no history at all.
    assert item.history.count() == 1
    history_columns = {f.name for f in AgendaItem.history.model._meta.get_fields()}
    assert not history_columns & {"yes", "no", "abstain", "written_yes", "written_no", "written_abstain"}
    assert not hasattr(Ballot, "history") and not hasattr(BallotReceipt, "history")
    item.refresh_from_db()
    assert item.no == 1


def test_open_ballot_names_the_member(session, secretary, voters, appraised):
    item = services.add_to_agenda(secretary, session, appraised("bang-khen-tinh"))
    assert not item.secret
    _sit(session, secretary, voters, 10)
    services.cast_ballot(voters[0].user, item, "yes")
    assert Ballot.objects.get(item=item).member == voters[0]


def test_closing_locks_the_ballots(session, secretary, voters, appraised):
    item = services.add_to_agenda(secretary, session, appraised())
    _sit(session, secretary, voters, 10)
    services.close_session(secretary, session)
    with pytest.raises(ValidationError, match="Đã kết thúc"):
        services.cast_ballot(voters[0].user, item, "yes")
    item.refresh_from_db()
    assert item.result == "failed"
    assert Nomination.objects.get(pk=item.nomination_id).status == Status.FAILED


def test_dossier_of_another_unit_cannot_join_the_agenda(session, secretary, appraised, org_tree, catalogue):
    dossier = appraised()
    Nomination.objects.filter(pk=dossier.pk).update(receiving_unit=org_tree.thanh_xuan)
    dossier.refresh_from_db()
    with pytest.raises(ValidationError, match="không thuộc Hội đồng này"):
        services.add_to_agenda(secretary, session, dossier)


def test_only_the_secretary_runs_the_session(session, voters, appraised, commune_officer):
    with pytest.raises(PermissionDenied):
        services.add_to_agenda(voters[3].user, session, appraised())
    with pytest.raises(PermissionDenied):
        services.open_session(commune_officer, session)


def test_cancelled_session_returns_its_dossiers(session, secretary, appraised):
    item = services.add_to_agenda(secretary, session, appraised())
    services.cancel_session(secretary, session)
    assert Nomination.objects.get(pk=item.nomination_id).status == Status.APPRAISED
