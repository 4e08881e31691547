"""API of councils and their sessions: ``/api/v1/councils/`` and ``/api/v1/council-sessions/``.

A secret vote answers like the session page: while voting, only how many have voted; after
closing, only the totals. No response ever names who chose what.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from guongsang.core.api import ApiDate, BoundedPagination, DbId, api_enum
from guongsang.core.periods import end_after, last_day
from guongsang.core.permissions import can
from guongsang.nominations.selectors import nominations_for
from guongsang.orgs.selectors import units_for

from . import selectors, services
from .models import AgendaItem, CouncilMember, CouncilSession

# An id the database can hold: a larger number would overflow SQLite's INTEGER (a 500).
councils_router = Router(tags=["Hội đồng Thi đua – Khen thưởng"])

# The enums of this API, named apart from other apps' (see core.api.api_enum).
CouncilSessionStatus = api_enum(CouncilSession.Status)
CouncilMemberPosition = api_enum(CouncilMember.Position)
AgendaItemResult = api_enum(AgendaItem.Result)
sessions_router = Router(tags=["Phiên họp Hội đồng"])


class MemberOut(Schema):
    id: int
    user_id: int
    name: str
    position: CouncilMemberPosition
    votes: bool
    valid_from: dt.date | None = Field(..., description="Ngày bắt đầu giữ chức (null: từ đầu nhiệm kỳ)")
    last_day: dt.date | None = Field(..., description="Ngày cuối cùng giữ chức (null: đang giữ chức)")
    invited: bool = Field(..., description="Người ngoài đơn vị, được mời")
    invitation_reason: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_last_day(obj) -> dt.date | None:
        return last_day(obj.valid_to)


class CouncilOut(Schema):
    id: int
    name: str
    unit_id: int
    term_start: dt.date = Field(..., description="Ngày đầu nhiệm kỳ")
    term_end: dt.date | None = Field(..., description="Ngày cuối cùng của nhiệm kỳ (null: chưa định)")
    document_symbol: str
    members: list[MemberOut]

    @staticmethod
    def resolve_term_end(obj) -> dt.date | None:
        return last_day(obj.term_end)

    @staticmethod
    def resolve_members(obj) -> list:
        return list(selectors.members_of(obj))


class CouncilIn(Schema):
    unit_id: int = Field(..., ge=1, le=2**31 - 1)
    name: str = Field(..., min_length=1, max_length=255)
    term_start: ApiDate = Field(..., description="Ngày đầu nhiệm kỳ")
    term_end: ApiDate | None = Field(None, description="Ngày cuối cùng của nhiệm kỳ (tính cả ngày đó)")
    document_symbol: str = Field("HĐTĐKT", max_length=32)


class CouncilPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=255)
    term_start: ApiDate | None = None
    term_end: ApiDate | None = Field(None, description="Ngày cuối cùng của nhiệm kỳ (tính cả ngày đó)")
    document_symbol: str | None = Field(None, max_length=32)


class MemberIn(Schema):
    user_id: int = Field(..., ge=1, le=2**31 - 1)
    position: CouncilMemberPosition = CouncilMember.Position.MEMBER
    votes: bool = True
    valid_from: ApiDate | None = None
    invitation_reason: str = Field(
        "",
        max_length=2000,
        description="Bắt buộc khi người được mời không giữ vai trò tại đơn vị của Hội đồng "
        "hoặc đơn vị trực thuộc",
    )


class EndSeatIn(Schema):
    last_day: ApiDate = Field(..., description="Ngày cuối cùng giữ chức (tính cả ngày đó)")
    reason: str = Field("", max_length=90)


class CandidateOut(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class SessionOut(Schema):
    id: int
    council_id: int
    title: str
    held_on: dt.date
    place: str
    status: CouncilSessionStatus
    total_members: int
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None


class SessionIn(Schema):
    council_id: int = Field(..., ge=1, le=2**31 - 1)
    title: str = Field(..., min_length=1, max_length=255)
    held_on: ApiDate
    place: str = Field(..., min_length=1, max_length=255)
    reason: str = Field(
        "", max_length=1000, description="Nhập bổ sung phiên họp của kỳ trước (ngày họp trước hôm nay): lý do"
    )


class ItemOut(Schema):
    id: int
    nomination_id: int
    nominee: str
    award_type: str
    secret: bool
    ballots_cast: int
    yes: int | None
    no: int | None
    abstain: int | None
    written_yes: int | None
    written_no: int | None
    written_abstain: int | None
    written_opinions: int = Field(..., description="Số ý kiến bằng văn bản (phiếu kín: đã gộp vào tổng)")
    result: AgendaItemResult
    counted_yes: int | None
    counted_base: int | None
    i_voted: bool


class AttendanceIn(Schema):
    present_member_ids: list[DbId] = Field(..., max_length=500)


class AgendaIn(Schema):
    nomination_id: int = Field(..., ge=1, le=2**31 - 1)


class BallotIn(Schema):
    choice: str = Field(..., pattern="^(yes|no|abstain)$")


class WrittenIn(Schema):
    member_id: int = Field(..., ge=1, le=2**31 - 1)
    choice: str = Field(..., pattern="^(yes|no|abstain)$")


class CloseIn(Schema):
    notes: str = Field("", max_length=10_000)


@councils_router.get("/", response=list[CouncilOut], summary="Hội đồng tôi được xem")
@paginate(BoundedPagination, page_size=50)
def list_councils(request):
    return selectors.councils_for(request.auth)


@councils_router.post("/", response={201: CouncilOut}, summary="Lập Hội đồng cho đơn vị, với nhiệm kỳ")
def create_council(request, payload: CouncilIn):
    unit = get_object_or_404(units_for(request.auth), pk=payload.unit_id)
    council = services.create_council(
        request.auth,
        unit,
        name=payload.name,
        term_start=payload.term_start,
        term_end=end_after(payload.term_end),
        document_symbol=payload.document_symbol,
    )
    return Status(201, council)


def _council(request, council_id: int):
    return get_object_or_404(selectors.councils_for(request.auth), pk=council_id)


@councils_router.get("/{council_id}", response=CouncilOut, summary="Một Hội đồng")
def get_council(request, council_id: int):
    return _council(request, council_id)


@councils_router.patch("/{council_id}", response=CouncilOut, summary="Sửa tên, nhiệm kỳ của Hội đồng")
def update_council(request, council_id: int, payload: CouncilPatch):
    changes = payload.dict(exclude_unset=True)
    if "term_end" in changes:
        changes["term_end"] = end_after(changes["term_end"])
    return services.update_council(request.auth, _council(request, council_id), **changes)


@councils_router.get(
    "/{council_id}/candidates",
    response=list[CandidateOut],
    summary="Cán bộ của đơn vị (và đơn vị trực thuộc) có thể cử vào Hội đồng",
)
@paginate(BoundedPagination, page_size=100)
def candidates(request, council_id: int):
    council = _council(request, council_id)
    if not can(request.auth, "change", council):
        raise PermissionDenied
    return services.candidates(council)


@councils_router.post(
    "/{council_id}/members",
    response={201: CouncilOut},
    summary="Thêm thành viên (người ngoài đơn vị: cần lý do mời)",
)
def add_member(request, council_id: int, payload: MemberIn):
    council = _council(request, council_id)
    user = get_user_model().objects.filter(pk=payload.user_id, is_active=True).first()
    if user is None:
        # Answered like an account with no role: the API does not tell which ids exist.
        raise ValidationError(
            _("Chỉ mời được cán bộ đang giữ vai trò tại một đơn vị."), code="member_not_in_unit"
        )
    services.add_member(
        request.auth,
        council,
        user,
        position=payload.position,
        votes=payload.votes,
        valid_from=payload.valid_from,
        invitation_reason=payload.invitation_reason,
    )
    return Status(201, council)


@councils_router.post(
    "/{council_id}/members/{member_id}/end", response=CouncilOut, summary="Thành viên thôi giữ chức"
)
def end_member(request, council_id: int, member_id: int, payload: EndSeatIn):
    council = _council(request, council_id)
    member = get_object_or_404(CouncilMember, pk=member_id, council=council)
    services.end_member(request.auth, member, last_day=payload.last_day, reason=payload.reason)
    return council


@sessions_router.get("/", response=list[SessionOut], summary="Phiên họp tôi được xem")
@paginate(BoundedPagination, page_size=50)
def list_sessions(request):
    return selectors.sessions_for(request.auth)


@sessions_router.post("/", response={201: SessionOut}, summary="Lên lịch phiên họp")
def create_session(request, payload: SessionIn):
    council = get_object_or_404(selectors.councils_for(request.auth), pk=payload.council_id)
    session = services.create_session(
        request.auth,
        council,
        title=payload.title,
        held_on=payload.held_on,
        place=payload.place,
        reason=payload.reason,
    )
    return Status(201, session)


def _session(request, session_id: int) -> CouncilSession:
    return get_object_or_404(selectors.sessions_for(request.auth), pk=session_id)


@sessions_router.get("/{session_id}", response=SessionOut, summary="Một phiên họp")
def get_session(request, session_id: int):
    return _session(request, session_id)


def _agenda(request, session: CouncilSession) -> list[dict]:
    seat = selectors.seat_of(session, request.auth)
    return [
        {
            "id": v.item.pk,
            "nomination_id": v.item.nomination_id,
            "nominee": v.item.nomination.nominee.full_name,
            "award_type": v.item.nomination.award_type.name,
            "secret": v.item.secret,
            "ballots_cast": v.cast,
            "yes": v.yes,
            "no": v.no,
            "abstain": v.abstain,
            "written_yes": v.written_yes,
            "written_no": v.written_no,
            "written_abstain": v.written_abstain,
            "written_opinions": v.written,
            "result": v.item.result,
            "counted_yes": v.item.counted_yes,
            "counted_base": v.item.counted_base,
            "i_voted": v.i_voted,
        }
        for v in selectors.agenda_view(session, seat)
    ]


@sessions_router.get("/{session_id}/agenda", response=list[ItemOut], summary="Hồ sơ biểu quyết và kết quả")
def agenda(request, session_id: int):
    return _agenda(request, _session(request, session_id))


@sessions_router.post(
    "/{session_id}/agenda", response=list[ItemOut], summary="Đưa hồ sơ đã thẩm định vào phiên"
)
def add_to_agenda(request, session_id: int, payload: AgendaIn):
    session = _session(request, session_id)
    dossier = get_object_or_404(nominations_for(request.auth), pk=payload.nomination_id)
    services.add_to_agenda(request.auth, session, dossier)
    return _agenda(request, session)


@sessions_router.post("/{session_id}/attendance", response=SessionOut, summary="Điểm danh")
def attendance(request, session_id: int, payload: AttendanceIn):
    session = _session(request, session_id)
    services.record_attendance(request.auth, session, set(payload.present_member_ids))
    return session


@sessions_router.post(
    "/{session_id}/open", response=SessionOut, summary="Bắt đầu biểu quyết (cần đủ số thành viên)"
)
def open_session(request, session_id: int):
    return services.open_session(request.auth, _session(request, session_id))


@sessions_router.post(
    "/{session_id}/items/{item_id}/ballot", response=list[ItemOut], summary="Bỏ phiếu (thành viên có mặt)"
)
def ballot(request, session_id: int, item_id: int, payload: BallotIn):
    session = _session(request, session_id)
    item = get_object_or_404(AgendaItem, pk=item_id, session=session)
    services.cast_ballot(request.auth, item, payload.choice)
    return _agenda(request, session)


@sessions_router.post(
    "/{session_id}/items/{item_id}/written-opinion",
    response=list[ItemOut],
    summary="Ghi ý kiến bằng văn bản của thành viên vắng mặt",
)
def written(request, session_id: int, item_id: int, payload: WrittenIn):
    session = _session(request, session_id)
    item = get_object_or_404(AgendaItem, pk=item_id, session=session)
    member = get_object_or_404(CouncilMember, pk=payload.member_id, council=session.council)
    services.record_written_opinion(request.auth, item, member, payload.choice)
    return _agenda(request, session)


@sessions_router.post("/{session_id}/close", response=SessionOut, summary="Kết thúc phiên họp, khoá phiếu")
def close(request, session_id: int, payload: CloseIn):
    return services.close_session(request.auth, _session(request, session_id), notes=payload.notes)
