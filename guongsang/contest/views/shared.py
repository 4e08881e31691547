"""What the contest pages share: validation errors on a form, a file download."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_errors(form, exc: ValidationError) -> None:
    errors_by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    for field, errors in errors_by_field.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, " ".join(error.messages))


def _file(content: bytes, name: str, kind: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
