"""The book "Những bông hoa đẹp": an edition, chosen stories in chapters, the build as a job with
progress, the EPUB 3 (epubcheck clean when installed) and the A5 PDF with its table of contents."""

import io
import shutil
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from guongsang.books import selectors, services
from guongsang.books.models import BookEdition
from guongsang.core.models import Job
from guongsang.nominees import services as nominee_services
from tests.stories.fixtures import jpeg_bytes, photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(editor, org_tree):
    return services.create_edition(
        editor,
        org_tree.hanoi,
        year=timezone.localdate().year,
        foreword="Lời nói đầu của Ban biên tập.\n\nĐoạn hai.",
    )


@pytest.fixture
def two_fields(make_story, publish, lan, field_education, writer):
    first = publish(make_story(nominees=[lan], title="Cô giáo của lớp học tình thương"))
    second = make_story(
        nominees=[lan],
        title="Thầy giáo vùng cao",
        field=field_education,
        body="<p>Thầy dạy học<br>suốt &nbsp;hai mươi năm &amp; hơn.</p><ul><li>Một</li></ul>",
    )
    from guongsang.stories import services as story_services

    story_services.add_photo(
        writer, second, image=photo_upload("a.jpg", jpeg_bytes()), alt_text="Thầy giáo", caption="Giờ lên lớp"
    )
    second = publish(second)
    return first, second


def test_editor_creates_one_edition_per_year(edition, editor, org_tree):
    assert edition.title == "Những bông hoa đẹp"
    assert edition.foreword.startswith("<p>Lời nói đầu")
    with pytest.raises(ValidationError):
        services.create_edition(editor, org_tree.hanoi, year=edition.year)


def test_writer_cannot_compile_the_book(writer, org_tree):
    with pytest.raises(PermissionDenied):
        services.create_edition(writer, org_tree.thanh_xuan, year=2026)


def test_chapters_by_field_then_by_unit(edition, editor, two_fields):
    services.add_stories(editor, edition, list(two_fields))
    chapters = selectors.chapters(edition)
    assert [c.title for c in chapters] == ["Hoạt động tình nguyện", "Giáo dục"]
    services.update_edition(editor, edition, chapter_by=BookEdition.ChapterBy.UNIT)
    edition.refresh_from_db()
    assert [c.title for c in selectors.chapters(edition)] == ["Phường Thanh Xuân"]


def test_editor_reorders_stories(edition, editor, two_fields):
    first, second = two_fields
    services.add_stories(editor, edition, [first, second])
    services.move(editor, edition.entries.get(story=second), -1)
    assert [e.story for e in selectors.entries_of(edition)] == [second, first]


def test_drafts_cannot_go_into_the_book(edition, editor, make_story):
    with pytest.raises(ValidationError):
        services.add_stories(editor, edition, [make_story()])


def test_story_whose_person_withdrew_book_consent_is_left_out(
    edition, editor, two_fields, lan, records_officer
):
    services.add_stories(editor, edition, list(two_fields))
    nominee_services.withdraw_consent(records_officer, lan.consents.get())
    nominee_services.give_consent(records_officer, lan, given_by="Phạm Thị Lan", scope="stories")
    assert selectors.chapters(edition) == []
    assert set(selectors.left_out(edition)) == set(two_fields)


def test_build_makes_epub_and_pdf_with_progress(
    edition, editor, two_fields, tmp_path, django_capture_on_commit_callbacks
):
    services.add_stories(editor, edition, list(two_fields))
    services.set_cover(editor, edition, photo_upload("bia.jpg", jpeg_bytes(600, 850)))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_build(editor, edition)
    job.refresh_from_db()
    edition.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.done == job.total == 2 * 2 + 1
    assert edition.status == BookEdition.Status.BUILT
    assert "2 bài trong 2 chương" in edition.build_message

    epub = edition.epub.read()
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        assert archive.namelist()[0] == "mimetype"
        names = archive.namelist()
        assert any(n.endswith("nav.xhtml") for n in names)
        assert any(n.endswith(".jpg") for n in names)
        story_file = next(n for n in names if n.endswith(f"story-{two_fields[1].pk}.xhtml"))
        assert "<br/>" in archive.read(story_file).decode()
        # The photo goes in as its stored copy for books (no wider than 1000 px), not the upload.
        photo = two_fields[1].photos.get()
        with photo.image.storage.open(photo.book_size.name) as handle:
            copy = handle.read()
        embedded = next(n for n in names if n.endswith(f"s{two_fields[1].pk}-1.jpg"))
        assert archive.read(embedded) == copy and photo.book_size.width == 800

    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo, pdftotext) is not installed")
    pdf_path = tmp_path / "book.pdf"
    pdf_path.write_bytes(edition.pdf.read())
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "Page size:       419.528 x 595.276 pts" in info, info  # A5: 148 × 210 mm
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Mục lục" in text and "Thầy giáo vùng cao" in text and "Lời nói đầu" in text


def epubcheck_command() -> list[str] | None:
    """Debian installs epubcheck as a jar behind a symlink (run through binfmt, which containers
    often lack), so it is started with java directly."""
    found = shutil.which("epubcheck")
    if found is None:
        return None
    from pathlib import Path

    target = Path(found).resolve()
    if target.suffix == ".jar":
        return [shutil.which("java") or "java", "-jar", str(target)]
    return [found]


@pytest.mark.skipif(epubcheck_command() is None, reason="Debian's epubcheck is not installed")
def test_epub_passes_epubcheck_without_errors_or_warnings(
    edition, editor, two_fields, tmp_path, django_capture_on_commit_callbacks
):
    services.add_stories(editor, edition, list(two_fields))
    services.set_cover(editor, edition, photo_upload("bia.png"))
    with django_capture_on_commit_callbacks(execute=True):
        services.start_build(editor, edition)
    edition.refresh_from_db()
    target = tmp_path / "book.epub"
    target.write_bytes(edition.epub.read())
    result = subprocess.run([*epubcheck_command(), str(target)], capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "No errors or warnings detected" in output, output


def test_public_download_after_release(edition, editor, two_fields, django_capture_on_commit_callbacks):
    services.add_stories(editor, edition, list(two_fields))
    with django_capture_on_commit_callbacks(execute=True):
        services.start_build(editor, edition)
    anon = Client()
    assert anon.get(f"/tin-tuc/sach/{edition.pk}/epub/").status_code == 404
    services.update_edition(editor, edition, is_public=True)
    page = anon.get("/tin-tuc/sach/").content.decode()
    assert "Những bông hoa đẹp" in page
    response = anon.get(f"/tin-tuc/sach/{edition.pk}/epub/")
    assert response.status_code == 200 and response["Content-Type"] == "application/epub+zip"
    pdf = anon.get(f"/tin-tuc/sach/{edition.pk}/pdf/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_release_needs_a_built_book(edition, editor):
    with pytest.raises(ValidationError):
        services.update_edition(editor, edition, is_public=True)


def test_book_pages_and_api(edition, editor, two_fields, client, api_client):
    services.add_stories(editor, edition, list(two_fields))
    client.force_login(editor)
    page = client.get(edition.get_absolute_url())
    assert page.status_code == 200 and "Thầy giáo vùng cao" in page.content.decode()
    response = client.post(f"/sach/{edition.pk}/dung-sach/")
    assert response.status_code == 302 and "/viec/" in response["Location"]
    chapters = api_client(editor).get(f"/api/v1/books/{edition.pk}/chapters").json()
    assert [c["title"] for c in chapters] == ["Hoạt động tình nguyện", "Giáo dục"]
