"""The organisers' pages: the contest, its prizes and rounds with their rubric, entries, rounds
with jury and ranking, the similarity report, exports, publication. Every write goes through
``services`` (a scan starts through ``tasks``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from guongsang.core.files import file_view, serve_image
from guongsang.core.permissions import Role, can, visible_to
from guongsang.orgs.models import OrgUnit

from .. import documents, selectors, services, tasks
from ..forms import ContestForm, CriterionFormSet, PrizesForm, RoundForm, criteria_from
from ..models import Contest, Entry, EntryKind, EntryPhoto, Prize, Round
from ..rules import ORGANISER_ROLES
from .shared import _add_errors, _file


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


ORGANISERS_ONLY = _lazy(
    "Chỉ Ban Tổ chức cuộc thi mới mở được trang này. Giám khảo chấm bài ở trang “Bài tôi cần chấm”."
)


def _organised(request, contest_id: int) -> Contest:
    contest = get_object_or_404(Contest.objects.select_related("organiser"), pk=contest_id)
    if not can(request.user, "manage", contest):
        raise PermissionDenied(ORGANISERS_ONLY)
    return contest


def _organised_round(request, round_id: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("contest__organiser"), pk=round_id)
    if not can(request.user, "manage", round_.contest):
        raise PermissionDenied(ORGANISERS_ONLY)
    return round_


@login_required
def manage(request):
    if not can(request.user, "manage", Contest):
        raise PermissionDenied(ORGANISERS_ONLY)
    return render(request, "contest/manage.html", {"contests": selectors.contests_for(request.user)})


def _organiser_units(user):
    """The units ``user`` may organise a contest for (their organiser roles' reach)."""
    return visible_to(
        user, OrgUnit.objects.exclude(valid_to__lte=timezone.localdate()), ORGANISER_ROLES
    ).order_by("path")


@login_required
def contest_create(request):
    """A new contest (a draft, with the default rounds and prizes to adjust)."""
    if not can(request.user, "add", Contest):
        raise PermissionDenied(ORGANISERS_ONLY)
    units = _organiser_units(request.user)
    form = ContestForm(request.POST or None, organisers=units)
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.create_contest(request.user, **form.service_data())
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("organiser", str(exc))
        else:
            messages.success(
                request,
                _("Đã tạo cuộc thi (đang chuẩn bị). Hãy xem lại các vòng chấm và giải rồi mở nhận bài."),
            )
            return redirect(contest.get_absolute_url())
    return render(request, "contest/contest_form.html", {"form": form, "contest": None})


@login_required
def contest_edit(request, contest_id: int):
    contest = _organised(request, contest_id)
    fields = ("title", "rules_text", "eligibility", "min_words", "max_words", "max_video_minutes",
              "accepted_kinds", "opens_on", "closes_on")  # fmt: skip
    initial = {name: getattr(contest, name) for name in fields}
    form = ContestForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contest(request.user, contest, **form.service_data())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thể lệ và cài đặt cuộc thi."))
            return redirect(contest.get_absolute_url())
    return render(request, "contest/contest_form.html", {"form": form, "contest": contest})


def _round_forms(request, round_: Round | None):
    if round_ is None:
        initial = {"level": Round.Level.PRELIMINARY, "ranking_method": Round.Method.ZSCORE}
        criteria = Round._meta.get_field("criteria").get_default()
    else:
        initial = {name: getattr(round_, name) for name in services.ROUND_FIELDS if name != "criteria"}
        criteria = round_.criteria
    form = RoundForm(request.POST or None, initial=initial)
    formset = CriterionFormSet(request.POST or None, initial=criteria, prefix="tieu-chi")
    return form, formset


def _save_round(request, form, formset, save) -> bool:
    """Validate the round form and its rubric, then call ``save(data)``; errors go on the form."""
    if not (form.is_valid() and formset.is_valid()):
        if formset.non_form_errors():
            form.add_error(None, " ".join(formset.non_form_errors()))
        return False
    try:
        save(form.service_data(criteria_from(formset)))
    except ValidationError as exc:
        _add_errors(form, exc)
        return False
    return True


@login_required
def round_create(request, contest_id: int):
    contest = _organised(request, contest_id)
    form, formset = _round_forms(request, None)
    if request.method == "POST" and _save_round(
        request, form, formset, lambda data: services.add_round(request.user, contest, **data)
    ):
        messages.success(request, _("Đã thêm vòng chấm."))
        return redirect(contest.get_absolute_url())
    return render(
        request,
        "contest/round_form.html",
        {"form": form, "formset": formset, "contest": contest, "round": None},
    )


@login_required
def round_edit(request, round_id: int):
    round_ = _organised_round(request, round_id)
    contest = round_.contest
    if round_.status != Round.Status.PREPARING:
        messages.error(request, _("Vòng chấm đã bắt đầu; không đổi được thang điểm nữa."))
        return redirect(round_.get_absolute_url())
    form, formset = _round_forms(request, round_)
    if request.method == "POST" and _save_round(
        request, form, formset, lambda data: services.update_round(request.user, round_, **data)
    ):
        messages.success(request, _("Đã lưu vòng chấm."))
        return redirect(round_.get_absolute_url())
    return render(
        request,
        "contest/round_form.html",
        {"form": form, "formset": formset, "contest": contest, "round": round_},
    )


@login_required
def prizes(request, contest_id: int):
    """The number of prizes of each class."""
    contest = _organised(request, contest_id)
    form = PrizesForm(request.POST or None, initial=PrizesForm.initial_for(contest.prizes.all()))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_prizes(request.user, contest, form.prizes())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu cơ cấu giải."))
            return redirect(contest.get_absolute_url())
    return render(
        request,
        "contest/prizes_form.html",
        {"form": form, "contest": contest, "current": contest.prizes.all()},
    )


@login_required
def detail(request, contest_id: int):
    contest = _organised(request, contest_id)
    rounds = list(
        contest.rounds.annotate(n_judges=Count("judges"), n_entries=Count("round_entries", distinct=True))
    )
    counts = {
        "entries": contest.entries.count(),
        "received": contest.entries.filter(status=Entry.Status.RECEIVED).count(),
        "flagged": contest.entries.filter(similarity_flagged=True).count(),
        "winners": contest.entries.filter(prize__isnull=False).count(),
        "ties": contest.entries.filter(prize_tie=True).count(),
    }
    return render(
        request,
        "contest/detail.html",
        {
            "contest": contest,
            "rounds": rounds,
            "prizes": contest.prizes.all(),
            "counts": counts,
            "statuses": Contest.Status.choices,
            "kinds": [label for value, label in EntryKind.choices if value in contest.accepted_kinds],
            "scan": selectors.latest_similarity(contest),
        },
    )


@login_required
@require_POST
def set_status(request, contest_id: int):
    contest = _organised(request, contest_id)
    try:
        services.set_contest_status(request.user, contest, request.POST.get("status", ""))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(contest.get_absolute_url())


@login_required
def entries(request, contest_id: int):
    contest = _organised(request, contest_id)
    q = request.GET.get("q", "").strip()[:100]
    flagged = request.GET.get("trung") == "1"
    page = Paginator(selectors.entries_for(request.user, contest, q=q, flagged=flagged), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "contest/entries.html", {"contest": contest, "page": page, "q": q, "flagged": flagged}
    )


@file_view
def entry_photo(request, entry_id: int, photo_id: int):
    """A photo sent with an entry, for those who may read the entry with its author (not judges:
    a photo may show the author). Anyone else, including judges, gets a 404."""
    photo = get_object_or_404(
        EntryPhoto.objects.select_related("entry__contest"), pk=photo_id, entry_id=entry_id
    )
    if not can(request.user, "view", photo.entry):
        raise Http404
    return serve_image(photo.file)


@login_required
def entry(request, entry_id: int):
    item = get_object_or_404(
        Entry.objects.select_related("contest", "unit", "subject_commune", "prize"), pk=entry_id
    )
    if not can(request.user, "view", item):
        raise PermissionDenied(
            _("Trang này hiện tên và liên lạc của tác giả: chỉ Ban Tổ chức (không phải giám khảo của "
              "cuộc thi) và đơn vị gửi bài xem được.")
        )  # fmt: skip
    return render(
        request,
        "contest/entry.html",
        {
            "entry": item,
            "may_manage": can(request.user, "manage", item.contest),
            "may_discover": item.nomination_id is None and services.may_discover(request.user, item),
            "assignments": item.assignments.select_related("round", "judge__user", "score").order_by(
                "round__order"
            ),
            "conflicts": item.conflicts.select_related("user"),
        },
    )


@login_required
@require_POST
def entry_action(request, entry_id: int, action: str):
    item = get_object_or_404(Entry.objects.select_related("contest"), pk=entry_id)
    try:
        if action == "loai":
            services.disqualify_entry(request.user, item, request.POST.get("reason", ""))
            messages.success(request, _("Đã loại bài %(code)s.") % {"code": item.tracking_code})
        elif action == "khoi-phuc":
            services.reinstate_entry(request.user, item)
        elif action == "lap-ho-so":
            nomination = services.discover(request.user, item)
            messages.success(request, _("Đã lập hồ sơ nháp %(code)s tại %(unit)s.") % {
                "code": nomination.code, "unit": nomination.submitting_unit})  # fmt: skip
            return redirect(nomination.get_absolute_url())
        elif action == "giai":
            prize = Prize.objects.filter(contest=item.contest, pk=request.POST.get("prize") or 0).first()
            services.set_prize(request.user, item, prize)
        else:
            raise Http404
    except ValidationError as exc:
        _flash(request, exc)
    except PermissionDenied as exc:
        # A refusal in words on the page the user came from, not a bare 403.
        messages.error(request, str(exc) or _("Bạn không có quyền làm việc này."))
    return redirect(item.get_absolute_url() if can(request.user, "view", item) else "contest:index")


@login_required
def certificate(request, entry_id: int):
    item = get_object_or_404(Entry.objects.select_related("contest__organiser", "prize"), pk=entry_id)
    if not can(request.user, "manage", item.contest):
        raise PermissionDenied(ORGANISERS_ONLY)
    if item.prize is None:
        raise Http404
    return _file(
        documents.certificate_pdf(item), f"giay-chung-nhan-{item.tracking_code}.pdf", "application/pdf"
    )


@login_required
def export(request, contest_id: int, kind: str):
    contest = _organised(request, contest_id)
    makers = {
        "bai-du-thi": documents.entries_xlsx,
        "diem": documents.scores_xlsx,
        "xung-dot": documents.conflicts_xlsx,
    }
    if kind not in makers:
        raise Http404
    return _file(makers[kind](contest), f"{kind}-{contest.year}-{contest.pk}.xlsx")


@login_required
def round_page(request, round_id: int):
    round_ = _organised_round(request, round_id)
    only_disagreement = request.GET.get("vench") == "1"
    page = Paginator(selectors.ranking(round_, disagreement_only=only_disagreement), 100).get_page(
        request.GET.get("page")
    )
    judges = list(round_.judges.select_related("user", "unit").order_by("pk"))
    progress = services.jury_progress(judges)
    return render(
        request,
        "contest/round.html",
        {
            "round": round_,
            "contest": round_.contest,
            "page": page,
            "judges": judges,
            "progress": progress,
            "only_disagreement": only_disagreement,
            "candidates": get_user_model()
            .objects.filter(memberships__role=Role.JUDGE, is_active=True)
            .exclude(contest_judging__round=round_)
            .distinct()
            .order_by("full_name")[:200],
        },
    )


@login_required
@require_POST
def round_action(request, round_id: int, action: str):
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    user = request.user
    if not can(user, "manage", round_.contest):
        raise PermissionDenied(ORGANISERS_ONLY)
    try:
        if action == "giam-khao":
            person = get_object_or_404(get_user_model(), pk=request.POST.get("user") or 0)
            services.add_judge(user, round_, person)
        elif action == "phan-cong":
            seed = request.POST.get("seed", "").strip()
            plan = services.assign_judges(user, round_, seed=int(seed) if seed.isdigit() else None)
            messages.success(
                request,
                _(
                    "Đã phân công %(n)s lượt chấm; số bài mỗi giám khảo chênh nhau %(spread)s; "
                    "hạt giống %(seed)s."
                )
                % {
                    "n": len(plan.pairs),
                    "spread": plan.spread,
                    "seed": Round.objects.get(pk=round_.pk).assignment_seed,
                },
            )
        elif action == "tinh-ket-qua":
            services.compute_results(user, round_)
        elif action == "khep":
            services.close_round(user, round_)
        elif action == "vao-vong-sau":
            top = request.POST.get("top_n", "").strip()
            mark = request.POST.get("min_mark", "").strip().replace(",", ".")
            n = services.advance(
                user,
                round_,
                top_n=int(top) if top.isdigit() else None,
                min_mark=float(mark) if mark else None,
            )
            messages.success(request, _("%(n)s bài vào vòng sau.") % {"n": n})
        elif action == "xep-giai":
            for note in services.allocate_prizes(user, round_):
                messages.warning(request, note)
            messages.success(request, _("Đã xếp giải theo thứ hạng."))
        else:
            raise Http404
    except ValidationError as exc:
        _flash(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền làm việc này."))
    except ValueError:
        messages.error(request, _("Số nhập vào không hợp lệ."))
    return redirect(round_.get_absolute_url())


@login_required
def similarity(request, contest_id: int):
    contest = _organised(request, contest_id)
    if request.method == "POST":
        run = tasks.start_similarity_scan(request.user, contest)
        messages.success(request, _("Đã bắt đầu quét; theo dõi tiến độ ở trang tác vụ."))
        return redirect(run.job.get_absolute_url()) if run.job else redirect(request.path)
    run = selectors.latest_similarity(contest)
    pairs = Paginator(selectors.similar_pairs(run), 50).get_page(request.GET.get("page")) if run else None
    return render(request, "contest/similarity.html", {"contest": contest, "run": run, "pairs": pairs})


@login_required
@require_POST
def publish(request, contest_id: int):
    contest = _organised(request, contest_id)
    try:
        services.publish_results(request.user, contest)
        messages.success(request, _("Đã công bố kết quả."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(contest.get_absolute_url())
