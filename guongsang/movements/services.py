"""Writes on movements, registrations and criteria: one function per use case.

Each function checks the actor's permission, validates, writes the change and its audit row in
one transaction, and asks for notifications to go out once it commits.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import Role, can
from guongsang.core.services import notify
from guongsang.orgs.models import OrgUnit

from .models import CriteriaSet, Criterion, Field, Movement, MovementAttachment, Registration

MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024
# Extension → the first bytes a genuine file of that type starts with (DOCX and XLSX are ZIP).
ALLOWED_UPLOADS: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


class TransitionRefused(ValidationError):
    """A registration asked to change state from a state that does not allow it."""


def _holders(units: Iterable[OrgUnit] | QuerySet[OrgUnit], roles: Iterable[str]):
    """Users holding one of ``roles`` on one of ``units`` today, to notify them.

    ``units`` may be a queryset, so that a national movement's thousands of communes stay a
    subquery instead of a list of ids.
    """
    from django.contrib.auth import get_user_model

    from guongsang.accounts.models import Membership

    if not isinstance(units, QuerySet):
        units = [u.pk for u in units]
    memberships = Membership.objects.active().filter(unit__in=units, role__in=list(roles))
    return get_user_model().objects.filter(pk__in=memberships.values("user_id"), is_active=True)


def check_upload(file: UploadedFile) -> None:
    """Refuse a file that is not PDF, DOCX, XLSX, JPG or PNG, is empty, or exceeds 20 MB."""
    name = os.path.basename(file.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_UPLOADS:
        raise ValidationError(
            {
                "file": _(
                    "Tệp “%(name)s” không đúng định dạng cho phép. "
                    "Chỉ nhận tệp PDF, DOCX, XLSX, JPG hoặc PNG."
                )
                % {"name": name}
            }
        )
    if not file.size:
        raise ValidationError({"file": _("Tệp “%(name)s” rỗng.") % {"name": name}})
    if file.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” có dung lượng %(size)s, vượt quá giới hạn 20 MB.")
                % {"name": name, "size": filesizeformat(file.size)}
            }
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(ALLOWED_UPLOADS[extension]):
        raise ValidationError(
            {
                "file": _("Nội dung tệp “%(name)s” không phải là tệp %(ext)s hợp lệ.")
                % {"name": name, "ext": extension.upper()}
            }
        )


# --- Movements ---------------------------------------------------------------------------------


def units_in_scope(movement: Movement) -> QuerySet[OrgUnit]:
    """The units that take part in ``movement``, as a query (the same rule as ``Movement.includes``)."""
    units = OrgUnit.objects.filter(path__startswith=movement.unit.path, depth__gt=movement.unit.depth)
    if movement.scope_kinds:
        units = units.filter(kind__in=movement.scope_kinds)
    return units


def _check_standing_unit(launcher: OrgUnit, standing_unit: OrgUnit | None) -> None:
    """The standing unit runs the movement for the launcher: the launcher itself or a unit under it.

    Naming a unit of another province would show that unit on pages its people never see.
    """
    if standing_unit is not None and not standing_unit.path.startswith(launcher.path):
        raise ValidationError(
            {
                "standing_unit": _("Cơ quan thường trực phải là %(unit)s hoặc một đơn vị trực thuộc.")
                % {"unit": launcher}
            }
        )


@transaction.atomic
def launch_movement(
    actor,
    unit: OrgUnit,
    *,
    name: str,
    kind: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    description: str = "",
    fields: Iterable[Field] = (),
    standing_unit: OrgUnit | None = None,
    scope_kinds: Iterable[str] = (),
) -> Movement:
    """Launch a movement from ``unit`` for the units below it; their officers are notified."""
    if not can(actor, "add", Movement(unit=unit)):
        raise PermissionDenied(_("Bạn không có quyền phát động phong trào tại %(unit)s.") % {"unit": unit})
    _check_standing_unit(unit, standing_unit)
    movement = Movement(
        unit=unit,
        name=(name or "").strip(),
        kind=kind,
        description=(description or "").strip(),
        start_date=start_date,
        end_date=end_date,
        standing_unit=standing_unit,
        scope_kinds=sorted(set(scope_kinds)),
        created_by=actor,
    )
    movement.full_clean(exclude=["name_folded", "created_by"])
    audited(movement, actor).save()
    movement.fields.set(list(fields))
    notify(
        _holders(units_in_scope(movement), [Role.OFFICER]),
        title=_("Phong trào mới: %(name)s") % {"name": movement.name},
        body=_("%(unit)s phát động phong trào “%(name)s”. Đơn vị có thể đăng ký thi đua.")
        % {"unit": unit, "name": movement.name},
        url=movement.get_absolute_url(),
    )
    return movement


MOVEMENT_EDITABLE = {"name", "kind", "description", "start_date", "end_date", "standing_unit", "scope_kinds"}


@transaction.atomic
def update_movement(
    actor, movement: Movement, *, fields: Iterable[Field] | None = None, **changes
) -> Movement:
    """Change a movement's description, period, scope, standing unit or fields."""
    if not can(actor, "change", movement):
        raise PermissionDenied(_("Bạn không có quyền sửa phong trào này."))
    unknown = set(changes) - MOVEMENT_EDITABLE
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if "standing_unit" in changes:
        _check_standing_unit(movement.unit, changes["standing_unit"])
    for name, value in changes.items():
        if name == "scope_kinds":
            value = sorted(set(value or []))
        elif name == "description":
            value = (value or "").strip()
        elif isinstance(value, str):
            value = value.strip()
        setattr(movement, name, value)
    movement.full_clean(exclude=["name_folded", "created_by"])
    audited(movement, actor).save()
    if fields is not None:
        movement.fields.set(list(fields))
    return movement


@transaction.atomic
def add_attachment(actor, movement: Movement, file: UploadedFile, title: str = "") -> MovementAttachment:
    """Attach a document (PDF, DOCX, XLSX, JPG, PNG; at most 20 MB) to a movement."""
    attachment = MovementAttachment(movement=movement)
    if not can(actor, "add", attachment):
        raise PermissionDenied(_("Bạn không có quyền thêm tài liệu cho phong trào này."))
    check_upload(file)
    title = (title or "").strip()
    if len(title) > 255:
        raise ValidationError({"title": _("Tiêu đề tài liệu không được dài quá 255 ký tự.")})
    attachment.title = title or os.path.basename(file.name)[:255]
    attachment.uploaded_by = actor
    attachment.filename = os.path.basename(file.name)[:255]
    attachment.file.save(os.path.basename(file.name), file, save=False)
    audited(attachment, actor).save()
    return attachment


@transaction.atomic
def remove_attachment(actor, attachment: MovementAttachment) -> None:
    """Remove a document from a movement; the file goes once the removal commits."""
    if not can(actor, "delete", attachment):
        raise PermissionDenied(_("Bạn không có quyền xoá tài liệu của phong trào này."))
    file = attachment.file
    audited(attachment, actor).delete()
    # Deleting the file inside the transaction would lose it if the removal rolled back.
    transaction.on_commit(lambda: file.storage.delete(file.name))


# --- Registrations -----------------------------------------------------------------------------


def _locked(registration: Registration) -> Registration:
    """Re-read the registration under a row lock: of two officers acting at once, one waits and
    then sees the state the other left."""
    return (
        Registration.objects.select_for_update()
        .select_related("movement__unit", "unit")
        .get(pk=registration.pk)
    )


def _refuse(registration: Registration, action: str) -> NoReturn:
    """Refuse a transition the registration's current state does not allow, saying why."""
    raise TransitionRefused(
        _("Không thể %(action)s: đăng ký của %(unit)s đang ở trạng thái “%(status)s”.")
        % {"action": action, "unit": registration.unit, "status": registration.get_status_display()},
        code="invalid_transition",
    )


@transaction.atomic
def register(
    actor, movement: Movement, unit: OrgUnit, pledge: str = "", *, submit: bool = False
) -> Registration:
    """Start a unit's registration for a movement: a draft its officer then submits, or with
    ``submit`` sent to the launcher at once (all or nothing)."""
    registration = Registration(movement=movement, unit=unit, pledge=(pledge or "").strip())
    if not can(actor, "add", registration):
        raise PermissionDenied(_("Bạn không có quyền đăng ký thi đua cho %(unit)s.") % {"unit": unit})
    if not movement.includes(unit):
        raise ValidationError(
            {"unit": _("%(unit)s không thuộc phạm vi của phong trào này.") % {"unit": unit}}
        )
    if movement.has_ended():
        raise ValidationError(_("Phong trào đã kết thúc, không nhận đăng ký mới."))
    if Registration.objects.filter(movement=movement, unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s đã đăng ký phong trào này.") % {"unit": unit}})
    try:
        with transaction.atomic():
            audited(registration, actor).save()
    except IntegrityError:
        raise ValidationError({"unit": _("%(unit)s đã đăng ký phong trào này.") % {"unit": unit}}) from None
    if submit:
        return submit_registration(actor, registration)
    return registration


@transaction.atomic
def update_registration(actor, registration: Registration, pledge: str) -> Registration:
    """Amend the pledge of a registration not yet sent (or sent back)."""
    registration = _locked(registration)
    if not can(actor, "change", registration):
        raise PermissionDenied(_("Bạn không có quyền sửa đăng ký này."))
    if registration.status not in (Registration.Status.DRAFT, Registration.Status.REJECTED):
        _refuse(registration, _("sửa đăng ký"))
    registration.pledge = (pledge or "").strip()
    audited(registration, actor).save()
    return registration


@transaction.atomic
def submit_registration(actor, registration: Registration) -> Registration:
    """Send a draft (or a rejected and amended) registration to the launcher: → chờ duyệt."""
    registration = _locked(registration)
    if not can(actor, "change", registration):
        raise PermissionDenied(
            _("Bạn không có quyền gửi đăng ký của %(unit)s.") % {"unit": registration.unit}
        )
    if registration.status not in (Registration.Status.DRAFT, Registration.Status.REJECTED):
        _refuse(registration, _("gửi đăng ký"))
    if not registration.pledge:
        raise ValidationError({"pledge": _("Hãy ghi nội dung đăng ký thi đua trước khi gửi.")})
    if registration.movement.has_ended():
        raise ValidationError(_("Phong trào đã kết thúc, không nhận đăng ký."))
    registration.status = Registration.Status.PENDING
    registration.submitted_at = timezone.now()
    # A resubmitted registration waits for a fresh decision; the old one stays in the history.
    registration.reason = ""
    registration.decided_at = None
    registration.decided_by = None
    audited(registration, actor).save()
    movement = registration.movement
    notify(
        _holders([movement.unit], [Role.OFFICER, Role.APPRAISER, Role.HEAD]),
        title=_("Đăng ký thi đua chờ duyệt: %(unit)s") % {"unit": registration.unit},
        body=_("%(unit)s đăng ký tham gia phong trào “%(name)s”.")
        % {"unit": registration.unit, "name": movement.name},
        url=movement.get_absolute_url(),
    )
    return registration


def _decide(actor, registration: Registration, status: str, reason: str, action: str) -> Registration:
    """Record the launcher's decision on a pending registration and tell the registering unit."""
    registration = _locked(registration)
    if not can(actor, "decide", registration):
        raise PermissionDenied(
            _("Chỉ cán bộ thi đua, thẩm định viên hoặc lãnh đạo của đơn vị phát động mới được duyệt đăng ký.")
        )
    if registration.status != Registration.Status.PENDING:
        _refuse(registration, action)
    registration.status = status
    registration.reason = reason
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    audited(registration, actor).save()
    if status == Registration.Status.APPROVED:
        title = _("Đăng ký thi đua đã được duyệt: %(name)s")
    else:
        title = _("Đăng ký thi đua bị từ chối: %(name)s")
    notify(
        _holders([registration.unit], [Role.OFFICER]),
        title=title % {"name": registration.movement.name},
        body=reason,
        url=registration.movement.get_absolute_url(),
    )
    return registration


@transaction.atomic
def approve_registration(actor, registration: Registration) -> Registration:
    """The launcher accepts a pending registration: chờ duyệt → đã duyệt."""
    return _decide(actor, registration, Registration.Status.APPROVED, "", _("duyệt đăng ký"))


@transaction.atomic
def reject_registration(actor, registration: Registration, reason: str) -> Registration:
    """The launcher refuses a pending registration, saying why: chờ duyệt → từ chối."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do từ chối.")})
    return _decide(actor, registration, Registration.Status.REJECTED, reason, _("từ chối đăng ký"))


# --- Criteria ----------------------------------------------------------------------------------

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(year: int | None) -> None:
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("Năm áp dụng phải từ %(first)s đến %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )


@transaction.atomic
def create_criteria_set(
    actor,
    unit: OrgUnit,
    *,
    kind: str,
    name: str,
    movement: Movement | None = None,
    year: int | None = None,
) -> CriteriaSet:
    """Create a criteria set owned by ``unit`` (for a movement's set: the launching unit)."""
    criteria_set = CriteriaSet(kind=kind, unit=unit, movement=movement, name=(name or "").strip(), year=year)
    if not can(actor, "add", criteria_set):
        raise PermissionDenied(_("Bạn không có quyền ban hành bộ tiêu chí của %(unit)s.") % {"unit": unit})
    _check_year(year)
    criteria_set.full_clean()
    audited(criteria_set, actor).save()
    return criteria_set


@transaction.atomic
def update_criteria_set(actor, criteria_set: CriteriaSet, **changes) -> CriteriaSet:
    """Rename a set, change its year, or stop / resume applying it."""
    if not can(actor, "change", criteria_set):
        raise PermissionDenied(_("Bạn không có quyền sửa bộ tiêu chí này."))
    unknown = set(changes) - {"name", "year", "is_active"}
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if "year" in changes:
        _check_year(changes["year"])
    for name, value in changes.items():
        setattr(criteria_set, name, value.strip() if isinstance(value, str) else value)
    criteria_set.full_clean()
    audited(criteria_set, actor).save()
    return criteria_set


@transaction.atomic
def add_criterion(actor, criteria_set: CriteriaSet, text: str, required: bool = True) -> Criterion:
    """Append a criterion at the end of a set."""
    if not can(actor, "change", criteria_set):
        raise PermissionDenied(_("Bạn không có quyền sửa bộ tiêu chí này."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Nội dung tiêu chí không được để trống.")})
    last = criteria_set.criteria.aggregate(last=Max("order"))["last"]
    criterion = Criterion(criteria_set=criteria_set, text=text, required=required, order=(last or 0) + 1)
    audited(criterion, actor).save()
    return criterion


@transaction.atomic
def update_criterion(
    actor, criterion: Criterion, *, text: str | None = None, required: bool | None = None
) -> Criterion:
    """Reword a criterion or change whether it is required."""
    if not can(actor, "change", criterion.criteria_set):
        raise PermissionDenied(_("Bạn không có quyền sửa bộ tiêu chí này."))
    if text is not None:
        text = text.strip()
        if not text:
            raise ValidationError({"text": _("Nội dung tiêu chí không được để trống.")})
        criterion.text = text
    if required is not None:
        criterion.required = required
    audited(criterion, actor).save()
    return criterion


@transaction.atomic
def remove_criterion(actor, criterion: Criterion) -> None:
    """Take a criterion out of its set.

    Dossiers keep the text of the criteria they answered, so removing one does not change a
    dossier already answered.
    """
    if not can(actor, "change", criterion.criteria_set):
        raise PermissionDenied(_("Bạn không có quyền sửa bộ tiêu chí này."))
    audited(criterion, actor).delete()


@transaction.atomic
def reorder_criteria(actor, criteria_set: CriteriaSet, ordered_ids: list[int]) -> list[Criterion]:
    """Put a set's criteria in the given order; the list must name each criterion exactly once."""
    if not can(actor, "change", criteria_set):
        raise PermissionDenied(_("Bạn không có quyền sửa bộ tiêu chí này."))
    criteria = {c.pk: c for c in criteria_set.criteria.select_for_update()}
    if sorted(ordered_ids) != sorted(criteria):
        raise ValidationError(_("Danh sách sắp xếp phải gồm đúng các tiêu chí của bộ, mỗi tiêu chí một lần."))
    for position, pk in enumerate(ordered_ids, start=1):
        criterion = criteria[pk]
        if criterion.order != position:
            criterion.order = position
            audited(criterion, actor).save()
    return [criteria[pk] for pk in ordered_ids]


@transaction.atomic
def move_criterion(actor, criterion: Criterion, offset: int) -> Criterion:
    """Move a criterion one place up (-1) or down (+1) within its set."""
    ids = list(criterion.criteria_set.criteria.order_by("order", "pk").values_list("pk", flat=True))
    index = ids.index(criterion.pk)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    reorder_criteria(actor, criterion.criteria_set, ids)
    criterion.refresh_from_db()
    return criterion
