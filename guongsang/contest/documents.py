"""Files in and out of the contest: DOCX entries read as text, XLSX exports (entries, scores and
comments, conflicts; the judge's own blind sheet), prize certificates as PDF."""

from __future__ import annotations

import io
import zipfile
from html import escape

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from guongsang.core.uploads import check_archive, check_upload

from .models import ConflictDeclaration, Contest, Entry, JudgeAssignment

MAX_DOCX_BYTES = 5 * 1024 * 1024
# A DOCX is a ZIP: a small file can unpack to gigabytes (a "zip bomb"). Refuse before parsing.
MAX_DOCX_UNPACKED = 40 * 1024 * 1024
MAX_DOCX_MEMBERS = 2000


def docx_to_text(file) -> str:
    """The text of an uploaded DOCX (paragraphs, then table cells), or a clear refusal."""
    name = getattr(file, "name", "") or "bai-du-thi.docx"
    check_upload(file, allowed=("docx",), max_bytes=MAX_DOCX_BYTES)
    file.seek(0)
    broken = ValidationError(
        _("Tệp “%(name)s” bị hỏng hoặc không phải tệp Word (DOCX) hợp lệ. Hãy lưu lại bằng Word rồi gửi lại, "
          "hoặc dán nội dung vào ô bài viết.") % {"name": name},
        code="docx_broken",
    )  # fmt: skip
    try:
        check_archive(file, max_unpacked=MAX_DOCX_UNPACKED, max_members=MAX_DOCX_MEMBERS, kind="Word (DOCX)")
    except ValidationError as exc:
        if exc.code == "archive_broken":
            raise broken from exc
        raise
    with zipfile.ZipFile(file) as archive:
        if "word/document.xml" not in archive.namelist():
            raise broken
    file.seek(0)
    try:
        from docx import Document

        document = Document(file)
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise broken from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    if not text:
        raise ValidationError(_("Tệp “%(name)s” không có chữ nào.") % {"name": name}, code="docx_empty")
    return text


def _sheet(workbook: Workbook, title: str, header: list[str], rows) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"


def _save(workbook: Workbook) -> bytes:
    del workbook[workbook.sheetnames[0]]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def entries_xlsx(contest: Contest) -> bytes:
    """Every entry with its author (for the organisers: this file is not for judges)."""
    workbook = Workbook()
    entries = contest.entries.select_related("unit", "subject_commune", "prize").order_by("pk")
    _sheet(
        workbook,
        _("Bài dự thi"),
        [
            _("Mã theo dõi"), _("Mã chấm"), _("Thể loại"), _("Tên bài"), _("Số chữ"), _("Tác giả"),
            _("Địa chỉ"), _("Điện thoại"), _("Thư điện tử"), _("Đơn vị gửi"), _("Nhân vật"),
            _("Xã, phường"), _("Cơ quan báo chí"), _("Ngày đăng"), _("Đường dẫn"), _("Trạng thái"),
            _("Có bài tương đồng"), _("Giải"), _("Gửi lúc"),
        ],
        (
            [
                e.tracking_code, e.blind_code, e.get_kind_display(), e.title, e.word_count, e.author_name,
                e.author_address, e.author_phone, e.author_email, e.unit.name if e.unit else "",
                e.subject_name, e.subject_commune.name, e.press_outlet,
                e.press_date.strftime("%d/%m/%Y") if e.press_date else "", e.press_link or e.video_link,
                e.get_status_display(), _("Có") if e.similarity_flagged else "",
                e.prize.name if e.prize else "", _local(e.created_at),
            ]
            for e in entries.iterator(chunk_size=2000)
        ),
    )  # fmt: skip
    return _save(workbook)


def scores_xlsx(contest: Contest) -> bytes:
    """Every score and comment of every round, with the judge's name (decisions must be
    justifiable); replaced assignments are listed with the reason."""
    workbook = Workbook()
    for round_ in contest.rounds.order_by("order"):
        criteria = round_.criteria
        rows = (
            JudgeAssignment.objects.filter(round=round_)
            .select_related("entry", "judge__user", "score")
            .order_by("entry_id", "pk")
        )

        def lines(rows=rows, criteria=criteria):
            for a in rows.iterator(chunk_size=2000):
                score = getattr(a, "score", None)
                yield [
                    a.entry.blind_code, a.entry.tracking_code, a.entry.title,
                    a.judge.user.get_full_name() or a.judge.user.username, a.get_status_display(),
                    *[(score.values.get(c["key"]) if score else None) for c in criteria],
                    score.total if score else None, score.comment if score else "", a.why,
                ]  # fmt: skip

        _sheet(
            workbook,
            round_.name[:31],
            [
                _("Mã chấm"), _("Mã theo dõi"), _("Tên bài"), _("Giám khảo"), _("Phân công"),
                *[f"{c['name']} (/{c['max']:g}, ×{c['weight']:g})" for c in criteria],
                _("Tổng (thang 100)"), _("Nhận xét"), _("Lý do phân công"),
            ],
            lines(),
        )  # fmt: skip
    return _save(workbook)


def conflicts_xlsx(contest: Contest) -> bytes:
    """Every conflict of interest declared."""
    workbook = Workbook()
    rows = ConflictDeclaration.objects.filter(entry__contest=contest).select_related("entry", "user")
    _sheet(
        workbook,
        _("Xung đột lợi ích"),
        [_("Mã chấm"), _("Mã theo dõi"), _("Giám khảo"), _("Lý do"), _("Khai lúc")],
        (
            [c.entry.blind_code, c.entry.tracking_code, c.user.get_full_name() or c.user.username, c.reason,
             _local(c.declared_at)]
            for c in rows.order_by("declared_at")
        ),
    )  # fmt: skip
    return _save(workbook)


def judge_xlsx(user, round_) -> bytes:
    """A judge's own sheet: their entries under the blind code, with titles redacted as on their
    pages (``selectors.judge_sheet``), their marks and comments. Nothing about the author."""
    from .selectors import judge_sheet

    workbook = Workbook()
    criteria = round_.criteria
    _sheet(
        workbook,
        _("Bài chấm"),
        [_("Mã chấm"), _("Tên bài"), _("Số chữ"), *[c["name"] for c in criteria], _("Tổng"), _("Nhận xét")],
        (
            [row.blind_code, row.title, row.word_count,
             *[(row.score.values.get(c["key"]) if row.score else None) for c in criteria],
             row.score.total if row.score else None, row.score.comment if row.score else ""]
            for row in judge_sheet(user, round_)
        ),
    )  # fmt: skip
    return _save(workbook)


def certificate_html(entry: Entry) -> str:
    contest = entry.contest
    day = (
        timezone.localdate(contest.results_published_at)
        if contest.results_published_at
        else timezone.localdate()
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: A4 landscape; margin: 15mm; }}
body {{ font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; color: #000; }}
.frame {{ border: 6px double #b8860b; height: 168mm; padding: 12mm 18mm; text-align: center; }}
.motto {{ font-weight: bold; font-size: 13pt; }}
.sub {{ font-weight: bold; font-size: 14pt; text-decoration: underline; margin-bottom: 10mm; }}
.org {{ font-size: 14pt; text-transform: uppercase; }}
h1 {{ font-size: 34pt; color: #b22222; margin: 6mm 0 2mm; letter-spacing: 2px; }}
.prize {{ font-size: 24pt; font-weight: bold; color: #b22222; margin: 4mm 0; }}
.name {{ font-size: 22pt; font-weight: bold; margin: 4mm 0; }}
.work {{ font-size: 15pt; font-style: italic; }}
.date {{ margin-top: 12mm; font-style: italic; font-size: 13pt; }}
</style></head><body><div class="frame">
<div class="motto">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
<div class="sub">Độc lập - Tự do - Hạnh phúc</div>
<div class="org">{escape(contest.organiser.name)}</div>
<h1>GIẤY CHỨNG NHẬN</h1>
<div class="prize">{escape(entry.prize.name if entry.prize else "")}</div>
<div>{escape(contest.title)} năm {contest.year}</div>
<div class="name">{escape(entry.author_name)}</div>
<div class="work">Tác phẩm: “{escape(entry.title)}”</div>
<div class="date">ngày {day.day:02d} tháng {day.month:02d} năm {day.year}</div>
</div></body></html>"""


def certificate_pdf(entry: Entry) -> bytes:
    """The prize certificate (A4 landscape) rendered with WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=certificate_html(entry)).write_pdf()
