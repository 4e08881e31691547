"""Merging two records of one person: their stories, press log and weekly entries follow them to
the record that is kept, and a published story about them stays public."""

from __future__ import annotations

import datetime as dt

import pytest

from guongsang.nominees import services as nominees
from guongsang.stories import selectors, services, weekly
from guongsang.stories.models import PressCoverage, Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def lan_again(org_tree, records_officer):
    """Lan entered a second time by another officer, with her full given name and no consent."""
    return nominees.create_nominee(
        records_officer, full_name="Phạm Thị Ngọc Lan", birth_year=1990, unit=org_tree.thanh_xuan
    )


def test_published_story_follows_the_kept_record_and_stays_public(
    client, published, lan, lan_again, records_officer, editor
):
    assert selectors.public_story(published.pk) is not None

    nominees.merge_nominees(records_officer, keep=lan_again, drop=lan)

    assert list(published.nominees.all()) == [lan_again]
    # The consent moved with the merge, so the public column still shows the story.
    assert selectors.public_story(published.pk) is not None
    assert published in selectors.public_stories()
    assert client.get(published.get_public_url()).status_code == 200
    assert published in selectors.exemplar_stories(lan_again)
    # The search reads the kept record's name; the change is in the story's history, by whom.
    assert list(selectors.stories_for(editor, q="ngoc lan")) == [published]
    last = Story.objects.get(pk=published.pk).history.first()
    assert last.history_user == records_officer and last.history_change_reason.startswith("Hợp nhất")


def test_story_naming_both_records_keeps_one(make_story, lan, lan_again, records_officer):
    story = make_story(nominees=[lan, lan_again])

    nominees.merge_nominees(records_officer, keep=lan_again, drop=lan)

    assert list(story.nominees.all()) == [lan_again]


def test_press_log_follows_the_kept_record(lan, lan_again, records_officer, editor):
    entry = services.record_coverage(
        editor,
        lan,
        outlet="Báo Hà Nội Mới",
        published_on=dt.date(2026, 3, 8),
        title="Cô giáo của những em nhỏ",
    )

    nominees.merge_nominees(records_officer, keep=lan_again, drop=lan)

    entry.refresh_from_db()
    assert entry.nominee == lan_again
    assert list(selectors.coverage_of(lan_again)) == [entry]
    assert not PressCoverage.objects.filter(nominee=lan).exists()
    assert entry.history.first().history_user == records_officer


def test_weekly_entry_follows_the_kept_record(editor, org_tree, published, lan, lan_again, records_officer):
    iso = dt.date.today().isocalendar()
    selection = weekly.create_selection(
        editor, org_tree.hanoi, year=iso.year, week=iso.week, nominees=[lan], stories=[published]
    )
    selection = weekly.issue_selection(editor, selection)

    nominees.merge_nominees(records_officer, keep=lan_again, drop=lan)

    selection.refresh_from_db()
    assert list(selection.nominees.all()) == [lan_again]
    assert list(selection.stories.all()) == [published]
    assert selection.status == selection.Status.ISSUED and selection.number == 1
    assert selection.history.first().history_change_reason.startswith("Hợp nhất")
