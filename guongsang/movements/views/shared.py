"""What the movement pages share: list sizes, showing a service's errors on a form, the unit the
user works for, and the merged timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from guongsang.core.audit import TimelineEntry
from guongsang.orgs.models import OrgUnit

PAGE_SIZE = 20
# A select longer than this is no help; a national administrator opens a unit by its id.
UNIT_CHOICES = 300


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _current_unit(request: HttpRequest) -> OrgUnit | None:
    """The unit the user works for right now (the header's switcher), if any."""
    unit = getattr(request, "current_unit", None)
    return unit if isinstance(getattr(unit, "pk", None), int) else None


TIMELINE_LENGTH = 50


def _merge(entries: list[TimelineEntry], more: list[TimelineEntry]) -> list[TimelineEntry]:
    return sorted([*entries, *more], key=lambda e: e.when, reverse=True)[:TIMELINE_LENGTH]


def _who(record) -> str:
    return str(record.history_user) if record.history_user else _("Hệ thống")
