"""XSS in the writing contest: the corpus in the contest's rules, eligibility, title, rounds,
rubric and prizes (the organisers' service), in every field of the entries (the public form and
the service behind it), in the judges' comments and conflict reasons and in the organisers'
reasons for ruling an entry out; read back from every page organisers, judges and the public
see. Links in entries are http(s) or refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from guongsang.contest import services, tasks
from guongsang.contest.models import Contest, Entry, JudgeAssignment
from tests.stories.xss_vectors import BAD_LINKS, VECTORS, assert_inert, packed

from .conftest import story

pytestmark = pytest.mark.django_db

ENTRY_FIELDS = ("title", "author_name", "author_address", "subject_name", "subject_place", "press_outlet")
SHORT = [v for v in VECTORS if len(v) <= 110]  # round, criterion and prize names: 120 characters


@pytest.fixture
def hostile_contest(organiser, org_tree, judges, django_capture_on_commit_callbacks) -> dict:
    """A contest whose every text is the corpus, eleven entries (one per chunk of the corpus in
    each of their fields: article, press work or video), the first two alike, the last ruled
    out; judged in one round with comments and a conflict declared, prizes given, results
    published."""
    everything = "\n".join(VECTORS)
    contest = services.create_contest(
        organiser,
        organiser=org_tree.hanoi,
        year=2026,
        title=packed(240)[0],
        rules_text=everything,
        eligibility=everything,
        min_words=1,
        max_words=2000,
        rounds=[
            {
                "name": SHORT[0],
                "judges_per_entry": 2,
                "criteria": [{"key": "c1", "name": SHORT[1], "weight": 100, "max": 10}],
            }
        ],
        prizes=[
            {"name": SHORT[2], "count": 1},
            {"name": SHORT[3], "count": 2},
            {"name": SHORT[4], "count": 3},
        ],
    )
    contest = services.set_contest_status(organiser, contest, Contest.Status.OPEN)
    round_ = contest.rounds.get()
    for user in judges:
        services.add_judge(organiser, round_, user)

    entries, values = [], {}
    chunks = packed(240)
    # Judges see the title and the text with the author's name and address cut out (an author
    # may sign the text): those two carry other payloads, and no comma or semicolon (the address
    # is cut out by its parts too).
    plain = packed(240, [v for v in VECTORS if not set(",;") & set(v)])
    for index, chunk in enumerate(chunks):
        kind = ("article", "press", "video")[index % 3]
        fields = {name: f"{name[:3]}{index} {chunk}" for name in ENTRY_FIELDS}
        fields["author_name"] = f"aut{index} {chunks[(index + 1) % len(chunks)]}"
        fields["author_address"] = f"add{index} {plain[index % len(plain)]}"
        if kind != "press":
            fields["press_outlet"] = ""
        data = {
            **fields,
            "kind": kind,
            "text": f"{chunk}\n\n{story(60, seed=0 if index < 2 else index)}",
            "author_phone": f"09120000{index:02d}",
            "subject_commune": org_tree.dong_da,
        }
        if kind == "press":
            data.update(
                press_date=dt.date(2026, 1, 5),
                press_link=f'https://bao.example.vn/{index}?"><script>alert(1)</script>',
            )
        if kind == "video":
            data.update(
                video_link=f"https://video.example.vn/{index}?'onmouseover='alert(1)", video_minutes="5"
            )
        entry = services.submit_entry(contest, **data)
        entries.append(entry)
        values[entry.pk] = {**fields, "text": chunk}
    ruled_out = services.disqualify_entry(organiser, entries[-1], f"loai {VECTORS[5]}")

    services.assign_judges(organiser, round_, seed=7)
    first = JudgeAssignment.objects.filter(entry=entries[2]).select_related("judge__user").first()
    services.declare_conflict(first.judge.user, entries[2], f"xung dot {VECTORS[9]}")
    rank = {e.pk: n for n, e in enumerate(entries)}
    comments = {}
    for a in JudgeAssignment.objects.filter(round=round_, status="active").select_related("judge__user"):
        comments[a.pk] = f"nhan xet {a.pk} {VECTORS[a.pk % len(VECTORS)]}"
        services.submit_score(a.judge.user, a, {"c1": 10 - rank[a.entry_id] * 0.5}, comment=comments[a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        run = tasks.start_similarity_scan(organiser, contest)
    services.compute_results(organiser, round_)
    assert services.allocate_prizes(organiser, round_) == []
    return {
        "contest": contest,
        "round": round_,
        "entries": entries,
        "values": values,
        "ruled_out": ruled_out,
        "comments": comments,
        "run": run,
    }


def test_public_contest_page_and_form_show_payloads_as_text(client, org_tree, organiser, judges, api_client):
    contest = services.create_contest(
        organiser,
        organiser=org_tree.hanoi,
        year=2026,
        title=VECTORS[0],
        rules_text="\n".join(VECTORS),
        eligibility="\n".join(VECTORS),
        min_words=1,
    )
    services.set_contest_status(organiser, contest, Contest.Status.OPEN)
    assert_inert(client.get("/cuoc-thi/").content.decode(), [contest.title, *VECTORS])
    answer = api_client().get(f"/api/v1/contests/{contest.pk}")
    assert answer["Content-Type"].startswith("application/json")
    assert (answer.json()["title"], answer.json()["rules_text"]) == (contest.title, contest.rules_text)
    fields = dict(zip(ENTRY_FIELDS[:5], VECTORS[10:15], strict=True))
    response = client.post(
        f"/cuoc-thi/{contest.pk}/gui-bai/",
        {
            **fields,
            "kind": "article",
            "text": "\n".join(VECTORS),
            "subject_commune": org_tree.thanh_xuan.pk,
            "author_phone": "0904 111 222",
            "consent": "on",
        },
        follow=True,
    )
    assert Entry.objects.filter(contest=contest).count() == 1
    assert_inert(response.content.decode(), [fields["title"]])
    entry = Entry.objects.get()
    assert_inert(
        client.get(f"/cuoc-thi/tra-cuu/?ma={entry.tracking_code}").content.decode(), [fields["title"]]
    )
    client.force_login(organiser)
    assert_inert(client.get(entry.get_absolute_url()).content.decode(), [*fields.values(), *VECTORS])


def test_organisers_judges_and_results_show_payloads_as_text(client, organiser, judges, hostile_contest):
    contest, round_ = hostile_contest["contest"], hostile_contest["round"]
    entries, values = hostile_contest["entries"], hostile_contest["values"]

    client.force_login(organiser)
    assert_inert(client.get("/cuoc-thi/quan-ly/").content.decode(), [contest.title])
    assert_inert(client.get(contest.get_absolute_url()).content.decode(), [contest.title, SHORT[0], SHORT[2]])
    assert_inert(client.get(f"/cuoc-thi/quan-ly/{contest.pk}/sua/").content.decode(), VECTORS)
    listing = client.get(f"/cuoc-thi/quan-ly/{contest.pk}/bai/").content.decode()
    assert_inert(listing, [v[name] for v in values.values() for name in ("title", "author_name")])
    comments = hostile_contest["comments"]  # assignment → the judge's comment
    for entry in entries:
        shown = [value for value in values[entry.pk].values() if value]
        shown += [c for pk, c in comments.items() if entry.assignments.filter(pk=pk).exists()]
        assert_inert(client.get(entry.get_absolute_url()).content.decode(), shown)
    conflicted, ruled_out = entries[2].get_absolute_url(), entries[-1].get_absolute_url()
    assert_inert(client.get(conflicted).content.decode(), [f"xung dot {VECTORS[9]}"])
    assert_inert(client.get(ruled_out).content.decode(), [f"loai {VECTORS[5]}"])
    assert_inert(client.get(round_.get_absolute_url()).content.decode(), [values[entries[0].pk]["title"]])
    similarity = client.get(f"/cuoc-thi/quan-ly/{contest.pk}/trung-lap/").content.decode()
    assert_inert(similarity, [values[entries[0].pk]["title"], values[entries[1].pk]["title"]])
    assert_inert(client.get(hostile_contest["run"].job.get_absolute_url()).content.decode(), [contest.title])

    for a in JudgeAssignment.objects.filter(round=round_).select_related("judge__user", "entry"):
        client.force_login(a.judge.user)
        assert_inert(client.get("/cuoc-thi/giam-khao/").content.decode(), [contest.title, SHORT[0]])
        assert_inert(client.get(f"/cuoc-thi/giam-khao/vong/{round_.pk}/").content.decode())
        page = client.get(f"/cuoc-thi/giam-khao/vong/{round_.pk}/{a.entry.blind_code}/").content.decode()
        value = values[a.entry_id]
        shown = [value["title"], value["subject_name"], value["subject_place"], value["text"]]
        if a.status == "active":  # the score sheet: the rubric and the judge's own comment
            shown += [SHORT[1], comments[a.pk]]
        assert_inert(page, shown)
        assert value["author_name"] not in page  # judging stays blind

    client.force_login(organiser)
    services.publish_results(organiser, contest)
    client.logout()
    results = client.get(f"/cuoc-thi/{contest.pk}/ket-qua/").content.decode()
    winners = list(Entry.objects.filter(contest=contest, prize__isnull=False))
    assert len(winners) == 6
    assert_inert(
        results, [values[e.pk][n] for e in winners for n in ("title", "author_name", "subject_name")]
    )
    for entry in entries:
        page = client.get(f"/cuoc-thi/tra-cuu/?ma={entry.tracking_code}").content.decode()
        reason = [f"loai {VECTORS[5]}"] if entry == hostile_contest["ruled_out"] else []
        assert_inert(page, [values[entry.pk]["title"], contest.title, *reason])


def test_entries_refuse_links_that_are_not_http(organiser, org_tree):
    contest = services.create_contest(
        organiser, organiser=org_tree.hanoi, year=2026, title="Cuộc thi", min_words=1
    )
    contest = services.set_contest_status(organiser, contest, Contest.Status.OPEN)
    base = {
        "title": "Người thầy",
        "text": "Một bài viết ngắn về người thật việc thật.",
        "author_name": "Trần Thị Thu",
        "author_address": "Hà Nội",
        "author_phone": "0912000001",
        "subject_name": "Nguyễn Văn Bình",
        "subject_commune": org_tree.dong_da,
        "press_outlet": "Báo Hà Nội Mới",
        "press_date": dt.date(2026, 1, 5),
        "video_minutes": "5",
    }
    for link in BAD_LINKS:
        for kind in ("article", "press", "video"):
            with pytest.raises(ValidationError):
                services.submit_entry(contest, **base, kind=kind, press_link=link, video_link=link)
    assert not Entry.objects.exists()


def test_what_is_typed_into_the_lookup_and_the_search_comes_back_as_text(client, organiser, contest):
    """The author's code lookup (public) and the organisers' search put what was typed back."""
    for vector in VECTORS:
        page = client.get("/cuoc-thi/tra-cuu/", {"ma": vector}).content.decode()
        assert_inert(page, [vector.strip()[:40]])
    client.force_login(organiser)
    for vector in VECTORS[::3]:
        page = client.get(f"/cuoc-thi/quan-ly/{contest.pk}/bai/", {"q": vector}).content.decode()
        assert_inert(page, [vector.strip()[:100]])
