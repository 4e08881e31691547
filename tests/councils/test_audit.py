"""The session's agenda is recorded (dossiers added and removed, each result, by whom) and shown
on the session's timeline, while the history holds no tally between votes: totals only."""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.councils import services
from guongsang.councils.models import AgendaItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(council, secretary):
    return services.create_session(
        secretary,
        council,
        title="Phiên họp xét Công dân Thủ đô ưu tú 2026",
        held_on=dt.date(2026, 12, 20),
        place="Trụ sở UBND thành phố",
    )


def test_dossiers_put_on_and_taken_off_the_agenda_are_recorded_by_the_secretary(
    session, secretary, appraised
):
    kept = services.add_to_agenda(secretary, session, appraised())
    dropped = services.add_to_agenda(secretary, session, appraised(name="Lê Văn Hùng"))
    services.remove_from_agenda(secretary, dropped)
    rows = AgendaItem.history.filter(session_id=session.pk)
    assert sorted((r.nomination_id, r.history_type, r.history_user) for r in rows) == sorted(
        [
            (kept.nomination_id, "+", secretary),
            (dropped.nomination_id, "+", secretary),
            (dropped.nomination_id, "-", secretary),
        ]
    )


def test_the_result_is_recorded_with_the_counted_totals_only(client, session, secretary, voters, appraised):
    item = services.add_to_agenda(secretary, session, appraised())
    services.record_attendance(secretary, session, {m.pk for m in voters[:9]})
    services.open_session(secretary, session)
    for member in voters[:8]:
        services.cast_ballot(member.user, item, "yes")
    services.cast_ballot(voters[8].user, item, "no")
    services.record_written_opinion(secretary, item, voters[9], "yes")
    # Voting writes no history row: none could be set beside a member's receipt.
    assert item.history.count() == 1
    services.close_session(secretary, session)

    result = item.history.latest("history_date")
    assert (result.history_type, result.result, result.counted_yes, result.counted_base) == (
        "~",
        "passed",
        9,
        10,
    )
    assert result.history_user == secretary
    columns = {f.name for f in AgendaItem.history.model._meta.get_fields()}
    assert not columns & {"yes", "no", "abstain", "written_yes", "written_no", "written_abstain"}
    item.refresh_from_db()
    assert (item.yes, item.no, item.written_yes) == (8, 1, 1)  # the counters survived the save

    client.force_login(secretary)
    body = client.get(session.get_absolute_url()).content.decode()
    code = item.nomination.code
    assert f"Đưa hồ sơ {code} vào phiên họp" in body
    assert f"Kết quả hồ sơ {code}: Đạt (9/10 phiếu đồng ý)" in body
