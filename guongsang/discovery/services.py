"""Tips about good deeds from citizens and the press: filing one (public, no account) and the
commune's decision on it: accept (a draft dossier is opened in ``nominations``, and the tip links
to it) or decline with a reason.

The reporter has no account; the tracking code is their only handle on the report, so the public
status shows nothing private. Filing is throttled per client address (``GOOD_DEED_REPORTS_PER_HOUR``
in settings, counted in the cache, which is Redis when several app servers share the load).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from guongsang.accounts.selectors import people_reaching
from guongsang.core.audit import audited
from guongsang.core.permissions import Role, can, scope_for, visible_to
from guongsang.core.services import notify
from guongsang.core.uploads import IMAGES_AND_PDF, check_upload
from guongsang.nominations.models import Nomination
from guongsang.nominations.services import create_nomination
from guongsang.nominees.models import Nominee
from guongsang.nominees.services import create_nominee, normalize_phone
from guongsang.orgs.models import OrgUnit

from .models import GoodDeedReport, ReportFile

Status = GoodDeedReport.Status
Source = GoodDeedReport.Source

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
MIN_WHAT_HAPPENED = 20
MAX_WHAT_HAPPENED = 5_000
MAX_PERSON_DETAILS = 2_000
MAX_DECLINE_REASON = 2_000
DEFAULT_REPORTS_PER_HOUR = 5

logger = logging.getLogger(__name__)


class ReportAlreadyHandled(ValidationError):
    """The report was accepted or declined already (perhaps by another officer a moment ago)."""


class TooManyReports(Exception):
    """The client has filed as many reports this hour as the platform accepts from one address."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            _(
                "Bạn đã gửi %(n)s tin báo trong một giờ qua, đây là mức tối đa cho phép. "
                "Vui lòng thử lại sau ít phút; nếu cần báo gấp, hãy liên hệ trực tiếp UBND xã, phường."
            )
            % {"n": limit}
        )
        self.message = str(self.args[0])


# --- Throttling ---------------------------------------------------------------------------------


def reports_per_hour() -> int:
    return int(getattr(settings, "GOOD_DEED_REPORTS_PER_HOUR", DEFAULT_REPORTS_PER_HOUR))


def _throttle_key(client: str) -> str:
    # A fixed one-hour window: simple, one counter per address, and it works the same on the
    # in-process cache and on Redis (both increment atomically).
    return f"good-deed-reports:{client or 'unknown'}:{int(time.time() // 3600)}"


def claim_submission(client: str) -> None:
    """Count one submission from ``client`` (its IP address) this hour; raise
    ``TooManyReports`` when over the limit. Call before submitting; ``release_submission``
    gives the slot back when the submission is refused as bad input."""
    key = _throttle_key(client)
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window turned over between add and incr.
        cache.set(key, 1, timeout=3600)
        count = 1
    if count > reports_per_hour():
        raise TooManyReports(reports_per_hour())


def release_submission(client: str) -> None:
    """Give back a slot counted by ``claim_submission`` (the input was refused, nothing saved)."""
    # The window may have turned over meanwhile: nothing left to give back.
    with contextlib.suppress(ValueError):
        cache.decr(_throttle_key(client))


# --- Filing a report ----------------------------------------------------------------------------


def _clean_phone(value: str, errors: dict[str, list]) -> str:
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        errors.setdefault("reporter_phone", []).extend(exc.messages)
        return ""


def _commune(value: OrgUnit | int | None) -> OrgUnit | None:
    if isinstance(value, OrgUnit):
        unit = value
    elif isinstance(value, int):
        unit = OrgUnit.objects.filter(pk=value).first()
    else:
        return None
    if unit is None or unit.kind != OrgUnit.Kind.COMMUNE or not unit.is_current:
        return None
    return unit


def check_report(
    *,
    reporter_name: str,
    reporter_phone: str = "",
    reporter_email: str = "",
    source: str = Source.CITIZEN,
    press_outlet: str = "",
    press_link: str = "",
    person_name: str,
    person_details: str = "",
    what_happened: str,
    place_commune: OrgUnit | int | None,
    place_detail: str = "",
    occurred_on: dt.date | None = None,
    files: Sequence = (),
) -> tuple[GoodDeedReport, list]:
    """Validate a report of a good deed without saving it: the unsaved report and its files.

    Every problem with the input is reported at once, per field (``ValidationError`` with a
    message dict), so the form and the API can show them all.
    """
    errors: dict[str, list] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    reporter_name = (reporter_name or "").strip()
    if not reporter_name:
        add("reporter_name", _("Hãy nhập họ và tên của bạn."))
    elif len(reporter_name) > 255:
        add("reporter_name", _("Họ và tên quá dài (tối đa 255 ký tự)."))
    phone = _clean_phone(reporter_phone, errors)
    reporter_email = (reporter_email or "").strip()
    if reporter_email:
        try:
            validate_email(reporter_email)
        except ValidationError:
            add("reporter_email", _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@gmail.com)."))
    if not phone and not reporter_email and "reporter_phone" not in errors and "reporter_email" not in errors:
        add(
            "reporter_phone",
            _("Hãy để lại số điện thoại hoặc thư điện tử để cán bộ xã, phường liên hệ xác minh khi cần."),
        )
    if source not in Source.values:
        add("source", _("Nguồn tin không hợp lệ."))
    press_outlet = (press_outlet or "").strip()[:255]
    press_link = (press_link or "").strip()
    if source == Source.PRESS and not press_outlet:
        add("press_outlet", _("Hãy nhập tên cơ quan báo chí."))
    if press_link:
        try:
            URLValidator(schemes=["http", "https"])(press_link)
        except ValidationError:
            add("press_link", _("Đường dẫn bài báo không hợp lệ (bắt đầu bằng http:// hoặc https://)."))
        if len(press_link) > 500:
            add("press_link", _("Đường dẫn bài báo quá dài (tối đa 500 ký tự)."))
    person_name = (person_name or "").strip()
    if not person_name:
        add("person_name", _("Hãy nhập tên người làm việc tốt (nếu không biết tên, hãy mô tả người đó)."))
    elif len(person_name) > 255:
        add("person_name", _("Tên người được báo tin quá dài (tối đa 255 ký tự)."))
    person_details = (person_details or "").strip()
    if len(person_details) > MAX_PERSON_DETAILS:
        add(
            "person_details",
            _("Thông tin về người được báo tin quá dài (tối đa %(n)s ký tự).")
            % {"n": f"{MAX_PERSON_DETAILS:,}"},
        )
    what_happened = (what_happened or "").strip()
    if not what_happened:
        add("what_happened", _("Hãy kể lại việc tốt đã xảy ra."))
    elif len(what_happened) < MIN_WHAT_HAPPENED:
        add(
            "what_happened",
            _("Hãy kể cụ thể hơn (ít nhất %(n)s ký tự): ai, làm gì, kết quả ra sao.")
            % {"n": MIN_WHAT_HAPPENED},
        )
    elif len(what_happened) > MAX_WHAT_HAPPENED:
        add(
            "what_happened",
            _("Nội dung quá dài (tối đa %(n)s ký tự). Có thể gửi kèm tệp PDF nếu cần kể chi tiết hơn.")
            % {"n": f"{MAX_WHAT_HAPPENED:,}"},
        )
    commune = _commune(place_commune)
    if commune is None:
        add("place_commune", _("Hãy chọn xã, phường nơi xảy ra việc tốt."))
    place_detail = (place_detail or "").strip()
    if len(place_detail) > 255:
        add("place_detail", _("Địa điểm cụ thể quá dài (tối đa 255 ký tự)."))
    if occurred_on is not None and occurred_on > timezone.localdate():
        add("occurred_on", _("Ngày xảy ra không được sau ngày hôm nay."))
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        add("files", _("Chỉ được gửi kèm tối đa %(n)s tệp.") % {"n": MAX_FILES})
    else:
        for file in files:
            try:
                check_upload(file, allowed=IMAGES_AND_PDF, max_bytes=MAX_FILE_BYTES)
            except ValidationError as exc:
                errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)

    report = GoodDeedReport(
        source=source,
        reporter_name=reporter_name,
        reporter_phone=phone,
        reporter_email=reporter_email,
        press_outlet=press_outlet,
        press_link=press_link,
        person_name=person_name,
        person_details=person_details,
        what_happened=what_happened,
        place_commune=commune,
        place_detail=place_detail,
        occurred_on=occurred_on,
    )
    return report, files


@transaction.atomic
def submit_report(**fields: Any) -> GoodDeedReport:
    """File a report of a good deed (no account needed); returns it with its tracking code.

    ``fields`` are those of :func:`check_report`. The commune's emulation officers are notified,
    and the reporter gets the code by e-mail when they left an address.
    """
    report, files = check_report(**fields)
    commune, person_name = report.place_commune, report.person_name
    audited(report, None).save()
    for file in files:
        ReportFile.objects.create(
            report=report, file=file, name=os.path.basename(file.name or "")[:255], size=file.size
        )
    notify(
        people_reaching(commune, (Role.OFFICER,)),
        _("Tin báo người tốt, việc tốt mới: %(person)s (%(code)s)")
        % {"person": person_name, "code": report.tracking_code},
        _("Một %(source)s báo tin về việc tốt tại %(commune)s. Vui lòng xác minh và xử lý.")
        % {"source": report.get_source_display().lower(), "commune": commune},
        report.get_absolute_url(),
    )
    _mail_reporter(
        report,
        _("Gương Sáng: đã nhận tin báo %(code)s") % {"code": report.tracking_code},
        _(
            "Cảm ơn bạn đã báo tin người tốt, việc tốt. Mã theo dõi tin báo của bạn là %(code)s.\n"
            "%(commune)s sẽ xác minh và xử lý; bạn có thể tra cứu tình trạng tại:"
        )
        % {"code": report.tracking_code, "commune": commune},
    )
    return report


def status_url(report: GoodDeedReport) -> str:
    """The public status page of ``report`` (absolute, for e-mails)."""
    return f"{settings.SITE_URL}{reverse('discovery:public_status')}?ma={report.tracking_code}"


def _mail_reporter(report: GoodDeedReport, subject: str, body: str) -> None:
    """Tell the reporter by e-mail (when they left an address), once the transaction commits."""
    if not report.reporter_email:
        return
    address, text = report.reporter_email, f"{body}\n{status_url(report)}"

    def deliver() -> None:
        try:
            send_mail(subject, text, None, [address])
        except OSError:
            # A mail outage must not undo the report; the code is on the screen too.
            logger.exception("could not e-mail reporter of %s", report.tracking_code)

    transaction.on_commit(deliver)


# --- The commune's decision ---------------------------------------------------------------------


def _lock_received(actor, report: GoodDeedReport) -> GoodDeedReport:
    if not can(actor, "handle", report):
        raise PermissionDenied(_("Bạn không có quyền xử lý tin báo này."))
    fresh = GoodDeedReport.objects.select_for_update().select_related("place_commune").get(pk=report.pk)
    if fresh.status != Status.RECEIVED:
        raise ReportAlreadyHandled(
            _("Tin báo %(code)s đã được xử lý (“%(status)s”), không thể xử lý lại.")
            % {"code": fresh.tracking_code, "status": fresh.get_status_display()},
            code="transition_not_allowed",
        )
    return fresh


def may_accept(actor, report: GoodDeedReport) -> bool:
    """Whether ``actor`` may turn ``report`` into a dossier: handle the report and prepare
    dossiers for its commune (for the accept form)."""
    return (
        report.status == Status.RECEIVED
        and can(actor, "handle", report)
        and can(actor, "add", Nomination(submitting_unit=report.place_commune))
    )


def may_decline(actor, report: GoodDeedReport) -> bool:
    return report.status == Status.RECEIVED and can(actor, "handle", report)


def sees_reporter_contact(user, report: GoodDeedReport) -> bool:
    """The reporter's phone and e-mail in full: for the officers of the commune who handle the
    report (and whoever handled it), masked for everyone else who may read it."""
    if report.handled_by_id is not None and report.handled_by_id == getattr(user, "pk", None):
        return True
    return scope_for(user, (Role.OFFICER,)).covers(report.place_commune)


def _achievements(report: GoodDeedReport) -> str:
    origin = [
        _("Nguồn: tin báo %(code)s của %(source)s, nhận ngày %(date)s.")
        % {
            "code": report.tracking_code,
            "source": report.get_source_display().lower(),
            "date": formats.date_format(timezone.localtime(report.created_at), "SHORT_DATE_FORMAT"),
        }
    ]
    if report.press_outlet:
        origin.append(
            _("Cơ quan báo chí: %(outlet)s %(link)s")
            % {"outlet": report.press_outlet, "link": report.press_link}
        )
    where = report.place_detail or ""
    origin.append(
        _("Nơi xảy ra: %(place)s%(commune)s.")
        % {"place": f"{where}, " if where else "", "commune": report.place_commune}
    )
    if report.occurred_on:
        origin.append(
            _("Ngày xảy ra: %(date)s.")
            % {"date": formats.date_format(report.occurred_on, "SHORT_DATE_FORMAT")}
        )
    return f"{report.what_happened}\n\n" + "\n".join(origin)


@transaction.atomic
def accept_report(
    actor,
    report: GoodDeedReport,
    *,
    award_type,
    nominee=None,
    nominee_data: dict[str, Any] | None = None,
) -> GoodDeedReport:
    """Accept a received report: record the person (or take ``nominee``, an existing one the
    officer recognised among the likely duplicates) and open a draft dossier for ``award_type``
    at the report's commune, linked to the report. The reporter can then see that a dossier was
    opened."""
    report = _lock_received(actor, report)
    if award_type is None:
        raise ValidationError({"award_type": _("Hãy chọn danh hiệu, hình thức đề nghị.")})
    if nominee is not None:
        if not visible_to(actor, Nominee.objects.filter(pk=nominee.pk)).exists():
            raise PermissionDenied(_("Bạn không có quyền lập hồ sơ cho người này."))
        if nominee.merged_into_id:
            nominee = nominee.merged_into
    else:
        data = {
            "kind": Nominee.Kind.INDIVIDUAL,
            "full_name": report.person_name,
            "unit": report.place_commune,
        }
        data.update(nominee_data or {})
        nominee = create_nominee(actor, **data)
    origin = Nomination.Origin.PRESS if report.source == Source.PRESS else Nomination.Origin.CITIZEN_REPORT
    nomination = create_nomination(
        actor,
        nominee=nominee,
        award_type=award_type,
        submitting_unit=report.place_commune,
        achievements=_achievements(report),
        origin=origin,
    )
    report.nomination = nomination
    report.status = Status.ACCEPTED
    report.handled_by = actor
    report.handled_at = timezone.now()
    audited(report, actor).save()
    _mail_reporter(
        report,
        _("Gương Sáng: tin báo %(code)s đã được chấp nhận") % {"code": report.tracking_code},
        _("%(commune)s đã chấp nhận tin báo %(code)s của bạn và lập hồ sơ đề nghị khen thưởng. Cảm ơn bạn!")
        % {"commune": report.place_commune, "code": report.tracking_code},
    )
    return report


@transaction.atomic
def decline_report(actor, report: GoodDeedReport, *, reason: str) -> GoodDeedReport:
    """Decline a received report with a reason; the reporter sees the reason on the status page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Hãy ghi lý do không chấp nhận; người báo tin sẽ thấy lý do này.")}
        )
    if len(reason) > MAX_DECLINE_REASON:
        raise ValidationError(
            {"reason": _("Lý do quá dài (tối đa %(n)s ký tự).") % {"n": f"{MAX_DECLINE_REASON:,}"}}
        )
    report = _lock_received(actor, report)
    report.status = Status.DECLINED
    report.decline_reason = reason
    report.handled_by = actor
    report.handled_at = timezone.now()
    audited(report, actor)
    report._change_reason = reason[:100]
    report.save()
    _mail_reporter(
        report,
        _("Gương Sáng: kết quả xử lý tin báo %(code)s") % {"code": report.tracking_code},
        _("%(commune)s không chấp nhận tin báo %(code)s. Lý do: %(reason)s\nCảm ơn bạn đã quan tâm.")
        % {"commune": report.place_commune, "code": report.tracking_code, "reason": reason},
    )
    return report
