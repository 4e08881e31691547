"""The judges' pages: their rounds, their entries under a blind code, the score sheet. Every
judge page reads entries through ``selectors.blind_entry``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import documents, selectors, services
from ..models import Judge, JudgeAssignment, Round
from .shared import _file


@login_required
def judge_home(request):
    rounds = list(selectors.judge_rounds(request.user))
    return render(request, "contest/judge_home.html", {"rounds": rounds})


def _judged_round(request, round_id: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    if not Judge.objects.filter(round=round_, user=request.user).exists():
        raise PermissionDenied(_("Bạn không phải giám khảo của vòng chấm này."))
    return round_


@login_required
def judge_round(request, round_id: int):
    round_ = _judged_round(request, round_id)
    return render(
        request,
        "contest/judge_round.html",
        {"round": round_, "rows": selectors.judge_sheet(request.user, round_)},
    )


@login_required
def judge_export(request, round_id: int):
    round_ = _judged_round(request, round_id)
    return _file(documents.judge_xlsx(request.user, round_), f"phieu-cham-vong-{round_.order}.xlsx")


@login_required
def judge_entry(request, round_id: int, code: str):
    """One entry under its blind code, the rubric, and the conflict declaration."""
    round_ = _judged_round(request, round_id)
    try:
        assignment = services.find_assignment(request.user, round_, code)
    except services.NotAssigned as exc:
        raise PermissionDenied(str(exc)) from exc
    score = getattr(assignment, "score", None) if assignment.status == JudgeAssignment.Status.ACTIVE else None
    errors: dict = {}
    values = dict(score.values) if score else {}
    comment = score.comment if score else ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "conflict":
                services.declare_conflict(request.user, assignment.entry, request.POST.get("reason", ""))
                messages.success(
                    request, _("Đã ghi nhận xung đột lợi ích; bài đã được giao cho giám khảo khác.")
                )
                return redirect("contest:judge_round", round_id=round_.pk)
            values = {c["key"]: request.POST.get(f"c_{c['key']}", "") for c in round_.criteria}
            comment = request.POST.get("comment", "")
            services.submit_score(request.user, assignment, values, comment)
            messages.success(request, _("Đã lưu điểm bài %(code)s.") % {"code": code})
            return redirect("contest:judge_round", round_id=round_.pk)
        except ValidationError as exc:
            errors = getattr(exc, "message_dict", {"__all__": exc.messages})
        except services.NotAssigned as exc:
            raise PermissionDenied(str(exc)) from exc
    criteria = [
        {**c, "value": values.get(c["key"], ""), "error": " ".join(errors.get(c["key"], []))}
        for c in round_.criteria
    ]
    return render(
        request,
        "contest/judge_entry.html",
        {
            "round": round_,
            "assignment": assignment,
            "entry": selectors.blind_entry(assignment.entry_id),
            "criteria": criteria,
            "comment": comment,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "score": score,
            "active": assignment.status == JudgeAssignment.Status.ACTIVE,
        },
    )
