"""Administrative documents in the format of Nghị định 30/2020/NĐ-CP, as DOCX (python-docx).

Every decision, directive, minutes and proposal letter the platform writes goes through
:class:`AdministrativeDocument`, so the layout people check against the decree lives in one place:
A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, black; the issuing
body at the top left with the document number under it ("Số: 05/QĐ-UBND"); the national motto
(12–13 pt bold capitals) and slogan (13–14 pt bold, underlined) at the top right with the place
and date in italics under them; the title; the body in 14 pt; "Nơi nhận:" at the bottom left and
the signer (TM./KT. …) at the bottom right; no page number on the first page.

The number and date formats live here too: :func:`document_number` and :func:`place_and_date`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"


def padded(number: int) -> str:
    """Numbers under 10 get a leading zero, as the decree writes them: 5 → "05", 12 → "12"."""
    return f"{number:02d}"


def document_number(number: int | None, symbol: str) -> str:
    """ "Số: 05/QĐ-UBND"; a document not yet numbered shows the blank the typist would leave."""
    return f"Số: {padded(number)}/{symbol}" if number else f"Số:       /{symbol}"


def vietnamese_date(day: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2026": days under 10 and the months 1 and 2 get a leading zero
    (Nghị định 30/2020, Phụ lục I), so "tháng 3" is written without one."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: dt.date | None) -> str:
    """ "Hà Nội, ngày 05 tháng 01 năm 2026" (a blank date for a draft)."""
    if day is None:
        return f"{place}, ngày      tháng      năm        "
    return f"{place}, {vietnamese_date(day)}"


@dataclass
class Signer:
    """The signature block: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" / the name."""

    authority_line: str  # e.g. "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", or "" when the head signs
    title: str  # e.g. "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    name: str
    signed: bool = False


@dataclass
class AdministrativeDocument:
    """One administrative document; fill it, then :meth:`render` the DOCX bytes."""

    parent_body: str  # e.g. "ỦY BAN NHÂN DÂN" (the body above the issuer), may be ""
    issuing_body: str  # e.g. "THÀNH PHỐ HÀ NỘI"
    number_line: str  # from document_number()
    place_date: str  # from place_and_date()
    kind_title: str  # e.g. "QUYẾT ĐỊNH", "BIÊN BẢN", "TỜ TRÌNH", "" for an official letter (công văn)
    subject: str  # e.g. "Về việc khen thưởng …" or the "V/v …" line of a công văn
    signer: Signer | None = None
    recipients: Sequence[str] = ()
    _blocks: list = field(default_factory=list)

    # --- content -------------------------------------------------------------------------------

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        center: bool = False,
        indent: bool = True,
        size: float = 14,
    ) -> None:
        self._blocks.append(
            ("p", text, {"bold": bold, "italic": italic, "center": center, "indent": indent, "size": size})
        )

    def heading(self, text: str) -> None:
        """A centred bold line (e.g. "QUYẾT ĐỊNH:" before the articles)."""
        self.paragraph(text, bold=True, center=True, indent=False)

    def article(self, number: int, text: str) -> None:
        """ "Điều 1. …" with the article label in bold."""
        self._blocks.append(("article", number, text))

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]], *, title: str = "") -> None:
        """A bordered table (lists of people, ballot counts); ``title`` above it in bold."""
        self._blocks.append(("table", list(header), [list(r) for r in rows], title))

    def page_break(self) -> None:
        self._blocks.append(("break",))

    def signature(self) -> None:
        """Place "Nơi nhận" and the signer here (before an annex) rather than at the end."""
        self._blocks.append(("signature",))

    # --- layout --------------------------------------------------------------------------------

    def render(self) -> bytes:
        """The DOCX file."""
        document = Document()
        _base_style(document)
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        # Page numbers from page 2 on: a different (empty) first-page footer.
        section.different_first_page_header_footer = True
        _page_number_footer(section.footer)
        self._header(document)
        if self.kind_title:
            _para(document, self.kind_title, bold=True, center=True, size=14, space_before=12)
            if self.subject:
                _para(document, self.subject, bold=True, center=True, size=14)
        _rule(document)
        for block in self._blocks:
            kind = block[0]
            if kind == "p":
                _, text, opts = block
                _para(
                    document,
                    text,
                    first_line=opts["indent"] and not opts["center"],
                    justify=not opts["center"],
                    bold=opts["bold"],
                    italic=opts["italic"],
                    center=opts["center"],
                    size=opts["size"],
                )
            elif kind == "article":
                _, number, text = block
                p = _para(document, "", first_line=True, justify=True)
                _run(p, f"Điều {number}. ", bold=True)
                _run(p, text)
            elif kind == "table":
                _, header, rows, title = block
                if title:
                    _para(document, title, bold=True, center=True, size=13, space_before=6)
                _table(document, header, rows)
            elif kind == "break":
                document.add_page_break()
            elif kind == "signature":
                self._footer(document)
        if not any(block[0] == "signature" for block in self._blocks):
            self._footer(document)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    def _header(self, document) -> None:
        table = document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        left, right = table.rows[0].cells
        _widths(table, Mm(65), Mm(100))
        cell_para = left.paragraphs[0]
        cell_para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.parent_body:
            _run(cell_para, self.parent_body.upper(), size=13)
            cell_para.add_run().add_break()
        _run(cell_para, self.issuing_body.upper(), bold=True, size=13)
        number = left.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(number, self.number_line, size=13)
        if self.subject and not self.kind_title:
            subject = left.add_paragraph()
            subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(subject, self.subject, size=12)
        motto = right.paragraphs[0]
        motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(motto, MOTTO, bold=True, size=12)
        slogan = right.add_paragraph()
        slogan.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(slogan, SLOGAN, bold=True, size=13, underline=True)
        date = right.add_paragraph()
        date.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(date, self.place_date, italic=True, size=14)

    def _footer(self, document) -> None:
        if not (self.recipients or self.signer):
            return
        document.add_paragraph()
        table = document.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        _widths(table, Mm(85), Mm(80))
        if self.recipients:
            label = left.paragraphs[0]
            _run(label, "Nơi nhận:", bold=True, italic=True, size=12)
            for recipient in self.recipients:
                line = left.add_paragraph()
                _run(line, f"- {recipient}", size=11)
        if self.signer:
            head = right.paragraphs[0]
            head.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if self.signer.authority_line:
                _run(head, self.signer.authority_line, bold=True, size=14)
                head.add_run().add_break()
            _run(head, self.signer.title, bold=True, size=14)
            note = right.add_paragraph()
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(note, "(Đã ký)" if self.signer.signed else "", italic=True, size=14)
            for _ in range(3):
                right.add_paragraph()
            name = right.add_paragraph()
            name.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(name, self.signer.name, bold=True, size=14)


# --- python-docx helpers ---------------------------------------------------------------------------


def _widths(table, *widths) -> None:
    """Column widths that Word and LibreOffice both honour: the grid and every cell."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _base_style(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # Vietnamese text is "complex script"/East Asian to Word in places: name the font for all.
    fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        style.element.get_or_add_rPr().append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(4)
    style.paragraph_format.line_spacing = 1.15


def _run(
    paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    return run


def _para(
    document,
    text: str,
    *,
    bold=False,
    italic=False,
    center=False,
    justify=False,
    first_line=False,
    size: float = 14,
    space_before: float = 0,
):
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif justify:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if first_line:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    if space_before:
        paragraph.paragraph_format.space_before = Pt(space_before)
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _rule(document) -> None:
    """A short centred line under the title, as typists draw it."""
    _para(document, "―――――――", center=True, size=10)


def _table(document, header: Sequence[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    if header and header[0] == "STT" and len(header) > 1:
        # The running number needs little room; the text page is 165 mm wide.
        rest = Mm((165 - 12) / (len(header) - 1))
        _widths(table, Mm(12), *([rest] * (len(header) - 1)))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], text, bold=True, size=12)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _run(cell.paragraphs[0], str(text), size=12)


def _page_number_footer(footer) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def docx_text(content: bytes) -> str:
    """All the text of a DOCX (paragraphs and table cells), for tests and previews."""
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """An HTML page rendered to PDF with WeasyPrint (certificates, the book's print edition)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
