"""Public API of tips about good deeds (no login): ``/api/v1/public/reports``.

The same service as the public form (``services.submit_report``), the same throttle per client
address, and the same public status: nothing about the reporter or the person comes back.
"""

import datetime as dt
from typing import Literal

from axes.helpers import get_client_ip_address
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from guongsang.core.api import ApiDate, ApiError, errors

from . import selectors, services
from .models import GoodDeedReport

public_router = Router(tags=["Công khai"], auth=None)


class ReportIn(Schema):
    """A report of a good deed. The client app must have shown the reporter how the data is used
    (Nghị định 13/2023/NĐ-CP) and obtained their consent before sending it."""

    source: Literal["citizen", "press"] = Field("citizen", description="citizen: người dân; press: báo chí")
    reporter_name: str = Field(..., max_length=255, description="Họ và tên người báo tin")
    reporter_phone: str = Field(
        "", max_length=32, description="Số điện thoại (cần số điện thoại hoặc e-mail)"
    )
    reporter_email: str = Field("", max_length=254)
    press_outlet: str = Field("", max_length=255, description="Cơ quan báo chí (bắt buộc khi source=press)")
    press_link: str = Field("", max_length=500)
    person_name: str = Field(..., max_length=255, description="Người làm việc tốt (tên hoặc mô tả)")
    person_details: str = Field("", max_length=services.MAX_PERSON_DETAILS)
    what_happened: str = Field(..., max_length=services.MAX_WHAT_HAPPENED)
    place_commune: int | None = Field(None, description="Mã số (id) xã, phường trong hệ thống")
    place_commune_code: str = Field("", max_length=16, description="Hoặc mã đơn vị hành chính, ví dụ 00004")
    place_detail: str = Field("", max_length=255)
    occurred_on: ApiDate | None = None


class ReportCreated(Schema):
    tracking_code: str
    status: str
    status_label: str
    status_url: str


class ReportStatus(Schema):
    """What anyone holding the tracking code may know: no names, no contacts."""

    tracking_code: str
    status: str
    status_label: str
    commune: str
    received_on: dt.date
    handled_on: dt.date | None
    decline_reason: str
    dossier_opened: bool


@public_router.post(
    "/reports",
    response={201: ReportCreated, **errors(429)},
    summary="Gửi tin báo người tốt, việc tốt",
    operation_id="public_report_create",
)
def create_report(request: HttpRequest, payload: ReportIn):
    client = get_client_ip_address(request) or ""
    try:
        services.claim_submission(client)
    except services.TooManyReports as exc:
        raise ApiError(429, "too_many_requests", exc.message) from exc
    commune = payload.place_commune
    if commune is None and payload.place_commune_code:
        commune = selectors.commune_by_code(payload.place_commune_code)
    try:
        report = services.submit_report(
            reporter_name=payload.reporter_name,
            reporter_phone=payload.reporter_phone,
            reporter_email=payload.reporter_email,
            source=payload.source,
            press_outlet=payload.press_outlet,
            press_link=payload.press_link,
            person_name=payload.person_name,
            person_details=payload.person_details,
            what_happened=payload.what_happened,
            place_commune=commune,
            place_detail=payload.place_detail,
            occurred_on=payload.occurred_on,
        )
    except Exception:
        # Refused input writes nothing; it should not use up the client's hourly allowance.
        services.release_submission(client)
        raise
    return Status(
        201,
        {
            "tracking_code": report.tracking_code,
            "status": report.status,
            "status_label": report.get_status_display(),
            "status_url": services.status_url(report),
        },
    )


@public_router.get(
    "/reports/{tracking_code}",
    response=ReportStatus,
    summary="Tra cứu tình trạng tin báo theo mã theo dõi",
    operation_id="public_report_status",
)
def report_status(request: HttpRequest, tracking_code: str):
    report = selectors.report_by_code(tracking_code)
    if report is None:
        raise ApiError(404, "not_found", _("Không tìm thấy tin báo có mã này."))
    return {
        "tracking_code": report.tracking_code,
        "status": report.status,
        "status_label": report.get_status_display(),
        "commune": report.place_commune.name,
        "received_on": timezone.localtime(report.created_at).date(),
        "handled_on": timezone.localtime(report.handled_at).date() if report.handled_at else None,
        "decline_reason": report.decline_reason if report.status == GoodDeedReport.Status.DECLINED else "",
        "dossier_opened": report.nomination_id is not None,
    }
