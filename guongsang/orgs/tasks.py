"""Background work on the org tree: the XLSX export of the units a user sees."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from guongsang.core.services import create_job

from . import exports


def start_export(user, *, q: str = "", kind: str = ""):
    """Record the export job and enqueue it once the job row is committed."""
    job = create_job(user, "orgs.export", _("Xuất danh sách đơn vị (Excel)"), {"q": q, "kind": kind})
    transaction.on_commit(lambda: export_units_task.enqueue(job.pk))
    return job


@task()
def export_units_task(job_id: int) -> None:
    exports.run_export(job_id)
