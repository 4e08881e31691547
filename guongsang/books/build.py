"""Building the book: an EPUB 3 (ebooklib) and a print-ready A5 PDF with a table of contents
(WeasyPrint), from the edition's chapters, as a job with progress.

Photos go in as the 960 px copy the stories app keeps of each (about 200 dpi across the A5 text
block), shared by both outputs and embedded as stored, with no decoding: a phone does not need
the camera's 6000 px, and the PDF lays out far faster with them. A photo without its copies yet
is scaled down here instead (at most 1000 px, JPEG). Story bodies are already
sanitised HTML; they are re-serialised as XHTML (what EPUB requires) through lxml.
"""

from __future__ import annotations

import html
import io
import logging
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree
from lxml import html as lxml_html

from guongsang.core.models import Job
from guongsang.core.services import job_finished, job_progress

from .models import BookEdition
from .selectors import Chapter, chapters

logger = logging.getLogger(__name__)
MAX_SIDE = 1000


@dataclass
class Picture:
    name: str  # e.g. "images/s12-1.jpg"
    data: bytes
    alt: str
    caption: str
    path: Path | None = None


def xhtml_fragment(cleaned_html: str) -> str:
    """Sanitised HTML as well-formed XHTML (self-closed <br/>, numeric entities only)."""
    if not cleaned_html.strip():
        return ""
    wrapper = lxml_html.fragment_fromstring(cleaned_html, create_parent="div")
    parts = [etree.tostring(child, method="xml", encoding="unicode") for child in wrapper]
    text = html.escape(wrapper.text or "")
    return text + "".join(parts)


def scaled(file_field) -> bytes | None:
    """The photo as a JPEG no larger than MAX_SIDE, or None when it cannot be read."""
    from PIL import Image

    try:
        with file_field.open("rb") as handle, Image.open(handle) as image:
            # A JPEG decodes straight at a fraction of its size: far less work than decoding
            # the whole camera picture to throw most of it away.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=80, optimize=False)
            return buffer.getvalue()
    except (OSError, ValueError):
        logger.warning("book: unreadable photo %s", file_field.name)
        return None


def book_image(photo) -> bytes | None:
    """The photo's stored copy for books when it has one (already a small progressive JPEG),
    else the upload scaled down."""
    size = photo.book_size
    if size is not None:
        try:
            with photo.image.storage.open(size.name, "rb") as handle:
                return handle.read()
        except OSError:
            logger.warning("book: missing photo size %s", size.name)
    return scaled(photo.image)


def _pictures(book_chapters: list[Chapter], tick) -> dict[int, list[Picture]]:
    """Every story's photos, scaled, on a few threads (Pillow decodes and encodes outside the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    def story_pictures(story) -> list[Picture]:
        pictures = []
        for index, photo in enumerate(story.photos.all(), 1):
            data = book_image(photo)
            if data:
                pictures.append(
                    Picture(f"images/s{story.pk}-{index}.jpg", data, photo.alt_text, photo.caption)
                )
        return pictures

    stories = [story for chapter in book_chapters for story in chapter.stories]
    found: dict[int, list[Picture]] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for story, pictures in zip(stories, pool.map(story_pictures, stories), strict=True):
            found[story.pk] = pictures
            tick()
    return found


def build_epub(
    edition: BookEdition, book_chapters: list[Chapter], pictures: dict[int, list[Picture]], tick
) -> bytes:
    """The EPUB 3 file: cover, foreword, a navigation document, one XHTML file per story."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'guongsang-book-{edition.pk}')}")
    book.set_title(f"{edition.title} {edition.year}")
    book.set_language("vi")
    book.add_author(edition.organiser.name)
    book.add_metadata("DC", "publisher", edition.organiser.name)
    book.add_metadata("DC", "date", timezone.now().strftime("%Y-%m-%d"))
    if edition.subtitle:
        book.add_metadata("DC", "description", edition.subtitle)
    style = epub.EpubItem(
        uid="style",
        file_name="style/book.css",
        media_type="text/css",
        content=(
            b"body{font-family:serif;line-height:1.5;margin:0 .5em}h1{font-size:1.4em;margin:1em 0 .5em}"
            b"h2{font-size:1.2em}.lead{font-weight:bold}figure{margin:1em 0;text-align:center}"
            b"img{max-width:100%}figcaption{font-style:italic;font-size:.9em}.meta{color:#444;font-size:.9em}"
            b".chapter{text-align:center;margin-top:30%}"
        ),
    )
    book.add_item(style)
    spine: list = []
    toc: list = []
    if edition.cover:
        data = scaled(edition.cover)
        if data:
            book.set_cover("images/cover.jpg", data, create_page=True)
            spine.append("cover")

    def page(uid: str, file_name: str, title: str, body: str):
        item = epub.EpubHtml(uid=uid, title=title, file_name=file_name, lang="vi")
        item.content = (
            f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{html.escape(title)}</title></head>'
            f"<body>{body}</body></html>"
        )
        item.add_item(style)
        book.add_item(item)
        return item

    title_page = page(
        "title",
        "title.xhtml",
        edition.title,
        f'<h1 class="chapter">{html.escape(edition.title)}</h1>'
        f'<p class="meta">{html.escape(edition.subtitle)}</p>'
        f'<p class="meta">{html.escape(edition.organiser.name)} — {edition.year}</p>',
    )
    spine.append(title_page)
    if edition.foreword:
        foreword = page(
            "foreword",
            "foreword.xhtml",
            "Lời nói đầu",
            "<h1>Lời nói đầu</h1>" + xhtml_fragment(edition.foreword),
        )
        spine.append(foreword)
        toc.append(foreword)
    for number, chapter in enumerate(book_chapters, 1):
        opener = page(
            f"chapter{number}",
            f"chapter-{number}.xhtml",
            chapter.title,
            f'<h1 class="chapter">{html.escape(chapter.title)}</h1>',
        )
        spine.append(opener)
        items = []
        for story in chapter.stories:
            figures = ""
            for picture in pictures.get(story.pk, []):
                book.add_item(
                    epub.EpubItem(
                        uid=picture.name.replace("/", "-").replace(".", "-"),
                        file_name=picture.name,
                        media_type="image/jpeg",
                        content=picture.data,
                    )
                )
                caption = (
                    f"<figcaption>{html.escape(picture.caption)}</figcaption>" if picture.caption else ""
                )
                image = f'<img src="{picture.name}" alt="{html.escape(picture.alt)}"/>'
                figures += f"<figure>{image}{caption}</figure>"
            meta = html.escape(", ".join(x for x in (story.author_name, story.unit.name) if x))
            lead = f'<p class="lead">{html.escape(story.lead)}</p>' if story.lead else ""
            body = (
                f'<h1>{html.escape(story.title)}</h1><p class="meta">{meta}</p>{lead}'
                + (figures.split("</figure>", 1)[0] + "</figure>" if figures else "")
                + xhtml_fragment(story.body)
                + ("</figure>".join(figures.split("</figure>")[1:]) if figures else "")
            )
            item = page(f"story{story.pk}", f"story-{story.pk}.xhtml", story.title, body)
            spine.append(item)
            items.append(item)
            tick()
        toc.append((epub.Section(chapter.title, href=opener.file_name), items))
    book.toc = toc
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav()
    book.add_item(nav)
    book.spine = [spine[0], "nav", *spine[1:]] if spine and spine[0] == "cover" else ["nav", *spine]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"epub3_pages": False})
    return buffer.getvalue()


def build_pdf(
    edition: BookEdition, book_chapters: list[Chapter], pictures: dict[int, list[Picture]], workdir: Path
) -> bytes:
    """The A5 PDF: cover, title page, foreword, table of contents with page numbers, chapters."""
    from weasyprint import HTML

    for story_pictures in pictures.values():
        for picture in story_pictures:
            picture.path = workdir / picture.name.replace("/", "-")
            picture.path.write_bytes(picture.data)
    cover_path = None
    if edition.cover:
        data = scaled(edition.cover)
        if data:
            cover_path = workdir / "cover.jpg"
            cover_path.write_bytes(data)
    document = render_to_string(
        "books/print.html",
        {
            "edition": edition,
            "chapters": [
                {
                    "title": chapter.title,
                    "number": number,
                    "stories": [
                        {"story": s, "body": s.body, "pictures": pictures.get(s.pk, [])}
                        for s in chapter.stories
                    ],
                }
                for number, chapter in enumerate(book_chapters, 1)
            ],
            "cover": cover_path.as_uri() if cover_path else "",
        },
    )
    # Whole fonts instead of per-glyph subsets: the subsetting (fontTools, in Python) costs more
    # time than the few hundred kilobytes it saves on a book of hundreds of pages.
    return HTML(string=document, base_url=str(workdir)).write_pdf(full_fonts=True)


def run_build(job_id: int) -> None:
    """The job: chapters → photos → EPUB → PDF, with progress, then the files on the edition."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    edition = BookEdition.objects.select_related("organiser").get(pk=job.params["edition"])
    try:
        book_chapters = chapters(edition)
        count = sum(len(c.stories) for c in book_chapters)
        if not count:
            raise ValueError(_("Không có bài nào in được (chưa đăng, hoặc chưa có sự đồng ý đưa vào sách)."))
        total = 2 * count + 1
        done = 0

        def tick(message: str = "") -> None:
            nonlocal done
            done += 1
            if done % 10 == 0 or done == total:
                job_progress(job, done, total, message)

        job_progress(job, 0, total, _("Chuẩn bị ảnh…"))
        pictures = _pictures(book_chapters, tick)
        job_progress(job, done, total, _("Dựng EPUB…"))
        epub_bytes = build_epub(edition, book_chapters, pictures, tick)
        job_progress(job, done, total, _("Dàn trang PDF khổ A5…"))
        with tempfile.TemporaryDirectory(prefix="guongsang-book-") as workdir:
            pdf_bytes = build_pdf(edition, book_chapters, pictures, Path(workdir))
        slug = f"nhung-bong-hoa-dep-{edition.year}"
        edition.epub.save(f"{slug}.epub", ContentFile(epub_bytes), save=False)
        edition.pdf.save(f"{slug}.pdf", ContentFile(pdf_bytes), save=False)
        edition.status = BookEdition.Status.BUILT
        edition.built_at = timezone.now()
        edition.build_message = _("%(count)s bài trong %(chapters)s chương.") % {
            "count": count,
            "chapters": len(book_chapters),
        }
        edition.save()
        job_finished(job, ok=True, message=edition.build_message)
    except Exception as exc:  # the job must end visibly, whatever went wrong
        logger.exception("book build failed")
        BookEdition.objects.filter(pk=edition.pk).update(
            status=BookEdition.Status.FAILED, build_message=str(exc)[:2000]
        )
        job_finished(job, ok=False, message=str(exc)[:500])
