"""Imports and exports too large to wait for, run as jobs with progress (see ``tasks``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from .export import export_rows, export_workbook
from .importing import import_dossiers, summary


def run_import_job(job_id: int) -> None:
    """Import the file stored for a job, recording progress and keeping the report on the job."""
    from guongsang.core.files import private_storage
    from guongsang.core.models import Job
    from guongsang.core.services import delete_job_inputs, job_finished, job_progress

    job = Job.objects.select_related("owner").get(pk=job_id)
    path = job.params.get("path", "")
    try:
        with private_storage().open(path, "rb") as file:
            report = import_dossiers(
                job.owner,
                file,
                file_name=job.params.get("name", ""),
                progress=lambda done, total, message: job_progress(job, done, total, message),
            )
    except (ValidationError, PermissionDenied) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        job_finished(job, ok=False, message=" ".join(messages))
        return
    except Exception:
        job_finished(job, ok=False, message=_("Không nhập được tệp do lỗi hệ thống; hãy thử lại sau."))
        raise
    finally:
        # The file holds personal data; it is not kept once read.
        delete_job_inputs(job)
    job.params = {**job.params, "report": report.as_dict()}
    job_finished(job, ok=report.ok, message=summary(report))


def run_export_job(job_id: int) -> None:
    """The export of a long list, as a job with progress and the file as its result."""
    from guongsang.core.models import Job
    from guongsang.core.services import job_finished, job_progress

    job = Job.objects.select_related("owner").get(pk=job_id)
    try:
        filters = job.params.get("filters", {})
        total = selectors.nominations_for(job.owner, **filters).count()
        job_progress(job, 0, total)
        content = export_workbook(export_rows(job.owner, **filters), lambda done: job_progress(job, done))
        job_finished(
            job,
            ok=True,
            message=_("Đã xuất %(count)s hồ sơ.") % {"count": total},
            result_name=f"ho-so-de-nghi-{timezone.localdate():%Y%m%d}.xlsx",
            content=content,
        )
    except Exception as exc:
        job_finished(job, ok=False, message=_("Không xuất được: %(error)s") % {"error": exc})
        raise
