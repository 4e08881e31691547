"""Pages that serve every user: notifications, background jobs (the home page and the unit
switcher are the accounts app's: they show the user's memberships)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .files import file_view, serve
from .models import Job


@login_required
def notifications(request):
    items = request.user.notifications.all()[:100]
    return render(request, "core/notifications.html", {"items": items})


@login_required
@require_POST
def notifications_read(request):
    services.mark_read(request.user)
    messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return redirect("core:notifications")


@login_required
def jobs(request):
    return render(request, "core/jobs.html", {"jobs": Job.objects.filter(owner=request.user)[:50]})


@login_required
def job_detail(request, job_id: int):
    job = services.check_stale(get_object_or_404(Job, pk=job_id, owner=request.user))
    template = "core/job.html#progress" if request.htmx else "core/job.html"
    return render(request, template, {"job": job, "may_retry": services.may_retry(job)})


@login_required
@require_POST
def job_retry(request, job_id: int):
    """Run a failed job again with the same parameters (for kinds that allow it)."""
    job = get_object_or_404(Job, pk=job_id, owner=request.user)
    try:
        again = services.retry_job(request.user, job)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(job)
    messages.success(request, _("Đã chạy lại tác vụ."))
    return redirect(again)


@file_view
def job_download(request, job_id: int):
    """The job's result file, for its owner only (results may hold personal data)."""
    job = get_object_or_404(Job, pk=job_id, owner=request.user)
    if not job.result_file:
        raise Http404(_("Tác vụ chưa có tệp kết quả."))
    return serve(job.result_file, filename=job.result_name or job.result_file.name.rsplit("/", 1)[-1])
