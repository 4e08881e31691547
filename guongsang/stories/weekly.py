"""The weekly propagation list: compile, issue with its directive (công văn), record propagation.

Editors of a level compile the week's exemplars and stories; issuing numbers the directive and
tells the units below; each unit below records how it propagated the list (a post, a meeting, a
broadcast); the editors see coverage per unit (``selectors.coverage_by_unit``).

The directive is rendered by ``guongsang.core.documents`` (the Nghị định 30/2020 layout shared by
every administrative document of the platform).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.accounts.selectors import people_reaching
from guongsang.core.audit import audited
from guongsang.core.documents import AdministrativeDocument, Signer, document_number, place_and_date
from guongsang.core.permissions import can
from guongsang.core.services import notify
from guongsang.nominees.models import Consent
from guongsang.orgs.models import OrgUnit

from .models import PropagationReport, Story, WeeklySelection
from .rules import REPORTER_ROLES
from .sanitize import plain_line
from .selectors import consent_in_force


def week_range(year: int, week: int) -> tuple[dt.date, dt.date]:
    monday = dt.date.fromisocalendar(year, week, 1)
    return monday, monday + dt.timedelta(days=6)


def subject_line(selection: WeeklySelection) -> str:
    """ "V/v tuyên truyền gương điển hình tiên tiến, người tốt, việc tốt tuần 47 (16/11 – 22/11/2026)"."""
    start, end = week_range(selection.year, selection.week)
    return (
        f"V/v tuyên truyền gương điển hình tiên tiến, người tốt, việc tốt tuần {selection.week} "
        f"({start:%d/%m} – {end:%d/%m/%Y})"
    )


def _check_week(year: int, week: int) -> None:
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise ValidationError(
            {"week": _("Năm %(year)s không có tuần %(week)s.") % {"year": year, "week": week}}
        ) from exc


def _check_contents(selection: WeeklySelection, nominees, stories) -> None:
    errors = []
    for story in stories:
        if story.status != Story.Status.PUBLISHED:
            errors.append(_("Bài “%(title)s” chưa được đăng.") % {"title": story.title})
        elif not story.unit.path.startswith(selection.unit.path):
            errors.append(
                _("Bài “%(title)s” không thuộc đơn vị này hoặc đơn vị trực thuộc.") % {"title": story.title}
            )
    ids = [n.pk for n in nominees]
    if ids:
        from guongsang.nominees.models import Nominee

        consenting = set(
            Nominee.objects.filter(pk__in=ids)
            .filter(consent_in_force(Consent.Scope.PORTAL, "pk"))
            .values_list("pk", flat=True)
        )
        for nominee in nominees:
            if nominee.pk not in consenting:
                errors.append(
                    _(
                        "“%(name)s” chưa đồng ý công bố trên chuyên mục công khai, "
                        "không đưa vào danh sách tuyên truyền được."
                    )
                    % {"name": nominee.full_name}
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_selection(
    actor,
    unit: OrgUnit,
    *,
    year: int,
    week: int,
    note: str = "",
    nominees=(),
    stories=(),
    signer_title: str = "CHỦ TỊCH",
    signer_name: str = "",
) -> WeeklySelection:
    """Start the week's list for ``unit`` (one per unit and week)."""
    selection = WeeklySelection(
        unit=unit,
        year=year,
        week=week,
        note=plain_line(note),
        created_by=actor,
        signer_title=plain_line(signer_title) or "CHỦ TỊCH",
        signer_name=plain_line(signer_name),
    )
    if not can(actor, "add", selection):
        raise PermissionDenied(
            _("Chỉ biên tập viên của %(unit)s được lập danh sách tuyên truyền.") % {"unit": unit}
        )
    _check_week(year, week)
    if WeeklySelection.objects.filter(unit=unit, year=year, week=week).exists():
        raise ValidationError(
            {
                "week": _("Đơn vị đã có danh sách tuyên truyền tuần %(week)s/%(year)s.")
                % {"week": week, "year": year}
            }
        )
    nominees, stories = list(nominees), list(stories)
    _check_contents(selection, nominees, stories)
    audited(selection, actor).save()
    selection.nominees.set(nominees)
    selection.stories.set(stories)
    return selection


@transaction.atomic
def update_selection(
    actor,
    selection: WeeklySelection,
    *,
    note=None,
    nominees=None,
    stories=None,
    signer_title=None,
    signer_name=None,
) -> WeeklySelection:
    """Change a list still being compiled."""
    selection = WeeklySelection.objects.select_for_update().select_related("unit").get(pk=selection.pk)
    if not can(actor, "change", selection):
        raise PermissionDenied(_("Bạn không có quyền sửa danh sách này."))
    if selection.status != WeeklySelection.Status.DRAFT:
        raise ValidationError(_("Danh sách đã ban hành, không sửa được."), code="transition_not_allowed")
    if note is not None:
        selection.note = plain_line(note)
    if signer_title is not None:
        selection.signer_title = plain_line(signer_title) or selection.signer_title
    if signer_name is not None:
        selection.signer_name = plain_line(signer_name)
    nominees = list(nominees) if nominees is not None else list(selection.nominees.all())
    stories = list(stories) if stories is not None else list(selection.stories.select_related("unit"))
    _check_contents(selection, nominees, stories)
    audited(selection, actor).save()
    selection.nominees.set(nominees)
    selection.stories.set(stories)
    return selection


@transaction.atomic
def issue_selection(actor, selection: WeeklySelection, *, number: int | None = None) -> WeeklySelection:
    """Issue the list: number the directive and tell the units below."""
    selection = WeeklySelection.objects.select_for_update().select_related("unit").get(pk=selection.pk)
    if not can(actor, "change", selection):
        raise PermissionDenied(_("Bạn không có quyền ban hành danh sách này."))
    if selection.status != WeeklySelection.Status.DRAFT:
        raise ValidationError(_("Danh sách đã được ban hành."), code="transition_not_allowed")
    if not selection.nominees.exists() and not selection.stories.exists():
        raise ValidationError(_("Danh sách chưa có gương điển hình hay bài viết nào."))
    _check_contents(selection, list(selection.nominees.all()), list(selection.stories.select_related("unit")))
    if number is None:
        last = WeeklySelection.objects.filter(unit=selection.unit, year=selection.year).aggregate(
            m=Max("number")
        )["m"]
        number = (last or 0) + 1
    selection.number = number
    selection.status = WeeklySelection.Status.ISSUED
    selection.issued_at = timezone.now()
    audited(selection, actor).save()
    recipients = set()
    for child in OrgUnit.objects.get_children(selection.unit):
        recipients.update(people_reaching(child, REPORTER_ROLES))
    notify(
        recipients,
        _("Danh sách tuyên truyền tuần %(week)s/%(year)s của %(unit)s")
        % {"week": selection.week, "year": selection.year, "unit": selection.unit},
        body=_("Đề nghị đơn vị tuyên truyền và ghi nhận kết quả."),
        url=selection.get_absolute_url(),
    )
    return selection


@transaction.atomic
def record_propagation(
    actor,
    selection: WeeklySelection,
    unit: OrgUnit,
    *,
    kind: str,
    held_on: dt.date,
    url: str = "",
    audience: int | None = None,
    note: str = "",
) -> PropagationReport:
    """A unit below records how it propagated an issued list."""
    selection = WeeklySelection.objects.select_related("unit").get(pk=selection.pk)
    report = PropagationReport(
        selection=selection,
        unit=unit,
        kind=kind,
        held_on=held_on,
        url=(url or "").strip(),
        audience=audience,
        note=plain_line(note),
        reported_by=actor,
    )
    if not can(actor, "report", WeeklySelection(unit=unit)):
        raise PermissionDenied(_("Bạn không có quyền báo cáo cho %(unit)s.") % {"unit": unit})
    errors: dict[str, list[str]] = {}
    if selection.status != WeeklySelection.Status.ISSUED:
        raise ValidationError(_("Danh sách chưa được ban hành."), code="transition_not_allowed")
    if unit.pk == selection.unit_id or not unit.path.startswith(selection.unit.path):
        errors["unit"] = [_("Chỉ các đơn vị trực thuộc %(unit)s báo cáo kết quả.") % {"unit": selection.unit}]
    if kind not in PropagationReport.Kind.values:
        errors["kind"] = [_("Hình thức tuyên truyền không hợp lệ.")]
    if kind == PropagationReport.Kind.POST and not report.url:
        errors["url"] = [_("Hãy dán đường dẫn bài đăng.")]
    if report.url and not re.match(r"^https?://", report.url, re.I):
        errors["url"] = [_("Đường dẫn phải bắt đầu bằng http:// hoặc https://.")]
    if held_on > timezone.localdate():
        errors["held_on"] = [_("Ngày thực hiện không được sau ngày hôm nay.")]
    if held_on < week_range(selection.year, selection.week)[0] - dt.timedelta(days=7):
        errors["held_on"] = [_("Ngày thực hiện sớm hơn tuần của danh sách.")]
    if errors:
        raise ValidationError(errors)
    report.full_clean(exclude=["reported_by"])
    audited(report, actor).save()
    return report


# --- The directive ---------------------------------------------------------------------------


def _province_place(unit: OrgUnit) -> str:
    chain = [*OrgUnit.objects.get_ancestors(unit), unit]
    for candidate in reversed(chain):
        if candidate.kind == OrgUnit.Kind.PROVINCE:
            return re.sub(r"^(Thành phố|Tỉnh)\s+", "", candidate.name)
    return unit.name


def _issuer(unit: OrgUnit) -> tuple[str, str]:
    if unit.kind in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE, OrgUnit.Kind.DISTRICT):
        return "ỦY BAN NHÂN DÂN", unit.name.upper()
    parent = OrgUnit.objects.get_parent(unit)
    return (parent.name.upper() if parent else ""), unit.name.upper()


def directive_docx(selection: WeeklySelection) -> bytes:
    """The directive sending the list down, as DOCX in the Nghị định 30/2020 format."""
    unit = selection.unit
    parent_body, issuing_body = _issuer(unit)
    day = timezone.localtime(selection.issued_at).date() if selection.issued_at else None
    is_council = unit.kind in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE, OrgUnit.Kind.DISTRICT)
    children = list(OrgUnit.objects.get_children(unit).order_by("name"))
    doc = AdministrativeDocument(
        parent_body=parent_body,
        issuing_body=issuing_body,
        number_line=document_number(selection.number, selection.symbol),
        place_date=place_and_date(_province_place(unit), day),
        kind_title="",
        subject=subject_line(selection),
        signer=Signer(
            authority_line="TM. ỦY BAN NHÂN DÂN" if is_council else "",
            title=selection.signer_title.upper(),
            name=selection.signer_name,
            signed=selection.status == WeeklySelection.Status.ISSUED and bool(selection.signer_name),
        ),
        recipients=["Như trên;", "Lưu: VT, VHTT."],
    )
    if len(children) <= 8:
        doc.paragraph("Kính gửi: " + "; ".join(c.name for c in children) + ".", indent=False, center=True)
    else:
        doc.paragraph(f"Kính gửi: Các cơ quan, đơn vị trực thuộc {unit.name}.", indent=False, center=True)
    start, end = week_range(selection.year, selection.week)
    doc.paragraph(
        "Thực hiện kế hoạch tuyên truyền, nhân rộng gương điển hình tiên tiến, người tốt, việc tốt, "
        f"{unit.name} đề nghị các cơ quan, đơn vị tuyên truyền các gương điển hình và bài viết dưới đây "
        f"trong tuần {selection.week} (từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}):"
    )
    nominees = list(selection.nominees.select_related("unit").order_by("name_folded"))
    if nominees:
        doc.table(
            ["STT", "Họ và tên", "Đơn vị", "Nghề nghiệp, chức vụ"],
            [
                [str(i), n.full_name, n.unit.name, ", ".join(x for x in (n.occupation, n.position) if x)]
                for i, n in enumerate(nominees, 1)
            ],
            title="1. Gương điển hình tiên tiến, người tốt, việc tốt",
        )
    stories = list(selection.stories.select_related("unit").order_by("-published_at"))
    if stories:
        from django.conf import settings

        doc.table(
            ["STT", "Tiêu đề bài viết", "Đơn vị", "Địa chỉ"],
            [
                [str(i), s.title, s.unit.name, settings.SITE_URL.rstrip("/") + s.get_public_url()]
                for i, s in enumerate(stories, 1)
            ],
            title=f"{2 if nominees else 1}. Bài viết tuyên truyền",
        )
    if selection.note:
        doc.paragraph(selection.note)
    doc.paragraph(
        "Các cơ quan, đơn vị đăng tải, phổ biến tại hội nghị, cuộc họp, phát trên hệ thống truyền thanh "
        "và ghi nhận kết quả tuyên truyền (đường dẫn bài đăng, hội nghị, buổi phát thanh) trên nền tảng "
        "Gương Sáng trước ngày "
        f"{end + dt.timedelta(days=7):%d/%m/%Y}."
    )
    doc.paragraph("Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.")
    return doc.render()


def directive_filename(selection: WeeklySelection) -> str:
    return f"cong-van-tuyen-truyen-tuan-{selection.week:02d}-{selection.year}.docx"
