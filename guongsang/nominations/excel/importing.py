"""The dossier import as a whole: read, validate every row, then write them all in one
transaction, or nothing when any row is bad."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from guongsang.core.permissions import can
from guongsang.nominees.models import Nominee

from ..models import CriterionAnswer, Nomination, NominationEvent
from .layout import BATCH
from .parse import _read_rows, check_file
from .validate import ImportReport, _issues, _Lookups, _parse_row, _resolve_people, _Row

Progress = Callable[[int, int, str], None]


def import_dossiers(actor, file, *, file_name: str = "", progress: Progress | None = None) -> ImportReport:
    """Import a dossier list: one draft dossier per row, for the units the actor prepares for.

    All or nothing: every row is validated first; if any is bad, nothing is written and the
    report lists every bad row with its number, column and reason. Raises ``ValidationError``
    for a file that cannot be read at all (not an XLSX, damaged, too large, no header).
    """
    if not can(actor, "add", Nomination):
        raise PermissionDenied(_("Bạn không có quyền lập hồ sơ đề nghị."))
    check_file(file)
    rows = _read_rows(file)
    total = len(rows)
    report = ImportReport(rows=total)
    if progress:
        progress(0, total, _("Đang kiểm tra %(n)s dòng…") % {"n": total})
    lookups = _Lookups(actor, rows)
    today = timezone.localdate()
    parsed: list[_Row] = []
    for index, (number, values) in enumerate(rows, start=1):
        try:
            nominee, nomination = _parse_row(number, values, lookups, today)
        except ValidationError as error:
            report.errors.extend(_issues(number, error))
        else:
            parsed.append(_Row(number, nominee, nomination, True))
        if progress and index % BATCH == 0:
            progress(index, total, "")
    _resolve_people(parsed, report, actor)
    report.errors.sort(key=lambda issue: issue.row)
    report.warnings.sort(key=lambda issue: issue.row)
    if not report.ok:
        return report
    if progress:
        progress(total, total, _("Đang ghi %(n)s hồ sơ…") % {"n": total})
    _write(actor, parsed, lookups, report, file_name)
    return report


def _write(actor, parsed: list[_Row], lookups: _Lookups, report: ImportReport, file_name: str) -> None:
    """Write the validated rows in one transaction, with the history and timeline that
    ``create_nominee`` and ``create_nomination`` write for each."""
    reason = _("Nhập từ Excel")
    note = _("Nhập từ tệp Excel “%(name)s”.") % {"name": file_name} if file_name else reason
    with transaction.atomic():
        new_people = list({id(row.nominee): row.nominee for row in parsed if row.new_nominee}.values())
        bulk_create_with_history(
            new_people, Nominee, batch_size=BATCH, default_user=actor, default_change_reason=reason
        )
        nominations = []
        for row in parsed:
            row.nomination.nominee = row.nominee
            nominations.append(row.nomination)
        nominations = bulk_create_with_history(
            nominations, Nomination, batch_size=BATCH, default_user=actor, default_change_reason=reason
        )
        now = timezone.now()
        events, answers = [], []
        for nomination in nominations:
            events.append(
                NominationEvent(
                    nomination=nomination,
                    actor=actor,
                    action="create",
                    to_status=nomination.status,
                    note=note,
                    at=now,
                )
            )
            for order, criterion in enumerate(lookups.criteria(nomination.receiving_unit, nomination.year)):
                answers.append(
                    CriterionAnswer(
                        nomination=nomination,
                        criterion_id=criterion.pk,
                        order=order,
                        text=criterion.text,
                        required=criterion.required,
                    )
                )
        NominationEvent.objects.bulk_create(events, batch_size=BATCH)
        CriterionAnswer.objects.bulk_create(answers, batch_size=BATCH)
    report.created = len(nominations)
    report.nominees_created = len(new_people)
    report.nominees_reused = len({row.nominee.pk for row in parsed if not row.new_nominee})
    report.sample = [(n.pk, n.code, n.nominee.full_name) for n in nominations[:50]]


def summary(report: ImportReport) -> str:
    """One sentence on what an import did, for the job and the notification."""
    if not report.ok:
        return _("Tệp có %(errors)s lỗi ở %(bad)s trên %(rows)s dòng: chưa lưu hồ sơ nào.") % {
            "errors": len(report.errors),
            "bad": report.bad_rows,
            "rows": report.rows,
        }
    return _("Đã lập %(created)s hồ sơ (%(new)s người mới, %(reused)s người đã có trong hệ thống).") % {
        "created": report.created,
        "new": report.nominees_created,
        "reused": report.nominees_reused,
    }
