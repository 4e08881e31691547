"""Background work of the contest: the similarity scan, as a job the organiser follows.

The task calls the service; services never import this module. Views and the API start a scan
here, which records it through the service and enqueues it once the run is committed.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from . import services


def start_similarity_scan(actor, contest, *, threshold: float = 0.5):
    """Record a scan of the year's entries and enqueue it once the run row is committed."""
    run = services.record_similarity_scan(actor, contest, threshold=threshold)
    transaction.on_commit(lambda: similarity_scan_task.enqueue(run.pk))
    return run


@task()
def similarity_scan_task(run_id: int) -> None:
    services.run_similarity_scan(run_id)
