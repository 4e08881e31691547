"""The session through pages and API, the minutes, and a walk over everything a secret vote
could leak through: no page, API answer, export or history names who chose what."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.apps import apps

from guongsang.core.documents import docx_text
from guongsang.councils import services
from guongsang.councils.models import CouncilSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(council, secretary, voters, appraised):
    """A closed secret session: members 0–7 yes, member 8 says NO, member 9 absent (written yes)."""
    session = services.create_session(
        secretary,
        council,
        title="Phiên họp xét Công dân Thủ đô ưu tú",
        held_on=dt.date(2026, 12, 20),
        place="Trụ sở UBND thành phố",
    )
    item = services.add_to_agenda(secretary, session, appraised())
    services.record_attendance(secretary, session, {m.pk for m in voters[:9]})
    services.open_session(secretary, session)
    for member in voters[:8]:
        services.cast_ballot(member.user, item, "yes")
    services.cast_ballot(voters[8].user, item, "no")
    services.record_written_opinion(secretary, item, voters[9], "yes")
    return session, item, voters[8]


def _pages(client, session, item):
    urls = [
        session.get_absolute_url(),
        f"/hoi-dong/phien-hop/{session.pk}/bien-ban.docx",
        f"/hoi-dong/{session.council_id}/",
        "/hoi-dong/",
        item.nomination.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content
        yield url, docx_text(body) if url.endswith(".docx") else body.decode()


def test_while_open_a_secret_vote_shows_only_how_many_voted(client, voted, secretary, voters):
    session, _item, dissenter = voted
    client.force_login(secretary)
    body = client.get(session.get_absolute_url()).content.decode()
    assert "Đã có 10 phiếu" in body
    assert "Không đồng ý: 1" not in body
    client.force_login(dissenter.user)
    body = client.get(session.get_absolute_url()).content.decode()
    assert "Đã bỏ phiếu" in body and "Không đồng ý: 1" not in body


def test_no_page_export_or_api_links_the_dissenter_to_no(
    client, api_client, voted, secretary, voters, city_appraiser
):
    session, item, dissenter = voted
    services.close_session(secretary, session)
    name = str(dissenter.user)
    viewers = [secretary, city_appraiser, dissenter.user, voters[0].user]
    for viewer in viewers:
        client.force_login(viewer)
        for url, text in _pages(client, session, item):
            # The dissenter's name may appear (attendance), but never beside a choice.
            for line in text.splitlines():
                if name in line:
                    assert not re.search(r"Không đồng ý|Đồng ý|: no|: yes", line), (viewer, url, line)
        api = api_client(viewer)
        for path in (
            f"/api/v1/council-sessions/{session.pk}/agenda",
            f"/api/v1/council-sessions/{session.pk}",
            f"/api/v1/councils/{session.council_id}",
        ):
            payload = api.get(path).content.decode()
            assert "ballots" not in payload or '"ballots":' not in payload
            assert str(dissenter.pk) not in re.findall(r'"member_id":\s*(\d+)', payload)
    agenda = api_client(secretary).get(f"/api/v1/council-sessions/{session.pk}/agenda").json()
    assert (agenda[0]["yes"], agenda[0]["no"], agenda[0]["written_yes"]) == (8, 1, 1)


def test_no_table_or_history_stores_a_secret_choice_with_a_member(voted):
    _session, item, _dissenter = voted
    for model in apps.get_models():
        fields = {f.name for f in model._meta.get_fields()}
        if {"choice"} & fields and ({"member", "member_id", "history_user"} & fields):
            assert not model._default_manager.filter(**{"item": item} if "item" in fields else {}).exists(), (
                model
            )


def test_minutes_docx_has_counts_and_result(client, voted, secretary):
    session, _item, _ = voted
    services.close_session(secretary, session, notes="Các thành viên thống nhất cao.")
    client.force_login(secretary)
    text = docx_text(client.get(f"/hoi-dong/phien-hop/{session.pk}/bien-ban.docx").content)
    assert "BIÊN BẢN" in text and "Bỏ phiếu kín" in text
    assert "9/10 (90,0%)" in text and "Đạt" in text
    assert "vắng mặt: 1" in text and "THƯ KÝ" in text


def test_session_pages_run_the_whole_session(client, council, secretary, voters, appraised):
    dossier = appraised("bang-khen-tinh")
    client.force_login(secretary)
    response = client.post(
        f"/hoi-dong/{council.pk}/len-lich/",
        {"title": "Phiên họp tháng 12", "held_on": "20/12/2026", "place": "Phòng họp số 1"},
    )
    session = CouncilSession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    client.post(f"/hoi-dong/phien-hop/{session.pk}/chuong-trinh/", {"nomination": [dossier.pk]})
    client.post(f"/hoi-dong/phien-hop/{session.pk}/diem-danh/", {"present": [m.pk for m in voters]})
    client.post(f"/hoi-dong/phien-hop/{session.pk}/thao-tac/open/")
    item = session.agenda.get()
    for member in voters[:6]:
        client.force_login(member.user)
        client.post(f"/hoi-dong/bieu-quyet/{item.pk}/", {"choice": "yes"})
    client.force_login(voters[0].user)
    body = client.get(session.get_absolute_url()).content.decode()
    assert "Đồng ý: 6" in body  # an open vote shows its live tally
    client.force_login(secretary)
    client.post(f"/hoi-dong/phien-hop/{session.pk}/thao-tac/close/", {"notes": ""})
    item.refresh_from_db()
    assert item.result == "passed"


def test_outsiders_see_no_council(client, api_client, voted, laocai_officer):
    session, _, _ = voted
    client.force_login(laocai_officer)
    assert client.get(session.get_absolute_url()).status_code == 404
    assert client.get(f"/hoi-dong/phien-hop/{session.pk}/bien-ban.docx").status_code == 404
    assert api_client(laocai_officer).get(f"/api/v1/council-sessions/{session.pk}/agenda").status_code == 404


def test_api_vote_twice_is_refused(api_client, council, secretary, voters, appraised):
    session = services.create_session(secretary, council, title="P", held_on=dt.date(2026, 12, 1), place="X")
    item = services.add_to_agenda(secretary, session, appraised())
    services.record_attendance(secretary, session, {m.pk for m in voters})
    services.open_session(secretary, session)
    api = api_client(voters[1].user)
    first = api.post(f"/api/v1/council-sessions/{session.pk}/items/{item.pk}/ballot", {"choice": "yes"})
    assert first.status_code == 200 and first.json()[0]["i_voted"] and first.json()[0]["yes"] is None
    again = api.post(f"/api/v1/council-sessions/{session.pk}/items/{item.pk}/ballot", {"choice": "no"})
    assert again.status_code == 422 and "một lần" in again.json()["message"]
    bad = api.post(f"/api/v1/council-sessions/{session.pk}/items/{item.pk}/ballot", {"choice": "maybe"})
    assert bad.status_code == 422
