"""The XSS corpus in Chromium beyond stories: every other kind of text a citizen, an officer, an
editor or an organiser types (press log, weekly list, book, contest, citizens' reports, people,
movements, unit names), opened in the back office and on the public pages that show it.

Nothing may run: no dialog opens (each payload calls alert), no Content Security Policy violation
is logged (a payload that reached the page as a script or handler shows up as one, blocked or
not), no request leaves for another host, and after Chromium has parsed the page (its parser,
not lxml's) no element carries a handler, an inline script or a script-bearing URL. The payloads
are batched: a few pages carry all of them."""

import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from guongsang.accounts.models import Membership, User
from guongsang.books import services as books
from guongsang.contest import services as contest
from guongsang.contest.models import Contest, JudgeAssignment
from guongsang.core.permissions import Role
from guongsang.discovery import services as tips
from guongsang.movements import services as movements
from guongsang.nominees import services as nominees
from guongsang.orgs import services as orgs
from guongsang.orgs.models import OrgUnit
from guongsang.stories import services as stories
from guongsang.stories import weekly
from tests.stories.xss_vectors import VECTORS, packed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EVERYTHING = "\n".join(VECTORS)

# What Chromium built from the page: any handler attribute, inline or foreign script, or URL
# attribute with a script-bearing scheme. Every listener the site's own script sets is added in
# code, never as an attribute.
DOM_SCAN = """() => {
  const found = [];
  const urls = ["href", "src", "action", "formaction", "data", "srcdoc", "background", "dynsrc"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${el.tagName}[${name}]`);
      if (urls.includes(name) && /^(javascript|vbscript|data):/.test(value)) {
        found.push(`${el.tagName}[${name}]`);
      }
    }
    const tag = el.tagName.toUpperCase();
    if (tag === "SCRIPT" && (!el.src || new URL(el.src).origin !== location.origin)) found.push("script");
    // Elements no template puts in a page's content (the layout's own icons are outside it).
    const inContent = el.closest("main") !== null;
    if (inContent && ["IFRAME", "OBJECT", "EMBED", "BASE", "SVG", "MATH"].includes(tag)) found.push(tag);
  }
  // Give a handler every chance to fire: hover, focus and toggle everything.
  for (const el of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "toggle", "animationstart"]) {
      el.dispatchEvent(new Event(type));
    }
  }
  return found;
}"""


@pytest.fixture
def world(settings, tmp_path):
    """Hà Nội with a ward, a hostile-named ward, and the people who fill every kind of text;
    everything they filled in is a chunk of the corpus."""
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    chunks = packed(240)
    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    ward = units.add_child(hanoi, {"name": "Phường Ba Đình", "kind": OrgUnit.Kind.COMMUNE, "code": "00004"})
    # The judge works elsewhere: a judge is never given an entry about their own ward.
    other = units.add_child(hanoi, {"name": "Phường Đống Đa", "kind": OrgUnit.Kind.COMMUNE, "code": "00235"})
    call_command("seed_awards", stdout=io.StringIO())

    def person(username: str, unit: OrgUnit, role: str) -> User:
        user = User.objects.create_user(username, password="x", full_name=username)
        Membership.objects.create(user=user, unit=unit, role=role)
        return user

    admin, editor = person("quantri", hanoi, Role.UNIT_ADMIN), person("bientap", hanoi, Role.EDITOR)
    officer, judge = person("canbo", ward, Role.OFFICER), person("giamkhao", other, Role.JUDGE)
    hostile_ward = orgs.add_unit(admin, hanoi, kind=OrgUnit.Kind.COMMUNE, name=chunks[-1])
    orgs.add_unit(admin, hostile_ward, kind=OrgUnit.Kind.SCHOOL, name=chunks[-2])

    # A person with every public field the corpus, in the press log.
    lan = nominees.create_nominee(
        officer,
        full_name=chunks[0],
        unit=ward,
        occupation=chunks[1],
        position=chunks[2],
        public_fields=["full_name", "occupation", "position", "unit"],
    )
    nominees.give_consent(officer, lan, given_by=chunks[3], scope="all", note=EVERYTHING)
    today = timezone.localdate()
    for index, chunk in enumerate(chunks):
        stories.record_coverage(
            editor, lan, outlet=chunk, title=chunk, published_on=today, url=f"https://bao.example.vn/{index}"
        )

    # The week's list, its note the corpus.
    iso = today.isocalendar()
    selection = weekly.create_selection(
        editor, hanoi, year=iso.year, week=iso.week, nominees=[lan], note=EVERYTHING[:2000]
    )
    edition = books.create_edition(
        editor, hanoi, year=today.year, title=chunks[4], subtitle=chunks[5], foreword=EVERYTHING
    )

    # A citizen's report, every field the corpus; accepted into a dossier; another declined.
    report = tips.submit_report(
        source="press",
        reporter_name=chunks[6],
        reporter_phone="0912 345 678",
        press_outlet=chunks[7],
        press_link="https://bao.example.vn/tin",
        person_name=chunks[8],
        person_details=EVERYTHING[:2000],
        what_happened=EVERYTHING,
        place_commune=ward,
        place_detail=chunks[9],
    )
    declined = tips.submit_report(
        reporter_name=chunks[6],
        reporter_phone="0912 345 678",
        person_name=chunks[8],
        what_happened=EVERYTHING,
        place_commune=ward,
    )
    tips.decline_report(officer, declined, reason=EVERYTHING[:2000])
    dossier = tips.accept_report(officer, report, award_type=_award("nguoi-tot-viec-tot-ha-noi")).nomination

    # A contest with the corpus as its rules, an entry of it, judged blind.
    contest_ = contest.create_contest(
        editor,
        organiser=hanoi,
        year=today.year,
        title=chunks[10],
        rules_text=EVERYTHING,
        eligibility=EVERYTHING,
        min_words=1,
        rounds=[{"name": "Sơ khảo", "judges_per_entry": 1}],
        prizes=[{"name": "Giải Nhất", "count": 1}],
    )
    contest_ = contest.set_contest_status(editor, contest_, Contest.Status.OPEN)
    entry = contest.submit_entry(
        contest_,
        kind="article",
        title=chunks[0],
        text=EVERYTHING,
        author_name=chunks[1],
        author_address=chunks[2],
        author_phone="0912000001",
        subject_name=chunks[3],
        subject_place=chunks[4],
        subject_commune=ward,
    )
    round_ = contest_.rounds.get()
    contest.add_judge(editor, round_, judge)
    contest.assign_judges(editor, round_, seed=1)
    assignment = JudgeAssignment.objects.get(entry=entry)
    contest.submit_score(judge, assignment, {c["key"]: 8 for c in round_.criteria}, comment=EVERYTHING)

    movement = movements.launch_movement(
        admin, hanoi, name=chunks[11 % len(chunks)], kind="regular", start_date=dt.date(2025, 1, 1),
        description=EVERYTHING,
    )  # fmt: skip
    yield {
        "users": {"admin": admin, "editor": editor, "officer": officer, "judge": judge},
        "public": [
            f"/tin-tuc/guong-sang/{lan.pk}/",
            f"/tin-tuc/don-vi/{hostile_ward.pk}/",
            f"/tin-tuc/don-vi/{hostile_ward.pk}/nhung/",
            "/cuoc-thi/",
            f"/bao-tin/tra-cuu/?ma={declined.tracking_code}",
        ],
        "editor": [
            f"/bai-viet/bao-chi/{lan.pk}/",
            selection.get_absolute_url(),
            edition.get_absolute_url(),
            f"/cuoc-thi/quan-ly/{contest_.pk}/bai/",
            entry.get_absolute_url(),
        ],
        "officer": [
            "/ho-so/tin-bao/",
            report.get_absolute_url(),
            dossier.get_absolute_url(),
            f"/nguoi-duoc-de-xuat/{lan.pk}/",
            f"/nguoi-duoc-de-xuat/{lan.pk}/sua/",
        ],
        "judge": [f"/cuoc-thi/giam-khao/vong/{round_.pk}/{entry.blind_code}/"],
        "admin": [
            "/don-vi/?q=" + chunks[-1][:20],
            hostile_ward.get_absolute_url(),
            movement.get_absolute_url(),
        ],
    }
    cache.clear()


def _award(code: str):
    from guongsang.awards.models import AwardType

    return AwardType.objects.get(code=code)


def _sign_in(context, live_server, user) -> None:
    """The user's session, made by Django's test client, handed to the browser."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_no_payload_runs_in_chromium_in_back_office_or_public_pages(browser, live_server, world):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    dialogs, errors, foreign, found = [], [], [], {}
    origin = urlsplit(live_server.url).netloc
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))

    def only_this_site(route):
        if urlsplit(route.request.url).netloc == origin:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    tab.route("**/*", only_this_site)
    visited = 0
    for who in ("public", "editor", "officer", "judge", "admin"):
        context.clear_cookies()
        if who != "public":
            _sign_in(context, live_server, world["users"][who])
        for url in world[who]:
            response = tab.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            tab.wait_for_load_state("load")
            tab.mouse.move(200, 300)
            tab.keyboard.press("Tab")
            scan = tab.evaluate(DOM_SCAN)
            if scan:
                found[url] = scan
            visited += 1
    context.close()
    assert visited == sum(len(world[who]) for who in ("public", "editor", "officer", "judge", "admin"))
    assert dialogs == []
    assert found == {}
    assert foreign == []
    assert [e for e in errors if "Content Security Policy" in e or "alert" in e] == []
