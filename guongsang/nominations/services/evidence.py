"""A dossier's files: attached while it can still change."""

from __future__ import annotations

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import can
from guongsang.core.uploads import check_upload

from ..models import Evidence, Nomination, NominationEvent
from .shared import Status, _claim_for_content

# A dossier's files may be added while it can still change: being prepared, returned, or under
# appraisal (the appraiser's own notes).
EVIDENCE_STATES = (Status.DRAFT, Status.RETURNED, Status.UNDER_APPRAISAL)


@transaction.atomic
def add_evidence(
    actor,
    nomination: Nomination,
    *,
    file,
    title: str = "",
    part_code: str = "",
    version: int | None = None,
) -> Evidence:
    """Attach a file to the dossier (PDF, DOCX, XLSX, JPG, PNG; at most 20 MB) while it can
    still change: being prepared, returned, or under appraisal (the appraiser's own notes).

    ``version`` is the dossier's version the actor saw (the one ``nomination`` carries when not
    given): a dossier submitted, appraised or edited by someone else since is refused, nothing
    is written. The file bumps the version, as every change of the dossier does.
    """
    if not can(actor, "add", Evidence(nomination=nomination)):
        raise PermissionDenied(_("Bạn không có quyền bổ sung tài liệu cho hồ sơ này."))
    try:
        check_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    title = (title or "").strip()
    part_code = (part_code or "").strip()
    if len(part_code) > Evidence._meta.get_field("part_code").max_length:
        raise ValidationError({"part_code": _("Mã thành phần hồ sơ không hợp lệ.")})
    fresh = _claim_for_content(
        nomination,
        version,
        EVIDENCE_STATES,
        _("Hồ sơ không còn ở trạng thái được bổ sung tài liệu (đang soạn, bị trả lại hoặc đang thẩm định)."),
    )
    evidence = Evidence(
        nomination=fresh,
        title=(title or file.name)[:255],
        part_code=part_code,
        file=file,
        filename=os.path.basename(file.name or "")[:255],
        size=file.size,
        uploaded_by=actor,
    )
    audited(evidence, actor).save()
    NominationEvent.objects.create(
        nomination=fresh,
        actor=actor,
        action="add_evidence",
        note=evidence.title,
        from_status=fresh.status,
        to_status=fresh.status,
    )
    nomination.version = fresh.version
    return evidence
