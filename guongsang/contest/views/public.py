"""The public contest pages (no login): contests, the entry form, the tracking page, published
results."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from guongsang.core.permissions import can

from .. import selectors, services
from ..forms import EntryForm
from ..models import Contest, Judge
from .shared import _add_errors


def index(request):
    """Open contests and published results; links to the organisers' and judges' pages."""
    user = request.user
    return render(
        request,
        "contest/index.html",
        {
            "open": selectors.open_contests(),
            "published": selectors.published_contests()[:10],
            "organiser": user.is_authenticated and can(user, "manage", Contest),
            "judge": user.is_authenticated and Judge.objects.filter(user=user).exists(),
        },
    )


@never_cache
def submit(request, contest_id: int):
    """The entry form: no account needed; an officer may send for their unit."""
    contest = get_object_or_404(Contest.objects.select_related("organiser"), pk=contest_id)
    if not contest.accepts_entries:
        return render(request, "contest/closed.html", {"contest": contest}, status=200)
    if request.method != "POST":
        return render(
            request, "contest/submit.html", {"form": EntryForm(contest=contest), "contest": contest}
        )
    form = EntryForm(request.POST, request.FILES, contest=contest)
    if form.data.get("website"):
        form.add_error(None, _("Không gửi được bài. Vui lòng thử lại."))
        return render(request, "contest/submit.html", {"form": form, "contest": contest}, status=400)
    client = get_client_ip_address(request) or ""
    try:
        services.claim_submission(client)
    except services.TooManyEntries as exc:
        return render(
            request, "contest/closed.html", {"contest": contest, "message": exc.message}, status=429
        )
    if form.is_valid():
        actor = request.user if request.user.is_authenticated else None
        try:
            entry = services.submit_entry(
                contest,
                actor=actor,
                docx=form.cleaned_data.get("docx"),
                photos=form.cleaned_data.get("photos") or [],
                **form.service_data(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("contest:sent", code=entry.tracking_code)
    services.release_submission(client)
    return render(request, "contest/submit.html", {"form": form, "contest": contest})


@never_cache
def sent(request, code: str):
    entry = selectors.entry_by_code(code)
    if entry is None:
        raise Http404
    return render(request, "contest/sent.html", {"entry": entry})


@never_cache
def status(request):
    """The author follows an entry by its code: status and prize, nothing private."""
    code = request.GET.get("ma", "").strip()[:40]
    entry = selectors.entry_by_code(code) if code else None
    return render(request, "contest/status.html", {"code": code, "entry": entry, "searched": bool(code)})


def results(request, contest_id: int):
    contest = get_object_or_404(Contest, pk=contest_id, results_published_at__isnull=False)
    return render(
        request, "contest/results.html", {"contest": contest, "winners": selectors.public_results(contest)}
    )
