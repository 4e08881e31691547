"""Background work on dossiers: large Excel imports and exports, as jobs the user follows."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from guongsang.core.files import private_storage, random_name
from guongsang.core.services import create_job

from . import excel

IMPORT_JOB = "nominations.import"
EXPORT_JOB = "nominations.export"


def start_import(user, file, name: str):
    """Keep the uploaded file in storage (the worker may run on another machine), record the job,
    and enqueue the import once the job row is committed."""
    # Private storage: the sheet holds plain CCCD and phone numbers. Listed as the job's input,
    # it is deleted when the job ends, whatever the outcome (see core.services.job_finished).
    path = private_storage().save(random_name("imports/nominations", "import.xlsx"), file)
    job = create_job(
        user,
        IMPORT_JOB,
        _("Nhập hồ sơ đề nghị từ Excel: %(name)s") % {"name": name},
        {"path": path, "name": name},
        inputs=[path],
    )
    transaction.on_commit(lambda: import_dossiers_task.enqueue(job.pk))
    return job


def start_export(user, filters: dict):
    """Record the export job and enqueue it once the job row is committed."""
    job = create_job(user, EXPORT_JOB, _("Xuất danh sách hồ sơ đề nghị (Excel)"), {"filters": filters})
    transaction.on_commit(lambda: export_dossiers_task.enqueue(job.pk))
    return job


@task()
def import_dossiers_task(job_id: int) -> None:
    excel.run_import_job(job_id)


@task()
def export_dossiers_task(job_id: int) -> None:
    excel.run_export_job(job_id)
