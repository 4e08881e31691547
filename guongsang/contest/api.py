"""API of the writing contest: ``/api/v1/contests/``.

Public (no token): the open and published contests, and ``POST /contests/{id}/entries/`` which
answers with the tracking code. Organisers: entries with authors, assigning, rankings, the
similarity report. Judges: their assignments under blind codes and their scores — a judge's
responses are built from ``selectors.BLIND_FIELDS`` only.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from guongsang.core.api import ApiDate, ApiError, BearerAuth, BoundedPagination
from guongsang.core.permissions import can
from guongsang.orgs.models import OrgUnit

from . import selectors, services, tasks
from .models import Contest, Judge, Round

router = Router(tags=["Cuộc thi viết"])


class PrizeOut(Schema):
    name: str
    count: int


class RoundOut(Schema):
    id: int
    order: int
    name: str
    level: str
    judges_per_entry: int
    status: str
    criteria: list[dict]


class ContestOut(Schema):
    id: int
    title: str
    year: int
    organiser: str = Field(alias="organiser.name")
    status: str
    min_words: int
    max_words: int
    max_video_minutes: int
    accepted_kinds: list[str]
    closes_on: dt.date | None
    rules_text: str
    rounds: list[RoundOut]
    prizes: list[PrizeOut]
    results_published: bool

    @staticmethod
    def resolve_rounds(obj):
        return list(obj.rounds.all())

    @staticmethod
    def resolve_prizes(obj):
        return list(obj.prizes.all())

    @staticmethod
    def resolve_results_published(obj):
        return obj.results_published_at is not None


class RoundIn(Schema):
    name: str
    level: str = "preliminary"
    judges_per_entry: int = 3
    max_per_judge: int | None = None
    criteria: list[dict] | None = None
    ranking_method: str = "zscore"
    disagreement_gap: float = 25
    ends_on: ApiDate | None = None


class PrizeIn(Schema):
    name: str
    count: int


class ContestIn(Schema):
    organiser_id: int
    year: int
    title: str
    rules_text: str = ""
    eligibility: str | None = None
    min_words: int = 300
    max_words: int = 2000
    max_video_minutes: int = 7
    accepted_kinds: list[str] | None = None
    opens_on: ApiDate | None = None
    closes_on: ApiDate | None = None
    rounds: list[RoundIn] | None = None
    prizes: list[PrizeIn] | None = None


class EntryIn(Schema):
    kind: str = "article"
    title: str
    text: str = ""
    author_name: str
    author_address: str
    author_phone: str
    author_email: str = ""
    press_outlet: str = ""
    press_date: ApiDate | None = None
    press_link: str = ""
    video_link: str = ""
    video_minutes: float | None = None
    subject_name: str
    subject_is_collective: bool = False
    subject_commune_id: int
    subject_place: str = ""
    via_unit_id: int | None = None


class EntryCreated(Schema):
    tracking_code: str
    word_count: int
    message: str


class EntryOut(Schema):
    """An entry with its author: for organisers only."""

    id: int
    tracking_code: str
    blind_code: str
    kind: str
    title: str
    word_count: int
    author_name: str
    author_address: str
    author_phone_masked: str
    status: str
    similarity_flagged: bool
    unit_id: int | None
    subject_name: str
    subject_commune_id: int
    prize: str | None = Field(None, alias="prize.name")


class BlindEntryOut(Schema):
    """What a judge knows about an entry."""

    blind_code: str
    kind: str
    title: str
    text: str
    word_count: int
    press_date: dt.date | None
    video_link: str
    subject_name: str
    subject_place: str


class AssignmentOut(Schema):
    blind_code: str
    title: str
    scored: bool
    total: float | None


class ScoreIn(Schema):
    blind_code: str
    values: dict[str, float | str]
    comment: str = ""


class ScoreOut(Schema):
    blind_code: str
    total: float
    values: dict


class RankingRow(Schema):
    rank: int | None
    blind_code: str = Field(alias="entry.blind_code")
    tracking_code: str = Field(alias="entry.tracking_code")
    title: str = Field(alias="entry.title")
    n_scores: int
    mean: float | None
    median: float | None
    zscore: float | None
    spread: float | None
    disagreement: bool
    advanced: bool


class AssignIn(Schema):
    seed: int | None = None


class AssignOut(Schema):
    assignments: int
    seed: int
    load_spread: int
    short: int


class CriterionIn(Schema):
    """One criterion of a rubric: its weight counts in the total, ``max`` is its top mark."""

    key: str | None = Field(None, max_length=40)
    name: str = Field(max_length=200)
    weight: float = Field(allow_inf_nan=False)
    max: float = Field(10, allow_inf_nan=False)


class RoundPatch(Schema):
    """The fields to change; those left out stay as they are."""

    name: str | None = None
    level: str | None = None
    judges_per_entry: int | None = None
    max_per_judge: int | None = None
    criteria: list[CriterionIn] | None = None
    ranking_method: str | None = None
    disagreement_gap: float | None = Field(None, allow_inf_nan=False)
    ends_on: ApiDate | None = None


class RoundDetailOut(RoundOut):
    """A round with the settings only its organisers change."""

    max_per_judge: int | None
    ranking_method: str
    disagreement_gap: float
    ends_on: dt.date | None


class JudgeIn(Schema):
    user_id: int
    unit_id: int | None = None


class JudgeOut(Schema):
    id: int
    user_id: int
    name: str = Field(alias="user.full_name")
    unit_id: int | None


class ResultsOut(Schema):
    entries: int


class AdvanceIn(Schema):
    """One way or the other: the ``top_n`` best entries, or those whose mean reaches ``min_mark``."""

    top_n: int | None = Field(None, le=1_000_000)
    min_mark: float | None = None


class AdvanceOut(Schema):
    advanced: int


class PrizesOut(Schema):
    ties: list[str]


class PairOut(Schema):
    """An entry and what it resembles: another entry (``entry_b``) or a published story."""

    entry_a: str = Field(alias="entry_a.blind_code")
    entry_b: str | None = None
    entry_a_id: int
    entry_b_id: int | None
    story_id: int | None
    story_title: str | None = None
    jaccard: float
    containment: float
    passages: list[dict]

    @staticmethod
    def resolve_entry_b(obj):
        return obj.entry_b.blind_code if obj.entry_b_id else None

    @staticmethod
    def resolve_story_title(obj):
        return obj.story.title if obj.story_id else None


class SimilarityOut(Schema):
    status: str
    entries_scanned: int
    pairs_found: int
    pairs: list[PairOut]


def _organised_round(request, round_id: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    if not can(request.user, "manage", round_.contest):
        raise PermissionDenied
    return round_


@router.get("/", response=list[ContestOut], auth=None, summary="Cuộc thi đang nhận bài và đã công bố kết quả")
@paginate(BoundedPagination)
def list_contests(request):
    return (
        Contest.objects.filter(status__in=[Contest.Status.OPEN, Contest.Status.FINISHED])
        .select_related("organiser")
        .prefetch_related("rounds", "prizes")
        .order_by("-year", "-pk")
    )


def _caller(request):
    """The signed-in user of a public endpoint, if any: a bearer token is honoured although the
    endpoint does not require one (a wrong token counts as anonymous)."""
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        BearerAuth()(request)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _round_spec(payload: RoundIn) -> dict:
    data = payload.dict()
    if data["criteria"] is None:
        data.pop("criteria")
    return data


@router.post("/", response={201: ContestOut}, summary="Tạo cuộc thi (Ban Tổ chức); bắt đầu ở trạng thái nháp")
def create_contest(request, payload: ContestIn):
    data = payload.dict()
    organiser = OrgUnit.objects.filter(pk=data.pop("organiser_id")).first()
    if organiser is None:
        raise ApiError(422, "validation_error", _("Đơn vị tổ chức không tồn tại."))
    if not can(request.user, "add", Contest):
        raise PermissionDenied(_("Chỉ Ban Tổ chức cuộc thi mới làm được việc này."))
    data["rounds"] = [_round_spec(r) for r in payload.rounds] if payload.rounds else None
    contest = services.create_contest(request.user, organiser=organiser, **data)
    return Status(201, Contest.objects.select_related("organiser").get(pk=contest.pk))


@router.post(
    "/{contest_id}/rounds", response={201: RoundOut}, summary="Thêm vòng chấm (thang điểm, k giám khảo)"
)
def create_round(request, contest_id: int, payload: RoundIn):
    contest = get_object_or_404(Contest, pk=contest_id)
    if not can(request.user, "manage", contest):
        raise PermissionDenied(_("Chỉ Ban Tổ chức cuộc thi mới làm được việc này."))
    return Status(201, services.add_round(request.user, contest, **_round_spec(payload)))


@router.get("/{contest_id}", response=ContestOut, auth=None, summary="Một cuộc thi: thể lệ, vòng chấm, giải")
def get_contest(request, contest_id: int):
    contest = get_object_or_404(Contest.objects.select_related("organiser"), pk=contest_id)
    if contest.status == Contest.Status.DRAFT:
        # A contest in preparation is the organisers' business until it opens.
        user = _caller(request)
        if user is None or not can(user, "manage", contest):
            raise Http404
    return contest


@router.post(
    "/{contest_id}/entries/",
    response={201: EntryCreated},
    auth=None,
    summary="Gửi bài dự thi (không cần tài khoản); trả về mã theo dõi",
)
def create_entry(request, contest_id: int, payload: EntryIn):
    contest = get_object_or_404(Contest, pk=contest_id)
    data = payload.dict()
    commune = OrgUnit.objects.filter(pk=data.pop("subject_commune_id")).first()
    via_id = data.pop("via_unit_id")
    via_unit = OrgUnit.objects.filter(pk=via_id).first() if via_id else None
    if via_id and via_unit is None:
        raise ApiError(422, "validation_error", "Đơn vị gửi bài không tồn tại.")
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    entry = services.submit_entry(contest, actor=actor, via_unit=via_unit, subject_commune=commune, **data)
    return Status(
        201,
        {
            "tracking_code": entry.tracking_code,
            "word_count": entry.word_count,
            "message": f"Đã nhận bài dự thi. Mã theo dõi: {entry.tracking_code}",
        },
    )


@router.get("/{contest_id}/entries/", response=list[EntryOut], summary="Bài dự thi kèm tác giả (Ban Tổ chức)")
@paginate(BoundedPagination)
def list_entries(request, contest_id: int, q: str = "", flagged: bool = False):
    contest = get_object_or_404(Contest, pk=contest_id)
    if not can(request.user, "view", contest.entries.model(contest=contest)):
        raise PermissionDenied
    return selectors.entries_for(request.user, contest, q=q[:100], flagged=flagged)


@router.post(
    "/rounds/{round_id}/assign", response=AssignOut, summary="Phân công giám khảo (tái lập được bằng seed)"
)
def assign(request, round_id: int, payload: AssignIn):
    round_ = _organised_round(request, round_id)
    plan = services.assign_judges(request.user, round_, seed=payload.seed)
    round_.refresh_from_db()
    return {
        "assignments": len(plan.pairs),
        "seed": round_.assignment_seed,
        "load_spread": plan.spread,
        "short": sum(plan.short.values()),
    }


@router.patch(
    "/rounds/{round_id}", response=RoundDetailOut, summary="Sửa vòng chấm và thang điểm (trước khi chấm)"
)
def edit_round(request, round_id: int, payload: RoundPatch):
    round_ = _organised_round(request, round_id)
    changes = payload.dict(exclude_unset=True)
    return services.update_round(request.user, round_, **changes)


@router.post("/rounds/{round_id}/judges", response={201: JudgeOut}, summary="Thêm giám khảo vào vòng chấm")
def add_judge(request, round_id: int, payload: JudgeIn):
    round_ = _organised_round(request, round_id)
    user = get_user_model().objects.filter(pk=payload.user_id, is_active=True).first()
    if user is None:
        raise ApiError(422, "validation_error", _("Người dùng không tồn tại."))
    unit = None
    if payload.unit_id is not None:
        unit = OrgUnit.objects.filter(pk=payload.unit_id).first()
        if unit is None:
            raise ApiError(422, "validation_error", _("Đơn vị công tác không tồn tại."))
    judge = services.add_judge(request.user, round_, user, unit=unit)
    return Status(201, Judge.objects.select_related("user").get(pk=judge.pk))


@router.post("/rounds/{round_id}/results", response=ResultsOut, summary="Tính kết quả vòng chấm")
def compute_results(request, round_id: int):
    round_ = _organised_round(request, round_id)
    return {"entries": services.compute_results(request.user, round_)}


@router.post(
    "/rounds/{round_id}/close", response=RoundDetailOut, summary="Khép vòng chấm (tính kết quả cuối)"
)
def close_round(request, round_id: int):
    round_ = _organised_round(request, round_id)
    return services.close_round(request.user, round_)


@router.post("/rounds/{round_id}/advance", response=AdvanceOut, summary="Chọn bài vào vòng sau")
def advance(request, round_id: int, payload: AdvanceIn):
    round_ = _organised_round(request, round_id)
    return {
        "advanced": services.advance(request.user, round_, top_n=payload.top_n, min_mark=payload.min_mark)
    }


@router.post(
    "/rounds/{round_id}/prizes",
    response=PrizesOut,
    summary="Xếp giải theo thứ hạng; trả về các trường hợp đồng hạng",
)
def allocate_prizes(request, round_id: int):
    round_ = _organised_round(request, round_id)
    return {"ties": services.allocate_prizes(request.user, round_)}


@router.get("/rounds/{round_id}/assignments", response=list[AssignmentOut], summary="Bài tôi được giao chấm")
def my_assignments(request, round_id: int):
    round_ = get_object_or_404(Round, pk=round_id)
    if not Judge.objects.filter(round=round_, user=request.user).exists():
        raise ApiError(403, "not_a_judge", "Bạn không phải giám khảo của vòng chấm này.")
    return [
        {
            "blind_code": row.blind_code,
            "title": row.title,
            "scored": row.scored,
            "total": row.score.total if row.score else None,
        }
        for row in selectors.judge_sheet(request.user, round_)
    ]


@router.get("/rounds/{round_id}/assignments/{blind_code}", response=BlindEntryOut, summary="Một bài, ẩn danh")
def assigned_entry(request, round_id: int, blind_code: str):
    round_ = get_object_or_404(Round, pk=round_id)
    try:
        assignment = services.find_assignment(request.user, round_, blind_code)
    except services.NotAssigned as exc:
        raise ApiError(403, "not_assigned", str(exc)) from exc
    return selectors.blind_entry(assignment.entry_id).__dict__


@router.post("/rounds/{round_id}/scores", response=ScoreOut, summary="Chấm điểm một bài được giao")
def score(request, round_id: int, payload: ScoreIn):
    round_ = get_object_or_404(Round, pk=round_id)
    try:
        assignment = services.find_assignment(request.user, round_, payload.blind_code)
        result = services.submit_score(request.user, assignment, payload.values, payload.comment)
    except services.NotAssigned as exc:
        raise ApiError(403, "not_assigned", str(exc)) from exc
    return {"blind_code": payload.blind_code, "total": result.total, "values": result.values}


@router.get(
    "/rounds/{round_id}/ranking", response=list[RankingRow], summary="Xếp hạng của vòng (Ban Tổ chức)"
)
@paginate(BoundedPagination)
def ranking(request, round_id: int, disagreement: bool = False):
    round_ = _organised_round(request, round_id)
    return selectors.ranking(round_, disagreement_only=disagreement)


@router.get(
    "/{contest_id}/similarity", response=SimilarityOut, summary="Báo cáo bài tương đồng (lần quét mới nhất)"
)
def similarity_report(request, contest_id: int):
    contest = get_object_or_404(Contest, pk=contest_id)
    if not can(request.user, "manage", contest):
        raise PermissionDenied
    run = selectors.latest_similarity(contest)
    if run is None:
        raise ApiError(404, "no_scan", "Chưa quét trùng lặp lần nào.")
    return {
        "status": run.status,
        "entries_scanned": run.entries_scanned,
        "pairs_found": run.pairs_found,
        "pairs": list(selectors.similar_pairs(run)[:500]),
    }


@router.post("/{contest_id}/similarity", response={202: SimilarityOut}, summary="Bắt đầu quét trùng lặp")
def start_similarity(request, contest_id: int):
    contest = get_object_or_404(Contest, pk=contest_id)
    run = tasks.start_similarity_scan(request.user, contest)
    return Status(202, {"status": run.status, "entries_scanned": 0, "pairs_found": 0, "pairs": []})
