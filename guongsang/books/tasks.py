"""Background work on the book: the EPUB and PDF build, as a job the editor follows."""

from django_tasks import task

from . import build


@task()
def build_edition_task(job_id: int) -> None:
    build.run_build(job_id)
