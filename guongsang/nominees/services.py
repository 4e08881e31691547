"""Writes on nominees and consents: one function per use case.

Each function checks the actor's permission, validates, and writes the change with its audit
row in one transaction. Views, the API, the Excel import and other apps all come through here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guongsang.core.audit import audited
from guongsang.core.permissions import can
from guongsang.core.uploads import reencoded_image
from guongsang.orgs.models import OrgUnit

from .models import PUBLIC_FIELDS, Consent, Nominee, SensitiveAccess
from .signals import nominee_merged

EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "full_name",
        "gender",
        "birth_date",
        "birth_year",
        "ethnicity",
        "occupation",
        "position",
        "unit",
        "residence",
        "phone",
        "email",
        "cccd",
        "photo",
        "is_deceased",
        "is_disciplined",
        "is_prosecuted",
        "public_fields",
    }
)
# Filled on the kept nominee from the dropped one when a merge finds them empty on the kept one.
MERGE_FILLS = (
    "gender",
    "birth_date",
    "birth_year",
    "ethnicity",
    "occupation",
    "position",
    "residence",
    "email",
)

# The exemplar page shows a portrait 200 × 250 CSS pixels: twice that for sharp screens, and room.
PORTRAIT_MAX = (800, 1000)
MAX_PHOTO_SIZE = 5 * 1024 * 1024
PHOTO_TYPES: dict[str, tuple[bytes, ...]] = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}

_SEPARATORS = re.compile(r"[\s.\-()]")
# Mobile numbers: 10 digits starting 03, 05, 07, 08, 09; landlines: 11 digits starting 02
# (area code and subscriber number, since the 2017 renumbering).
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def _has_control_chars(value: str, multiline: bool = False) -> bool:
    """Whether text holds control characters (a NUL byte above all, which PostgreSQL refuses)."""
    allowed = {"\n", "\r", "\t"} if multiline else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value)


def normalize_cccd(value: str | None) -> str:
    """A CCCD number as 12 digits, spaces and dots removed; "" when none is given.

    Raises ``ValidationError`` (on the ``cccd`` field) for anything else.
    """
    number = _SEPARATORS.sub("", value or "")
    if not number:
        return ""
    if not number.isdigit() or len(number) != 12:
        raise ValidationError({"cccd": _("Số CCCD phải gồm đúng 12 chữ số (ví dụ 001080012345).")})
    return number


def normalize_phone(value: str | None) -> str:
    """A Vietnamese phone number in its national form (0912345678); "" when none is given.

    Accepts spaces, dots, dashes, brackets and the +84 / 84 prefix.
    """
    number = _SEPARATORS.sub("", value or "")
    if not number:
        return ""
    if number.startswith("+84"):
        number = "0" + number[3:]
    elif number.startswith("84") and len(number) in (11, 12):
        number = "0" + number[2:]
    if not (_MOBILE.match(number) or _LANDLINE.match(number)):
        raise ValidationError(
            {
                "phone": _(
                    "Số điện thoại không đúng định dạng Việt Nam: di động 10 chữ số bắt đầu bằng "
                    "03, 05, 07, 08, 09 (ví dụ 0912 345 678), cố định 11 chữ số bắt đầu bằng 02 "
                    "(ví dụ 024 3825 6789)."
                )
            }
        )
    return number


def check_photo(file: UploadedFile) -> None:
    """Refuse a photo that is not a JPG or PNG (by content, not only by name), is empty, or
    exceeds 5 MB."""
    name = os.path.basename(file.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in PHOTO_TYPES:
        raise ValidationError({"photo": _("Ảnh “%(name)s” phải là tệp JPG hoặc PNG.") % {"name": name}})
    if not file.size:
        raise ValidationError({"photo": _("Ảnh “%(name)s” rỗng.") % {"name": name}})
    if file.size > MAX_PHOTO_SIZE:
        raise ValidationError(
            {
                "photo": _("Ảnh “%(name)s” có dung lượng %(size)s, vượt quá giới hạn 5 MB.")
                % {"name": name, "size": filesizeformat(file.size)}
            }
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(PHOTO_TYPES[extension]):
        raise ValidationError(
            {
                "photo": _("Nội dung tệp “%(name)s” không phải là ảnh %(ext)s hợp lệ.")
                % {"name": name, "ext": extension.upper()}
            }
        )


def _apply(nominee: Nominee, data: dict[str, Any]) -> dict[str, list]:
    """Copy the given fields onto the nominee, normalised; returns every field's errors."""
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    errors: dict[str, list] = {}
    for name, value in data.items():
        try:
            if name == "cccd":
                nominee.set_cccd(normalize_cccd(value))
            elif name == "phone":
                nominee.phone = normalize_phone(value)
            elif name == "photo":
                if value:
                    check_photo(value)
                    # The portrait is shown on the public exemplar page: upright, without the
                    # phone's GPS position, and no larger than a page shows it (twice over).
                    value = reencoded_image(value, field="photo", max_size=PORTRAIT_MAX)[0]
                nominee.photo = value or ""
            elif name == "public_fields":
                chosen = list(dict.fromkeys(value or []))
                if any(f not in PUBLIC_FIELDS for f in chosen):
                    raise ValidationError({"public_fields": _("Có thông tin không được phép công khai.")})
                nominee.public_fields = chosen
            elif isinstance(value, str):
                if _has_control_chars(value):
                    raise ValidationError({name: _("Không được chứa ký tự điều khiển.")})
                setattr(nominee, name, value.strip())
            else:
                setattr(nominee, name, value)
        except ValidationError as error:
            for field, messages in error.update_error_dict({}).items():
                errors.setdefault(field, []).extend(messages)
    return errors


def _validate(nominee: Nominee, errors: dict[str, list]) -> None:
    """The invariants of a nominee beyond single fields; raises every problem found, together
    with the ``errors`` already found in the input, so a form shows them all at once."""

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if nominee.unit_id is None:
        add("unit", _("Hãy chọn đơn vị của người được đề xuất."))
    if not (nominee.full_name or "").strip():
        add("full_name", _("Hãy nhập họ và tên (hoặc tên tập thể, hộ gia đình)."))
    today = timezone.localdate()
    if nominee.birth_date is not None:
        if nominee.birth_date > today:
            add("birth_date", _("Ngày sinh không được sau ngày hôm nay."))
        elif nominee.birth_year and nominee.birth_year != nominee.birth_date.year:
            add("birth_year", _("Năm sinh không khớp với ngày sinh."))
    if nominee.birth_year is not None and not (1900 <= nominee.birth_year <= today.year):
        add("birth_year", _("Năm sinh phải từ 1900 đến %(year)s.") % {"year": today.year})
    if nominee.kind == Nominee.Kind.COLLECTIVE:
        if nominee.cccd:
            add("cccd", _("Tập thể không có số CCCD."))
        if nominee.gender or nominee.birth_date or nominee.birth_year:
            add("kind", _("Tập thể không có giới tính, ngày sinh hay năm sinh."))
    if nominee.residence_id is not None and nominee.residence.kind != OrgUnit.Kind.COMMUNE:
        add("residence", _("Nơi cư trú phải là một xã, phường hoặc đặc khu."))
    try:
        # Units arrive as OrgUnit instances the caller took from a scoped queryset, so their
        # existence needs no query; the table's only check constraint is the birth year above.
        # Both matter in an import of thousands of rows.
        nominee.full_clean(
            exclude=[
                "created_by",
                "merged_into",
                "photo",
                "cccd",
                "phone",
                "public_fields",
                "unit",
                "residence",
            ],
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                # A field already refused on input (a bad CCCD…) needs no second message.
                if field not in errors:
                    add(field, message)
    if errors:
        raise ValidationError(errors)


def check_nominee(**data: Any) -> None:
    """Validate nominee data without saving or checking permission (an import's dry run of a row
    whose other cells are already known to be bad, so the report lists every problem at once)."""
    nominee = Nominee()
    _validate(nominee, _apply(nominee, data))


@transaction.atomic
def create_nominee(actor, **data: Any) -> Nominee:
    """Record a new nominee in ``data["unit"]``.

    Finding likely duplicates is the caller's step before this one (``selectors.likely_duplicates``):
    pages and the API show them and let the officer decide.
    """
    unit = data.get("unit")
    if not isinstance(unit, OrgUnit):
        raise ValidationError({"unit": _("Hãy chọn đơn vị của người được đề xuất.")})
    if not can(actor, "add", Nominee(unit=unit)):
        raise PermissionDenied(_("Bạn không có quyền thêm người được đề xuất cho %(unit)s.") % {"unit": unit})
    nominee = Nominee(created_by=actor)
    _validate(nominee, _apply(nominee, data))
    audited(nominee, actor).save()
    return nominee


@transaction.atomic
def update_nominee(actor, nominee: Nominee, **changes: Any) -> Nominee:
    """Change a nominee's details; moving them to another unit needs the right on both units."""
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    if not can(actor, "change", nominee):
        raise PermissionDenied(_("Bạn không có quyền sửa thông tin người được đề xuất này."))
    if nominee.is_merged:
        raise ValidationError(
            _("Người này đã được hợp nhất vào %(other)s; hãy sửa ở hồ sơ đó.")
            % {"other": nominee.merged_into}
        )
    new_unit = changes.get("unit")
    if new_unit is not None and new_unit != nominee.unit and not can(actor, "add", Nominee(unit=new_unit)):
        raise PermissionDenied(
            _("Bạn không có quyền chuyển người được đề xuất sang %(unit)s.") % {"unit": new_unit}
        )
    _validate(nominee, _apply(nominee, changes))
    audited(nominee, actor).save()
    return nominee


# The fields shown masked, each with the action that allows seeing it in full and the refusal.
SENSITIVE_FIELDS: dict[str, tuple[str, str]] = {
    "cccd": ("reveal_cccd", gettext_lazy("Bạn không có quyền xem số CCCD đầy đủ của người này.")),
    "phone": ("reveal_contact", gettext_lazy("Bạn không có quyền xem số điện thoại đầy đủ của người này.")),
    "email": ("reveal_contact", gettext_lazy("Bạn không có quyền xem thư điện tử đầy đủ của người này.")),
}


@transaction.atomic
def reveal(actor, nominee: Nominee, field: str, *, log_as: str = "") -> str:
    """The full value of a masked field (``cccd``, ``phone``, ``email``), for those whose role
    needs it; the view is logged (who, when, which field, which nominee) as ``log_as`` or the
    field's own name."""
    action, refusal = SENSITIVE_FIELDS[field]
    if not can(actor, action, nominee):
        raise PermissionDenied(str(refusal))
    SensitiveAccess.objects.create(user=actor, nominee=nominee, field=log_as or field)
    return getattr(nominee, field)


def may_reveal(actor, nominee: Nominee, field: str) -> bool:
    """Whether ``actor`` may see ``nominee``'s ``field`` in full (to show the button, or fill an
    export)."""
    return can(actor, SENSITIVE_FIELDS[field][0], nominee)


def reveal_cccd(actor, nominee: Nominee, *, field: str = "cccd") -> str:
    """The full CCCD number, for those whose role needs it; the view is logged."""
    return reveal(actor, nominee, "cccd", log_as=field)


def may_reveal_cccd(actor, nominee: Nominee) -> bool:
    """Whether ``actor`` may see ``nominee``'s full CCCD (to show the button, or fill an export)."""
    return may_reveal(actor, nominee, "cccd")


@transaction.atomic
def give_consent(
    actor,
    nominee: Nominee,
    *,
    given_by: str,
    scope: str,
    given_at: dt.date | None = None,
    relation: str = Consent.Relation.SELF,
    note: str = "",
) -> Consent:
    """Record a publication consent for the nominee (scope: stories, portal, book or all)."""
    consent = Consent(
        nominee=nominee,
        given_by=(given_by or "").strip(),
        relation=relation,
        given_at=given_at or timezone.localdate(),
        scope=scope,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    if not can(actor, "add", consent):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận sự đồng ý công bố cho người này."))
    if not consent.given_by:
        raise ValidationError({"given_by": _("Hãy ghi tên người đồng ý.")})
    if _has_control_chars(consent.given_by) or _has_control_chars(consent.note, multiline=True):
        raise ValidationError(_("Không được chứa ký tự điều khiển."))
    if consent.given_at > timezone.localdate():
        raise ValidationError({"given_at": _("Ngày đồng ý không được sau ngày hôm nay.")})
    consent.full_clean(exclude=["recorded_by"])
    audited(consent, actor).save()
    return consent


@transaction.atomic
def withdraw_consent(actor, consent: Consent, note: str = "") -> Consent:
    """Withdraw a consent in force; the record stays, marked with when it was withdrawn."""
    consent = Consent.objects.select_for_update().select_related("nominee__unit").get(pk=consent.pk)
    if not can(actor, "change", consent):
        raise PermissionDenied(_("Bạn không có quyền rút lại sự đồng ý này."))
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Sự đồng ý này đã được rút lại trước đó."))
    consent.withdrawn_at = timezone.now()
    if note:
        if _has_control_chars(note, multiline=True):
            raise ValidationError({"note": _("Không được chứa ký tự điều khiển.")})
        consent.note = f"{consent.note}\n{note.strip()}".strip()
    audited(consent, actor).save()
    return consent


@transaction.atomic
def merge_nominees(actor, keep: Nominee, drop: Nominee) -> Nominee:
    """Merge ``drop`` into ``keep``: the same person entered twice.

    ``drop`` is not deleted: it is marked ``merged_into=keep`` and keeps its own history; its
    consents move to ``keep``; ``keep``'s empty details are filled from ``drop``. Other apps move
    their rows on the ``nominee_merged`` signal, inside this transaction.
    """
    if keep.pk == drop.pk:
        raise ValidationError(_("Hãy chọn hai người khác nhau để hợp nhất."))
    # Lock both rows in a fixed order, so two merges of the same pair cannot interleave.
    locked = {n.pk: n for n in Nominee.objects.select_for_update().filter(pk__in=sorted([keep.pk, drop.pk]))}
    keep, drop = locked[keep.pk], locked[drop.pk]
    if not (can(actor, "merge", keep) and can(actor, "merge", drop)):
        raise PermissionDenied(_("Bạn cần có quyền sửa cả hai người được đề xuất để hợp nhất."))
    for nominee in (keep, drop):
        if nominee.is_merged:
            raise ValidationError(
                _("%(name)s đã được hợp nhất vào người khác trước đó.") % {"name": nominee.full_name}
            )
    if keep.kind != drop.kind:
        raise ValidationError(
            _("Không thể hợp nhất %(a)s với %(b)s.")
            % {"a": keep.get_kind_display().lower(), "b": drop.get_kind_display().lower()}
        )
    if keep.cccd and drop.cccd and keep.cccd != drop.cccd:
        raise ValidationError(_("Hai người có số CCCD khác nhau: không thể là một người."))

    reason = _("Hợp nhất với %(name)s (#%(pk)s)") % {"name": drop.full_name, "pk": drop.pk}
    for name in MERGE_FILLS:
        if getattr(keep, name) in (None, "") and getattr(drop, name) not in (None, ""):
            setattr(keep, name, getattr(drop, name))
    if not keep.cccd and drop.cccd:
        keep.set_cccd(drop.cccd)
    if not keep.phone and drop.phone:
        keep.phone = drop.phone
    if not keep.photo and drop.photo:
        keep.photo = drop.photo
    keep.public_fields = list(dict.fromkeys([*(keep.public_fields or []), *(drop.public_fields or [])]))
    keep._change_reason = reason
    audited(keep, actor).save()

    for consent in Consent.objects.select_for_update().filter(nominee=drop):
        consent.nominee = keep
        consent._change_reason = reason
        audited(consent, actor).save()

    drop.merged_into = keep
    drop._change_reason = _("Hợp nhất vào %(name)s (#%(pk)s)") % {"name": keep.full_name, "pk": keep.pk}
    audited(drop, actor).save()

    nominee_merged.send(sender=Nominee, keep=keep, drop=drop, actor=actor)
    return keep
