"""The session's biên bản (minutes) as DOCX, in the administrative format of core.documents."""

from __future__ import annotations

from django.utils import timezone

from guongsang.core.documents import AdministrativeDocument, document_number, place_and_date

from .models import AgendaItem, CouncilMember, CouncilSession
from .selectors import attendance_of, item_view

RESULT_TEXT = {
    AgendaItem.Result.PASSED: "Đạt",
    AgendaItem.Result.FAILED: "Không đạt",
    AgendaItem.Result.NO_QUORUM: "Không đủ số thành viên",
    AgendaItem.Result.PENDING: "Chưa biểu quyết",
}


def _place(unit) -> str:
    name = unit.name
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _written_cell(view) -> str:
    """Written opinions: split by choice for an open vote; for a secret vote only how many, as
    they are already in the totals (apart they would name the absent member's choice)."""
    if view.item.secret:
        return f"{view.written} (đã tính vào tổng)" if view.written else "0"
    return f"{view.written_yes}/{view.written_no}/{view.written_abstain}"


def minutes_docx(session: CouncilSession) -> bytes:
    """Members present and absent, each dossier's counts and result, signatures of the chair and
    the secretary. Only a closed session has minutes: while voting runs the counts of a secret
    vote are nobody's to see. Secret votes appear as totals only."""
    if session.status != CouncilSession.Status.CLOSED:
        raise ValueError("minutes exist only for a closed session")
    council = session.council
    rows = attendance_of(session)
    present = [a for a in rows if a.present]
    absent = [a for a in rows if not a.present]
    chair = council.members.filter(position=CouncilMember.Position.CHAIR).select_related("user").first()
    secretary = (
        council.members.filter(position=CouncilMember.Position.SECRETARY).select_related("user").first()
    )
    doc = AdministrativeDocument(
        parent_body=council.unit.name,
        issuing_body="Hội đồng Thi đua – Khen thưởng",
        number_line=document_number(session.minutes_number, council.minutes_symbol),
        place_date=place_and_date(_place(council.unit), session.held_on),
        kind_title="BIÊN BẢN",
        subject=f"Họp {council.name}: {session.title}",
    )
    opened = timezone.localtime(session.opened_at).strftime("%H giờ %M") if session.opened_at else "…"
    doc.paragraph(
        f"Vào lúc {opened}, {place_and_date('', session.held_on).lstrip(', ')}, tại {session.place}, "
        f"{council.name} họp xét đề nghị khen thưởng."
    )
    doc.paragraph(
        f"Tổng số thành viên Hội đồng: {session.total_members}; có mặt: {len(present)}; "
        f"vắng mặt: {len(absent)}."
    )
    doc.table(
        ["STT", "Họ và tên", "Chức danh", "Có mặt"],
        [
            [str(i), str(a.member.user), a.member.get_position_display(), "Có" if a.present else "Vắng"]
            for i, a in enumerate(rows, 1)
        ],
        title="THÀNH VIÊN DỰ HỌP",
    )
    items = [
        item_view(item, closed=True)
        for item in session.agenda.select_related("nomination__nominee", "nomination__award_type")
        .prefetch_related("ballots__member__user")
        .order_by("order", "pk")
    ]
    doc.table(
        [
            "STT",
            "Người được đề nghị",
            "Danh hiệu",
            "Hình thức",
            "Đồng ý",
            "Không đồng ý",
            "Không biểu quyết",
            "Ý kiến bằng văn bản (đồng ý/không/không biểu quyết)",
            "Tỷ lệ",
            "Kết quả",
        ],
        [
            [
                str(i),
                v.item.nomination.nominee.full_name,
                v.item.nomination.award_type.name,
                "Bỏ phiếu kín" if v.item.secret else "Biểu quyết công khai",
                str(v.yes),
                str(v.no),
                str(v.abstain),
                _written_cell(v),
                f"{v.item.counted_yes or 0}/{v.item.counted_base or 0} ({v.item.percent:.1f}%)".replace(
                    ".", ","
                ),
                RESULT_TEXT[v.item.result],
            ]
            for i, v in enumerate(items, 1)
        ],
        title="KẾT QUẢ BIỂU QUYẾT",
    )
    if session.notes:
        doc.paragraph("Ý kiến thảo luận: " + session.notes)
    closed = timezone.localtime(session.closed_at).strftime("%H giờ %M") if session.closed_at else "…"
    doc.paragraph(f"Phiên họp kết thúc vào lúc {closed} cùng ngày. Biên bản được thông qua tại phiên họp.")
    doc.table(
        ["THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"],
        [["", ""], ["", ""], [str(secretary.user) if secretary else "", str(chair.user) if chair else ""]],
    )
    return doc.render()


__all__ = ["minutes_docx"]
