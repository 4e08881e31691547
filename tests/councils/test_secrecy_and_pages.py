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
    # The absent member's written "yes" is inside the totals, never shown apart.
    assert (agenda[0]["yes"], agenda[0]["no"], agenda[0]["written_yes"]) == (9, 1, None)
    assert agenda[0]["written_opinions"] == 1


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
    assert "Số: 01/BB-HĐTĐKT" in text  # the council's own series
    assert "1 (đã tính vào tổng)" in text


def test_minutes_wait_for_the_session_to_close(client, voted, secretary):
    """While voting runs, minutes downloaded after each ballot would show the count moving."""
    session, _item, _ = voted
    client.force_login(secretary)
    response = client.get(f"/hoi-dong/phien-hop/{session.pk}/bien-ban.docx")
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert "bien-ban.docx" not in client.get(session.get_absolute_url()).content.decode()


def test_minutes_numbers_run_per_council_and_year(council, secretary, voters, appraised):
    numbers = []
    for title in ("Phiên thứ nhất", "Phiên thứ hai"):
        session = services.create_session(
            secretary, council, title=title, held_on=dt.date(2026, 12, 20), place="Hà Nội"
        )
        services.add_to_agenda(secretary, session, appraised())
        services.record_attendance(secretary, session, {m.pk for m in voters})
        services.open_session(secretary, session)
        numbers.append(services.close_session(secretary, session).minutes_number)
    assert numbers == [1, 2]


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


# Route parameters the walk fills in; anything else gets the dossier's id (a 404 is a fine answer).
def _walk_ids(session, item, dissenter) -> dict[str, int]:
    return {
        "session_id": session.pk,
        "council_id": session.council_id,
        "item_id": item.pk,
        "member_id": dissenter.pk,
        "user_id": dissenter.user_id,
        "nomination_id": item.nomination_id,
        "nominee_id": item.nomination.nominee_id,
    }


def _routes(patterns=None, prefix=""):
    """Every URL route of the site, as (route template, converter names)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _fill(route: str, ids: dict[str, int]) -> str | None:
    """A concrete path for a route: ``<int:x>`` from ``ids``; other converters or regex routes are
    left out (they serve files, slugs and codes that carry no council data)."""
    if route.startswith("^") or "(?P" in route:
        route = route.lstrip("^").rstrip("$").replace("\\Z", "")
        if "(" in route or "\\" in route:
            return None

    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        if converter != "int":
            raise LookupError(name)
        return str(ids.get(name, ids["nomination_id"]))

    try:
        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    except LookupError:
        return None


def _readable(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "wordprocessingml" in kind:
        return docx_text(body)
    if "spreadsheetml" in kind:
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " | ".join("" if c is None else str(c) for c in row)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
        )
    if kind.startswith("text/html"):
        # Text as a reader sees it: markup and attributes (icon-yes.svg…) are not words.
        return re.sub(r"<[^>]+>", " ", body.decode("utf-8", "replace"))
    if kind.startswith(
        ("text/", "application/json", "application/xml", "application/rss", "application/atom")
    ):
        return body.decode("utf-8", "replace")
    return ""


def test_a_walk_over_every_page_and_api_route_finds_no_secret_choice(
    client, api_client, voted, secretary, voters, superuser
):
    """Every GET route of the site (pages, exports, the admin) and of the API, filled in with this
    session's ids, as the secretary and a superuser (and the dissenter, for the API): the
    dissenter's name or id is never beside a choice."""
    session, item, dissenter = voted
    services.close_session(secretary, session)
    ids = _walk_ids(session, item, dissenter)
    admin = superuser
    name = str(dissenter.user)
    paths = sorted({p for p in (_fill(r, ids) for r in _routes()) if p and not p.startswith("/api/")})
    # The walk really covers the site, the session's own page and minutes included.
    assert len(paths) > 100
    assert {session.get_absolute_url(), f"/hoi-dong/phien-hop/{session.pk}/bien-ban.docx"} <= set(paths)
    choice = re.compile(r"Không đồng ý|Đồng ý|đồng ý|\b(yes|no)\b|\"(yes|no)\"")
    walked = 0
    # The secretary sees what the council's scope shows; the superuser everything, the admin too.
    for viewer in (secretary, admin):
        client.force_login(viewer)
        for path in paths:
            if path.rstrip("/").endswith(("dang-xuat", "logout")):
                continue
            response = client.get(path)
            assert response.status_code < 500, path
            if response.status_code != 200:
                continue
            walked += 1
            for line in _readable(response).splitlines():
                if name in line:
                    assert not choice.search(line), (viewer.username, path, line[:300])
    assert walked > 50
    schema = api_client(secretary).get("/api/v1/openapi.json").json()
    api_paths = [
        "/api/v1" + path.split("/api/v1", 1)[-1] if path.startswith("/api/v1") else path
        for path, ops in schema["paths"].items()
        if "get" in ops
    ]
    for viewer in (secretary, dissenter.user, admin):
        api = api_client(viewer)
        for template in api_paths:
            path = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), ids["nomination_id"])), template)
            response = api.get(path)
            assert response.status_code < 500, path
            payload = response.content.decode("utf-8", "replace")
            assert '"ballots":' not in payload, path
            assert str(dissenter.pk) not in re.findall(r'"member_id":\s*(\d+)', payload), path
            for line in re.split(r"[{}\[\]]", payload):
                if name in line:
                    assert not choice.search(line), (viewer.username, path, line[:300])
