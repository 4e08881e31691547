"""The XLSX export of units, run as a job with progress."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from guongsang.core.models import Job
from guongsang.core.periods import last_day
from guongsang.core.services import job_finished, job_progress

from .selectors import search_units

HEADERS = [
    "Mã",
    "Tên đơn vị",
    "Tên viết tắt",
    "Loại",
    "Cấp",
    "Số CB-NV",
    "Hiệu lực từ ngày",
    "Hiệu lực đến hết ngày",
]
BATCH = 500


def run_export(job_id: int) -> None:
    job = Job.objects.select_related("owner").get(pk=job_id)
    try:
        units = search_units(job.owner, q=job.params.get("q", ""), kind=job.params.get("kind", ""))
        total = units.count()
        job_progress(job, 0, total)
        book = Workbook()
        sheet = book.active
        sheet.title = "Đơn vị"
        sheet.append(HEADERS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, unit in enumerate(units.iterator(chunk_size=BATCH), start=1):
            sheet.append(
                [
                    unit.code,
                    unit.name,
                    unit.short_name,
                    unit.get_kind_display(),
                    unit.depth,
                    unit.staff_count,
                    unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "",
                    last_day(unit.valid_to).strftime("%d/%m/%Y") if unit.valid_to else "",
                ]
            )
            if index % BATCH == 0:
                job_progress(job, index)
        sheet.column_dimensions["B"].width = 48
        sheet.column_dimensions["D"].width = 36
        buffer = BytesIO()
        book.save(buffer)
        name = f"don-vi-{timezone.localdate():%Y%m%d}.xlsx"
        job_finished(
            job,
            ok=True,
            message=_("Đã xuất %(count)d đơn vị.") % {"count": total},
            result_name=name,
            content=buffer.getvalue(),
        )
    except Exception as exc:
        job_finished(job, ok=False, message=_("Không xuất được: %(error)s") % {"error": exc})
        raise
