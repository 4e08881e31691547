"""Background work of the contest: the similarity scan, as a job the organiser follows."""

from __future__ import annotations

from django_tasks import task


@task()
def similarity_scan_task(run_id: int) -> None:
    from .services import run_similarity_scan

    run_similarity_scan(run_id)
