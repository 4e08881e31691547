"""Administrative documents: the number and date formats of Nghị định 30/2020, and the DOCX."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from docx import Document

from guongsang.core import documents


def test_numbers_under_ten_are_zero_padded():
    assert documents.document_number(5, "QĐ-UBND") == "Số: 05/QĐ-UBND"
    assert documents.document_number(123, "QĐ-HĐTĐKT") == "Số: 123/QĐ-HĐTĐKT"


def test_dates_pad_days_under_ten_and_months_one_and_two():
    assert documents.place_and_date("Hà Nội", dt.date(2026, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2026"
    assert documents.vietnamese_date(dt.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert documents.vietnamese_date(dt.date(2026, 12, 9)) == "ngày 09 tháng 12 năm 2026"


def _decision(signed: bool = True) -> bytes:
    doc = documents.AdministrativeDocument(
        parent_body="Ủy ban nhân dân",
        issuing_body="Thành phố Hà Nội",
        number_line=documents.document_number(5, "QĐ-UBND"),
        place_date=documents.place_and_date("Hà Nội", dt.date(2026, 1, 5)),
        kind_title="QUYẾT ĐỊNH",
        subject="Về việc tặng danh hiệu Công dân Thủ đô ưu tú năm 2025",
        signer=documents.Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Sỹ Thanh", signed=signed),
        recipients=["Như Điều 3", "Lưu: VT, NV"],
    )
    doc.heading("QUYẾT ĐỊNH:")
    doc.article(1, "Tặng danh hiệu Công dân Thủ đô ưu tú cho 01 cá nhân có tên trong danh sách kèm theo.")
    doc.table(["STT", "Họ và tên", "Đơn vị"], [["1", "Nguyễn Văn Đức", "Phường Ba Đình"]], title="DANH SÁCH")
    return doc.render()


def test_decision_docx_has_the_decree_layout():
    content = _decision()
    text = documents.docx_text(content)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/QĐ-UBND",
        "Hà Nội, ngày 05 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Điều 1. Tặng danh hiệu",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn Đức",
    ):
        assert expected in text, expected
    document = Document(__import__("io").BytesIO(content))
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.different_first_page_header_footer
    assert document.styles["Normal"].font.name == "Times New Roman"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_decision_opens_in_libreoffice_and_renders_vietnamese(tmp_path):
    source = tmp_path / "quyet-dinh.docx"
    source.write_bytes(_decision())
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "quyet-dinh.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        # A narrow font may wrap a long line; what matters is the words, in order.
        text = " ".join(text.split())
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Công dân Thủ đô ưu tú" in text
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        # Times New Roman itself, or its metric-compatible stand-in where the font is not installed.
        assert "TimesNewRoman" in fonts.replace(" ", "") or "LiberationSerif" in fonts
