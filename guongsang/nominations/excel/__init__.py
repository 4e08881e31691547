"""Dossiers in Excel: the blank template, the all-or-nothing import with a row-by-row report, and
the export of the dossiers a user sees.

Callers import from here (``excel.import_dossiers(...)``). The modules, in the order a file goes
through them: ``layout`` (sheets, columns, limits), ``template``, ``parse`` (read the upload),
``validate`` (every row, and whose dossier it is), ``importing`` (the use case, and the bulk
write), ``export``, and ``jobs`` (the same as background jobs).
"""

from .export import EXPORT_HEADERS, EXPORT_WIDTHS, export_nominations, export_rows, export_workbook
from .importing import Progress, import_dossiers, summary
from .jobs import run_export_job, run_import_job
from .layout import (
    AWARD_SHEET,
    BATCH,
    COLUMN_BY_KEY,
    COLUMNS,
    FIELD_SHEET,
    INLINE_MAX_SIZE,
    MAX_IMPORT_ROWS,
    MAX_IMPORT_SIZE,
    MAX_TEMPLATE_UNITS,
    MAX_UNPACKED_SIZE,
    SHEET_TITLE,
    UNIT_SHEET,
    XLSX,
    unit_reference,
)
from .parse import check_file
from .template import template_workbook, units_for_template
from .validate import ImportReport

__all__ = [
    "AWARD_SHEET",
    "BATCH",
    "COLUMNS",
    "COLUMN_BY_KEY",
    "EXPORT_HEADERS",
    "EXPORT_WIDTHS",
    "FIELD_SHEET",
    "INLINE_MAX_SIZE",
    "MAX_IMPORT_ROWS",
    "MAX_IMPORT_SIZE",
    "MAX_TEMPLATE_UNITS",
    "MAX_UNPACKED_SIZE",
    "SHEET_TITLE",
    "UNIT_SHEET",
    "XLSX",
    "ImportReport",
    "Progress",
    "check_file",
    "export_nominations",
    "export_rows",
    "export_workbook",
    "import_dossiers",
    "run_export_job",
    "run_import_job",
    "summary",
    "template_workbook",
    "unit_reference",
    "units_for_template",
]
