"""A dossier's answers to its criteria checklist, recorded while the preparing unit holds it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import can

from ..models import CriterionAnswer, Nomination
from .shared import Status, _claim_for_content

# Its criteria answers change only while the preparing unit holds it (being prepared or returned).
CRITERIA_STATES = (Status.DRAFT, Status.RETURNED)

MAX_CRITERION_NOTE = 2000


@transaction.atomic
def answer_criteria(
    actor,
    nomination: Nomination,
    answers: dict[int, tuple[bool | None, str]],
    *,
    version: int | None = None,
) -> int:
    """Record the dossier's answers to its checklist: ``{answer_id: (met, note)}``; returns how
    many answers changed.

    Only while the preparing unit holds the dossier (being prepared or returned), and only on
    the ``version`` the actor saw (the one ``nomination`` carries when not given): answers made
    on a dossier that someone else has meanwhile changed or submitted are refused, not written
    over theirs. An id that is not one of this dossier's criteria is refused too.
    """
    if not can(actor, "change", nomination):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    # The checklist's rows are fixed when the dossier is created: which ids belong to it needs no lock.
    known = set(CriterionAnswer.objects.filter(nomination=nomination).values_list("pk", flat=True))
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValidationError(
            {
                "answers": _("Tiêu chí số %(ids)s không thuộc hồ sơ này.")
                % {"ids": ", ".join(str(i) for i in unknown)}
            }
        )
    cleaned = {pk: (met, (note or "").strip()) for pk, (met, note) in answers.items()}
    if any(len(note) > MAX_CRITERION_NOTE for _met, note in cleaned.values()):
        raise ValidationError(
            {
                "answers": _("Ghi chú tiêu chí quá dài (tối đa %(n)s ký tự).")
                % {"n": f"{MAX_CRITERION_NOTE:,}"}
            }
        )
    fresh = _claim_for_content(
        nomination,
        version,
        CRITERIA_STATES,
        _("Chỉ sửa được tiêu chí khi hồ sơ đang soạn hoặc bị trả lại."),
    )
    changed = 0
    for answer in CriterionAnswer.objects.select_for_update().filter(nomination=fresh, pk__in=list(cleaned)):
        met, note = cleaned[answer.pk]
        if (answer.met, answer.note) != (met, note):
            answer.met, answer.note = met, note
            audited(answer, actor).save()
            changed += 1
    nomination.version = fresh.version
    return changed
