"""Preparing a dossier: opening it with its criteria checklist, editing its content, and moving
dossiers when two nominees are merged."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import can
from guongsang.orgs.models import OrgUnit

from ..models import CriterionAnswer, Nomination
from .routing import decider_for
from .shared import Status, _claim, _event

MAX_ACHIEVEMENTS = 20_000


def _check_receiver(submitting_unit: OrgUnit, receiving_unit: OrgUnit) -> None:
    if not submitting_unit.path.startswith(receiving_unit.path):
        raise ValidationError(
            {
                "receiving_unit": _(
                    "Đơn vị xét duyệt phải là %(unit)s hoặc một đơn vị cấp trên của đơn vị này."
                )
                % {"unit": submitting_unit}
            }
        )


def _check_award_fits(nominee, award_type) -> None:
    if nominee.kind not in (award_type.subject_kinds or []):
        raise ValidationError(
            {
                "award_type": _("“%(award)s” không xét tặng cho %(kind)s.")
                % {"award": award_type, "kind": nominee.get_kind_display().lower()}
            }
        )
    if not award_type.is_active:
        raise ValidationError({"award_type": _("“%(award)s” đã ngừng áp dụng.") % {"award": award_type}})


def _check_achievements(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"achievements": _("Cần nhập tóm tắt thành tích.")})
    if len(text) > MAX_ACHIEVEMENTS:
        raise ValidationError(
            {
                "achievements": _("Tóm tắt thành tích quá dài (tối đa %(n)s ký tự).")
                % {"n": f"{MAX_ACHIEVEMENTS:,}"}
            }
        )
    return text


def _fill_criteria(nomination: Nomination) -> None:
    """Copy the deciding unit's checklist (general, movement's, its own criteria) onto the dossier."""
    from guongsang.movements.selectors import criteria_for

    answers = [
        CriterionAnswer(
            nomination=nomination, criterion_id=c.pk, order=index, text=c.text, required=c.required
        )
        for index, c in enumerate(
            criteria_for(nomination.receiving_unit, nomination.movement, year=nomination.year)
        )
    ]
    CriterionAnswer.objects.bulk_create(answers)


@transaction.atomic
def create_nomination(
    actor,
    *,
    nominee,
    award_type,
    submitting_unit: OrgUnit,
    achievements: str,
    year: int | None = None,
    receiving_unit: OrgUnit | None = None,
    movement=None,
    field=None,
    origin: str = Nomination.Origin.UNIT,
    parent: Nomination | None = None,
) -> Nomination:
    """Open a draft dossier for ``nominee`` at ``submitting_unit``; it will go to the unit whose
    head decides ``award_type`` (found from the tree unless named)."""
    receiving_unit = receiving_unit or decider_for(submitting_unit, award_type)
    nomination = Nomination(
        nominee=nominee,
        award_type=award_type,
        submitting_unit=submitting_unit,
        receiving_unit=receiving_unit,
        achievements=achievements,
        year=year or timezone.localdate().year,
        movement=movement,
        field=field,
        origin=origin,
        parent=parent,
        created_by=actor,
    )
    if not can(actor, "add", nomination):
        raise PermissionDenied(
            _("Bạn không có quyền lập hồ sơ đề nghị cho %(unit)s.") % {"unit": submitting_unit}
        )
    if getattr(nominee, "merged_into_id", None):
        raise ValidationError(
            {"nominee": _("Người này đã được gộp vào hồ sơ cá nhân khác; hãy chọn người còn lại.")}
        )
    _check_receiver(submitting_unit, receiving_unit)
    _check_award_fits(nominee, award_type)
    nomination.achievements = _check_achievements(achievements)
    nomination.full_clean(exclude=["rule", "created_by"])
    audited(nomination, actor).save()
    _fill_criteria(nomination)
    _event(nomination, actor, "create")
    return nomination


EDITABLE_FIELDS = {"achievements", "movement", "field", "award_type", "year"}


@transaction.atomic
def update_nomination(actor, nomination: Nomination, *, version: int | None = None, **changes) -> Nomination:
    """Change a draft or returned dossier's content (not its state)."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if not can(actor, "change", nomination):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    fresh = _claim(nomination, version, (Status.DRAFT, Status.RETURNED))
    for field_name, value in changes.items():
        setattr(fresh, field_name, value)
    if "achievements" in changes:
        fresh.achievements = _check_achievements(changes["achievements"])
    if "award_type" in changes:
        _check_award_fits(fresh.nominee, fresh.award_type)
    fresh.full_clean(exclude=["rule", "created_by"])
    audited(fresh, actor).save()
    return fresh


def move_to_nominee(keep, drop, actor=None) -> int:
    """Re-point the dossiers of ``drop`` at ``keep`` when two nominees are merged (the same person
    entered twice); returns how many moved. Called by the nominees app's merge, inside its
    transaction and after its permission check; each move is in the dossier's history, by whom."""
    reason = _("Hợp nhất người được đề nghị: #%(drop)s vào #%(keep)s") % {"drop": drop.pk, "keep": keep.pk}
    moved = 0
    for nomination in Nomination.objects.select_for_update().filter(nominee=drop).order_by("pk"):
        nomination.nominee = keep
        audited(nomination, actor)
        nomination._change_reason = reason[:100]
        nomination.save(update_fields=["nominee", "updated_at"])
        moved += 1
    return moved
