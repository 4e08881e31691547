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
from guongsang.core.services import notify

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


# --- Decisions and the registry --------------------------------------------------------------------


class CapExceeded(ValidationError):
    """A decision would break a cap or an exclusion of the award's rules."""


def _people_to_tell(nomination):
    from guongsang.accounts.selectors import people_reaching
    from guongsang.core.permissions import Role

    people = list(people_reaching(nomination.submitting_unit, [Role.OFFICER, Role.HEAD]))
    return [*people, nomination.created_by]


def cap_problems(award_type: AwardType, unit, year: int, nominations, *, exclude_decision=None) -> list[str]:
    """Why approving ``nominations`` for ``award_type`` at ``unit`` in ``year`` would break the
    rules each dossier carries: the yearly cap, once per person, a ratio of another title, no
    posthumous / disciplined / prosecuted where excluded, no second award for one achievement."""
    from .models import Recognition

    problems: list[str] = []
    nominations = list(nominations)
    if not nominations:
        return problems
    active = Recognition.objects.filter(status=Recognition.Status.ACTIVE)
    rule = nominations[0].rule
    name = str(award_type)
    if rule is not None and rule.cap_per_year:
        existing = active.filter(award_type=award_type, unit=unit, year=year).count()
        if existing + len(nominations) > rule.cap_per_year:
            problems.append(
                _(
                    "“%(award)s” tối đa %(cap)s lượt mỗi năm: năm %(year)s đã có %(existing)s, "
                    "quyết định này thêm %(new)s."
                )
                % {
                    "award": name,
                    "cap": rule.cap_per_year,
                    "year": year,
                    "existing": existing,
                    "new": len(nominations),
                }
            )
    if rule is not None and rule.ratio_of_id and rule.ratio_percent is not None:
        base = active.filter(award_type_id=rule.ratio_of_id, unit=unit, year=year).count()
        existing = active.filter(award_type=award_type, unit=unit, year=year).count()
        allowed = int(base * rule.ratio_percent / 100)
        if existing + len(nominations) > allowed:
            problems.append(
                _(
                    "“%(award)s” không quá %(percent)s%% số đạt “%(base_title)s” (%(base)s người): "
                    "tối đa %(allowed)s, đã có %(existing)s, quyết định này thêm %(new)s."
                )
                % {
                    "award": name,
                    "percent": f"{rule.ratio_percent.normalize():f}",
                    "base_title": rule.ratio_of,
                    "base": base,
                    "allowed": allowed,
                    "existing": existing,
                    "new": len(nominations),
                }
            )
    seen: set[int] = set()
    for nomination in nominations:
        nominee, dossier_rule = nomination.nominee, nomination.rule
        who = nominee.full_name
        if (
            dossier_rule is not None
            and dossier_rule.once_per_person
            and (nominee.pk in seen or active.filter(award_type=award_type, nominee=nominee).exists())
        ):
            problems.append(
                _("%(who)s đã được tặng “%(award)s”; danh hiệu này mỗi người chỉ một lần.")
                % {"who": who, "award": name}
            )
        seen.add(nominee.pk)
        if dossier_rule is not None:
            if dossier_rule.exclude_posthumous and nominee.is_deceased:
                problems.append(_("%(who)s: “%(award)s” không xét truy tặng.") % {"who": who, "award": name})
            if dossier_rule.exclude_disciplined and nominee.is_disciplined:
                problems.append(_("%(who)s đang bị kỷ luật.") % {"who": who})
            if dossier_rule.exclude_prosecuted and nominee.is_prosecuted:
                problems.append(_("%(who)s đang bị truy cứu trách nhiệm hình sự.") % {"who": who})
        if active.filter(nomination=nomination).exists():
            problems.append(
                _("Hồ sơ %(code)s đã được khen thưởng; không khen hai lần cho một thành tích.")
                % {"code": nomination.code}
            )
    return problems


def _check_caps(decision, approved) -> None:
    problems = cap_problems(decision.award_type, decision.issuing_unit, decision.award_year, approved)
    if problems:
        # Each message carries the code: Django drops a list's ``code`` on its items, and the API
        # answers with the items' code (a client tells a cap refusal from bad input by it).
        raise CapExceeded([ValidationError(problem, code="cap_exceeded") for problem in problems])


@transaction.atomic
def draft_decision(
    actor,
    unit,
    *,
    award_type: AwardType,
    award_year: int,
    nominations,
    title: str = "",
    symbol: str = "QĐ-UBND",
    basis: str = "",
):
    """Draft a decision from dossiers the council recommended (or that need no council); caps
    and exclusions are checked now, and again at signing."""
    from .dossiers import provider
    from .models import Decision, DecisionItem

    decision = Decision(
        issuing_unit=unit,
        award_type=award_type,
        award_year=award_year,
        symbol=symbol.strip(),
        created_by=actor,
        basis=basis,
        title=title.strip()
        or _("Về việc tặng “%(award)s” năm %(year)s") % {"award": award_type, "year": award_year},
    )
    if not can(actor, "add", decision):
        raise PermissionDenied(
            _("Bạn không có quyền dự thảo quyết định khen thưởng của %(unit)s.") % {"unit": unit}
        )
    nominations = list(nominations)
    if not nominations:
        raise ValidationError(_("Chọn ít nhất một hồ sơ đã được Hội đồng đề nghị."))
    for nomination in nominations:
        if (
            not provider().is_recommended(nomination)
            or nomination.receiving_unit_id != unit.pk
            or nomination.award_type_id != award_type.pk
        ):
            raise ValidationError(
                _("Hồ sơ %(code)s chưa được đề nghị khen thưởng “%(award)s” tại %(unit)s.")
                % {"code": nomination.code, "award": award_type, "unit": unit}
            )
    _check_caps(decision, nominations)
    decision.full_clean(exclude=["created_by"])
    audited(decision, actor).save()
    for nomination in nominations:
        item = DecisionItem(decision=decision, nomination=nomination)
        audited(item, actor).save()
    return decision


@transaction.atomic
def set_item(actor, item, *, approved: bool, reason: str = ""):
    """The head decides one dossier of a draft: approve, or not with a reason."""
    from .models import Decision

    if not can(actor, "change", item.decision):
        raise PermissionDenied(_("Bạn không có quyền sửa dự thảo quyết định này."))
    if item.decision.status != Decision.Status.DRAFT:
        raise ValidationError(_("Quyết định đã ban hành, không thể sửa."))
    if not approved and not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do không khen thưởng.")})
    item.approved, item.reason = approved, reason.strip()
    audited(item, actor).save()
    return item


def next_number(unit, symbol: str, year: int) -> int:
    """The next number of ``unit``'s ``symbol`` series in ``year``, taken atomically (call inside
    the transaction that uses it: a rollback gives the number back)."""
    from django.db.models import F

    from .models import DocumentSeries

    DocumentSeries.objects.get_or_create(unit=unit, symbol=symbol, year=year)
    DocumentSeries.objects.filter(unit=unit, symbol=symbol, year=year).update(
        last_number=F("last_number") + 1
    )
    return DocumentSeries.objects.get(unit=unit, symbol=symbol, year=year).last_number


class NumberTaken(ValidationError):
    """The number entered for a past decision is already used in its year's series."""


def _next_free_number(decision) -> int:
    """The next automatic number of the decision's series, passing over numbers that decisions of
    past cycles entered later already hold (they never move the series' counter)."""
    from .models import Decision

    while True:
        number = next_number(decision.issuing_unit, decision.symbol, decision.year)
        if not Decision.objects.filter(
            issuing_unit=decision.issuing_unit, symbol=decision.symbol, year=decision.year, number=number
        ).exists():
            return number


def _check_number_free(decision, number: int) -> None:
    from .models import Decision

    if Decision.objects.filter(
        issuing_unit=decision.issuing_unit, symbol=decision.symbol, year=decision.year, number=number
    ).exists():
        from guongsang.core.documents import padded

        raise NumberTaken(
            _("Số %(number)s/%(symbol)s năm %(year)s của %(unit)s đã được dùng cho một quyết định khác.")
            % {
                "number": padded(number),
                "symbol": decision.symbol,
                "year": decision.year,
                "unit": decision.issuing_unit,
            },
            code="number_taken",
        )


@transaction.atomic
def sign_decision(
    actor,
    decision,
    *,
    signer_title: str,
    authority_line: str = "",
    signed_on=None,
    number: int | None = None,
    reason: str = "",
):
    """The head signs: the decision takes the next number of its series, approved dossiers become
    recognitions, the others are recorded as not awarded; the people concerned are told.

    A decision that awards no one is not issued: it takes no number (the series has no gaps
    for documents never sent out); each dossier is recorded as not awarded with its reason.

    A decision of a past cycle is entered with its real signing day (``signed_on`` before today),
    its real ``number`` if it had one, and a ``reason`` ("nhập bổ sung", see ``core.past``): the
    number must be free in that year's series, and the series' counter does not move, so the
    next automatic number of the year is what it would have been."""
    from django.utils import timezone

    from guongsang.core import past

    from .dossiers import provider
    from .models import Decision, Recognition

    if not can(actor, "sign", decision):
        raise PermissionDenied(
            _("Chỉ thủ trưởng %(unit)s được ký quyết định này.") % {"unit": decision.issuing_unit}
        )
    past.refuse_future(signed_on)
    backdated = past.is_past(signed_on)
    change_reason = ""
    if backdated:
        change_reason = past.check_past_entry(actor, decision.issuing_unit, signed_on, reason)
    elif number is not None:
        raise ValidationError(
            _(
                "Chỉ nhập số quyết định khi nhập bổ sung quyết định đã ký trước hôm nay "
                "(ghi ngày ký thực tế)."
            ),
            code="past_entry_required",
        )
    decision = (
        Decision.objects.select_for_update().select_related("issuing_unit", "award_type").get(pk=decision.pk)
    )
    if decision.status != Decision.Status.DRAFT:
        raise ValidationError(_("Quyết định đã được ký hoặc đã huỷ."), code="not_draft")
    if not signer_title.strip():
        raise ValidationError({"signer_title": _("Cần ghi chức vụ người ký (ví dụ: CHỦ TỊCH).")})
    items = list(
        decision.items.select_related(
            "nomination__nominee", "nomination__rule", "nomination__submitting_unit", "nomination__created_by"
        )
    )
    approved = [i.nomination for i in items if i.approved]
    # Caps count recognitions already signed; two decisions for one title signed at the same
    # moment would each see room for themselves. Holding the title's row until commit makes the
    # second signer count the first one's recognitions.
    AwardType.objects.select_for_update().filter(pk=decision.award_type_id).first()
    _check_caps(decision, approved)
    signed_on = signed_on or timezone.localdate()
    if approved:
        decision.year = signed_on.year
        if number is not None:
            _check_number_free(decision, number)
            decision.number = number
        else:
            decision.number = _next_free_number(decision)
        decision.status = Decision.Status.SIGNED
    else:
        if number is not None:
            raise ValidationError(
                _("Quyết định không khen thưởng hồ sơ nào thì không ban hành, không lấy số."),
                code="not_issued_no_number",
            )
        decision.status = Decision.Status.NOT_ISSUED
    decision.signed_by, decision.signed_on, decision.signed_at = actor, signed_on, timezone.now()
    decision.signer_title, decision.authority_line = (
        signer_title.strip().upper(),
        authority_line.strip().upper(),
    )
    decision.signer_name = str(actor)
    audited(decision, actor)
    decision._change_reason = change_reason
    decision.save()
    if approved:
        note = _("Quyết định số %(number)s ngày %(day)s") % {
            "number": decision.number_display,
            "day": signed_on.strftime("%d/%m/%Y"),
        }
    else:
        note = _("Không khen thưởng (%(head)s quyết định ngày %(day)s)") % {
            "head": decision.signer_name,
            "day": signed_on.strftime("%d/%m/%Y"),
        }
    # A decision of a past cycle settles its dossiers on its real day, marked as entered later.
    past_step = {"occurred_on": signed_on, "reason": reason} if backdated else {}
    for item in items:
        nomination = item.nomination
        if item.approved:
            provider().settle(actor, nomination, approved=True, note=note, **past_step)
            recognition = Recognition(
                nominee=nomination.nominee,
                award_type=decision.award_type,
                level=decision.award_type.level,
                unit=decision.issuing_unit,
                year=decision.award_year,
                decision=decision,
                nomination=nomination,
            )
            audited(recognition, actor)
            recognition._change_reason = change_reason
            recognition.save()
            title = _("%(who)s được tặng “%(award)s”") % {
                "who": nomination.nominee,
                "award": decision.award_type,
            }
        else:
            provider().settle(actor, nomination, approved=False, note=f"{note}: {item.reason}", **past_step)
            title = _("%(who)s không được tặng “%(award)s”") % {
                "who": nomination.nominee,
                "award": decision.award_type,
            }
        notify(_people_to_tell(nomination), title, note, nomination.get_absolute_url())
    return decision


@transaction.atomic
def revoke_recognition(actor, recognition, *, reason: str, legal_basis: str):
    """Revoke an award obtained by false declaration or unlawful appraisal; it stays in the
    registry as revoked, and its certificate verifies as revoked."""
    from django.utils import timezone

    from .models import Recognition

    if not can(actor, "revoke", recognition):
        raise PermissionDenied(_("Chỉ thủ trưởng cơ quan đã quyết định mới được thu hồi khen thưởng."))
    recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
    if recognition.status == Recognition.Status.REVOKED:
        raise ValidationError(_("Khen thưởng này đã bị thu hồi."))
    if not reason.strip() or not legal_basis.strip():
        raise ValidationError(_("Cần ghi lý do và căn cứ pháp lý của việc thu hồi."))
    recognition.status = Recognition.Status.REVOKED
    recognition.revoked_reason, recognition.revoked_basis = reason.strip(), legal_basis.strip()[:500]
    recognition.revoked_at = timezone.now()
    audited(recognition, actor)
    recognition._change_reason = reason.strip()[:100]
    recognition.save()
    return recognition


def propose_upward(actor, recognition, *, award_type: AwardType):
    """Propose a recognised exemplar to the level above: a dossier at the parent level, linked to
    the one recognised here (its history, decision and proposal letter travel with it), sent at
    once to the unit whose head decides ``award_type``. Dossiers are the nominations app's, so it
    makes the dossier (``awards.dossiers``)."""
    from .dossiers import provider

    return provider().propose_upward(actor, recognition, award_type)


@transaction.atomic
def move_recognitions(keep, drop, actor=None) -> int:
    """Re-point the recognitions of ``drop`` at ``keep`` when two nominees are merged (the same
    person entered twice); returns how many moved.

    Called by the nominees app's merge, inside its transaction and after its permission check.
    Revoked recognitions move too: the registry is the person's whole record, and the caps
    ("once per person", per year) read it by nominee, so they see the merged person's awards.
    """
    from .models import Recognition

    reason = _("Hợp nhất người được khen thưởng: chuyển từ #%(drop)s sang #%(keep)s") % {
        "drop": drop.pk,
        "keep": keep.pk,
    }
    moved = 0
    for recognition in Recognition.objects.select_for_update().filter(nominee=drop).order_by("pk"):
        recognition.nominee = keep
        audited(recognition, actor)
        recognition._change_reason = reason[:100]
        recognition.save(update_fields=["nominee"])
        moved += 1
    return moved
