"""XSS in what reaches a commune's officer from the public form "Báo tin người tốt, việc tốt",
and in the dossier it becomes (the dossier's own fields: tests/nominations/test_xss.py): the
corpus in every field of the form (through the form itself, then through the service behind it
and the public API, since the form is throttled per client), read back from the officer's list,
each report's page, the notifications, the accept form (likely duplicates), the dossier opened
from it, and the reporter's status page with the officer's reason. A press link other than
http(s) is refused."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from guongsang.core.models import Notification
from guongsang.discovery import services as tips
from guongsang.discovery.models import GoodDeedReport
from guongsang.nominations.models import Nomination
from tests.stories.xss_vectors import BAD_LINKS, VECTORS, assert_inert, packed

pytestmark = pytest.mark.django_db
PHONE = "0912 345 678"
EVERYTHING = "\n".join(VECTORS)
FIELDS = ("reporter_name", "press_outlet", "person_name", "place_detail")


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_officer_and_reporter_see_payloads_as_text(
    client, org_tree, catalogue, ba_dinh_officer, api_client, django_capture_on_commit_callbacks
):
    chunks = packed(245)  # room for a prefix telling the fields apart
    sent = {}  # report → what each of its fields holds
    with django_capture_on_commit_callbacks(execute=True):
        values = {name: f"{name[:3]}0 {chunks[0]}" for name in FIELDS}
        response = client.post(
            "/bao-tin/",
            {
                **values,
                "source": "press",
                "reporter_phone": PHONE,
                "press_link": 'https://bao.example.vn/0?"><script>alert(1)</script>',
                "person_details": packed(2000)[0],
                "what_happened": EVERYTHING,
                "place_commune": org_tree.ba_dinh.pk,
                "consent": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[-3000:]
        first = GoodDeedReport.objects.get()
        sent[first.pk] = {**values, "person_details": packed(2000)[0], "what_happened": EVERYTHING}
        assert_inert(client.get(response["Location"]).content.decode())  # the page with the code
        api = api_client().post(
            "/api/v1/public/reports",
            {
                "source": "citizen",
                "reporter_name": chunks[1],
                "reporter_email": "mai.tran@example.vn",
                "person_name": chunks[1],
                "what_happened": chunks[1],
                "place_commune": org_tree.ba_dinh.pk,
                "place_detail": chunks[1],
            },
        )
        assert api.status_code == 201
        for index, chunk in enumerate(chunks[2:], start=2):
            values = {name: f"{name[:3]}{index} {chunk}" for name in FIELDS}
            details = packed(2000)[index % 2]
            report = tips.submit_report(
                **values,
                source="press",
                reporter_phone=PHONE,
                press_link=f"https://bao.example.vn/{index}?'onmouseover='alert(1)",
                person_details=details,
                what_happened=chunk,
                place_commune=org_tree.ba_dinh,
            )
            sent[report.pk] = {**values, "person_details": details, "what_happened": chunk}

    client.force_login(ba_dinh_officer)
    listing = client.get("/ho-so/tin-bao/").content.decode()
    assert_inert(listing, [v["person_name"] for v in list(sent.values())[:10]])
    for pk, values in sent.items():
        report = GoodDeedReport.objects.get(pk=pk)
        assert_inert(client.get(report.get_absolute_url()).content.decode(), list(values.values()))
    # Each report told the officer, by the person's name (shortened to fit a notice's title).
    titles = list(Notification.objects.filter(recipient=ba_dinh_officer).values_list("title", flat=True))
    assert titles and any(sent[first.pk]["person_name"][:100] in title for title in titles)
    assert_inert(client.get("/thong-bao/").content.decode(), titles)
    assert_inert(client.get("/").content.decode())

    # Accepted through the officer's form: a new person and a dossier, both named by the report.
    award = catalogue["nguoi-tot-viec-tot-ha-noi"]
    response = client.post(
        f"/ho-so/tin-bao/{first.pk}/chap-nhan/",
        {"award_type": award.pk, "nominee": "0", "full_name": "", "birth_year": "", "occupation": VECTORS[3]},
    )
    assert response.status_code == 302
    dossier = Nomination.objects.get()
    shown = [sent[first.pk]["what_happened"], sent[first.pk]["press_outlet"], sent[first.pk]["person_name"]]
    assert_inert(client.get(dossier.get_absolute_url()).content.decode(), shown)
    assert_inert(client.get("/ho-so/").content.decode(), [sent[first.pk]["person_name"]])
    person = dossier.nominee.get_absolute_url()
    assert_inert(client.get(person).content.decode(), [sent[first.pk]["person_name"], VECTORS[3]])

    # A second report about the same person offers the first as a likely duplicate.
    twin = tips.submit_report(
        reporter_name="Trần Thị Mai",
        reporter_phone=PHONE,
        person_name=sent[first.pk]["person_name"],
        what_happened="Một việc tốt khác của cùng người ấy, kể lại đủ dài.",
        place_commune=org_tree.ba_dinh,
    )
    page = client.get(twin.get_absolute_url()).content.decode()
    assert "Có người trùng tên" in page
    assert_inert(page, [sent[first.pk]["person_name"]])

    # Declined with a reason the reporter reads on the public status page.
    declined = GoodDeedReport.objects.get(pk=list(sent)[1])
    assert (
        client.post(f"/ho-so/tin-bao/{declined.pk}/tu-choi/", {"reason": packed(2000)[0]}).status_code == 302
    )
    assert_inert(client.get(declined.get_absolute_url()).content.decode(), [packed(2000)[0]])
    client.logout()
    for report in GoodDeedReport.objects.all():
        status = client.get("/bao-tin/tra-cuu/", {"ma": report.tracking_code}).content.decode()
        assert_inert(status, [packed(2000)[0]] if report == declined else [])
    answer = api_client().get(f"/api/v1/public/reports/{declined.tracking_code}")
    assert answer["Content-Type"].startswith("application/json")
    assert answer.json()["decline_reason"] == packed(2000)[0]


def test_reports_refuse_press_links_that_are_not_http(client, org_tree):
    for link in BAD_LINKS:
        with pytest.raises(ValidationError) as refused:
            tips.submit_report(
                reporter_name="Trần Thị Mai",
                reporter_phone=PHONE,
                source="press",
                press_outlet="Báo Hà Nội Mới",
                press_link=link,
                person_name="Nguyễn Văn Đức",
                what_happened="Anh ấy cứu một cháu bé bị đuối nước chiều 12/6.",
                place_commune=org_tree.ba_dinh,
            )
        assert "press_link" in refused.value.message_dict, link
    assert not GoodDeedReport.objects.exists()


def test_what_is_typed_into_the_lookup_and_the_search_comes_back_as_text(client, org_tree, ba_dinh_officer):
    """The reporter's code lookup (public) and the officer's search put what was typed back into
    the page."""
    for vector in VECTORS:
        page = client.get("/bao-tin/tra-cuu/", {"ma": vector}).content.decode()
        assert_inert(page, [vector.strip()[:40]])
    client.force_login(ba_dinh_officer)
    for vector in VECTORS[::3]:
        page = client.get("/ho-so/tin-bao/", {"q": vector, "status": vector}).content.decode()
        assert_inert(page, [vector.strip()[:100]])
