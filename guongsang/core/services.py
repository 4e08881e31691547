"""Writes that serve every app: notifications and job progress."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
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


def create_job(owner, kind: str, title: str, params: dict | None = None) -> Job:
    """Record a background job for ``owner`` to follow; the caller enqueues the task."""
    return Job.objects.create(owner=owner, kind=kind, title=title, params=params or {})


def job_progress(job: Job, done: int, total: int | None = None, message: str = "") -> None:
    """Record progress; written outside any transaction so the page sees it at once."""
    fields = {"done": done, "status": Job.Status.RUNNING}
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
    """Close a job, with its result file if it made one."""
    job.status = Job.Status.SUCCEEDED if ok else Job.Status.FAILED
    job.message = message
    job.finished_at = timezone.now()
    if ok:
        job.done = job.total or job.done
    if content:
        from django.core.files.base import ContentFile

        job.result_file.save(result_name, ContentFile(content), save=False)
    job.save()
    title = _("%(title)s — hoàn thành") if ok else _("%(title)s — thất bại")
    notify([job.owner], title=title % {"title": job.title}, body=message, url=job.get_absolute_url())
