"""Search ignoring diacritics and case, on the page and through the API."""

import pytest
from django.test import Client

from guongsang.nominees import services as nominee_services
from guongsang.stories import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def doan(org_tree, records_officer):
    """Đoàn Thị Hoa: consented to the portal."""
    person = nominee_services.create_nominee(
        records_officer, full_name="Đoàn Thị Hoa", unit=org_tree.thanh_xuan, public_fields=["full_name"]
    )
    nominee_services.give_consent(records_officer, person, given_by="Đoàn Thị Hoa", scope="all")
    return person


@pytest.fixture
def stories(make_story, publish, lan):
    return [
        publish(make_story(nominees=[lan], title="Người tốt, việc tốt ở phường Thanh Xuân")),
        publish(make_story(nominees=[lan], title="Đoàn viên thanh niên hiến máu", lead="Tình nguyện")),
        publish(
            make_story(nominees=[lan], title="Một bài khác", lead="Không liên quan", body="<p>Trồng cây</p>")
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguoi tot viec tot", 0),
        ("NGƯỜI TỐT", 0),
        ("doan", 1),
        ("ĐOÀN VIÊN", 1),
        ("hien mau", 1),
        ("trong cay", 2),
        ("  viec   tot  ", 0),
    ],
)
def test_story_search_ignores_diacritics_and_case(stories, query, expected):
    found = selectors.search(query)["stories"]
    assert stories[expected] in found
    assert len(found) == 1


def test_search_finds_exemplars_by_folded_name(doan, hung, lan):
    found = selectors.search("doan")["exemplars"]
    assert found == [doan]  # Đoàn Văn Hùng gave no consent: not public


def test_search_of_nothing_finds_nothing(stories):
    assert selectors.search("   ") == {"stories": [], "exemplars": []}
    assert selectors.search("\x00%_") == {"stories": [], "exemplars": []}


def test_search_does_not_find_drafts(make_story):
    make_story(title="Người tốt bản nháp")
    assert selectors.search("ban nhap")["stories"] == []


def test_search_page(stories, doan):
    html = Client().get("/tin-tuc/tim-kiem/", {"q": "doan"}).content.decode()
    assert "Đoàn viên thanh niên hiến máu" in html and "Đoàn Thị Hoa" in html


def test_search_api(stories, doan, api_client):
    response = api_client().get("/api/v1/search", {"q": "nguoi tot viec tot"})
    assert response.status_code == 200
    body = response.json()
    assert [s["title"] for s in body["stories"]] == ["Người tốt, việc tốt ở phường Thanh Xuân"]
    response = api_client().get("/api/v1/search", {"q": "doan"})
    assert [e["data"]["full_name"] for e in response.json()["exemplars"]] == ["Đoàn Thị Hoa"]


def test_search_api_refuses_an_overlong_query(api_client):
    response = api_client().get("/api/v1/search", {"q": "x" * 500})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_recent_window_gives_the_same_newest_matches(make_story, publish, lan, monkeypatch):
    """Searching the newest stories first is an optimisation only: same answer as a full search."""
    made = [publish(make_story(nominees=[lan], title=f"Người tốt số {n}")) for n in range(6)]
    full = selectors.public_stories(q="nguoi tot")[:3]
    monkeypatch.setattr(selectors, "RECENT_WINDOW", 4)
    assert selectors.newest_matches("nguoi tot", 3) == list(full)
    assert selectors.newest_matches("nguoi tot", 3) == made[::-1][:3]
    # Fewer matches in the window than asked for: the whole column is searched.
    assert selectors.newest_matches("nguoi tot", 6) == made[::-1]
