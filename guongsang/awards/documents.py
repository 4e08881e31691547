"""The award's documents: the decision (DOCX), the certificate (PDF with a QR code), and the
proposal letter to the level above (tờ trình, DOCX)."""

from __future__ import annotations

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from guongsang.core.documents import (
    AdministrativeDocument,
    Signer,
    document_number,
    place_and_date,
    render_pdf,
    vietnamese_date,
)

from .models import Decision, Recognition


def _bodies(unit) -> tuple[str, str]:
    """The issuing body's two lines: "ỦY BAN NHÂN DÂN" / "THÀNH PHỐ HÀ NỘI" for a province or a
    commune (their People's Committee signs); the unit's own name otherwise."""
    if unit.kind in ("province", "commune", "district"):
        return "Ủy ban nhân dân", unit.name
    return "", unit.name


def _place(unit) -> str:
    """The place in the date line: the province's short name ("Hà Nội")."""
    step = unit.steplen
    ancestors = [unit.path[:end] for end in range(step, len(unit.path), step)]
    province = (
        unit
        if unit.kind == "province"
        else type(unit).objects.filter(path__in=ancestors, kind="province").first()
    )
    name = (province or unit).name
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def decision_docx(decision: Decision) -> bytes:
    """The decision in the Nghị định 30/2020 format, with the list of those awarded as an annex."""
    parent, body = _bodies(decision.issuing_unit)
    items = list(
        decision.items.select_related(
            "nomination__nominee__unit", "nomination__submitting_unit", "nomination__rule"
        ).order_by("pk")
    )
    approved = [i for i in items if i.approved]
    doc = AdministrativeDocument(
        parent_body=parent,
        issuing_body=body,
        number_line=document_number(decision.number, decision.symbol),
        place_date=place_and_date(_place(decision.issuing_unit), decision.signed_on),
        kind_title="QUYẾT ĐỊNH",
        subject=decision.title,
        signer=Signer(
            decision.authority_line,
            decision.signer_title or "CHỦ TỊCH",
            decision.signer_name,
            signed=decision.status == Decision.Status.SIGNED,
        ),
        recipients=["Như Điều 3", "Ban Thi đua – Khen thưởng", "Lưu: VT"],
    )
    doc.heading(f"{decision.signer_title or 'CHỦ TỊCH'} {parent} {body}".upper().replace("  ", " "))
    rule = next((i.nomination.rule for i in items if i.nomination.rule_id), None)
    from django.utils import timezone

    from .catalogue import law_on

    basis = decision.basis or "\n".join(
        [
            # The law and the rule version of the day it was signed: a 2024 decision entered in
            # 2026 cites what was in force in 2024.
            f"Căn cứ {law_on(decision.signed_on or timezone.localdate())};",
            *([f"Căn cứ {rule.legal_basis};"] if rule else []),
            "Xét đề nghị của Hội đồng Thi đua – Khen thưởng.",
        ]
    )
    for line in basis.splitlines():
        doc.paragraph(line, italic=True)
    doc.heading("QUYẾT ĐỊNH:")
    doc.article(
        1,
        f"Tặng “{decision.award_type.name}” năm {decision.award_year} cho {len(approved):02d} "
        "cá nhân, tập thể có tên trong danh sách kèm theo "
        "vì đã có thành tích xuất sắc.",
    )
    doc.article(2, "Quyết định có hiệu lực kể từ ngày ký.")
    doc.article(
        3,
        "Chánh Văn phòng, Trưởng Ban Thi đua – Khen thưởng, thủ trưởng các đơn vị có liên quan "
        "và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
    )
    doc.signature()
    doc.page_break()
    doc.paragraph("DANH SÁCH", bold=True, center=True, indent=False)
    doc.paragraph(
        f"(Kèm theo Quyết định số {decision.number_display if decision.number else '…'} "
        f"{vietnamese_date(decision.signed_on) if decision.signed_on else ''})",
        italic=True,
        center=True,
        indent=False,
    )
    doc.table(
        ["STT", "Họ và tên / Tên tập thể", "Đơn vị", "Đơn vị đề nghị"],
        [
            [
                str(i),
                item.nomination.nominee.full_name,
                item.nomination.nominee.unit.name,
                item.nomination.submitting_unit.name,
            ]
            for i, item in enumerate(approved, 1)
        ],
    )
    return doc.render()


def _qr_data_uri(url: str) -> str:
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, dark="#7a0f14")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def verify_url(recognition: Recognition) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{recognition.get_verify_url()}"


def certificate_pdf(recognition: Recognition) -> bytes:
    """The certificate: landscape A4, the award's name large, the person, the decision, and a QR
    code to the public verification page."""
    decision = recognition.decision
    html = render_to_string(
        "awards/certificate.html",
        {
            "recognition": recognition,
            "decision": decision,
            "place_date": place_and_date(_place(recognition.unit), decision.signed_on),
            "bodies": _bodies(recognition.unit),
            "qr": _qr_data_uri(verify_url(recognition)),
            "verify_url": verify_url(recognition),
        },
    )
    return render_pdf(html)


def proposal_docx(dossier, recognition: Recognition) -> bytes:
    """The tờ trình that sends a recognised exemplar's dossier to the level above."""
    parent, body = _bodies(dossier.submitting_unit)
    doc = AdministrativeDocument(
        parent_body=parent,
        issuing_body=body,
        number_line=document_number(None, "TTr-UBND"),
        place_date=place_and_date(_place(dossier.submitting_unit), timezone.localdate()),
        kind_title="TỜ TRÌNH",
        subject=f"Về việc đề nghị tặng “{dossier.award_type.name}”",
        signer=Signer("TM. ỦY BAN NHÂN DÂN" if parent else "", "CHỦ TỊCH" if parent else "THỦ TRƯỞNG", ""),
        recipients=[dossier.receiving_unit.name, "Lưu: VT"],
    )
    doc.paragraph(f"Kính gửi: {dossier.receiving_unit.name}.", indent=False, bold=True, center=True)
    doc.paragraph(
        f"{dossier.submitting_unit.name} đã tặng “{recognition.award_type.name}” năm {recognition.year} cho "
        f"{recognition.nominee.full_name} theo Quyết định số {recognition.decision.number_display} "
        f"{vietnamese_date(recognition.decision.signed_on)}."
    )
    doc.paragraph(
        f"Xét thành tích tiêu biểu, {dossier.submitting_unit.name} kính đề nghị "
        f"{dossier.receiving_unit.name} xem xét, tặng “{dossier.award_type.name}” "
        f"cho {recognition.nominee.full_name}."
    )
    doc.paragraph("Tóm tắt thành tích: " + dossier.achievements)
    doc.paragraph(f"Hồ sơ kèm theo: hồ sơ {dossier.code} trên hệ thống Gương Sáng.")
    return doc.render()
