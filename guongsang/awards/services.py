"""Writes on the award catalogue: award types and the versions of their rules.

A rule version that a dossier already carries is never edited in place (the dossier must keep
the rules it was received under): a change of the law is a new version from its effective date,
and adding it closes the version before it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import can

from .models import AwardRule, AwardType

TYPE_FIELDS = {
    "code",
    "name",
    "category",
    "subject_kinds",
    "level",
    "decider_kind",
    "province",
    "description",
    "is_active",
}
RULE_FIELDS = {
    "effective_to",
    "legal_basis",
    "council_required",
    "quorum_num",
    "quorum_den",
    "vote_base",
    "threshold_num",
    "threshold_den",
    "threshold_strict",
    "secret_ballot",
    "written_opinions_count",
    "cap_per_year",
    "once_per_person",
    "ratio_of",
    "ratio_percent",
    "exclude_disciplined",
    "exclude_prosecuted",
    "exclude_posthumous",
    "required_parts",
}


def _refuse_unknown(data: dict, allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            _("Không thể khai các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )


@transaction.atomic
def save_award_type(actor, award_type: AwardType | None = None, **data) -> AwardType:
    """Create an award type (``award_type`` None) or change one; the actor must administer it."""
    _refuse_unknown(data, TYPE_FIELDS)
    target = award_type or AwardType()
    for field, value in data.items():
        setattr(target, field, value)
    action = "change" if award_type else "add"
    # Asked about the object as it will be, so a province's administrator cannot move a type
    # to the national catalogue or to another province.
    if not can(actor, action, target) or (award_type is not None and not can(actor, "change", award_type)):
        raise PermissionDenied(_("Bạn không có quyền sửa danh mục danh hiệu, hình thức khen thưởng này."))
    target.full_clean(exclude=["name_folded"])
    audited(target, actor).save()
    return target


def rule_in_use(rule: AwardRule) -> bool:
    """Whether any record (a dossier, a recognition) already carries this version.

    Asked through the model's reverse relations, so the catalogue needs no knowledge of which
    apps keep rule versions.
    """
    for relation in rule._meta.related_objects:
        model = relation.related_model
        if model.__name__.startswith("Historical"):
            continue
        if model._default_manager.filter(**{relation.field.name: rule}).exists():
            return True
    return False


@transaction.atomic
def add_rule_version(actor, award_type: AwardType, *, effective_from: dt.date, **data) -> AwardRule:
    """Add the version of ``award_type``'s rules in force from ``effective_from``.

    An open-ended version that started earlier is closed on that day; a version that would
    overlap any other is refused.
    """
    _refuse_unknown(data, RULE_FIELDS)
    if not can(actor, "add", AwardRule(award_type=award_type)):
        raise PermissionDenied(
            _("Bạn không có quyền thêm quy định xét tặng cho “%(type)s”.") % {"type": award_type}
        )
    rules = list(AwardRule.objects.select_for_update().filter(award_type=award_type))
    for previous in rules:
        if previous.effective_to is None and previous.effective_from < effective_from:
            previous.effective_to = effective_from
            audited(previous, actor).save(update_fields=["effective_to"])
    rule = AwardRule(award_type=award_type, effective_from=effective_from, **data)
    rule._overlaps_checked = True
    rule.full_clean()
    rule.check_no_overlap(rules)
    audited(rule, actor).save()
    return rule


@transaction.atomic
def update_rule(actor, rule: AwardRule, **data) -> AwardRule:
    """Correct a rule version that no dossier carries yet; once used, only a new version may
    change the rules."""
    _refuse_unknown(data, RULE_FIELDS | {"effective_from"})
    if not can(actor, "change", rule):
        raise PermissionDenied(_("Bạn không có quyền sửa quy định xét tặng này."))
    rule = AwardRule.objects.select_for_update().get(pk=rule.pk)
    if rule_in_use(rule) and set(data) - {"effective_to", "legal_basis"}:
        raise ValidationError(
            _(
                "Phiên bản quy định này đã được áp dụng cho hồ sơ; không thể sửa. "
                "Hãy thêm phiên bản mới có hiệu lực từ ngày thay đổi."
            ),
            code="rule_in_use",
        )
    for field, value in data.items():
        setattr(rule, field, value)
    rule.full_clean()
    audited(rule, actor).save()
    return rule
