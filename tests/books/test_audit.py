"""Which stories are in the book and in which order is recorded: every add, move and removal
leaves a history row naming the editor, and the edition's page shows them on its timeline."""

import pytest
from django.utils import timezone

from guongsang.books import services
from guongsang.books.models import BookEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(editor, org_tree):
    return services.create_edition(editor, org_tree.hanoi, year=timezone.localdate().year)


@pytest.fixture
def three(make_story, publish, lan):
    return [
        publish(make_story(nominees=[lan], title="Lớp học tình thương")),
        publish(make_story(nominees=[lan], title="Thầy giáo vùng cao")),
        publish(make_story(nominees=[lan], title="Bếp ăn từ thiện")),
    ]


def _rows(edition, story):
    return list(
        BookEntry.history.filter(edition_id=edition.pk, story_id=story.pk).order_by(
            "history_date", "history_id"
        )
    )


def test_stories_added_to_the_book_are_recorded_as_created_by_the_editor(edition, editor, three):
    services.add_stories(editor, edition, three)
    for story in three:
        [row] = _rows(edition, story)
        assert (row.history_type, row.history_user) == ("+", editor)


def test_a_move_records_only_the_stories_whose_place_changed(edition, editor, three):
    first, second, third = three
    services.add_stories(editor, edition, three)
    services.move(editor, edition.entries.get(story=second), -1)
    moved = BookEntry.history.filter(edition_id=edition.pk, history_type="~")
    assert {(r.story_id, r.order, r.history_user) for r in moved} == {
        (second.pk, 10, editor),
        (first.pk, 20, editor),
    }
    assert not _rows(edition, third)[1:]


def test_a_story_removed_from_the_book_is_recorded_as_a_deletion_by_the_editor(edition, editor, three):
    services.add_stories(editor, edition, three)
    services.remove_story(editor, edition.entries.get(story=three[1]))
    last = _rows(edition, three[1])[-1]
    assert (last.history_type, last.history_user) == ("-", editor)
    assert not edition.entries.filter(story=three[1]).exists()


def test_the_edition_page_shows_stories_added_and_removed(client, edition, editor, three):
    services.add_stories(editor, edition, three[:2])
    services.remove_story(editor, edition.entries.get(story=three[0]))
    client.force_login(editor)
    body = client.get(edition.get_absolute_url()).content.decode()
    assert "Bỏ bài khỏi sách: Lớp học tình thương" in body
    assert "Thêm bài vào sách: Thầy giáo vùng cao" in body
