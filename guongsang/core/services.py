"""Writes that serve every app: notifications and job progress."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .models import Job, Notification

logger = logging.getLogger(__name__)


def notify(recipients: Iterable, title: str, body: str = "", url: str = "") -> None:
    """Notify users in the app and by e-mail, once the surrounding transaction commits.

    Called inside a use case's transaction: if the use case rolls back, nobody is told about
    a change that never happened.
    """
    users = [u for u in {u.pk: u for u in recipients}.values() if u.is_active]
    if not users:
        return
    # A title quotes what it is about (a movement's or a unit's name, up to 255 characters
    # themselves): shortened to fit, or the notice would fail after the use case committed.
    title = Truncator(title).chars(Notification._meta.get_field("title").max_length)

    def deliver() -> None:
        Notification.objects.bulk_create(
            [Notification(recipient=u, title=title, body=body, url=url) for u in users]
        )
        for user in users:
            if not user.email:
                continue
            link = f"\n\n{settings.SITE_URL}{url}" if url else ""
            try:
                send_mail(title, body + link, None, [user.email])
            except OSError:
                # A mail server outage must not undo the work; the in-app notice is there.
                logger.exception("could not e-mail notification to user %s", user.pk)

    transaction.on_commit(deliver)


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ones) as read; returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


# Retrying a job of a kind: the app that owns the kind registers, in its ``AppConfig.ready()``,
# a function that enqueues the task for a given job id (the job's params say what to do).
_RETRY: dict[str, Callable[[int], object]] = {}


def register_retry(kind: str, enqueue: Callable[[int], object]) -> None:
    """Declare that jobs of ``kind`` may be retried with the same params by ``enqueue(job_id)``.

    Only for work whose params are all it needs: an import's uploaded file is deleted when its
    job ends, so an import is not retryable (the user uploads the file again)."""
    _RETRY[kind] = enqueue


def may_retry(job: Job) -> bool:
    return job.status == Job.Status.FAILED and job.kind in _RETRY


def create_job(
    owner, kind: str, title: str, params: dict | None = None, *, inputs: Iterable[str] = ()
) -> Job:
    """Record a background job for ``owner`` to follow; the caller enqueues the task.

    ``inputs`` names files in the private storage the job reads (an uploaded spreadsheet): they
    are deleted when the job ends, whatever the outcome, or when it is found stale.
    """
    params = dict(params or {})
    if inputs:
        params["inputs"] = list(inputs)
    return Job.objects.create(owner=owner, kind=kind, title=title, params=params)


def job_progress(job: Job, done: int, total: int | None = None, message: str = "") -> None:
    """Record progress, and that the job is alive (its heartbeat); written outside any
    transaction so the page sees it at once."""
    fields = {"done": done, "status": Job.Status.RUNNING, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message
    Job.objects.filter(pk=job.pk).update(**fields)
    for key, value in fields.items():
        setattr(job, key, value)


def job_finished(
    job: Job, *, ok: bool, message: str = "", result_name: str = "", content: bytes = b""
) -> None:
    """Close a job, with its result file if it made one (stored under a random name, downloaded
    as ``result_name``); its input files are deleted."""
    job.status = Job.Status.SUCCEEDED if ok else Job.Status.FAILED
    job.message = message
    job.finished_at = timezone.now()
    if ok:
        job.done = job.total or job.done
    if content:
        from django.core.files.base import ContentFile

        job.result_name = result_name[: Job._meta.get_field("result_name").max_length]
        job.result_file.save(result_name, ContentFile(content), save=False)
    job.save()
    delete_job_inputs(job)
    title = _("%(title)s — hoàn thành") if ok else _("%(title)s — thất bại")
    notify([job.owner], title=title % {"title": job.title}, body=message, url=job.get_absolute_url())


def delete_job_inputs(job: Job) -> None:
    """Delete the files the job was given (they may hold personal data); safe to call twice."""
    from .files import private_storage

    storage = private_storage()
    for name in job.params.get("inputs", []):
        try:
            storage.delete(name)
        except OSError:
            # Left for the next cleanup_jobs run rather than failing the job's ending.
            logger.exception("could not delete input %s of job %s", name, job.pk)


def delete_leftover_inputs() -> int:
    """Delete the input files still on disk of jobs that have ended (a deletion that failed, a
    worker killed between the end and the cleanup); returns how many were deleted."""
    from .files import private_storage

    storage = private_storage()
    deleted = 0
    finished = Job.objects.filter(status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED])
    for params in finished.filter(params__has_key="inputs").values_list("params", flat=True).iterator():
        for name in params.get("inputs", []):
            if storage.exists(name):
                storage.delete(name)
                deleted += 1
    return deleted


def stale_jobs(now=None):
    """Queued or running jobs with no sign of life (progress, or creation for one never
    started) for ``JOB_STALE_MINUTES``: their worker was killed or restarted."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.JOB_STALE_MINUTES)
    return Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )


def fail_stale_jobs(now=None, jobs=None) -> int:
    """Mark stale jobs failed with a message saying why, delete their inputs and tell their
    owners; returns how many. Run by ``manage.py cleanup_jobs`` and when a job page is read."""
    failed = 0
    candidates = stale_jobs(now) if jobs is None else jobs
    for job in candidates.select_related("owner"):
        message = _(
            "Tác vụ bị gián đoạn: không có tín hiệu hoạt động trong %(minutes)s phút (máy chủ có "
            "thể đã khởi động lại). Chưa có kết quả nào được lưu từ lần chạy này; hãy thử lại."
        ) % {"minutes": settings.JOB_STALE_MINUTES}
        # Conditional: a worker that wakes up and finishes at this moment wins.
        claimed = (
            stale_jobs(now)
            .filter(pk=job.pk)
            .update(status=Job.Status.FAILED, message=message, finished_at=timezone.now())
        )
        if not claimed:
            continue
        job.refresh_from_db()
        delete_job_inputs(job)
        for hook in _ON_STALE.get(job.kind, []):
            hook(job)
        notify(
            [job.owner],
            title=_("%(title)s — thất bại") % {"title": job.title},
            body=message,
            url=job.get_absolute_url(),
        )
        failed += 1
    return failed


def check_stale(job: Job) -> Job:
    """The job as its page should show it: failed if it has gone stale (no need to wait for
    the next ``cleanup_jobs`` run)."""
    if not job.finished and fail_stale_jobs(jobs=Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


# A kind whose job leaves state elsewhere (a book "being built") registers what to undo.
_ON_STALE: dict[str, list[Callable[[Job], None]]] = {}


def register_on_stale(kind: str, hook: Callable[[Job], None]) -> None:
    """Call ``hook(job)`` when a job of ``kind`` is failed for being stale."""
    _ON_STALE.setdefault(kind, []).append(hook)


@transaction.atomic
def retry_job(actor, job: Job) -> Job:
    """Start the failed ``job`` again with the same params, as a new job ``actor`` follows."""
    if job.owner_id != actor.pk:
        raise PermissionDenied
    if not may_retry(job):
        raise ValidationError(_("Không thể chạy lại tác vụ này."), code="transition_not_allowed")
    params = {k: v for k, v in job.params.items() if k not in ("report", "inputs")}
    again = create_job(actor, job.kind, job.title, params)
    enqueue = _RETRY[job.kind]
    transaction.on_commit(lambda: enqueue(again.pk))
    return again
