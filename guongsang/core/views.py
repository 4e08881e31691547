"""Pages that serve every user: home, unit switcher, notifications, background jobs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guongsang.accounts.middleware import SESSION_KEY
from guongsang.accounts.selectors import memberships_of

from . import services
from .files import file_view, serve
from .models import Job


@login_required
def home(request):
    memberships = list(memberships_of(request.user))
    recent = request.user.notifications.all()[:5]
    return render(request, "core/home.html", {"memberships": memberships, "recent_notifications": recent})


@login_required
@require_POST
def switch_unit(request):
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Đơn vị không hợp lệ."))
    if not memberships_of(request.user).filter(unit_id=unit_id).exists():
        messages.error(request, _("Bạn không có vai trò tại đơn vị này."))
    else:
        request.session[SESSION_KEY] = unit_id
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target)


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
